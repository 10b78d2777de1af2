"""Rendered feeds and API answers: kept while their data is unchanged, dropped on edits."""

import pytest
from django.core.cache import cache

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
        tacoma["panel"].save()
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
