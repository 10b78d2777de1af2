"""Log lines without the secret part of private agenda links: gunicorn's access log, and
every record the application's handlers write (Django's own `django.request` and
`django.security` warnings name the path of a 404, 405, CSRF 403 or 500)."""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

_AGENDA_TOKEN = re.compile(r"(/agenda/)[^/?.\s]+")


def mask_private_links(text: str) -> str:
    """`/en/agenda/Abc123.../` -> `/en/agenda/***/`."""
    return _AGENDA_TOKEN.sub(r"\1***", text)


class PrivateLinkMaskingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_private_links(atoms[key])
        return atoms


class PrivateLinkFilter(logging.Filter):
    """On a handler: masks agenda tokens in the message and in the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_private_links(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_private_links(record.exc_text)
        return True
