"""The one rule for cells a spreadsheet program would run as a formula: every export
neutralises them with a leading apostrophe, and the import reads that apostrophe back off."""

from collections.abc import Iterable

# Cells beginning with these are run as formulas (or DDE) by Excel, LibreOffice and Sheets.
FORMULA_LEADS = frozenset("=+-@\t\r|%")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything
    else (numbers, None) is returned as it is."""
    if isinstance(value, str) and value[:1] in FORMULA_LEADS:
        return "'" + value
    return value


def neutralise_row(values: Iterable[str]) -> list[str]:
    """`neutralise` for a row of text, inlined: a call per cell would cost the attendee
    export a tenth of its speed."""
    return [("'" + value) if value[:1] in FORMULA_LEADS else value for value in values]


def unneutralise(value: str) -> str:
    """Undo `neutralise`, so that an exported file imports back unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_LEADS:
        return value[1:]
    return value
