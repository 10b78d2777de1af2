"""The benchmark summit of bench/checkin.py: 10,000 delegates (by default) from 14 provinces
and 21 states, names in Latin, Chinese and Arabic script, and a logged-in check-in staff
member. Runs in a child process that has the bench settings."""

import json
import secrets

SLUG = "bench-checkin"

SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
]  # fmt: skip
GIVEN = [
    ("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
    ("Yang", "洋"), ("Yong", "勇"), ("Jie", "杰"), ("Tao", "涛"), ("Ming", "明"),
]  # fmt: skip
US_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"]
AR_NAMES = [("Haddad", "حداد"), ("Khalil", "خليل"), ("Nasser", "ناصر"), ("Saleh", "صالح")]
PROVINCES = [
    "Fujian", "Jiangsu", "Zhejiang", "Guangdong", "Hubei", "Hunan", "Jiangxi", "Shandong",
    "Sichuan", "Yunnan", "Henan", "Hebei", "Anhui", "Shaanxi",
]  # fmt: skip
STATES = [
    "Washington", "Oregon", "California", "Ohio", "Missouri", "Texas", "Illinois", "Iowa",
    "Michigan", "New York", "Georgia", "Florida", "Arizona", "Utah", "Colorado", "Virginia",
    "Kentucky", "Indiana", "Tennessee", "Minnesota", "Hawaii",
]  # fmt: skip


def build_data(delegates: int) -> None:
    """One summit with `delegates` delegates and a check-in staff member; prints the
    staff member's session key and the range of delegate ids."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client

    from delegations.attendance.permissions import CHECK_IN_STAFF
    from delegations.models import Delegate, Delegation, Locality
    from summits.models import Session, Summit

    with transaction.atomic():
        summit = Summit(
            ordinal=901,
            title_en="Check-in benchmark summit",
            city_en="Tacoma",
            country="US",
            timezone="America/Los_Angeles",
            starts_on=dt.date(2024, 7, 19),
            ends_on=dt.date(2024, 7, 19),
            slug=SLUG,
        )
        summit.full_clean()
        summit.save()
        tz = summit.tzinfo
        Session.objects.bulk_create(
            Session(
                summit=summit,
                title_en=f"Session {h}",
                starts_at=dt.datetime(2024, 7, 19, h, tzinfo=tz),
                ends_at=dt.datetime(2024, 7, 19, h + 1, tzinfo=tz),
            )
            for h in range(9, 17)
        )
        places = [("CN", p) for p in PROVINCES] + [("US", s) for s in STATES]
        localities = Locality.objects.bulk_create(
            Locality(country=country, region_en=region) for country, region in places
        )
        delegations = Delegation.objects.bulk_create(
            Delegation(
                summit=summit,
                name_en=f"{loc.region_en} {'Provincial' if loc.country == 'CN' else 'State'} "
                "Delegation",
                name_zh_hans=f"{loc.region_en}代表团" if loc.country == "CN" else "",
                country=loc.country,
                locality=loc,
            )
            for loc in localities
        )
        rows = []
        for n in range(delegates):
            place = n % len(places)
            delegation, locality = delegations[place], localities[place]
            zh = ar = ""
            if locality.country == "CN":
                (surname, surname_zh), (given, given_zh) = (
                    SURNAMES[n % 10],
                    GIVEN[(n // 10) % 10],
                )
                en, zh = f"{surname} {given} {n}", f"{surname_zh}{given_zh}{n}"
            elif n % 7 == 0:
                family, family_ar = AR_NAMES[n % 4]
                en, ar = f"Layla {family} {n}", f"ليلى {family_ar} {n}"
            else:
                en = f"{US_NAMES[n % 8]} {n}"
            rows.append(
                Delegate(
                    summit=summit,
                    delegation=delegation,
                    locality=locality,
                    full_name_en=en,
                    full_name_zh_hans=zh,
                    full_name_ar=ar,
                    email=f"d{n}@bench.invalid",
                    organisation=f"{locality.region_en} Foreign Affairs Office"
                    if n % 3
                    else "Port of Tacoma",
                    status=Delegate.Status.CONFIRMED,
                    agenda_token=secrets.token_urlsafe(24),
                )
            )
        Delegate.objects.bulk_create(rows, batch_size=2000)
        door = get_user_model().objects.create_user(
            "bench-door", password=secrets.token_urlsafe(20), is_staff=True
        )
        door.groups.add(Group.objects.get(name=CHECK_IN_STAFF))
    client = Client()
    client.force_login(door)
    ids = Delegate.objects.filter(summit=summit).order_by("pk").values_list("pk", flat=True)
    print(
        json.dumps(
            {"session": client.cookies["sessionid"].value, "first": ids[0], "last": ids.last()}
        )
    )
