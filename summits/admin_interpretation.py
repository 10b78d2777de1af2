"""The organisers' admin for interpretation: each summit's interpreters (private: only
those who may change summits see them) and, on a session's page, its languages and
channels with the interpreters booked (docs/interpretation.md)."""

from django import forms
from django.contrib import admin
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


class SessionLanguageFormSet(BaseInlineFormSet):
    """The session's languages: each once, each channel once, and each interpreter of this
    summit, on a channel, in one booth at a time (checked against every other session)."""

    def get_unique_error_message(self, unique_check: tuple[str, ...]) -> str:
        if "channel" in unique_check:
            return gettext("Each channel carries one language: give each language its own.")
        return gettext("Each language is listed once.")

    def clean(self) -> None:
        # Before the uniqueness checks, which stop at their first error.
        session = self.instance
        seen: dict[int, str] = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            form.instance.session = session
            for problem in self._interpreter_problems(form, seen):
                form.add_error("interpreters", problem)
        super().clean()

    def _interpreter_problems(self, form: forms.BaseForm, seen: dict[int, str]) -> list[str]:
        interpreters = form.cleaned_data.get("interpreters") or []
        if interpreters and form.cleaned_data.get("channel") is None:
            return [gettext("Interpreters work on a channel: give this language one.")]
        problems = []
        language = form.instance.get_language_display()
        for interpreter in interpreters:
            summit_id = self.instance.summit_id
            if summit_id and interpreter.summit_id != summit_id:
                problems.append(
                    gettext("%(interpreter)s works at another summit.")
                    % {"interpreter": interpreter}
                )
            elif interpreter.pk in seen:
                problems.append(
                    gettext("%(interpreter)s already interprets into %(language)s here.")
                    % {"interpreter": interpreter, "language": seen[interpreter.pk]}
                )
            elif clash := form.instance.clash_for_interpreter(interpreter):
                problems.append(clash)
            seen.setdefault(interpreter.pk, language)
        return problems


class SessionLanguageInline(LabelledInline, admin.TabularInline):
    model = SessionLanguage
    formset = SessionLanguageFormSet
    extra = 1
    autocomplete_fields = ["interpreters"]
    fields = ["language", "channel", "interpreters"]
