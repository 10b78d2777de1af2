"""Programme releases: publishing freezes what delegates read, numbers it and records what
changed; the changes page and its Atom feed; the command and the admin action."""

import datetime as dt
import io
from xml.etree import ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from summits.changes import ADDED, CANCELLED, MOVED, RETITLED, SPEAKERS
from summits.models import ProgrammeRelease, SessionSpeaker
from summits.publishing import NothingToPublish, programme_publish
from tests.factories import (
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    publish,
    tacoma_time,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEDULE = "/en/summits/tacoma-2024/schedule/"


def test_publishing_numbers_releases_and_refuses_when_nothing_changed(tacoma):
    summit = tacoma["summit"]
    tacoma["panel"].description_en = "Ports of Tacoma and Fuzhou."
    tacoma["panel"].save()

    second = programme_publish(summit=summit, note="  Panel description.  ")
    with pytest.raises(NothingToPublish) as refused:
        programme_publish(summit=summit)

    assert list(summit.releases.values_list("number", flat=True)) == [2, 1]
    assert (second.note, second.changes) == ("Panel description.", [])
    assert refused.value.release == second


def test_an_edit_after_publishing_reaches_no_public_answer_until_the_next_release(client, tacoma):
    panel = tacoma["panel"]
    urls = [
        SCHEDULE,
        f"/en/summits/tacoma-2024/sessions/{panel.pk}/",
        "/en/summits/tacoma-2024/schedule.ics",
        "/en/summits/tacoma-2024/schedule.xml",
        "/api/v1/summits/tacoma-2024/schedule",
    ]
    before = [client.get(url).content for url in urls]
    panel.title_en = "Sister ports and green shipping"
    panel.save()
    SessionFactory(summit=tacoma["summit"], title_en="Unannounced", room=tacoma["side"])

    unpublished = [client.get(url).content for url in urls]
    publish(tacoma["summit"])
    after = [client.get(url).content.decode() for url in urls]

    assert unpublished == before
    assert all("Sister ports and green shipping" in body for body in after)
    assert all("Unannounced" in body for body in after[:1] + after[2:])


def test_a_session_not_yet_published_has_no_page(client, tacoma):
    draft = SessionFactory(summit=tacoma["summit"], title_en="Draft", room=tacoma["side"])

    assert client.get(f"/en/summits/tacoma-2024/sessions/{draft.pk}/").status_code == 404
    assert client.get(f"/en/summits/tacoma-2024/sessions/{draft.pk}.ics").status_code == 404


def test_a_summit_without_a_release_shows_no_programme(client, summit_with):
    summit = summit_with(sessions=3, published=False)

    page = client.get(summit.get_schedule_url()).content.decode()
    api = client.get(f"/api/v1/summits/{summit.slug}/schedule").json()
    xml = ET.fromstring(client.get(f"/en/summits/{summit.slug}/schedule.xml").content)

    assert "The programme has not been published yet." in page
    assert (api["version"], api["published_at"], api["sessions"]) == (None, None, [])
    assert (xml.find("version"), list(xml.iter("event"))) == (None, [])


def test_frab_version_and_api_version_are_the_release_number(client, tacoma):
    tacoma["panel"].title_en = "Sister ports and trade"
    tacoma["panel"].save()
    release = publish(tacoma["summit"])

    xml = ET.fromstring(client.get("/en/summits/tacoma-2024/schedule.xml").content)
    api = client.get("/api/v1/summits/tacoma-2024/schedule").json()

    assert xml.findtext("version") == "2"
    assert api["version"] == 2
    assert dt.datetime.fromisoformat(api["published_at"]) == release.published_at


# --- What a release records ------------------------------------------------------------


def _changes(release: ProgrammeRelease) -> list[tuple[str, str]]:
    return [(record["change"], record["title"]["en"]) for record in release.changes]


def test_changes_list_added_cancelled_moved_retitled_and_speakers_and_nothing_else(tacoma):
    summit, hall = tacoma["summit"], tacoma["hall"]
    opening, panel, ceremony = tacoma["opening"], tacoma["panel"], tacoma["ceremony"]
    extra_room = RoomFactory(venue=hall.venue, name_en="Room 315", position=2)
    by_time = SessionFactory(summit=summit, title_en="By time", room=extra_room)
    by_room = SessionFactory(summit=summit, title_en="By room", room=extra_room,
                             starts_at=tacoma_time(13), ends_at=tacoma_time(14))  # fmt: skip
    untouched = SessionFactory(summit=summit, title_en="Untouched", room=None,
                               starts_at=tacoma_time(14), ends_at=tacoma_time(15))  # fmt: skip
    publish(summit)

    by_time.starts_at, by_time.ends_at = tacoma_time(15), tacoma_time(16)
    by_time.save()
    by_room.room = hall
    by_room.save()
    panel.title_en = "Sister ports and trade"
    panel.save()
    SessionSpeakerFactory(session=ceremony, speaker=SpeakerFactory(name_en="Ann Lee"))
    opening.speaker_roles.filter(position=1).delete()
    opening.speaker_roles.update(role=SessionSpeaker.Role.MODERATOR)  # a role is no new speaker
    untouched.description_en = "Now with a description."  # published, but not listed
    untouched.kind = "other"
    untouched.save()
    SessionFactory(summit=summit, title_en="New", room=None,
                   starts_at=tacoma_time(17), ends_at=tacoma_time(18))  # fmt: skip
    cancelled_title = panel.title_en
    tacoma["side"].sessions.exclude(pk=panel.pk).delete()
    SessionFactory(summit=summit)  # starts at 09:00, cancelled below
    summit.sessions.filter(title_en__startswith="Panel ").delete()

    release = publish(summit)

    assert _changes(release) == [
        (SPEAKERS, "Opening keynotes"),
        (RETITLED, cancelled_title),
        (MOVED, "By room"),
        (MOVED, "By time"),
        (ADDED, "New"),
        (SPEAKERS, "Closing ceremony"),
    ]
    moved = {
        record["title"]["en"]: record for record in release.changes if record["change"] == MOVED
    }
    assert (moved["By time"]["before"]["starts_at"], moved["By time"]["starts_at"]) == (
        "2024-07-19T16:00:00+00:00",
        "2024-07-19T22:00:00+00:00",
    )
    assert (moved["By room"]["before"]["room"]["en"], moved["By room"]["room"]["en"]) == (
        "Room 315",
        "Ballroom",
    )
    opening_record = release.changes[0]
    assert (opening_record["speakers_added"], opening_record["speakers_removed"]) == (
        [],
        [{"en": "Victoria Woodards", "zh-hans": "Victoria Woodards", "ar": "Victoria Woodards"}],
    )


def test_a_deleted_session_is_listed_as_cancelled(tacoma):
    tacoma["panel"].delete()

    release = publish(tacoma["summit"])

    assert _changes(release) == [(CANCELLED, "Sister ports")]
    assert release.changes[0]["room"] == {"en": "Room 310", "zh-hans": "Room 310", "ar": "Room 310"}


# --- The changes page and feed ---------------------------------------------------------


@pytest.fixture
def moved(tacoma):
    """Release 2: the panel moved to 14:00 in the ballroom, and an evening session added."""
    panel = tacoma["panel"]
    panel.starts_at, panel.ends_at, panel.room = tacoma_time(14), tacoma_time(15), tacoma["hall"]
    panel.save()
    SessionFactory(summit=tacoma["summit"], title_en="Reception", title_ar="حفل الاستقبال",
                   room=None, starts_at=tacoma_time(18), ends_at=tacoma_time(20))  # fmt: skip
    return publish(tacoma["summit"], note="The panel moves.")


def test_changes_page_lists_releases_newest_first_in_english(client, moved):
    html = client.get("/en/summits/tacoma-2024/changes/").content.decode()

    assert html.index('id="release-2"') < html.index('id="release-1"')
    assert "The panel moves." in html
    assert (
        "Moved: <bdi>Sister ports</bdi>: from <bdi>Fri 11:00</bdi>, <bdi>Room 310</bdi> to "
        "<bdi>Fri 14:00</bdi>, <bdi>Ballroom</bdi>"
    ) in html
    assert "Added: <bdi>Reception</bdi>, <bdi>Fri 18:00</bdi>" in html
    assert "The first published programme." in html


def test_changes_page_in_chinese_and_arabic_reads_in_the_summit_zone(client, moved, settings):
    settings.TIME_ZONE = "Asia/Shanghai"  # the reader's server zone does not matter
    chinese = client.get("/zh-hans/summits/tacoma-2024/changes/").content.decode()
    arabic = client.get("/ar/summits/tacoma-2024/changes/").content.decode()

    assert '<html lang="zh-hans" dir="ltr">' in chinese
    assert "<bdi>周五14:00</bdi>" in chinese and "<bdi>周五18:00</bdi>" in chinese
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<bdi>حفل الاستقبال</bdi>" in arabic  # the Arabic title, the English one else
    assert "<bdi>الجمعة 14:00</bdi>" in arabic and "<bdi>Sister ports</bdi>" in arabic
    published = moved.published_at.astimezone(tacoma_time(0).tzinfo)
    assert f"<bdi>{published:%H:%M}</bdi>" in arabic


def test_changes_atom_feed_has_one_entry_per_release(client, moved):
    response = client.get("/en/summits/tacoma-2024/changes.atom")
    feed = ET.fromstring(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Release 2", "Release 1"]
    assert entries[0].find(f"{ATOM}link").get("href") == (
        "http://testserver/en/summits/tacoma-2024/changes/#release-2"
    )
    assert "Moved: <bdi>Sister ports</bdi>" in entries[0].findtext(f"{ATOM}summary")
    assert dt.datetime.fromisoformat(entries[0].findtext(f"{ATOM}updated")) == moved.published_at
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 2


@pytest.mark.parametrize("releases", [1, 12])
def test_changes_page_query_count_is_flat(client, django_assert_max_num_queries, tacoma, releases):
    for n in range(releases - 1):
        tacoma["panel"].title_en = f"Sister ports {n}"
        tacoma["panel"].save()
        publish(tacoma["summit"])

    with django_assert_max_num_queries(2):
        assert client.get("/en/summits/tacoma-2024/changes/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/en/summits/tacoma-2024/changes.atom").status_code == 200


# --- The command and the admin action ----------------------------------------------------


def publish_command(*args: str) -> str:
    out = io.StringIO()
    call_command("publish_programme", *args, stdout=out)
    return out.getvalue()


def test_command_publishes_and_says_what_changed(tacoma):
    tacoma["panel"].title_en = "Sister ports and trade"
    tacoma["panel"].save()

    output = publish_command("--summit", "tacoma-2024", "--note", "Retitled.")

    assert output == (
        "Published release 2 of tacoma-2024: 0 added, 0 cancelled, 0 moved, 1 retitled, "
        "0 with other speakers.\n"
    )
    assert tacoma["summit"].releases.first().note == "Retitled."


def test_command_with_nothing_changed_publishes_nothing_and_succeeds(tacoma):
    output = publish_command("--summit", "tacoma-2024")

    assert output == "Nothing changed since release 1: nothing published.\n"
    assert tacoma["summit"].releases.count() == 1


def test_command_refuses_an_unknown_summit(db):
    with pytest.raises(CommandError, match="No summit with the slug “nowhere”."):
        publish_command("--summit", "nowhere")


def _publish_action(client, summit):
    return client.post(
        reverse("admin:summits_summit_changelist"),
        {"action": "publish_programme", "_selected_action": [summit.pk]},
        follow=True,
    )


def test_organisers_publish_from_the_admin(organiser_client, organiser, tacoma):
    tacoma["panel"].title_en = "Sister ports and trade"
    tacoma["panel"].save()

    response = _publish_action(organiser_client, tacoma["summit"])
    again = _publish_action(organiser_client, tacoma["summit"])

    release = tacoma["summit"].releases.first()
    assert (release.number, release.published_by) == (2, organiser)
    assert "Published release 2 of tacoma-2024: 0 added" in response.content.decode()
    assert "nothing changed since release 2; nothing published." in again.content.decode()


def test_check_in_staff_cannot_publish(staff_client, tacoma):
    tacoma["panel"].title_en = "Sister ports and trade"
    tacoma["panel"].save()

    page = staff_client.get(reverse("admin:summits_summit_changelist")).content.decode()
    _publish_action(staff_client, tacoma["summit"])

    assert "publish_programme" not in page
    assert tacoma["summit"].releases.count() == 1


def test_demo_shows_release_twos_changes(client):
    call_command("load_demo", stdout=io.StringIO())

    html = client.get("/en/summits/tacoma-2024/changes/").content.decode()
    api = client.get("/api/v1/summits/tacoma-2024/schedule").json()

    assert (api["version"], len(api["sessions"])) == (2, 16)
    assert (
        "Moved: <bdi>Panel: Ports, trade and green shipping</bdi>: from <bdi>Fri 16:15</bdi>, "
        "<bdi>Meeting Room 315</bdi> to <bdi>Fri 13:30</bdi>, <bdi>Meeting Room 310</bdi>"
    ) in html
    assert "Added: <bdi>Friendship reception: thirty years of Tacoma–Fuzhou</bdi>" in html
    assert html.count('class="change ') == 2
