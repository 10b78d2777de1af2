import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from delegations.models import SessionSignup, SisterRelationship
from tests.factories import DelegateFactory, LocalityFactory, SessionFactory, tacoma_time

pytestmark = pytest.mark.django_db


def test_delegate_email_is_unique_per_summit_whatever_its_case():
    delegate = DelegateFactory(email="ann@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegateFactory(delegation=delegate.delegation, email="Ann@Example.ORG")


def test_same_email_at_another_summit_is_another_delegate():
    DelegateFactory(email="ann@example.org")
    DelegateFactory(email="ann@example.org")


def test_delegate_email_is_stored_lower_case():
    assert DelegateFactory(email="  Ann@Example.ORG ").email == "ann@example.org"


def test_full_clean_reports_a_duplicate_email_in_words():
    delegate = DelegateFactory(email="ann@example.org")
    duplicate = DelegateFactory.build(
        delegation=delegate.delegation,
        summit=delegate.summit,
        locality=delegate.locality,
        email="ANN@example.org",
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["This summit already has a delegate with this email."]


def test_sister_relationship_is_not_duplicated_in_reverse():
    tacoma = LocalityFactory(country="US", region_en="Washington", city_en="Tacoma")
    fuzhou = LocalityFactory(country="CN", region_en="Fujian", city_en="Fuzhou")
    SisterRelationship.objects.create(
        first=tacoma, second=fuzhou, level="city_city", established_in=1994
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SisterRelationship.objects.create(
            first=fuzhou, second=tacoma, level="city_city", established_in=1994
        )


def test_a_place_cannot_be_its_own_sister():
    ohio = LocalityFactory(country="US", region_en="Ohio")
    with pytest.raises(IntegrityError), transaction.atomic():
        SisterRelationship.objects.create(
            first=ohio, second=ohio, level="province_state", established_in=1979
        )


def test_city_tie_between_regions_is_refused():
    tie = SisterRelationship(
        first=LocalityFactory(country="US", region_en="Ohio"),
        second=LocalityFactory(country="CN", region_en="Hubei"),
        level="city_city",
        established_in=1979,
    )
    with pytest.raises(ValidationError) as error:
        tie.full_clean()
    assert error.value.message_dict["level"] == [
        "A city–city tie joins two cities; a province–state tie two regions."
    ]


def test_locality_is_unique_whatever_the_case():
    LocalityFactory(country="CN", region_en="Fujian", city_en="Fuzhou")
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalityFactory._meta.model.objects.create(
            country="CN", region_en="FUJIAN", city_en="fuzhou"
        )


def test_region_without_city_is_unique_too():
    LocalityFactory(country="CN", region_en="Fujian")
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalityFactory._meta.model.objects.create(country="CN", region_en="Fujian")


def test_signups_split_into_confirmed_and_a_waiting_list_in_arrival_order():
    session = SessionFactory(accepts_signups=True, capacity=1)
    seated, late, early = (DelegateFactory(delegation__summit=session.summit) for _ in range(3))
    waiting, confirmed = SessionSignup.Status.WAITLISTED, SessionSignup.Status.CONFIRMED
    SessionSignup.objects.create(delegate=seated, session=session, status=confirmed)
    SessionSignup.objects.create(
        delegate=late, session=session, status=waiting, created_at=tacoma_time(8, 30)
    )
    SessionSignup.objects.create(
        delegate=early, session=session, status=waiting, created_at=tacoma_time(8)
    )

    assert [s.delegate for s in session.signups.confirmed()] == [seated]
    assert {s.delegate for s in session.signups.waitlisted()} == {late, early}
    assert [s.delegate for s in session.signups.waiting_list()] == [early, late]
