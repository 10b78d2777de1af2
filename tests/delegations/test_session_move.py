"""A session that delegates hold stays in its summit (issue 10, item 8): moved, it kept its
10 seats and 36 waiting-list places for the old summit's delegates. The admin refuses the
move with the counts, and so does every other save."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from delegations.models import SessionSignup
from summits.models import Session
from tests.factories import (
    DelegateFactory,
    DelegationFactory,
    SessionAttendanceFactory,
    SessionFactory,
    SessionSignupFactory,
    SummitFactory,
    empty_inlines,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def summits():
    return SummitFactory(slug="tacoma-2024"), SummitFactory(slug="suzhou-2023")


@pytest.fixture
def full_session(summits):
    """Tacoma's panel with its 10 seats taken and 36 delegates waiting."""
    tacoma, _suzhou = summits
    session = SessionFactory(summit=tacoma, accepts_signups=True, capacity=10)
    delegates = DelegateFactory.create_batch(46, delegation=DelegationFactory(summit=tacoma))
    for n, delegate in enumerate(delegates):
        status = SessionSignup.Status.CONFIRMED if n < 10 else SessionSignup.Status.WAITLISTED
        SessionSignupFactory(delegate=delegate, session=session, status=status)
    return session


def change_form(session: Session, summit) -> dict[str, str]:
    return {
        "summit": str(summit.pk),
        "kind": session.kind,
        "title_en": session.title_en,
        "description_en": "",
        "starts_at_0": "2024-07-19",
        "starts_at_1": "16:00:00",
        "ends_at_0": "2024-07-19",
        "ends_at_1": "17:00:00",
        "accepts_signups": "on",
        "capacity": "10",
        **empty_inlines(),
    }


def admin_change(admin_client, session, summit):
    url = reverse("admin:summits_session_change", args=[session.pk])
    return admin_client.post(url, change_form(session, summit))


def test_the_admin_refuses_to_move_a_held_session_and_says_why(admin_client, full_session, summits):
    response = admin_change(admin_client, full_session, summits[1])

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["summit"] == [
        "Delegates of this session's summit hold 10 seats, 36 places on the waiting list in "
        "it, so it cannot move to another summit. Cancel their sign-ups first, or add the "
        "session to the other summit as a new one."
    ]
    full_session.refresh_from_db()
    assert full_session.summit == summits[0]
    assert full_session.signups.count() == 46


def test_the_admin_still_saves_other_changes_of_a_held_session(admin_client, full_session, summits):
    form = {**change_form(full_session, summits[0]), "title_en": "Panel on trade"}

    response = admin_client.post(
        reverse("admin:summits_session_change", args=[full_session.pk]), form
    )

    assert response.status_code == 302
    assert Session.objects.get(pk=full_session.pk).title_en == "Panel on trade"


def test_the_admin_moves_a_session_nobody_holds(admin_client, summits):
    session = SessionFactory(summit=summits[0])

    response = admin_change(admin_client, session, summits[1])

    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).summit == summits[1]


def test_a_session_with_check_ins_stays_too(summits):
    attendance = SessionAttendanceFactory(delegate__delegation__summit=summits[0])
    session = attendance.session
    session.summit = summits[1]

    with pytest.raises(ValidationError) as refused:
        session.save()

    assert "1 check-in" in refused.value.messages[0]
    assert Session.objects.get(pk=session.pk).summit == summits[0]


def test_any_save_refuses_to_move_a_held_session(full_session, summits):
    full_session.summit = summits[1]

    with pytest.raises(ValidationError):
        full_session.save()

    assert Session.objects.get(pk=full_session.pk).summit == summits[0]
