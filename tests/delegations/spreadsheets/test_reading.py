"""Real files, written the way Excel and LibreOffice write them (tests/data/README.md)."""

import pytest

from delegations.models import Delegate

pytestmark = pytest.mark.django_db

FULL = {
    "zhang.wei@fjfao.example.cn": ("Zhang Wei", "张伟", "تشانغ وي"),
    "li.na@hbpaff.example.cn": ("Li Na", "李娜", None),
    "v.woodards@tacoma.example.org": ("Victoria Woodards", "维多利亚·伍达兹", "فيكتوريا وودباردز"),
    "sam.ortiz@stl.example.org": ("Sam Ortiz", None, None),
}


def names(summit):
    return {
        d.email: (d.full_name_en, d.full_name_zh_hans, d.full_name_ar)
        for d in Delegate.objects.filter(summit=summit)
    }


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("excel_utf8_bom.csv", "CSV, UTF-8, comma-separated"),
        ("libreoffice_utf8.csv", "CSV, UTF-8, comma-separated"),
        ("excel_unicode_text.txt", "CSV, UTF-16, tab-separated"),
        ("messy_headers.csv", "CSV, UTF-8, comma-separated"),
        ("excel.xlsx", "XLSX workbook, first sheet"),
        ("libreoffice.xlsx", "XLSX workbook, first sheet"),
        ("inline_strings.xlsx", "XLSX workbook, first sheet"),
    ],
)
def test_import_reads_unicode_files_in_three_scripts(summit, data_file, import_bytes, name, source):
    report = import_bytes(data_file(name))

    assert report.errors == []
    assert report.source == source
    assert (report.new, report.updated, report.unchanged) == (4, 0, 0)
    assert names(summit) == FULL


@pytest.mark.parametrize("name", ["excel_utf8_bom.csv", "excel.xlsx", "messy_headers.csv"])
def test_import_keeps_every_column_of_a_row(summit, data_file, import_bytes, name):
    import_bytes(data_file(name))

    tacoma = Delegate.objects.select_related("delegation", "locality").get(
        email="v.woodards@tacoma.example.org"
    )
    assert (tacoma.delegation.name_en, tacoma.delegation.country.code) == (
        "Washington State Delegation",
        "US",
    )
    assert (tacoma.locality.country.code, tacoma.locality.region_en, tacoma.locality.city_en) == (
        "US",
        "Washington",
        "Tacoma",
    )
    # A line break inside a quoted cell (Alt+Enter in Excel) becomes a space.
    assert tacoma.organisation == "City of Tacoma Office of the Mayor"
    assert (tacoma.position, tacoma.role, tacoma.status) == ("Mayor", "head", "attended")
    ortiz = Delegate.objects.get(email="sam.ortiz@stl.example.org")
    # Empty role and status take the defaults; the English country name is understood.
    assert (ortiz.role, ortiz.status, ortiz.locality.country.code) == (
        "member",
        "registered",
        "US",
    )
    li = Delegate.objects.get(email="li.na@hbpaff.example.cn")
    assert li.organisation == "Hubei People's Association for Friendship, Wuhan"


def test_import_reads_gbk_from_a_chinese_excel(summit, data_file, import_bytes):
    report = import_bytes(data_file("excel_gbk.csv"))

    assert report.source == "CSV, GB18030, comma-separated"
    assert report.new == 3
    chen = Delegate.objects.get(email="chen.jing@js.example.cn")
    assert (chen.full_name_zh_hans, chen.organisation, chen.position, chen.role) == (
        "陈静",
        "南京市外事办公室，友好城市处",
        "翻译",
        "interpreter",
    )


@pytest.mark.parametrize(
    ("name", "separator"),
    [("excel_cp1252.csv", "comma"), ("excel_semicolon_cp1252.csv", "semicolon")],
)
def test_import_reads_windows_1252_from_a_western_excel(
    summit, data_file, import_bytes, name, separator
):
    report = import_bytes(data_file(name))

    assert report.source == f"CSV, Windows-1252, {separator}-separated"
    assert sorted(Delegate.objects.values_list("full_name_en", flat=True)) == [
        "Björn Ångström",
        "José Álvarez",
        "Renée O’Brien",
    ]
    assert Delegate.objects.get(email="renee.obrien@ohio.example.org").organisation == (
        "Ohio–Hubei Partnership – Müller & Söhne"
    )


def test_import_trims_stray_whitespace_and_lower_cases_emails(summit, data_file, import_bytes):
    import_bytes(data_file("messy_headers.csv"))

    zhang = Delegate.objects.get(full_name_en="Zhang Wei")
    assert zhang.email == "zhang.wei@fjfao.example.cn"
    assert (zhang.locality.region_en, zhang.delegation.name_en) == (
        "Fujian",
        "Fujian Provincial Delegation",
    )


def test_import_reports_the_columns_it_ignores(summit, data_file, import_bytes):
    report = import_bytes(data_file("excel.xlsx"))

    assert report.ignored_columns == ["badge no."]


def test_import_numbers_rows_as_the_spreadsheet_shows_them_across_blank_rows(
    summit, data_file, import_bytes
):
    # messy_headers.csv has a blank row 4 between its 2nd and 3rd delegates.
    text = data_file("messy_headers.csv").decode().replace("  Victoria Woodards  ", "")
    report = import_bytes(text.encode())

    assert [str(error) for error in report.errors] == [
        "Row 5, column “full_name_en”: is required but empty."
    ]


# --- Saved by LibreOffice Calc itself (tests/data/libreoffice/make.sh) ----------------------

LIBREOFFICE_NAMES = {
    "zhang.wei@fjfao.example.cn": ("Zhang Wei", "张伟", "تشانغ وي"),
    "li.na@hbpaff.example.cn": ("Li Na", "李娜", "لي نا"),
    "layla@tacoma.example.org": ("Layla Haddad", None, "ليلى حداد"),
}


@pytest.mark.parametrize(
    ("name", "source"),
    [
        # Arabic among Chinese names: not Windows-1252 at all, so GB18030 without a doubt
        # (it was refused as "ambiguous").
        ("gb18030_chinese_and_arabic.csv", "CSV, GB18030, comma-separated"),
        ("utf8_chinese_and_arabic.csv", "CSV, UTF-8, comma-separated"),
        ("chinese_and_arabic.xlsx", "XLSX workbook, first sheet"),
    ],
)
def test_import_reads_what_libreoffice_itself_saved(summit, data_file, import_bytes, name, source):
    report = import_bytes(data_file(f"libreoffice/{name}"))

    assert report.errors == []
    assert report.source == source
    assert names(summit) == LIBREOFFICE_NAMES
