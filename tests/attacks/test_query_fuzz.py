"""Hypothesis writes query strings and path segments for the public programme pages and the
staff pages, over the demo data: never a server error. The programme ignores a filter it
cannot read (an old or hand-edited link still shows a programme), so its pages answer 200;
an unknown session, speaker or summit answers 404.
"""

import os
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from summits.models import Room, Session
from tests.attacks.tallies import tally

EXAMPLES = 150
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("ATTACK_EXPLORE"),
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)

# Digits of every kind (Arabic-Indic, full-width, superscripts), signs, spaces, huge numbers.
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩０１２３²³¹⁴½-+. \n"
number_like = st.one_of(
    st.text(alphabet=DIGITS, max_size=24),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
day_like = st.one_of(
    st.dates().map(str),
    st.builds(
        "{}-{}-{}".format, number_like, number_like, number_like
    ),  # 2024-13-45, ٢٠٢٤-٠٧-١٩, ...
    st.text(max_size=20),
)
value = st.one_of(number_like, day_like, st.text(max_size=30), st.sampled_from(Session.Kind.values))
query = st.dictionaries(
    st.one_of(st.sampled_from(["day", "room", "kind", "session", "delegate", "delegation", "q"]),
              st.text(max_size=10)),
    value,
    max_size=4,
)  # fmt: skip


def encoded(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote)


def run(name, strategy, check, examples=EXAMPLES):
    outcomes: Counter = Counter()

    @settings(FUZZ, max_examples=examples)
    @given(data=strategy)
    def attempt(data):
        outcomes[check(data)] += 1

    attempt()
    tally(f"query fuzz: {name}", outcomes)
    assert sum(outcomes.values()) >= examples
    return outcomes


@pytest.fixture
def filters(demo):
    """Real days and rooms of the demo's Tacoma programme, to mix in."""
    rooms = [str(pk) for pk in Room.objects.values_list("pk", flat=True)]
    return st.dictionaries(
        st.sampled_from(["day", "room", "kind"]),
        st.one_of(value, st.sampled_from([*rooms, "2024-07-19", "2024-07-20"])),
        max_size=3,
    )


def test_programme_pages_read_any_filter_without_failing(client, filters):
    def check(data):
        language, params = data
        response = client.get(f"/{language}/summits/tacoma-2024/schedule/?{encoded(params)}")
        assert response.status_code == 200, (params, response.status_code)
        return "200"

    run("programme page filters", st.tuples(st.sampled_from(["en", "zh-hans", "ar"]),
                                            st.one_of(filters, query)), check)  # fmt: skip


def test_public_paths_answer_200_or_404(client, demo):
    sessions = [str(pk) for pk in Session.objects.values_list("pk", flat=True)]
    segment = st.one_of(st.sampled_from(sessions), number_like, st.text(min_size=1, max_size=40))
    paths = st.one_of(
        st.builds("/en/summits/tacoma-2024/sessions/{}/".format, segment.map(quote)),
        st.builds("/ar/summits/tacoma-2024/sessions/{}.ics".format, segment.map(quote)),
        st.builds("/zh-hans/summits/tacoma-2024/speakers/{}/".format, segment.map(quote)),
        st.builds("/en/summits/{}/schedule.xml".format, segment.map(quote)),
        st.builds("/api/v1/summits/{}/schedule".format, segment.map(quote)),
    )

    def check(path):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        return str(response.status_code)

    outcomes = run("public paths", paths, check)
    assert outcomes["200"] > 0 and outcomes["404"] > 0


def test_staff_pages_read_any_query_without_failing(organiser_client, demo):
    pages = st.sampled_from(
        [
            "/en/summits/tacoma-2024/check-in/",
            "/en/summits/tacoma-2024/badges/",
            "/en/summits/tacoma-2024/dashboard/",
            "/en/summits/tacoma-2024/dashboard/attendance.csv",
        ]
    )

    def check(data):
        page, params = data
        response = organiser_client.get(f"{page}?{encoded(params)}")
        assert response.status_code in (200, 404), (page, params, response.status_code)
        return str(response.status_code)

    # Fewer: the dashboard is the heaviest page there is.
    run("staff page queries", st.tuples(pages, query), check, examples=100)


# --- What the fuzz found, kept as plain regression tests -----------------------------------


@pytest.mark.parametrize("room", ["²", "٩⁴", "½"])
def test_programme_ignores_a_room_written_with_digits_int_cannot_read(client, demo, room):
    # "²".isdigit() is true but int("²") fails: this was a 500.
    response = client.get(f"/en/summits/tacoma-2024/schedule/?room={quote(room)}")

    assert response.status_code == 200
    assert response.context["filters"].room is None


def test_programme_reads_a_room_in_arabic_indic_digits(client, demo):
    room = Room.objects.filter(venue__summit__slug="tacoma-2024").order_by("pk").first()
    arabic = str(room.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = client.get(f"/ar/summits/tacoma-2024/schedule/?room={quote(arabic)}")

    assert response.status_code == 200
    assert response.context["filters"].room == room.pk


@pytest.mark.parametrize("session", ["²", "٩⁴"])
def test_attendance_export_ignores_a_session_int_cannot_read(organiser_client, demo, session):
    url = f"/en/summits/tacoma-2024/dashboard/attendance.csv?session={quote(session)}"

    response = organiser_client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tacoma-2024-sessions-attendance.csv"'
    )
