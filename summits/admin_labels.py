"""Names for the admin's form controls that have no `<label>` of their own.

Django's tabular inlines write each field's name once, in a column heading, and its split
date-time widget writes "Date:" and "Time:" as plain text: a screen reader announces the
inputs as nameless (axe: `label`, `select-name`). Each such control gets an `aria-label`
of its field's label (and of its part, for a date and a time), in the admin's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext


def name_controls(form: forms.BaseForm, *, every_field: bool) -> None:
    """Give the controls of `form` an `aria-label`: those of split widgets always, every
    other one too when `every_field` (a form without labels, such as an inline row)."""
    for name, field in form.fields.items():
        label = str(capfirst(field.label or name))
        # The admin's wrapper of a related field (the "+" links) renders the widget it
        # wraps, and its copy in each form shares the attrs of the class's, not of the copy.
        widget = getattr(field.widget, "widget", field.widget)
        if isinstance(widget, forms.MultiWidget):
            parts = _parts(widget)
            for sub, part in zip(widget.widgets, parts, strict=False):
                sub.attrs.setdefault("aria-label", f"{label}: {part}" if part else label)
        elif every_field:
            widget.attrs.setdefault("aria-label", label)


def _parts(widget: forms.MultiWidget) -> list[str]:
    if isinstance(widget, forms.SplitDateTimeWidget):
        # Django's own words for the two inputs ("Date:", "Time:"), already translated.
        return [gettext("Date:").rstrip(":："), gettext("Time:").rstrip(":：")]
    return [""] * len(widget.widgets)


class LabelledInline:
    """Mixin for a tabular inline (first in its bases): every control of every row named,
    the row's "Delete" box included."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
                super().add_fields(form, index)
                name_controls(form, every_field=True)

        Labelled.__name__ = formset.__name__
        return Labelled
