"""The organisers' admin for interpretation: each summit's interpreters (private: only
those who may change summits see them) and, on a session's page, its languages and
channels with the interpreters booked (docs/interpretation.md)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_labels import LabelledInline
from .admin_queries import GuardedQueriesAdmin
from .admin_time import summit_column
from .models import Interpreter, SessionLanguage


@admin.register(Interpreter)
class InterpreterAdmin(GuardedQueriesAdmin, admin.ModelAdmin):
    list_display = ["name", summit_column(), "working_languages", "booking_count"]
    list_filter = ["summit"]
    list_select_related = ["summit"]
    search_fields = ["name", "working_languages"]
    autocomplete_fields = ["summit"]
    fields = ["summit", "name", "working_languages", "email", "phone", "notes"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(booking_total=Count("bookings"))

    @admin.display(description=_("bookings"), ordering="booking_total")
    def booking_count(self, interpreter: Interpreter) -> int:
        return interpreter.booking_total


class SessionLanguageForm(forms.ModelForm):
    class Meta:
        model = SessionLanguage
        fields = ["language", "channel", "interpreters"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        interpreters = cleaned.get("interpreters") or []
        session = self.instance.session
        problems = []
        for interpreter in interpreters:
            if session.summit_id and interpreter.summit_id != session.summit_id:
                problems.append(
                    gettext("%(interpreter)s works at another summit.")
                    % {"interpreter": interpreter}
                )
            elif clash := self.instance.clash_for_interpreter(interpreter):
                problems.append(clash)
        if interpreters and self.cleaned_data.get("channel") is None:
            problems.append(gettext("Interpreters work on a channel: give this language one."))
        if problems:
            raise ValidationError({"interpreters": problems})
        return cleaned


class SessionLanguageFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check: tuple[str, ...]) -> str:
        if "channel" in unique_check:
            return gettext("Each channel carries one language: give each language its own.")
        return gettext("Each language is listed once.")

    def clean(self) -> None:
        super().clean()
        # An interpreter is in one booth at a time: not on two languages of one session.
        seen: dict[int, str] = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            for interpreter in form.cleaned_data.get("interpreters") or []:
                if interpreter.pk in seen:
                    form.add_error(
                        "interpreters",
                        gettext("%(interpreter)s already interprets into %(language)s here.")
                        % {"interpreter": interpreter, "language": seen[interpreter.pk]},
                    )
                seen[interpreter.pk] = form.instance.get_language_display()


class SessionLanguageInline(LabelledInline, admin.TabularInline):
    model = SessionLanguage
    form = SessionLanguageForm
    formset = SessionLanguageFormSet
    extra = 1
    autocomplete_fields = ["interpreters"]
    fields = ["language", "channel", "interpreters"]
