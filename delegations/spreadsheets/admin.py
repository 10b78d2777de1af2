"""Attendee spreadsheets in the delegate admin: import with a preview and a confirmation,
export of the filtered change list. Built on django-import-export's admin mixin, through
`DelegateResource`, the path the `import_attendees` command takes too."""

from __future__ import annotations

import io

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

from delegations.spreadsheets.columns import COLUMNS, REQUIRED_COLUMNS
from delegations.spreadsheets.exports import delegates_export
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

    def get_import_context_data(self, **kwargs):
        return {
            "attendee_columns": [(name, name in REQUIRED_COLUMNS) for name in COLUMNS],
            "attendee_max_bytes": settings.ATTENDEE_UPLOAD_MAX_BYTES,
            "errors_shown": ERRORS_SHOWN,
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        """The library's upload and preview; a preview also says who stays attended."""
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
        if not self.create_confirm_form(request).is_valid():
            return self._back_to_upload(
                request, _("The import could not be confirmed: please upload again.")
            )
        try:
            return super().process_import(request, **kwargs)
        except SheetError as error:
            return self._back_to_upload(request, str(error))

    def _back_to_upload(self, request, message: str) -> HttpResponseRedirect:
        messages.error(request, message)
        return HttpResponseRedirect(
            reverse("admin:delegations_delegate_import", current_app=self.admin_site.name)
        )

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
                        self.get_import_formats(), self.get_import_resource_classes(request)
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
