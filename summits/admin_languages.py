"""Each content language's field in the admin written in its own direction and script.

modeltranslation gives every translated field a column per language (`title_en`,
`title_zh_hans`, `title_ar`) and shows them in tabs, all left to right: Arabic typed there
ran the wrong way, its punctuation at the wrong end. `ContentLanguageAdmin` marks each such
field's widget with its language (`lang`, so the browser picks a Chinese or Arabic font
and spell checker) and its direction (`dir="rtl"` for Arabic), whatever the interface's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from django.http import HttpRequest
from django.utils.translation import get_language_info
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin, TranslationTabularInline

from .admin_labels import LabelledInline


def language_attrs(language: str) -> dict[str, str]:
    """`{"lang": "ar", "dir": "rtl"}`: the HTML attributes of text in `language`."""
    info = get_language_info(language)
    tag = language.split("-")[0] + "".join(f"-{part.title()}" for part in language.split("-")[1:])
    return {"lang": tag, "dir": "rtl" if info["bidi"] else "ltr"}


class ContentLanguageAdmin:
    """Mixin for a ModelAdmin or inline of a model with translated fields (first in its bases)."""

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs: Any):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # modeltranslation's TranslationField
        if formfield is not None and language:
            formfield.widget.attrs.update(language_attrs(language))
        return formfield


class TranslatedAdmin(ContentLanguageAdmin, TabbedDjangoJqueryTranslationAdmin):
    """The admin of a model with translated fields: a tab per language, each in its own
    direction and script, its library-drawn controls named for assistive technology (static/js/admin-a11y.js)."""

    class Media:
        # After the scripts that draw the controls it names (Django merges media lists
        # keeping the order within each).
        js = (
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            "modeltranslation/js/tabbed_translation_fields.js",
            "js/admin-a11y.js",
        )


class TranslatedInline(LabelledInline, ContentLanguageAdmin, TranslationTabularInline):
    """A tabular inline of a model with translated fields, each in its own direction and
    every control named (`admin_labels`)."""
