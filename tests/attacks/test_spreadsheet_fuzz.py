"""Hypothesis writes attendee spreadsheets for the import: random bytes, random text in
random encodings and separators, random headers, random cells (huge, empty, tricky
Unicode), CSV and XLSX, damaged workbooks. Each must end in a clean import or a clean
error: a SheetError or the import's error report with messages (a CommandError from the
command), never another exception, and never a partial write.

A clean import is checked too: importing the same file again changes nothing (every row
was written as it was read), and the delegates counted as new are in the database.

Bounded and derandomised (the same inputs on every run, so CI is reproducible); set
ATTACK_EXPLORE=1 to draw new inputs. The number of inputs tried and their outcomes are
printed at the end of the run ("attack tallies").
"""

import codecs
import csv
import datetime as dt
import io
import logging
import os
import re
import string
import zipfile
from collections import Counter

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from delegations.models import Delegate, Delegation, Locality
from delegations.spreadsheets.columns import COLUMNS, REQUIRED_COLUMNS
from delegations.spreadsheets.reading import SheetError
from delegations.spreadsheets.resources import AttendeeSheet, DelegateResource
from tests.attacks.tallies import tally
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory, SummitFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("ATTACK_EXPLORE"),
    database=None,
    # Shrinking a failing workbook takes many minutes; the failure is reported unshrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)

# --- What the database holds before each input --------------------------------------------

EXISTING = [
    # email, name, delegation, country, region, city
    ("ann.lee@tacoma.example.org", "Ann Lee", "Washington State Delegation", "US", "Washington",
     "Tacoma"),
    ("zhang.wei@fjfao.example.cn", "Zhang Wei", "Fujian Provincial Delegation", "CN", "Fujian",
     "Fuzhou"),
    ("li.na@hbpaff.example.cn", "Li Na", "Hubei Provincial Delegation", "CN", "Hubei", ""),
    ("ivan@izmir.example.org", "Ivan Ozturk", "izmir delegation", "TR", "izmir", ""),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _quiet_import_log():
    # One line per attempt would bury a failure's report; the log has its own tests.
    logger = logging.getLogger("delegations.spreadsheets.importing")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture
def summit(db):
    summit = SummitFactory(slug="tacoma-2024")
    for email, name, delegation, country, region, city in EXISTING:
        DelegateFactory(
            summit=summit,
            email=email,
            full_name_en=name,
            delegation=DelegationFactory(
                summit=summit,
                name_en=delegation,
                locality=LocalityFactory(country=country, region_en=region),
            ),
            locality=LocalityFactory(country=country, region_en=region, city_en=city),
        )
    return summit


def snapshot():
    """Every column of every row an import may touch."""

    def rows(model):
        columns = [field.attname for field in model._meta.concrete_fields]
        return list(model.objects.order_by("pk").values_list(*columns))

    return rows(Delegate), rows(Delegation), rows(Locality)


def import_bytes(summit, data: bytes) -> str:
    """The admin's and the command's path: read the file, import it. Returns the outcome;
    fails the test on anything but a clean import or a clean error."""
    before = snapshot()
    try:
        dataset = AttendeeSheet().create_dataset(data)
    except SheetError as error:
        assert str(error).strip(), "a SheetError without a message"
        assert snapshot() == before
        return "refused as a whole (SheetError)"
    report = DelegateResource(summit=summit).import_data(dataset, dry_run=False).report
    if report.errors:
        assert all(str(error).strip() for error in report.errors)
        assert not report.saved
        assert snapshot() == before, "a refused file changed the database"
        # Nobody else imports here: the database refusing the writes is a bug.
        assert not [e for e in report.errors if e.row is None and e.column is None
                    and "changed while" in e.message], [str(e) for e in report.errors]  # fmt: skip
        return "refused with row errors"
    assert report.saved
    delegates = Delegate.objects.filter(summit=summit).count()
    assert delegates == len(before[0]) + report.new
    again = (
        DelegateResource(summit=summit)
        .import_data(AttendeeSheet().create_dataset(data), dry_run=True)
        .report
    )
    assert again.errors == []
    assert (again.new, again.updated, again.unchanged) == (0, 0, report.rows), (
        "importing the same file again would change the delegates"
    )
    return "imported"


def attempt(summit, data: bytes, outcomes: Counter) -> None:
    # Each input starts from the same database: its changes are rolled back.
    with transaction.atomic():
        outcome = import_bytes(summit, data)
        transaction.set_rollback(True)
    event(outcome)
    outcomes[outcome] += 1


# --- Strategies -------------------------------------------------------------------------

FIXED_TIME = (2024, 7, 19, 0, 0, 0)
TIMESTAMP = re.compile(rb">\d{4}-\d\d-\d\dT[\d:.]+Z<")

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
MAGIC = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-1.4", b"\x1f\x8b", b"\x00"]
ENCODINGS = [
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk",
    "cp1252", "latin-1", "shift_jis", "big5", "koi8-r", "cp1256", "mac_roman",
]  # fmt: skip
SEPARATORS = [",", ";", "\t", "|", " "]
LINE_ENDS = ["\n", "\r\n", "\r"]

# Letters whose upper and lower case differ between Python and SQL (İ, ı, ß, ẞ, K, ſ, Σ/ς),
# bidi and zero-width marks, non-breaking and line separators, a BOM inside a cell,
# full-width letters, combining marks, a character outside the BMP, quotes, formula leads.
TRICKY = "İıßẞKſΣςǅ\u200f\u200e\u200b\u00a0\u2028\ufeffＡＢ\u0301😀\"'=+-@,;\t\r\n "
SCRIPTS = "abcXYZ张伟李娜福建تشانغ وي"
tricky_text = st.text(alphabet=st.sampled_from(TRICKY + SCRIPTS), max_size=30)
any_text = st.text(max_size=40)
huge_text = st.builds(
    lambda char, size: char * size,
    st.sampled_from(["x", "张", "ي", "İ", " ", '"']),
    st.integers(min_value=150, max_value=140_000),
)
cell_text = st.one_of(st.just(""), tricky_text, any_text, huge_text)


@st.composite
def header_name(draw):
    """A contract column as a person might write it, or anything else."""
    if draw(st.booleans()):
        return draw(any_text)
    name = draw(st.sampled_from(COLUMNS))
    style = draw(st.sampled_from(["plain", "upper", "title", "spaces", "hyphens", "padded"]))
    return {
        "plain": name,
        "upper": name.upper(),
        "title": name.replace("_", " ").title(),
        "spaces": name.replace("_", " "),
        "hyphens": name.replace("_", "-"),
        "padded": f"  {name}\u00a0",
    }[style]


@st.composite
def random_tables(draw):
    """Any header row and any cells, rows of any length."""
    headers = draw(st.lists(header_name(), max_size=14))
    rows = draw(st.lists(st.lists(cell_text, max_size=14), max_size=8))
    return [headers, *rows]


# Valid values, in other cases and spellings than the database holds them, with letters
# whose cases differ between Python and SQL.
EMAILS = [address for address, *_rest in EXISTING] + [
    "ANN.LEE@TACOMA.EXAMPLE.ORG", "new.one@example.org", "New.Two@Example.org",
    "ıvan@izmir.example.org", "K.lvin@example.org", "kelvin@example.org",
]  # fmt: skip
COUNTRIES = ["CN", "US", "cn", "China", "United States", "USA", "TR", "Türkiye"]
REGIONS = ["Fujian", "FUJIAN", "Washington", "washington ", "izmir", "İzmir", "İZMİR", "Straße",
           "STRASSE", "Hubei", "Jiangsu"]  # fmt: skip
CITIES = ["", "Tacoma", "Fuzhou", "FUZHOU", "İzmir", "Wuhan"]
DELEGATIONS = [delegation for _e, _n, delegation, *_rest in EXISTING] + [
    "fujian provincial delegation", "İzmir delegation", "IZMIR DELEGATION", "Joint Delegation",
    "joint delegation", "Straße Delegation", "STRASSE DELEGATION",
]  # fmt: skip
ROLES = ["", "head", "HEAD", "member", "interpreter", "press"]
STATUSES = ["", "registered", "Confirmed", "attended", "cancelled"]
LANGUAGES = ["", "en", "zh-hans", "ZH-HANS", "ar"]
# Addresses of the shapes st.emails() draws (RFC 5322 atoms, dotted local parts, labels and
# punycode in the domain), at a fiftieth of its cost: st.emails() spends about 7 ms a draw on
# its list of top-level domains, which was most of this module's time.
EMAIL_LOCAL = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~."
EMAIL_LABEL = st.text(
    alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12
)
other_emails = st.builds(
    lambda local, labels, top: f"{local}@{'.'.join(labels)}.{top}",
    st.text(alphabet=EMAIL_LOCAL, min_size=1, max_size=24),
    st.lists(EMAIL_LABEL, min_size=1, max_size=3),
    st.sampled_from(["org", "COM", "cn", "example", "xn--fiqs8s", "xn--mgbaam7a8h"]),
)
# What people get wrong.
WRONG = ["", " ", "not-an-email", "İvan@izmir.example.org", "XX", "boss", "maybe", "=1+1"]


def plausible_cell(column: str):
    pools = {
        "email": st.one_of(st.sampled_from(EMAILS), other_emails),
        "country": st.sampled_from(COUNTRIES),
        "region": st.sampled_from(REGIONS),
        "city": st.sampled_from(CITIES),
        "delegation": st.sampled_from(DELEGATIONS),
        "role": st.sampled_from(ROLES),
        "status": st.sampled_from(STATUSES),
        "language": st.sampled_from(LANGUAGES),
    }
    names = st.one_of(
        st.sampled_from(["Ann Lee", "Zhang Wei", "张伟", "لي نا"]),
        tricky_text.filter(lambda text: any(char.isalpha() for char in text)),
    )
    return pools.get(column, names)


@st.composite
def plausible_tables(draw):
    """The contract's columns (optional ones sometimes left out, in any order and spelling)
    and valid rows naming the database's people, places and delegations in other cases and
    spellings; half of the tables then get one to three wrong or random cells."""
    columns = [
        column
        for column in draw(st.permutations(COLUMNS))
        if column in REQUIRED_COLUMNS or draw(st.integers(0, 3))
    ]
    headers = [draw(st.sampled_from([c, c.upper(), c.replace("_", " ").title()])) for c in columns]
    row = st.tuples(*[plausible_cell(c) for c in columns]).map(list)
    email = columns.index("email")
    repeats = draw(st.integers(0, 4)) == 0  # sometimes the same person twice
    rows = draw(
        st.lists(
            row,
            min_size=1,
            max_size=8,
            unique_by=None if repeats else (lambda cells: cells[email].strip().lower()),
        )
    )
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            cells = rows[draw(st.integers(0, len(rows) - 1))]
            cells[draw(st.integers(0, len(cells) - 1))] = draw(
                st.one_of(st.sampled_from(WRONG), cell_text)
            )
    return [headers, *rows]


def csv_bytes(draw, table, *, faithful: bool) -> bytes:
    """The table as CSV; `faithful` keeps to what spreadsheet programs write (Unicode
    encodings that hold every character, the separators they use)."""
    separator = draw(st.sampled_from(SEPARATORS[:3] if faithful else SEPARATORS))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=separator,
        quoting=quoting,
        escapechar="\\",
        lineterminator=draw(st.sampled_from(LINE_ENDS)),
    )
    try:
        writer.writerows(table)
    except csv.Error:  # QUOTE_NONE cannot write a row of one empty cell
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL).writerows(table)
    text = buffer.getvalue()
    if faithful:
        return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])))
    encoding = draw(st.sampled_from(ENCODINGS))
    errors = draw(st.sampled_from(["replace", "ignore"]))
    return draw(st.sampled_from(BOMS)) + text.encode(encoding, errors=errors)


def xlsx_bytes(draw, table, *, faithful: bool = False) -> bytes:
    """The table as the first sheet of a workbook; some cells become numbers, dates,
    booleans or blanks (a few in a `faithful` table, any of them otherwise)."""
    typed = st.one_of(
        st.integers(), st.floats(allow_nan=False), st.datetimes(dt.datetime(1900, 3, 1)),
        st.booleans(), st.none(),
    )  # fmt: skip
    table = [list(row) for row in table]
    cells = [(r, c) for r, row in enumerate(table) for c in range(len(row))]
    if cells:
        chosen = draw(st.lists(st.sampled_from(cells), max_size=2 if faithful else len(cells)))
        for r, c in chosen:
            table[r][c] = draw(typed)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = draw(st.sampled_from(["Sheet1", "Delegates", "代表", "الوفود"]))
    for row in table:
        try:
            sheet.append(row)
        except (openpyxl.utils.exceptions.IllegalCharacterError, ValueError):
            # Excel cannot hold control characters or cells over 32,767 characters either.
            sheet.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", str(c))[:32767]
                          if isinstance(c, str) else c for c in row])  # fmt: skip
    if draw(st.booleans()):
        workbook.create_sheet("Second").append(["email", "full_name_en"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable(buffer.getvalue())


def stable(workbook: bytes) -> bytes:
    """The same bytes on every run: openpyxl stamps the time of saving into the archive and
    the document's properties; a failure must be reproducible from the same seed."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = TIMESTAMP.sub(b">2024-07-19T00:00:00Z<", content)
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


@st.composite
def spreadsheets(draw, tables, *, faithful: bool = False):
    table = draw(tables)
    if draw(st.booleans()):
        return csv_bytes(draw, table, faithful=faithful)
    return xlsx_bytes(draw, table, faithful=faithful)


@st.composite
def random_bytes(draw):
    return (
        draw(st.sampled_from(MAGIC)) + draw(st.sampled_from(BOMS)) + draw(st.binary(max_size=3000))
    )


@st.composite
def damaged_workbooks(draw):
    """A real workbook, truncated, with bytes overwritten, or with a member replaced."""
    data = bytearray(xlsx_bytes(draw, draw(plausible_tables())))
    how = draw(st.sampled_from(["truncate", "overwrite", "member"]))
    # Positions as fractions of the length, which varies with the workbook's timestamps.
    position = st.floats(0, 1).map(lambda share: 4 + int(share * (len(data) - 5)))
    if how == "truncate":
        return bytes(data[: draw(position)])
    if how == "overwrite":
        for _ in range(draw(st.integers(1, 20))):
            data[draw(position)] = draw(st.integers(0, 255))
        return bytes(data)
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    victim = draw(st.sampled_from(source.namelist()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == victim:
                content = draw(st.sampled_from([b"", b"<", b"<x/>", content[: len(content) // 2]]))
            target.writestr(name, content)
    return out.getvalue()


# --- Properties ---------------------------------------------------------------------------


def run_property(name, strategy, summit):
    outcomes: Counter = Counter()

    @FUZZ
    @given(data=strategy)
    def check(data):
        attempt(summit, data, outcomes)

    check()
    tally(f"spreadsheet fuzz: {name}", outcomes)
    return outcomes


def test_random_bytes_end_in_a_clean_refusal(summit):
    outcomes = run_property("random bytes", random_bytes(), summit)

    assert sum(outcomes.values()) == EXAMPLES
    assert outcomes["imported"] == 0


def test_random_tables_in_any_encoding_and_format_import_or_fail_cleanly(summit):
    outcomes = run_property("random tables (CSV/XLSX)", spreadsheets(random_tables()), summit)

    assert sum(outcomes.values()) == EXAMPLES
    assert outcomes["refused with row errors"] > 0


def test_plausible_tables_import_or_fail_cleanly(summit):
    tables = spreadsheets(plausible_tables(), faithful=True)
    outcomes = run_property("plausible tables (CSV/XLSX)", tables, summit)

    assert sum(outcomes.values()) == EXAMPLES
    # The generator reaches the writes, not only the checks.
    assert outcomes["imported"] > 0
    assert outcomes["refused with row errors"] > 0


def test_damaged_workbooks_are_refused_cleanly(summit):
    outcomes = run_property("damaged XLSX", damaged_workbooks(), summit)

    assert sum(outcomes.values()) == EXAMPLES
    assert outcomes["refused as a whole (SheetError)"] > 0


COMMAND_EXAMPLES = 60


def test_import_command_ends_in_success_or_a_command_error(summit, tmp_path):
    outcomes: Counter = Counter()
    path = tmp_path / "attendees"

    @settings(FUZZ, max_examples=COMMAND_EXAMPLES)
    @given(
        data=st.one_of(
            random_bytes(),
            spreadsheets(random_tables()),
            spreadsheets(plausible_tables(), faithful=True),
            damaged_workbooks(),
        )
    )
    def check(data):
        path.write_bytes(data)
        with transaction.atomic():
            before = snapshot()
            out, err = io.StringIO(), io.StringIO()
            try:
                call_command("import_attendees", str(path), summit="tacoma-2024", stdout=out,
                             stderr=err)  # fmt: skip
            except CommandError as error:
                assert str(error).strip()
                assert snapshot() == before
                outcome = "CommandError"
            else:
                assert "Saved." in out.getvalue()
                outcome = "imported"
            transaction.set_rollback(True)
        event(outcome)
        outcomes[outcome] += 1

    check()
    tally("spreadsheet fuzz: import_attendees command", outcomes)
    assert sum(outcomes.values()) == COMMAND_EXAMPLES
    assert outcomes["imported"] > 0 and outcomes["CommandError"] > 0


# --- What the fuzz found, kept as plain regression tests -----------------------------------


@pytest.mark.parametrize(
    ("existing", "rows"),
    [
        # Python lowers "İ" to "i" + combining dot, PostgreSQL's LOWER() to "i".
        ("izmir delegation", [("TR", "izmir", "İzmir delegation")]),
        (None, [("TR", "İzmir", "New delegation")]),
        (None, [("TR", "Aaa", "İzmir Two"), ("TR", "Aaa", "izmir two")]),
        # Python lowers a final "Σ" to "ς", PostgreSQL to "σ".
        (None, [("GR", "ΟΔΟΣ", "ΟΔΟΣ"), ("GR", "οδοσ", "οδοσ")]),
    ],
)
def test_names_the_database_takes_for_one_are_imported_as_one(summit, existing, rows):
    # The summit already has "izmir delegation" (EXISTING).
    before = Delegation.objects.get(summit=summit, name_en=existing) if existing else None
    lines = ["email,full_name_en,country,region,delegation"] + [
        f"person{n}@example.org,Person {n},{country},{region},{delegation}"
        for n, (country, region, delegation) in enumerate(rows)
    ]
    data = "\n".join(lines).encode()

    report = (
        DelegateResource(summit=summit)
        .import_data(AttendeeSheet().create_dataset(data), dry_run=False)
        .report
    )

    assert [str(error) for error in report.errors] == []
    assert (report.new, report.saved) == (len(rows), True)
    delegations = set(
        Delegate.objects.filter(email__startswith="person").values_list("delegation", flat=True)
    )
    assert len(delegations) == 1  # every row names the same delegation, in other cases
    if before is not None:
        assert delegations == {before.pk}


# --- Hostile workbooks -------------------------------------------------------------------


def workbook_with_sheet_xml(prefix: bytes = b"", name: bytes = b"Ann Lee", padding: int = 0):
    """A valid one-delegate workbook whose sheet XML gets a prefix (a DOCTYPE), another
    name cell (an entity reference) and trailing whitespace that deflates to nothing."""
    table = [["email", "full_name_en", "country", "region", "delegation"],
             ["new.one@example.org", "NAME", "CN", "Fujian", "Fujian Provincial Delegation"]]  # fmt: skip
    workbook = openpyxl.Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            content = source.read(member)
            if member == "xl/worksheets/sheet1.xml":
                content = prefix + content.replace(b"NAME", name) + b" " * padding
            target.writestr(member, content)
    return out.getvalue()


DAMAGED = "The workbook is damaged or not an XLSX file Excel or LibreOffice wrote."


def test_a_workbook_reading_a_server_file_through_an_external_entity_is_refused(summit):
    xxe = b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    data = workbook_with_sheet_xml(xxe, b"&e;")

    with pytest.raises(SheetError, match=DAMAGED):
        AttendeeSheet().create_dataset(data)
    assert import_bytes(summit, data) == "refused as a whole (SheetError)"
    assert not Delegate.objects.filter(full_name_en__contains="root:").exists()


def test_a_workbook_of_nested_entities_is_refused_at_once(summit):
    laughs = (
        b'<!DOCTYPE worksheet [<!ENTITY l0 "lollollollollollollollollollol">'
        + b"".join(
            b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)
        )
        + b"]>"
    )
    data = workbook_with_sheet_xml(laughs, b"&l9;")  # a billion "lol"s, 30 GB of text

    with pytest.raises(SheetError, match=DAMAGED):
        AttendeeSheet().create_dataset(data)


def test_a_workbook_that_unpacks_to_far_more_than_the_limit_is_refused(summit, settings):
    settings.ATTENDEE_UPLOAD_MAX_BYTES = 50_000
    data = workbook_with_sheet_xml(padding=2_000_000)  # 2 MB of spaces deflate to 2 kB
    assert len(data) < 50_000

    with pytest.raises(SheetError, match="The workbook unpacks to too much data to be read."):
        AttendeeSheet().create_dataset(data)
    assert import_bytes(summit, data) == "refused as a whole (SheetError)"


def test_the_hostile_workbook_helper_writes_a_workbook_that_imports(summit):
    assert import_bytes(summit, workbook_with_sheet_xml()) == "imported"
    assert import_bytes(summit, workbook_with_sheet_xml(padding=100)) == "imported"
