"""The public JSON API under /api/v1/: summits, attendance, the programme, OpenAPI."""

import pytest
from django.core.cache import cache

from delegations.models import Delegate
from summits.models import Session
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    LocalityFactory,
    OrganisationFactory,
    SummitFactory,
    publish,
)

pytestmark = pytest.mark.django_db

PERSONAL = [
    "li.wei@fujian.example.cn",
    "+86 591 8765 4321",
    "Li Wei",
    "李伟",
    "لي وي",
    "ann.moss@tacoma.example.org",
    "+1 253 555 0142",
    "Ann Moss",
    "wang.fang@jiangsu.example.cn",
    "Wang Fang",
]


@pytest.fixture
def delegates(tacoma):
    """China: 3 expected from Fujian and Jiangsu (+1 cancelled from Hubei); US: 2 from
    Washington (+1 cancelled from Ohio)."""
    summit = tacoma["summit"]

    def delegation(country: str, region: str):
        locality = LocalityFactory(country=country, region_en=region)
        return DelegationFactory(summit=summit, locality=locality, name_en=f"{region} delegation")

    fujian, jiangsu, hubei = (delegation("CN", r) for r in ("Fujian", "Jiangsu", "Hubei"))
    washington, ohio = delegation("US", "Washington"), delegation("US", "Ohio")
    DelegateFactory(
        delegation=fujian,
        full_name_en="Li Wei",
        full_name_zh_hans="李伟",
        full_name_ar="لي وي",
        email="li.wei@fujian.example.cn",
        phone="+86 591 8765 4321",
        status=Delegate.Status.CONFIRMED,
    )
    DelegateFactory(delegation=fujian, status=Delegate.Status.ATTENDED)
    DelegateFactory(
        delegation=jiangsu,
        full_name_en="Wang Fang",
        email="wang.fang@jiangsu.example.cn",
        status=Delegate.Status.REGISTERED,
    )
    DelegateFactory(delegation=hubei, status=Delegate.Status.CANCELLED)
    DelegateFactory(
        delegation=washington,
        full_name_en="Ann Moss",
        email="ann.moss@tacoma.example.org",
        phone="+1 253 555 0142",
        status=Delegate.Status.ATTENDED,
    )
    DelegateFactory(delegation=washington)
    DelegateFactory(delegation=ohio, status=Delegate.Status.CANCELLED)
    return summit


ATTENDANCE = {"CN": {"delegates": 3, "regions": 2}, "US": {"delegates": 2, "regions": 1}}


def test_summit_detail_has_attendance_exactly_as_the_contract_says(client, delegates):
    response = client.get("/api/v1/summits/tacoma-2024")

    assert response.status_code == 200
    assert response.json()["attendance"] == ATTENDANCE


def test_summit_detail_has_the_summit_its_hosts_rooms_and_feeds(client, tacoma):
    summit = tacoma["summit"]
    summit.hosts.add(
        OrganisationFactory(
            name_en="Sister Cities International",
            short_name_en="SCI",
            website="https://sistercities.org",
        )
    )

    body = client.get("/api/v1/summits/tacoma-2024").json()

    assert {key: body[key] for key in ("slug", "title", "city", "country", "timezone")} == {
        "slug": "tacoma-2024",
        "title": "6th China–US Sister Cities Summit",
        "city": "Tacoma",
        "country": "US",
        "timezone": "America/Los_Angeles",
    }
    assert (body["starts_on"], body["ends_on"]) == ("2024-07-19", "2024-07-20")
    assert body["hosts"] == [
        {
            "name": "Sister Cities International",
            "short_name": "SCI",
            "website": "https://sistercities.org",
        }
    ]
    assert [room["name"] for room in body["rooms"]] == ["Ballroom", "Room 310"]
    assert body["rooms"][0]["venue"]["address"] == "1500 Commerce St, Tacoma, WA"
    assert body["attendance"] == {}
    assert body["url"] == "http://testserver/en/summits/tacoma-2024/"
    assert body["links"] == {
        "ics": "http://testserver/en/summits/tacoma-2024/schedule.ics",
        "xml": "http://testserver/en/summits/tacoma-2024/schedule.xml",
        "schedule": "http://testserver/api/v1/summits/tacoma-2024/schedule",
    }


def test_summit_list_gives_each_summit_its_own_attendance(client, delegates):
    other = SummitFactory(
        slug="houston-2019", title_en="4th Summit", starts_on="2019-07-17", ends_on="2019-07-17"
    )
    DelegateFactory(
        delegation=DelegationFactory(
            summit=other, locality=LocalityFactory(country="CN", region_en="Hubei")
        )
    )

    body = client.get("/api/v1/summits").json()

    assert [summit["slug"] for summit in body] == ["tacoma-2024", "houston-2019"]
    assert body[0]["attendance"] == ATTENDANCE
    assert body[1]["attendance"] == {"CN": {"delegates": 1, "regions": 1}}


def test_summit_detail_attendance_follows_a_cancellation(client, delegates):
    assert client.get("/api/v1/summits/tacoma-2024").json()["attendance"]["US"]["delegates"] == 2
    ann = Delegate.objects.get(email="ann.moss@tacoma.example.org")
    ann.status = Delegate.Status.CANCELLED
    ann.save()

    body = client.get("/api/v1/summits/tacoma-2024").json()

    assert body["attendance"]["US"] == {"delegates": 1, "regions": 1}


def test_unknown_summit_is_404_everywhere(client, tacoma):
    for url in ("/api/v1/summits/nowhere", "/api/v1/summits/nowhere/schedule"):
        response = client.get(url)
        assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_schedule_has_sessions_with_rooms_speakers_and_local_times(client, tacoma):
    body = client.get("/api/v1/summits/tacoma-2024/schedule").json()

    assert (body["summit"], body["timezone"]) == ("tacoma-2024", "America/Los_Angeles")
    assert body["filters"] == {"day": None, "room": None, "kind": None, "language": None}
    assert [s["title"] for s in body["sessions"]] == [
        "Opening keynotes",
        "Sister ports",
        "Closing ceremony",
    ]
    opening = body["sessions"][0]
    pk = tacoma["opening"].pk
    hall = tacoma["hall"]
    yang, woodards = (role.speaker for role in tacoma["opening"].speaker_roles.all())
    assert opening == {
        "id": pk,
        "title": "Opening keynotes",
        "description": "Shared Visions for a Brighter Future.",
        "kind": "keynote",
        "kind_label": "Keynote",
        "starts_at": "2024-07-19T09:00:00-07:00",
        "ends_at": "2024-07-19T10:30:00-07:00",
        "timezone": "America/Los_Angeles",
        "room": {
            "id": hall.pk,
            "name": "Ballroom",
            "venue": {
                "id": hall.venue.pk,
                "name": "Greater Tacoma Convention Center",
                "address": "1500 Commerce St, Tacoma, WA",
            },
        },
        "speakers": [
            {
                "id": yang.pk,
                "slug": yang.slug,
                "name": "Yang Wanming",
                "position": "President",
                "organisation": "CPAFFC",
                "role": "keynote",
                "role_label": "Keynote speaker",
            },
            {
                "id": woodards.pk,
                "slug": woodards.slug,
                "name": "Victoria Woodards",
                "position": "Mayor of Tacoma",
                "organisation": None,
                "role": "keynote",
                "role_label": "Keynote speaker",
            },
        ],
        "languages": ["en"],
        "interpretation": [
            {"language": "zh-hans", "channel": 1},
            {"language": "ar", "channel": 2},
        ],
        "url": f"http://testserver/en/summits/tacoma-2024/sessions/{pk}/",
        "ics": f"http://testserver/en/summits/tacoma-2024/sessions/{pk}.ics",
    }
    assert body["sessions"][1]["languages"] == ["zh-hans"]
    assert body["sessions"][2]["room"] is None
    assert (body["sessions"][2]["languages"], body["sessions"][2]["interpretation"]) == ([], [])


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("day=2024-07-20", ["Closing ceremony"]),
        ("kind=panel", ["Sister ports"]),
        ("day=2024-07-19&kind=keynote", ["Opening keynotes"]),
        # Outside the summit: dropped, as on the page and in the feeds (filters.day is null).
        ("day=2024-07-21", ["Opening keynotes", "Sister ports", "Closing ceremony"]),
    ],
)
def test_schedule_follows_day_and_kind_filters(client, tacoma, query, titles):
    body = client.get(f"/api/v1/summits/tacoma-2024/schedule?{query}").json()

    assert [session["title"] for session in body["sessions"]] == titles


def test_schedule_follows_the_room_filter_and_echoes_it(client, tacoma):
    side = tacoma["side"]
    body = client.get(f"/api/v1/summits/tacoma-2024/schedule?room={side.pk}").json()

    assert [session["title"] for session in body["sessions"]] == ["Sister ports"]
    assert body["filters"] == {"day": None, "room": side.pk, "kind": None, "language": None}


@pytest.mark.parametrize(
    "query", ["kind=party", "day=19-07-2024", "day=0", "day=1721347200", "room=hall"]
)
def test_schedule_refuses_malformed_filters_with_422(client, tacoma, query):
    response = client.get(f"/api/v1/summits/tacoma-2024/schedule?{query}")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", query.split("=")[0]]


@pytest.mark.parametrize(
    ("query", "accept", "language", "title"),
    [
        ("?lang=ar", "", "ar", "الكلمات الافتتاحية"),
        ("", "ar-EG,ar;q=0.9,en;q=0.5", "ar", "الكلمات الافتتاحية"),
        ("", "zh-CN,zh;q=0.9", "zh-hans", "Opening keynotes"),
        ("", "fr-FR,fr;q=0.9", "en", "Opening keynotes"),
        ("", "", "en", "Opening keynotes"),
        ("?lang=en", "ar", "en", "Opening keynotes"),
        ("?lang=xx", "fr;q=1,ar;q=0.5", "ar", "الكلمات الافتتاحية"),
    ],
)
def test_schedule_language_from_lang_or_accept_language(
    client, tacoma, query, accept, language, title
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get(f"/api/v1/summits/tacoma-2024/schedule{query}", **headers)

    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    first = response.json()["sessions"][0]
    assert first["title"] == title
    assert first["url"].startswith(f"http://testserver/{language}/summits/")


def test_language_cookie_does_not_change_the_api(client, tacoma):
    client.cookies["django_language"] = "ar"

    response = client.get("/api/v1/summits/tacoma-2024/schedule")

    assert response["Content-Language"] == "en"
    assert response.json()["title"] == "6th China–US Sister Cities Summit"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/summits", "/api/v1/summits/tacoma-2024", "/api/v1/summits/tacoma-2024/schedule"],
)
def test_api_answers_have_caching_headers_and_304(client, tacoma, url):
    response = client.get(url)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Accept-Encoding, Accept-Language"
    cache.clear()
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_api_answer_changes_when_a_session_moves(client, tacoma):
    url = "/api/v1/summits/tacoma-2024/schedule"
    etag = client.get(url)["ETag"]
    panel = tacoma["panel"]
    panel.starts_at = panel.starts_at.replace(hour=panel.starts_at.hour + 1)
    panel.ends_at = panel.ends_at.replace(hour=panel.ends_at.hour + 1)
    panel.save()
    publish(tacoma["summit"])

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["sessions"][1]["starts_at"] == "2024-07-19T12:00:00-07:00"


def test_no_personal_data_in_any_public_answer(client, delegates):
    urls = [
        "/api/v1/summits",
        "/api/v1/summits/tacoma-2024",
        "/api/v1/summits/tacoma-2024/schedule",
        "/api/v1/openapi.json",
    ]
    urls += [
        f"/{lang}/summits/tacoma-2024/schedule.{ext}"
        for lang in ("en", "zh-hans", "ar")
        for ext in ("ics", "xml")
    ]
    urls += [
        f"/api/v1/summits/tacoma-2024{path}?lang={lang}"
        for lang in ("zh-hans", "ar")
        for path in ("", "/schedule")
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        found = [item for item in PERSONAL if item.lower() in text.lower()]
        assert found == [], url


def test_openapi_describes_the_whole_api(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert sorted(spec["paths"]) == [
        "/api/v1/summits",
        "/api/v1/summits/{slug}",
        "/api/v1/summits/{slug}/schedule",
    ]
    schedule = spec["paths"]["/api/v1/summits/{slug}/schedule"]["get"]
    assert [p["name"] for p in schedule["parameters"]] == [
        "slug",
        "day",
        "room",
        "kind",
        "language",
        "lang",
    ]
    schemas = spec["components"]["schemas"]
    assert schemas["CountryAttendance"]["required"] == ["delegates", "regions"]
    assert schemas["Kind"]["enum"] == list(Session.Kind.values)
    assert schemas["SessionOut"]["properties"]["starts_at"]["format"] == "date-time"


def test_api_docs_page_uses_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html


@pytest.mark.parametrize("sessions", [1, 300])
def test_api_query_counts_are_flat(client, django_assert_max_num_queries, sessions, summit_with):
    summit = summit_with(sessions=sessions, speakers=60 if sessions > 1 else 2)
    DelegateFactory(delegation=DelegationFactory(summit=summit))
    expected = {
        "/api/v1/summits": 3,
        f"/api/v1/summits/{summit.slug}": 4,
        f"/api/v1/summits/{summit.slug}/schedule": 4,
    }
    for url, most in expected.items():
        cache.clear()
        with django_assert_max_num_queries(most):
            response = client.get(url)
        assert response.status_code == 200, url
    assert len(response.json()["sessions"]) == sessions


def test_cached_api_answer_needs_no_query(client, django_assert_num_queries, tacoma):
    url = "/api/v1/summits/tacoma-2024/schedule?lang=ar"
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again.content == first.content
