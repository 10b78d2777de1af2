"""Identity, re-import, dry runs, query counts and logs of the attendee import."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from delegations.links import delegate_agenda_path
from delegations.models import Delegate, Delegation, Locality
from tests.factories import DelegationFactory, LocalityFactory, SummitFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "email,full_name_en,full_name_zh_hans,full_name_ar,country,region,city,delegation,"
    "organisation,position,role,status\n"
)


def rows(count: int, *, start: int = 0, delegations: int = 10, suffix: str = "") -> bytes:
    lines = [
        f"d{i}@example.org,Delegate {i}{suffix},代表{i},مندوب {i},CN,Province {i % delegations},"
        f"City {i % 3},Delegation {i % delegations},Office {i},Officer,member,registered\n"
        for i in range(start, start + count)
    ]
    return (HEADER + "".join(lines)).encode()


def test_first_import_creates_delegates_delegations_and_localities(summit, import_bytes):
    report = import_bytes(rows(30, delegations=3))

    assert (report.new, report.updated, report.unchanged, report.saved) == (30, 0, 0, True)
    assert report.new_delegations == ["Delegation 0", "Delegation 1", "Delegation 2"]
    # A region locality for each new delegation, a city locality for each delegate's city.
    assert len(report.new_localities) == 3 + 3
    assert "City 1, Province 1 (CN)" in report.new_localities
    assert Delegate.objects.filter(summit=summit).count() == 30
    delegation = Delegation.objects.get(name_en="Delegation 1")
    assert (delegation.summit, delegation.country.code, delegation.locality.region_en) == (
        summit,
        "CN",
        "Province 1",
    )
    delegate = Delegate.objects.get(email="d4@example.org")
    assert (delegate.locality.region_en, delegate.locality.city_en) == ("Province 1", "City 1")
    assert (delegate.full_name_zh_hans, delegate.full_name_ar) == ("代表4", "مندوب 4")


def test_reimport_of_the_same_file_changes_nothing(summit, import_bytes, snapshot):
    import_bytes(rows(30))
    before = snapshot()

    report = import_bytes(rows(30))

    assert (report.new, report.updated, report.unchanged) == (0, 0, 30)
    assert report.new_delegations == report.new_localities == []
    assert snapshot() == before


def test_reimport_updates_changed_rows_and_never_duplicates(summit, import_bytes):
    import_bytes(rows(30))
    changed = rows(30).decode().replace("Delegate 7,", "Delegate Seven,")
    changed = changed.replace("D3@", "d3@").replace("d5@example.org", "D5@Example.ORG")

    report = import_bytes(changed.encode())

    assert (report.new, report.updated, report.unchanged) == (0, 1, 29)
    assert Delegate.objects.filter(summit=summit).count() == 30
    assert Delegate.objects.get(email="d7@example.org").full_name_en == "Delegate Seven"
    assert [
        (s.row, s.email, [(c.column, c.old, c.new) for c in s.changes])
        for s in report.updated_samples
    ] == [(9, "d7@example.org", [("full_name_en", "Delegate 7", "Delegate Seven")])]


def test_reimport_moves_a_delegate_to_another_delegation_and_city(summit, import_bytes):
    import_bytes(rows(5))
    moved = rows(5).decode().replace("City 1,Delegation 1,", "Nanjing,Jiangsu Delegation,")

    report = import_bytes(moved.encode())

    assert (report.new, report.updated, report.unchanged) == (0, 1, 4)
    assert report.new_delegations == ["Jiangsu Delegation"]
    assert report.new_localities == ["Nanjing, Province 1 (CN)"]
    changes = [(c.column, c.old, c.new) for c in report.updated_samples[0].changes]
    assert changes == [
        ("delegation", "Delegation 1", "Jiangsu Delegation"),
        ("locality", "City 1, Province 1 (CN)", "Nanjing, Province 1 (CN)"),
    ]
    delegate = Delegate.objects.get(email="d1@example.org")
    assert (delegate.delegation.name_en, delegate.locality.city_en) == (
        "Jiangsu Delegation",
        "Nanjing",
    )


def test_existing_delegations_and_localities_are_found_whatever_their_case(summit, import_bytes):
    fujian = LocalityFactory(country="CN", region_en="Fujian", city_en="")
    delegation = DelegationFactory(summit=summit, name_en="Fujian Delegation", locality=fujian)
    data = "email,full_name_en,country,region,delegation\nann@example.org,Ann,cn,FUJIAN,fujian delegation\n"

    report = import_bytes(data.encode())

    assert report.new_delegations == report.new_localities == []
    ann = Delegate.objects.get(email="ann@example.org")
    assert (ann.delegation, ann.locality) == (delegation, fujian)


def test_a_delegation_of_the_same_name_at_another_summit_is_another_delegation(
    summit, import_bytes
):
    other = DelegationFactory(name_en="Fujian Delegation")
    data = "email,full_name_en,country,region,delegation\nann@example.org,Ann,CN,Fujian,Fujian Delegation\n"

    report = import_bytes(data.encode())

    assert report.new_delegations == ["Fujian Delegation"]
    assert Delegate.objects.get(email="ann@example.org").delegation != other


def test_same_email_at_another_summit_is_another_delegate(summit, import_bytes):
    other_summit = SummitFactory()
    import_bytes(rows(3), into=other_summit)

    report = import_bytes(rows(3))

    assert report.new == 3
    assert Delegate.objects.filter(email="d1@example.org").count() == 2


def test_columns_absent_from_the_file_are_kept_and_empty_role_keeps_the_role(summit, import_bytes):
    import_bytes(rows(2))
    Delegate.objects.filter(email="d1@example.org").update(role="head", status="attended")
    # No name translations, no organisation, no city; role and status given empty.
    data = (
        "email,full_name_en,country,region,delegation,position,role,status\n"
        "d1@example.org,Delegate 1,CN,Province 1,Delegation 1,Officer,,\n"
    )

    report = import_bytes(data.encode())

    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    d1 = Delegate.objects.get(email="d1@example.org")
    assert (d1.full_name_zh_hans, d1.organisation, d1.locality.city_en, d1.role, d1.status) == (
        "代表1",
        "Office 1",
        "City 1",
        "head",
        "attended",
    )


def test_language_column_sets_the_delegates_language_and_an_empty_cell_keeps_it(
    summit, import_bytes
):
    data = (
        "email,full_name_en,full_name_ar,country,region,delegation,language\n"
        "layla@example.org,Layla Haddad,ليلى حداد,US,Washington,Tacoma,ar\n"
        "sarah@example.org,Sarah Smith,سارة سميث,US,Washington,Tacoma,\n"
    )
    import_bytes(data.encode())
    layla, sarah = Delegate.objects.order_by("email")
    assert (layla.language, sarah.language) == ("ar", "")
    assert delegate_agenda_path(layla).startswith("/ar/")
    assert delegate_agenda_path(sarah).startswith("/en/")  # the country's, not the name's

    report = import_bytes(data.replace(",ar\n", ",\n").encode())

    assert (report.updated, report.unchanged) == (0, 2)
    assert Delegate.objects.get(email="layla@example.org").language == "ar"


def test_unknown_language_is_an_error_naming_row_and_column(summit, import_bytes):
    data = (
        "email,full_name_en,country,region,delegation,language\n"
        "wang@example.cn,Wang Wei,CN,Fujian,Fujian,zh-hans\n"
        "li@example.cn,Li Na,CN,Fujian,Fujian,Chinese\n"
    )

    report = import_bytes(data.encode())

    assert [str(error) for error in report.errors] == [
        "Row 3, column “language”: “Chinese” is not one of en, zh-hans, ar."
    ]
    assert not Delegate.objects.exists()


def test_country_is_read_as_a_code_or_an_english_name(summit, import_bytes):
    data = "email,full_name_en,country,region,delegation\n" + "".join(
        f"p{i}@example.org,P {i},{country},Region {i},D {i}\n"
        for i, country in enumerate(["cn", "USA", "United States of America", "China", "Viet Nam"])
    )

    report = import_bytes(data.encode())

    assert report.errors == []
    assert list(Delegate.objects.order_by("email").values_list("locality__country", flat=True)) == [
        "CN",
        "US",
        "US",
        "CN",
        "VN",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "ar"])
def test_import_finds_delegations_by_english_name_whatever_the_active_language(
    summit, import_bytes, language
):
    import_bytes(rows(5))
    with translation.override(language):
        report = import_bytes(rows(5))
    assert (report.new, report.unchanged, report.new_delegations) == (0, 5, [])


def test_dry_run_reports_exactly_what_the_real_run_does_and_saves_nothing(
    summit, import_bytes, snapshot
):
    import_bytes(rows(20))
    data = rows(25, delegations=12).decode().replace("Delegate 3,", "Delegate Three,").encode()
    before = snapshot()

    dry = import_bytes(data, dry_run=True)
    assert snapshot() == before
    real = import_bytes(data)

    def seen(report):
        return (
            report.new,
            report.updated,
            report.unchanged,
            report.new_delegations,
            report.new_localities,
            report.new_samples,
            report.updated_samples,
        )

    assert (dry.saved, real.saved) == (False, True)
    assert seen(dry) == seen(real)
    # Rows 10-19 move to other delegations (12 instead of 10), row 3 is renamed.
    assert (real.new, real.updated, real.unchanged) == (5, 11, 9)


def test_an_export_cell_neutralised_for_spreadsheets_imports_back_as_it_was(summit, import_bytes):
    data = "email,full_name_en,country,region,delegation,organisation\nx@example.org,'=Eve,CN,Fujian,D,'@home\n"

    import_bytes(data.encode())

    x = Delegate.objects.get(email="x@example.org")
    assert (x.full_name_en, x.organisation) == ("=Eve", "@home")


def _insert_batches(model, count: int) -> int:
    fields = len([f for f in model._meta.concrete_fields if not f.primary_key])
    limit = connection.features.max_query_params
    per_batch = min(2000, limit // fields) if limit else 2000
    return -(-count // per_batch)


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("size", [40, 4000])
def test_import_query_count_stays_flat(summit, import_bytes, existing, size):
    """A first import and a re-import with changes cost a fixed number of queries plus the
    insert batches (delegates 1,000 or more a call; new localities and delegations as many as the
    database's parameter limit allows): nothing is looked up or written row by row."""
    data = rows(size, delegations=300)
    if existing:
        import_bytes(data)
        data = data.decode().replace("Officer", "Chief").encode()
    # Updates: per 2,000 rows, one SELECT ... FOR NO KEY UPDATE (the rows compared with how
    # they were read) and one executemany call.
    batches = 2 * -(-size // 2000)
    if not existing:
        new_localities = 600 if size == 4000 else 80  # a region and a city per province
        new_delegations = min(size, 300)
        batches = (
            -(-size // 1000)  # delegates: at most 1,000 rows a statement or executemany call
            + _insert_batches(Locality, new_localities)
            + _insert_batches(Delegation, new_delegations)
        )

    with CaptureQueriesContext(connection) as queries:
        report = import_bytes(data)

    assert (report.new, report.updated) == ((0, size) if existing else (size, 0))
    assert len(queries) <= 10 + batches, len(queries)


def test_log_lines_name_no_delegate(summit, import_bytes, caplog):
    caplog.set_level(logging.DEBUG)
    refused = rows(3).decode() + "bad-email,Secret Name,,,CN,P,,D,,,,\n"

    import_bytes(rows(3))
    import_bytes(refused.encode())

    assert [
        r.getMessage() for r in caplog.records if r.name == "delegations.spreadsheets.importing"
    ] == [
        "Attendee import for summit tacoma-2024 (real run): 3 rows, 3 new, 0 updated, "
        "0 unchanged, 0 errors, 3 new delegations, 6 new localities, saved=True",
        "Attendee import for summit tacoma-2024 (real run): 4 rows, 0 new, 0 updated, "
        "0 unchanged, 1 errors, 0 new delegations, 0 new localities, saved=False",
    ]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for private in (
        "example.org",
        "d1@",
        "Delegate 1",
        "代表",
        "مندوب",
        "Secret Name",
        "bad-email",
    ):
        assert private not in logged


@pytest.mark.parametrize(
    ("new", "existing", "warned"),
    [
        ("Fujian Provincial Delegation", "Fujian Province delegation", True),
        ("Washington State Delegation", "Washington delegation", True),
        ("FUJIAN", "Fujian Delegation", True),
        ("Xiamen City Delegation", "Fujian Province Delegation", False),
        ("Guangxi Delegation", "Guangdong Delegation", False),
        ("Shaanxi Province Delegation", "Sichuan Province Delegation", False),
    ],
)
def test_a_new_delegation_named_like_an_existing_one_is_warned_of(
    summit, import_bytes, new, existing, warned
):
    DelegationFactory(summit=summit, name_en=existing)
    data = f"email,full_name_en,country,region,delegation\nann@example.org,Ann,CN,Fujian,{new}\n"

    report = import_bytes(data.encode())

    assert report.new_delegations == [new]
    assert [(s.new, s.existing) for s in report.similar_delegations] == (
        [(new, (existing,))] if warned else []
    )


def test_two_new_delegations_of_one_name_in_a_file_are_warned_of(summit, import_bytes):
    data = (
        "email,full_name_en,country,region,delegation\n"
        "ann@example.org,Ann,US,Washington,Washington State Delegation\n"
        "bob@example.org,Bob,US,Washington,Washington Delegation\n"
    )

    report = import_bytes(data.encode())

    assert [(s.new, s.existing) for s in report.similar_delegations] == [
        ("Washington Delegation", ("Washington State Delegation",))
    ]
