"""Staff passwords: the validators refuse what a guesser tries first."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Tacoma2024!", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("73914682051739", "This password is entirely numeric."),
        ("checkindesk01", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused(password, message):
    user = UserFactory(username="checkindesk01")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert message in refused.value.messages


def test_a_long_uncommon_password_is_accepted():
    assert validate_password("ferry to Fuzhou at dawn", UserFactory()) is None
