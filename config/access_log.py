"""gunicorn's access log without the secret part of private agenda links."""

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
