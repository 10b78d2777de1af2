import pytest

from tests.summits.programme import tacoma_programme


@pytest.fixture
def tacoma():
    """A two-day Tacoma programme in three languages, with delegates (see programme.py)."""
    return tacoma_programme()
