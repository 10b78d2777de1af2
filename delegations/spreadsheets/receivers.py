"""The interpretation receivers to order, per session and language, as CSV or XLSX (one
row per session; times in the summit's own zone; language codes as column suffixes)."""

from collections.abc import Iterable

import tablib

from delegations.attendance.receivers import ReceiverNeed
from delegations.spreadsheets.formulas import neutralise
from summits.languages import language_codes


def receiver_columns() -> list[str]:
    return [
        "session",
        "session_starts_at",
        "room",
        "counted_among",
        "floor_languages",
        *(f"receivers_{code}" for code in language_codes()),
        *(f"channel_{code}" for code in language_codes()),
        "receivers_total",
        "needs_a_channel",
    ]


def _row(need: ReceiverNeed) -> list[object]:
    session = need.session
    known = not need.languages_unknown
    return [
        neutralise(session.title_en),
        session.starts_at.astimezone(session.summit.tzinfo).strftime("%Y-%m-%d %H:%M"),
        neutralise(session.room.name_en if session.room else ""),
        need.basis,
        " ".join(need.floor),
        *(need.needed.get(code, 0) if known else "" for code in language_codes()),
        *(need.channels.get(code, "") for code in language_codes()),
        need.total if known else "",
        " ".join(need.without_channel) if known else "languages not set",
    ]


def receivers_export(needs: Iterable[ReceiverNeed], *, file_format: str) -> bytes:
    """CSV (UTF-8 with a BOM, so Excel reads Chinese and Arabic) or XLSX bytes."""
    dataset = tablib.Dataset(*(_row(need) for need in needs), headers=receiver_columns())
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "xlsx":
        return dataset.export("xlsx")
    raise ValueError(f"unknown format {file_format!r}")
