"""Attendee spreadsheets in the delegate admin: import with a preview and a confirmation,
export of the filtered change list. Built on django-import-export's admin mixin, through
`DelegateResource`, the path the `import_attendees` command takes too."""

from __future__ import annotations

import io
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from delegations.spreadsheets.columns import COLUMNS, NAME_COLUMNS, REQUIRED_COLUMNS
from delegations.spreadsheets.exports import delegates_export
from delegations.spreadsheets.pending import PENDING_NAME, pending_imports_clear
from delegations.spreadsheets.reading import SheetError, check_size
from delegations.spreadsheets.resources import (
    AttendeeCSV,
    AttendeeImportResult,
    AttendeeSheet,
    AttendeeXLSX,
    DelegateResource,
)
from summits.models import Summit

# The admin lists this many errors of a file; the command prints them all.
ERRORS_SHOWN = 500


class AttendeeImportForm(ImportForm):
    summit = forms.ModelChoiceField(
        queryset=Summit.objects.order_by("-starts_on"), label=gettext_lazy("Summit")
    )
    field_order = ["summit", "resource", "import_file", "format"]

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size, settings.ATTENDEE_UPLOAD_MAX_BYTES)
        except SheetError as error:
            raise forms.ValidationError(str(error), code="too_large") from None
        return upload


class AttendeeConfirmImportForm(ConfirmImportForm):
    summit = forms.ModelChoiceField(queryset=Summit.objects.all(), widget=forms.HiddenInput)

    def clean_import_file_name(self) -> str:
        # The pending file's random name, never a path of the user's choosing.
        name = self.cleaned_data["import_file_name"]
        if not PENDING_NAME.fullmatch(name):
            raise forms.ValidationError("Not a pending import.", code="invalid")
        return name


class AttendeeImportExportMixin(ImportExportMixin):
    """For DelegateAdmin: import and export only for users with the import/export
    permissions (settings IMPORT_EXPORT_*_PERMISSION_CODE)."""

    resource_classes = [DelegateResource]
    import_formats = [AttendeeSheet]
    export_formats = [AttendeeCSV, AttendeeXLSX]
    import_form_class = AttendeeImportForm
    confirm_form_class = AttendeeConfirmImportForm
    # Every column, always: an export must import back unchanged.
    export_form_class = ExportForm
    import_template_name = "admin/import_export/attendee_import.html"

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        return {"summit": cleaned.get("summit")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["summit"] = import_form.cleaned_data["summit"].pk
        return initial

    def get_import_form_initial(self, request):
        # Back at the upload after a failed confirmation: the summit stays chosen.
        summit = request.GET.get("summit", "")
        return {"summit": int(summit)} if summit.isdecimal() else {}

    def get_import_context_data(self, **kwargs):
        return {
            "attendee_columns": [(name, name in REQUIRED_COLUMNS) for name in COLUMNS],
            "name_columns": NAME_COLUMNS,
            "attendee_max_bytes": settings.ATTENDEE_UPLOAD_MAX_BYTES,
            "errors_shown": ERRORS_SHOWN,
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        """The library's upload and preview; a preview also says who stays attended. Each
        upload also removes the pending files of previews abandoned long ago."""
        if request.method == "POST":
            pending_imports_clear(
                older_than=timedelta(hours=settings.ATTENDEE_PENDING_IMPORTS_MAX_AGE_HOURS)
            )
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        report = getattr(result, "report", None)
        if report is not None and report.kept_attended and not report.errors:
            messages.warning(request, report.kept_attended_note())
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The library's confirmation step (the same file, checked again against the
        database as it is now, then written or refused as a whole). What it would answer
        with a bare page or a server error (a confirmation that does not validate, a file
        expired or unreadable by now) sends the user back to the upload with a message."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self._back_to_upload(
                request, _("The import could not be confirmed: please upload again.")
            )
        summit = confirm_form.cleaned_data["summit"]
        try:
            return super().process_import(request, **kwargs)
        except SheetError as error:
            return self._back_to_upload(request, str(error), summit)
        except FileNotFoundError:
            # Confirmed twice, or removed as abandoned: nothing was imported from it.
            return self._back_to_upload(
                request,
                _("This import was already confirmed or has expired: please upload again."),
                summit,
            )

    def _back_to_upload(
        self, request, message: str, summit: Summit | None = None
    ) -> HttpResponseRedirect:
        messages.error(request, message)
        url = reverse("admin:delegations_delegate_import", current_app=self.admin_site.name)
        return HttpResponseRedirect(f"{url}?summit={summit.pk}" if summit else url)

    def process_result(self, result: AttendeeImportResult, request):
        report = result.report
        if report.errors:
            context = self.admin_site.each_context(request)
            context.update(self.get_import_context_data())
            context.update(
                {
                    "title": _("Import"),
                    "opts": self.model._meta,
                    "form": self.get_import_form_class(request)(
                        self.get_import_formats(),
                        self.get_import_resource_classes(request),
                        initial={"summit": report.summit.pk},
                    ),
                    "result": result,
                }
            )
            return TemplateResponse(request, [self.import_template_name], context)
        message = _("Imported into %(summit)s: %(summary)s.") % {
            "summit": report.summit,
            "summary": report.summary(),
        }
        if report.new_delegations:
            message += " " + _("New delegations: %(names)s.") % {
                "names": ", ".join(report.new_delegations)
            }
        if report.new_localities:
            message += " " + _("New localities: %(names)s.") % {
                "names": ", ".join(report.new_localities)
            }
        messages.success(request, message)
        url = reverse("admin:delegations_delegate_changelist", current_app=self.admin_site.name)
        return HttpResponseRedirect(f"{url}?summit__id__exact={report.summit.pk}")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        buffer = io.BytesIO()
        delegates_export(
            queryset=queryset,
            file_format=file_format.get_extension(),
            stream=buffer,
            absolute_url=request.build_absolute_uri,
        )
        return buffer.getvalue()

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().isoformat()
        return f"attendees-{date}.{file_format.get_extension()}"
