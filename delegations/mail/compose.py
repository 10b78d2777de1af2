"""A message's subject, plain text and HTML, written in the delegate's language.

Each kind has three templates under `templates/mail/`: `<kind>_subject.txt` (one line),
`<kind>.txt` and `<kind>.html` (which extends `mail/base.html`: `lang` and `dir` of the
language, so Arabic reads right to left in every mail program). Links are absolute, on
`SITE_URL` (`delegations.links`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from delegations.links import agenda_links, delegate_language
from delegations.models import Delegate


@dataclass(frozen=True)
class Composed:
    language: str
    subject: str
    text: str
    html: str


def compose(kind: str, delegate: Delegate, context: dict[str, Any]) -> Composed:
    """The message of `kind` for `delegate` (summit and locality loaded), in their
    language; `context` adds what the kind's templates need."""
    language = delegate_language(delegate)
    with translation.override(language):
        values = {
            **context,
            "delegate": delegate,
            "summit": delegate.summit,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            **agenda_links(delegate),
        }
        subject = " ".join(render_to_string(f"mail/{kind}_subject.txt", values).split())
        return Composed(
            language=language,
            subject=subject,
            text=render_to_string(f"mail/{kind}.txt", values),
            html=render_to_string(f"mail/{kind}.html", values),
        )
