"""Export: the contract's columns, UTF-8 with BOM, formulas neutralised, round trip."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from delegations.links import delegate_agenda_path
from delegations.models import Delegate
from delegations.spreadsheets.columns import COLUMNS
from delegations.spreadsheets.exports import EXPORT_COLUMNS, delegates_export
from tests.factories import DelegateFactory, DelegationFactory, LocalityFactory

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "==1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "|calc", "%0A"]


@pytest.fixture
def delegates(summit):
    fuzhou = LocalityFactory(country="CN", region_en="Fujian", city_en="Fuzhou")
    fujian = LocalityFactory(country="CN", region_en="Fujian", city_en="")
    delegation = DelegationFactory(summit=summit, name_en="Fujian Delegation", locality=fujian)
    DelegateFactory(
        delegation=delegation,
        locality=fuzhou,
        email="zhang@example.cn",
        full_name_en="Zhang Wei",
        full_name_zh_hans="张伟",
        full_name_ar="تشانغ وي",
        organisation="Fujian Foreign Affairs Office",
        position="Director",
        role="head",
        status="confirmed",
    )
    for i, value in enumerate(DANGEROUS):
        DelegateFactory(
            delegation=delegation,
            email=f"x{i}@example.org",
            full_name_en=f"X{i}",
            organisation=value,
        )
    return delegation


def export(summit, file_format):
    stream = io.BytesIO()
    delegates_export(
        queryset=Delegate.objects.filter(summit=summit).order_by("email"),
        file_format=file_format,
        stream=stream,
    )
    return stream.getvalue()


def test_csv_export_has_a_bom_the_contract_columns_and_three_scripts(summit, delegates):
    data = export(summit, "csv")

    assert data.startswith(b"\xef\xbb\xbfemail,full_name_en,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [*COLUMNS, "agenda_url"]
    token = Delegate.objects.get(email="zhang@example.cn").agenda_token
    assert rows[-1] == [
        "zhang@example.cn",
        "Zhang Wei",
        "张伟",
        "تشانغ وي",
        "CN",
        "Fujian",
        "Fuzhou",
        "Fujian Delegation",
        "Fujian Foreign Affairs Office",
        "Director",
        "head",
        "",  # no language given: the country's, Chinese, for the agenda link
        "confirmed",
        f"/zh-hans/agenda/{token}/",
    ]
    assert data.count(b"\r\n") == len(rows)


def test_csv_export_neutralises_every_formula_lead(summit, delegates):
    rows = list(csv.reader(io.StringIO(export(summit, "csv").decode("utf-8-sig"))))

    organisations = [row[8] for row in rows[1:-1]]
    assert organisations == ["'" + value for value in DANGEROUS]


def test_xlsx_export_neutralises_every_formula_lead_and_holds_no_formula(summit, delegates):
    workbook = openpyxl.load_workbook(io.BytesIO(export(summit, "xlsx")))
    sheet = workbook.worksheets[0]

    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [row[8] for row in rows[1:-1]] == ["'" + value for value in DANGEROUS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[-1][:4] == ("zhang@example.cn", "Zhang Wei", "张伟", "تشانغ وي")


def test_export_never_writes_the_text_none(summit, delegates):
    assert b"None" not in export(summit, "csv")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(summit, import_bytes, snapshot, file_format):
    """Values a spreadsheet would run come back as they were. (A leading tab or carriage
    return cannot be stored by the admin's forms or an import, which trim whitespace.)"""
    delegation = DelegationFactory(summit=summit, name_en="=Delegation")
    for i, value in enumerate(["=1+1", "==1+1", "+86 591 1234", "-", "@home", "|calc", "%0A"]):
        DelegateFactory(
            delegation=delegation,
            email=f"x{i}@example.org",
            full_name_en=value,
            full_name_zh_hans="张伟" if i else None,
            position=value,
            organisation=f"Office {i}",
        )
    before = snapshot()

    report = import_bytes(export(summit, file_format))

    assert (report.new, report.updated, report.unchanged, report.errors) == (0, 0, 7, [])
    assert snapshot() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_imported_then_exported_imports_back_unchanged(
    summit, data_file, import_bytes, snapshot, file_format
):
    import_bytes(data_file("excel.xlsx"))
    before = snapshot()

    report = import_bytes(export(summit, file_format))

    assert (report.new, report.updated, report.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_export_command_writes_csv_and_xlsx_files(summit, delegates, tmp_path, capsys):
    call_command("export_attendees", summit=summit.slug, output=str(tmp_path / "a.csv"))
    call_command("export_attendees", summit=summit.slug, output=str(tmp_path / "a.xlsx"))
    call_command(
        "export_attendees", summit=summit.slug, format="csv", output=str(tmp_path / "b.txt")
    )

    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfemail,")
    assert (tmp_path / "b.txt").read_bytes().startswith(b"\xef\xbb\xbfemail,")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").worksheets[0]
    assert sheet.max_row == 11
    assert capsys.readouterr().err.splitlines() == [
        "Exported 10 delegates of tacoma-2024 (csv).",
        "Exported 10 delegates of tacoma-2024 (xlsx).",
        "Exported 10 delegates of tacoma-2024 (csv).",
    ]


def test_export_command_writes_csv_to_standard_output(summit, delegates):
    out = io.StringIO()

    call_command("export_attendees", summit=summit.slug, stdout=out, stderr=io.StringIO())

    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert len(rows) == 11


def test_export_exports_only_the_summit_asked_for(summit, delegates, tmp_path):
    DelegateFactory(email="elsewhere@example.org")

    call_command("export_attendees", summit=summit.slug, output=str(tmp_path / "a.csv"))

    assert b"elsewhere@example.org" not in (tmp_path / "a.csv").read_bytes()


@pytest.mark.parametrize("count", [5, 500])
def test_export_query_count_stays_flat(summit, django_assert_max_num_queries, count):
    delegation = DelegationFactory(summit=summit)
    Delegate.objects.bulk_create(
        Delegate(
            summit=summit,
            delegation=delegation,
            locality=delegation.locality,
            full_name_en=f"D{i}",
            email=f"d{i}@example.org",
            agenda_token=f"t{i}",
        )
        for i in range(count)
    )
    with django_assert_max_num_queries(1):
        assert len(export(summit, "csv").splitlines()) == count + 1


def test_xlsx_export_replaces_characters_xml_cannot_hold(summit):
    DelegateFactory(
        delegation=DelegationFactory(summit=summit),
        email="ctl@example.org",
        organisation="Bell\x07Office <&> Co",
    )

    sheet = openpyxl.load_workbook(io.BytesIO(export(summit, "xlsx"))).worksheets[0]

    assert sheet["I2"].value == "Bell\ufffdOffice <&> Co"


# --- Private agenda links ------------------------------------------------------------------


@pytest.fixture
def three_languages(summit):
    """A delegate from China (Chinese link), one named in Arabic (Arabic), one from the US."""
    china = DelegationFactory(
        summit=summit, name_en="Fujian", locality=LocalityFactory(country="CN", region_en="Fujian")
    )
    usa = DelegationFactory(
        summit=summit,
        name_en="Washington",
        locality=LocalityFactory(country="US", region_en="Washington"),
    )
    return [
        DelegateFactory(delegation=china, email="a@example.cn", full_name_zh_hans="张伟"),
        DelegateFactory(delegation=usa, email="b@example.org", full_name_ar="ليلى", language="ar"),
        # An Arabic spelling of a US delegate's name says nothing of the language they read.
        DelegateFactory(delegation=usa, email="c@example.org", full_name_ar="سارة"),
    ]


def agenda_urls(data: bytes) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    return {row["email"]: row["agenda_url"] for row in rows}


def test_export_agenda_url_is_the_delegates_own_link_in_their_language(summit, three_languages):
    urls = agenda_urls(export(summit, "csv"))

    china, arabic, english = three_languages
    assert urls == {
        "a@example.cn": f"/zh-hans/agenda/{china.agenda_token}/",
        "b@example.org": f"/ar/agenda/{arabic.agenda_token}/",
        "c@example.org": f"/en/agenda/{english.agenda_token}/",
    }
    assert urls == {d.email: delegate_agenda_path(d) for d in three_languages}


def test_export_agenda_url_is_absolute_with_a_base_address(summit, three_languages):
    stream = io.BytesIO()
    delegates_export(
        queryset=Delegate.objects.filter(summit=summit),
        file_format="csv",
        stream=stream,
        absolute_url=lambda path: "https://summits.example.org" + path,
    )

    china = three_languages[0]
    assert agenda_urls(stream.getvalue())["a@example.cn"] == (
        f"https://summits.example.org/zh-hans/agenda/{china.agenda_token}/"
    )


def test_xlsx_export_has_the_agenda_url_column(summit, three_languages):
    workbook = openpyxl.load_workbook(io.BytesIO(export(summit, "xlsx")))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))

    assert rows[0][-1] == "agenda_url"
    assert {row[0]: row[-1] for row in rows[1:]}["c@example.org"] == (
        f"/en/agenda/{three_languages[2].agenda_token}/"
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_neutralises_an_agenda_url_like_every_cell(summit, three_languages, file_format):
    stream = io.BytesIO()
    delegates_export(
        queryset=Delegate.objects.filter(summit=summit).order_by("email"),
        file_format=file_format,
        stream=stream,
        absolute_url=lambda path: "=HYPERLINK(" + path,
    )

    if file_format == "csv":
        cells = list(agenda_urls(stream.getvalue()).values())
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).worksheets[0]
        cells = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [f"'=HYPERLINK(/zh-hans/agenda/{three_languages[0].agenda_token}/"] + [
        f"'=HYPERLINK(/{lang}/agenda/{d.agenda_token}/"
        for lang, d in zip(["ar", "en"], three_languages[1:], strict=True)
    ]


def test_export_command_agenda_urls_start_with_the_base_url(summit, three_languages, tmp_path):
    call_command("export_attendees", summit=summit.slug, output=str(tmp_path / "default.csv"))
    call_command(
        "export_attendees",
        summit=summit.slug,
        output=str(tmp_path / "site.csv"),
        base_url="https://summits.example.org/",
    )

    token = three_languages[2].agenda_token
    assert agenda_urls((tmp_path / "default.csv").read_bytes())["c@example.org"] == (
        f"http://127.0.0.1:8000/en/agenda/{token}/"
    )
    assert agenda_urls((tmp_path / "site.csv").read_bytes())["c@example.org"] == (
        f"https://summits.example.org/en/agenda/{token}/"
    )


def test_export_command_refuses_a_base_url_that_is_not_an_address(summit, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "export_attendees", summit=summit.slug, output=str(tmp_path / "a.csv"), base_url="ftp:x"
        )

    assert str(error.value) == "--base-url “ftp:x” is not an http:// or https:// address."
    assert not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_reimport_of_an_export_ignores_agenda_url_silently(
    summit, three_languages, import_bytes, snapshot, file_format
):
    before = snapshot()

    report = import_bytes(export(summit, file_format))

    assert (report.new, report.updated, report.unchanged, report.errors) == (0, 0, 3, [])
    assert report.ignored_columns == []
    assert snapshot() == before


def test_import_never_takes_an_agenda_link_from_a_file(summit, three_languages, import_bytes):
    data = export(summit, "csv").decode("utf-8-sig")
    token = three_languages[2].agenda_token
    edited = data.replace(token, "x" * 32).replace(",Washington,", ",Washington State,", 1)

    report = import_bytes(edited.encode())

    assert report.updated == 1
    assert sorted(Delegate.objects.values_list("agenda_token", flat=True)) == sorted(
        d.agenda_token for d in three_languages
    )
