"""Attendee spreadsheets in the admin: permissions, preview then confirm, errors, export."""

import csv
import io
import re
import stat
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from delegations.models import Delegate
from tests.factories import DelegateFactory, DelegationFactory, SummitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/delegations/delegate/"
IMPORT = "/admin/delegations/delegate/import/"
PROCESS = "/admin/delegations/delegate/process_import/"
EXPORT = "/admin/delegations/delegate/export/"


@pytest.fixture(autouse=True)
def _pending_imports(settings, tmp_path):
    """Each test's pending imports in a folder of its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            **settings.STORAGES["import_export"],
            "OPTIONS": {
                **settings.STORAGES["import_export"]["OPTIONS"],
                "location": tmp_path / "pending",
            },
        },
    }


def upload(client, summit, name, data):
    return client.post(
        IMPORT,
        {
            "summit": summit.pk,
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile(name, data),
        },
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_check_in_staff_see_no_buttons_and_cannot_import_or_export(staff_client, summit):
    page = staff_client.get(CHANGELIST)
    assert page.status_code == 200
    assert IMPORT not in page.content.decode()
    assert EXPORT not in page.content.decode()

    assert staff_client.get(IMPORT).status_code == 403
    assert upload(staff_client, summit, "a.csv", b"email\n").status_code == 403
    assert staff_client.post(PROCESS, {}).status_code == 403
    assert staff_client.get(EXPORT).status_code == 403
    assert staff_client.post(EXPORT, {"format": "0"}).status_code == 403
    assert not Delegate.objects.exists()


def test_organisers_see_both_buttons(organiser_client):
    page = organiser_client.get(CHANGELIST).content.decode()
    assert f"<a href='{IMPORT}' class=\"import_link\">Import</a>" in page
    assert f'<a href="{EXPORT}?" class="export_link">Export</a>' in page


def test_import_shows_a_preview_then_confirm_saves(organiser_client, summit, data_file):
    preview = upload(organiser_client, summit, "attendees.xlsx", data_file("excel.xlsx"))

    assert preview.status_code == 200
    page = text(preview)
    assert "Preview: what importing into 6th China–US Sister Cities Summit will do" in page
    assert '<th scope="row">New delegates</th><td>4</td>' in page
    assert "4 new delegations" in page
    assert "<li>Washington State Delegation</li>" in page
    assert "<li>Tacoma, Washington (US)</li>" in page
    assert "badge no." in page
    assert not Delegate.objects.exists()

    form = preview.context["confirm_form"]
    confirmed = organiser_client.post(
        PROCESS, {name: form.initial.get(name, "") for name in form.fields}
    )

    assert confirmed.status_code == 302
    assert confirmed.url == f"{CHANGELIST}?summit__id__exact={summit.pk}"
    assert Delegate.objects.filter(summit=summit).count() == 4
    # IMPORT_EXPORT_SKIP_ADMIN_LOG: no LogEntry per imported row.
    assert not LogEntry.objects.exists()
    message = str(list(confirmed.wsgi_request._messages)[0])
    assert message.startswith(
        "Imported into 6th China–US Sister Cities Summit: 4 new, 0 updated, 0 unchanged, "
        "0 errors. New delegations: Fujian Provincial Delegation,"
    )


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("excel_gbk.csv", "CSV, GB18030, comma-separated"),
        ("excel_semicolon_cp1252.csv", "CSV, Windows-1252, semicolon-separated"),
        ("excel_unicode_text.txt", "CSV, UTF-16, tab-separated"),
        ("libreoffice.xlsx", "XLSX workbook, first sheet"),
    ],
)
def test_admin_import_reads_what_desktops_write_not_only_utf8(
    organiser_client, summit, data_file, name, source
):
    page = text(upload(organiser_client, summit, name, data_file(name)))

    assert f"Read as {source}." in page
    assert "Confirm import" in page


def test_import_preview_shows_updates_with_old_and_new_values(
    organiser_client, summit, data_file, import_bytes
):
    import_bytes(data_file("excel_utf8_bom.csv"))
    changed = data_file("excel_utf8_bom.csv").replace(b"Deputy Director", b"Director")

    page = text(upload(organiser_client, summit, "a.csv", changed))

    assert '<th scope="row">Updated delegates</th><td>1</td>' in page
    assert '<th scope="row">Unchanged delegates</th><td>3</td>' in page
    assert (
        'position: <del dir="auto">Deputy Director</del> → <ins dir="auto">Director</ins>' in page
    )


def test_import_preview_shows_the_names_in_three_scripts_as_they_will_be_stored(
    organiser_client, summit, import_bytes
):
    """A file read in the wrong encoding shows as mojibake here, before anything is saved."""
    header = (
        "email,full_name_en,full_name_zh_hans,full_name_ar,country,region,delegation,position\n"
    )
    import_bytes(
        f"{header}wang@example.cn,Wang Wei,王伟,وانغ وي,CN,Fujian,Fujian,Officer\n".encode()
    )
    data = (
        f"{header}wang@example.cn,Wang Wei,王伟,وانغ وي,CN,Fujian,Fujian,Director\n"
        "li@example.cn,Li Na,李娜,,CN,Fujian,Fujian,Officer\n"
    )

    preview = upload(organiser_client, summit, "a.csv", data.encode())

    page = text(preview)
    header_cells = '<th scope="col">full_name_en</th><th scope="col">full_name_zh_hans</th>'
    assert page.count(header_cells) == 2  # new rows and updated rows
    (new,) = preview.context["result"].report.new_samples
    assert new.names == ("Li Na", "李娜", "")
    assert '<td dir="auto">Li Na</td><td dir="auto">李娜</td><td dir="auto">—</td>' in page
    (updated,) = preview.context["result"].report.updated_samples
    assert updated.names == ("Wang Wei", "王伟", "وانغ وي")
    assert '<td dir="auto">王伟</td><td dir="auto">وانغ وي</td>' in page


def test_import_preview_warns_of_a_new_delegation_much_like_an_existing_one(
    organiser_client, summit
):
    DelegationFactory(
        summit=summit,
        name_en="Fujian Province delegation",
        locality__country="CN",
        locality__region_en="Fujian",
    )
    data = (
        "email,full_name_en,country,region,delegation\n"
        "wang@example.cn,Wang Wei,CN,Fujian,Fujian Provincial Delegation\n"
        "chen@example.cn,Chen Jing,CN,Fujian,Xiamen City Delegation\n"
        "li@example.cn,Li Na,CN,Guangxi,Guangxi Delegation\n"
    )

    page = text(upload(organiser_client, summit, "a.csv", data.encode()))

    assert "3 new delegations" in page
    warnings = re.findall(r'<li class="warning">(.*?)</li>', page)
    assert warnings == [
        "“Fujian Provincial Delegation” will be created as a new delegation although there "
        "is “Fujian Province delegation”: if they are the same, give the existing name in the file."
    ]


def test_import_lists_every_error_and_offers_no_confirmation(
    organiser_client, summit, data_file, snapshot
):
    before = snapshot()

    response = upload(organiser_client, summit, "bad.csv", data_file("bad_rows.csv"))

    page = text(response)
    assert "The file has 8 errors. Nothing was imported" in page
    assert "<li>Row 3, column “email”: “not-an-email” is not a valid email address.</li>" in page
    assert "<li>Row 7, column “region”: is required but empty.</li>" in page
    assert "Confirm import" not in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        # Django's own upload check speaks first for an empty file.
        ("empty.csv", "The submitted file is empty."),
        ("not_a_spreadsheet.png", "This file is not a spreadsheet: upload a CSV or XLSX file."),
        ("header_only.csv", "The file has a header row but no rows of delegates below it."),
        ("undecodable.csv", "The file&#x27;s text encoding cannot be recognised"),
        ("ambiguous_encoding.csv", "The file&#x27;s text encoding is ambiguous"),
        ("old_excel.xls", "This is an old Excel .xls workbook, which cannot be read"),
        (
            "missing_columns.csv",
            "The header row lacks the required columns country, region.",
        ),
    ],
)
def test_import_refuses_an_unreadable_file_with_its_message(
    organiser_client, summit, data_file, snapshot, name, message
):
    before = snapshot()

    response = upload(organiser_client, summit, name, data_file(name) or b"")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Confirm import" not in response.content.decode()
    assert snapshot() == before


def test_import_refuses_a_file_over_the_size_limit(
    organiser_client, summit, data_file, settings, snapshot
):
    settings.ATTENDEE_UPLOAD_MAX_BYTES = 500
    before = snapshot()

    response = upload(organiser_client, summit, "big.csv", data_file("excel_utf8_bom.csv"))

    assert "The file is 816\xa0bytes; the limit is 500\xa0bytes." in response.content.decode()
    assert snapshot() == before


def confirm(client, preview, **overrides):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(PROCESS, {**data, **overrides}, follow=True)


def pending_files() -> list[str]:
    storage = storages["import_export"]
    folder = "django-import-export"
    return storage.listdir(folder)[1] if storage.exists(folder) else []


def test_confirm_finds_the_file_whichever_worker_answers(organiser_client, summit, data_file):
    # Each gunicorn worker has its own cache without Redis; the file is in the storage.
    preview = upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))
    cache.clear()

    response = confirm(organiser_client, preview)

    assert "Imported into 6th China–US Sister Cities Summit" in text(response)
    assert Delegate.objects.filter(summit=summit).exists()
    assert pending_files() == []


def test_the_pending_file_is_readable_by_the_app_alone(organiser_client, summit, data_file):
    upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))

    [name] = pending_files()
    path = Path(storages["import_export"].path(f"django-import-export/{name}"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_confirming_twice_imports_once_and_keeps_the_summit_chosen(
    organiser_client, summit, data_file, snapshot
):
    SummitFactory(title_en="An earlier summit")
    preview = upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))
    confirm(organiser_client, preview)
    before = snapshot()

    again = confirm(organiser_client, preview)

    assert "This import was already confirmed or has expired: please upload again." in text(again)
    assert again.context["form"].initial["summit"] == summit.pk
    assert snapshot() == before


def test_an_abandoned_preview_is_removed_and_then_cannot_be_confirmed(
    organiser_client, summit, data_file, snapshot
):
    preview = upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))
    out = io.StringIO()
    call_command("clear_pending_imports", "--hours", "1", stdout=out)
    assert pending_files() != []  # not an hour old yet
    before = snapshot()

    call_command("clear_pending_imports", "--hours", "0", stdout=out)
    response = confirm(organiser_client, preview)

    assert pending_files() == []
    assert "Removed 1 pending import(s) older than 0 hours." in out.getvalue()
    assert "already confirmed or has expired" in text(response)
    assert snapshot() == before


def test_a_new_upload_removes_previews_abandoned_long_ago(
    organiser_client, summit, data_file, settings
):
    upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))
    settings.ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS = 0

    upload(organiser_client, summit, "b.csv", data_file("sample_attendees.csv"))

    assert len(pending_files()) == 1


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "a" * 31, ""])
def test_a_confirmation_naming_anything_but_a_pending_file_is_refused(
    organiser_client, summit, data_file, snapshot, name
):
    preview = upload(organiser_client, summit, "a.csv", data_file("sample_attendees.csv"))
    before = snapshot()

    response = confirm(organiser_client, preview, import_file_name=name)

    assert "The import could not be confirmed: please upload again." in text(response)
    assert snapshot() == before


def test_export_honours_the_change_list_filters(organiser_client, summit):
    other = SummitFactory()
    DelegateFactory(delegation=DelegationFactory(summit=summit), email="here@example.org")
    DelegateFactory(
        delegation=DelegationFactory(summit=summit),
        email="cancelled@example.org",
        status="cancelled",
    )
    DelegateFactory(delegation=DelegationFactory(summit=other), email="there@example.org")

    response = organiser_client.post(
        f"{EXPORT}?summit__id__exact={summit.pk}&status__exact=registered", {"format": "0"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="attendees-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["here@example.org"]


def test_export_as_xlsx(organiser_client, summit):
    import openpyxl

    DelegateFactory(
        delegation=DelegationFactory(summit=summit),
        email="here@example.org",
        full_name_en='=HYPERLINK("http://x")',
    )

    response = organiser_client.post(EXPORT, {"format": "1"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].value == "here@example.org"
    assert sheet["B2"].value == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("url", [IMPORT, EXPORT])
def test_import_and_export_pages_run_no_inline_script_under_the_strict_csp(organiser_client, url):
    response = organiser_client.get(url)

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert re.findall(r"\son[a-z]+\s*=", page) == []
    assert re.findall(r"\sstyle\s*=", page) == []
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []


def test_import_page_names_the_columns_and_the_size_limit(organiser_client, settings):
    settings.ATTENDEE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024

    page = text(organiser_client.get(IMPORT))

    assert "XLSX file of at most 20.0 MB" in page
    assert "<strong>email</strong>, <strong>full_name_en</strong>, full_name_zh_hans" in page


@pytest.mark.parametrize("file_format", ["0", "1"])
def test_export_has_each_delegates_absolute_agenda_link(
    organiser_client, summit, settings, file_format
):
    import openpyxl

    settings.ALLOWED_HOSTS = ["summits.example.org"]

    delegate = DelegateFactory(delegation=DelegationFactory(summit=summit), email="a@example.org")

    response = organiser_client.post(
        EXPORT, {"format": file_format}, secure=True, headers={"host": "summits.example.org"}
    )

    if file_format == "0":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert (rows[0][-1], rows[1][0]) == ("agenda_url", "a@example.org")
    # The factory's delegation is in China: the link opens in Chinese.
    assert rows[1][-1] == f"https://summits.example.org/zh-hans/agenda/{delegate.agenda_token}/"


def test_import_preview_does_not_list_agenda_url_as_ignored(organiser_client, summit):
    DelegateFactory(delegation=DelegationFactory(summit=summit), email="a@example.org")
    exported = organiser_client.post(EXPORT, {"format": "0"}).content

    preview = upload(organiser_client, summit, "attendees.csv", exported)

    page = text(preview)
    assert '<th scope="row">Unchanged delegates</th><td>1</td>' in page
    assert "are ignored" not in page
    assert "agenda_url" not in page


def test_import_preview_and_confirmation_say_who_is_kept_as_attended(organiser_client, summit):
    ann = DelegateFactory(
        delegation=DelegationFactory(summit=summit, name_en="Fujian Delegation"),
        email="ann@example.org",
        status=Delegate.Status.ATTENDED,
    )
    data = (
        "email,full_name_en,country,region,delegation,status\r\n"
        f"ann@example.org,{ann.full_name_en},CN,Fujian,Fujian Delegation,confirmed\r\n"
    ).encode()

    preview = upload(organiser_client, summit, "a.csv", data)

    page = text(preview)
    assert (
        "1 delegates attended and are kept as attended: an import never moves anyone out of "
        "attended (the check-in desk recorded it)." in page
    )
    form = preview.context["confirm_form"]
    confirmed = organiser_client.post(
        PROCESS, {name: form.initial.get(name, "") for name in form.fields}
    )
    messages = [str(message) for message in confirmed.wsgi_request._messages]
    assert any("1 kept as attended, 0 errors" in message for message in messages)
    ann.refresh_from_db()
    assert ann.status == Delegate.Status.ATTENDED
