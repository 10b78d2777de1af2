"""How a session's languages read for delegates: `English · 中文 on channel 1`, in the
reader's language with each language named in itself, as text (calendars) and as HTML
(pages, with each name's own `lang`). See docs/interpretation.md."""

from collections.abc import Iterable

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .languages import language_autonym
from .models import LanguageOfSession


def _on_channel(name: str, channel: int) -> str:
    # Translators: a language delegates hear through interpretation, e.g. "中文 on channel 1".
    return gettext("%(language)s on channel %(channel)s") % {"language": name, "channel": channel}


def languages_text(rows: Iterable[LanguageOfSession]) -> str:
    """`English · 中文 on channel 1 · العربية on channel 2`; empty when none is listed."""
    return " · ".join(
        language_autonym(row.language)
        if row.is_floor
        else _on_channel(language_autonym(row.language), row.channel)
        for row in rows
    )


def languages_html(rows: Iterable[LanguageOfSession]) -> SafeString:
    """`languages_text` with each language's name marked with its `lang`."""
    parts = []
    for row in rows:
        name = format_html(
            '<span lang="{}">{}</span>', row.language, language_autonym(row.language)
        )
        if row.is_floor:
            parts.append(name)
        else:
            template = conditional_escape(_on_channel("\x00", row.channel))
            parts.append(mark_safe(template.replace("\x00", name)))
    return mark_safe(" · ".join(parts))


def heard_in(rows: Iterable[LanguageOfSession], language: str) -> LanguageOfSession | None:
    """How a reader of `language` follows the session: the row for it (on the floor or on
    a channel), or None when the session is neither in nor interpreted into it."""
    return next((row for row in rows if row.language == language), None)


def heard_html(rows: Iterable[LanguageOfSession], language: str) -> SafeString:
    """For one reader of `language`: `Your language, 中文: channel 1`, `... on the floor`, or
    `Not interpreted into 中文`; empty when the session lists no languages."""
    rows = list(rows)
    if not rows:
        return mark_safe("")
    name = format_html('<span lang="{}">{}</span>', language, language_autonym(language))
    row = heard_in(rows, language)
    if row is None:
        template = gettext("Not interpreted into %(language)s")
    elif row.is_floor:
        template = gettext("Your language, %(language)s, is spoken on the floor")
    else:
        # Translators: e.g. "Your language, 中文: channel 1" (the receiver channel).
        template = gettext("Your language, %(language)s: channel %(channel)s")
    text = conditional_escape(
        template % {"language": "\x00", "channel": getattr(row, "channel", "")}
    )
    return mark_safe(text.replace("\x00", name))
