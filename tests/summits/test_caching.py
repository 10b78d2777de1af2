"""Rendered feeds and API answers: kept while their data is unchanged, dropped on edits."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from delegations.models import Delegate
from summits import caching
from tests.factories import DelegateFactory, DelegationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_cached_builds_once_until_its_scope_changes():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    first = caching.cached((caching.PROGRAMME,), ("x",), build)
    again = caching.cached((caching.PROGRAMME,), ("x",), build)
    caching.bump(caching.ATTENDANCE)
    unrelated = caching.cached((caching.PROGRAMME,), ("x",), build)
    caching.bump(caching.PROGRAMME)
    after = caching.cached((caching.PROGRAMME,), ("x",), build)

    assert (first, again, unrelated, after) == (1, 1, 1, 2)


def test_versions_survive_a_lost_version_key_without_reusing_old_entries():
    caching.cached((caching.PROGRAMME,), ("x",), lambda: "old")
    cache.delete("feeds:version:programme")

    assert caching.cached((caching.PROGRAMME,), ("x",), lambda: "new") == "new"


def test_version_is_bumped_again_when_the_transaction_commits(
    tacoma, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tacoma["hall"].save()
    before_commit = caching.version(caching.PROGRAMME)
    for callback in callbacks:
        callback()

    assert len(callbacks) == 1
    assert caching.version(caching.PROGRAMME) != before_commit


def test_adding_a_host_changes_the_summit_answer(client, tacoma):
    assert client.get("/api/v1/summits/tacoma-2024").json()["hosts"] == []

    tacoma["summit"].hosts.add(OrganisationFactory(name_en="CPAFFC", short_name_en="CPAFFC"))

    hosts = client.get("/api/v1/summits/tacoma-2024").json()["hosts"]
    assert [host["name"] for host in hosts] == ["CPAFFC"]


def test_renaming_a_speaker_changes_the_feeds(client, tacoma):
    client.get("/en/summits/tacoma-2024/schedule.xml")
    speaker = tacoma["opening"].speaker_roles.first().speaker
    speaker.name_en = "Yang W."
    speaker.save()

    content = client.get("/en/summits/tacoma-2024/schedule.xml").content.decode()

    assert f'<person id="{speaker.pk}">Yang W.</person>' in content


def test_a_delegate_change_keeps_the_programme_cached(client, django_assert_num_queries, tacoma):
    client.get("/en/summits/tacoma-2024/schedule.ics")
    client.get("/api/v1/summits/tacoma-2024/schedule")
    DelegateFactory(
        delegation=DelegationFactory(summit=tacoma["summit"]), status=Delegate.Status.CONFIRMED
    )

    with django_assert_num_queries(0):
        client.get("/en/summits/tacoma-2024/schedule.ics")
        client.get("/api/v1/summits/tacoma-2024/schedule")
    attendance = client.get("/api/v1/summits/tacoma-2024").json()["attendance"]
    assert attendance == {"CN": {"delegates": 1, "regions": 1}}


# --- Never stale after a write without signals, never poisoned by a query (item 7) ----------

ALTERNATE_LINK = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]*)">')


def language_links(response) -> list[tuple[str, str]]:
    return ALTERNATE_LINK.findall(response.content.decode())


def test_language_links_carry_the_normalised_filters_and_nothing_else(client, tacoma):
    schedule = "/en/summits/tacoma-2024/schedule/"

    first = client.get(schedule + "?kind=panel&next=//evil.example/phish")
    second = client.get(schedule + "?kind=panel")

    assert language_links(first) == [
        ("en", "http://testserver/en/summits/tacoma-2024/schedule/?kind=panel"),
        ("x-default", "http://testserver/en/summits/tacoma-2024/schedule/?kind=panel"),
        ("zh-hans", "http://testserver/zh-hans/summits/tacoma-2024/schedule/?kind=panel"),
        ("ar", "http://testserver/ar/summits/tacoma-2024/schedule/?kind=panel"),
    ]
    assert language_links(second) == language_links(first)
    assert "evil.example" not in second.content.decode()


def test_an_import_shows_in_the_api_attendance_at_once(client, tacoma):
    assert client.get("/api/v1/summits/tacoma-2024").json()["attendance"] == {}

    call_command(
        "import_attendees",
        "tests/data/excel_utf8_bom.csv",
        summit="tacoma-2024",
        stdout=io.StringIO(),
    )

    attendance = client.get("/api/v1/summits/tacoma-2024").json()["attendance"]
    assert attendance == {
        "CN": {"delegates": 2, "regions": 2},
        "US": {"delegates": 2, "regions": 2},
    }


def test_a_demo_reload_shows_in_the_api_attendance_at_once(client):
    call_command("load_demo", stdout=io.StringIO())
    # Two delegates cancelled behind the cache's back (no signals), then the cache emptied:
    # the answer now cached says 140.
    cancelled = Delegate.objects.filter(summit__slug="tacoma-2024", locality__country="CN")[:2]
    Delegate.objects.filter(pk__in=list(cancelled.values_list("pk", flat=True))).update(
        status=Delegate.Status.CANCELLED
    )
    cache.clear()
    before = client.get("/api/v1/summits/tacoma-2024").json()["attendance"]["CN"]

    call_command("load_demo", stdout=io.StringIO())  # puts them back, with bulk_update

    after = client.get("/api/v1/summits/tacoma-2024").json()["attendance"]["CN"]
    assert (before, after) == (
        {"delegates": 140, "regions": 14},
        {"delegates": 142, "regions": 14},
    )
