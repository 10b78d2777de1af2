"""Characters that outside formats refuse, removed in one place for every writer and reader."""

import re

# C0 controls and DEL except tab, line feed and carriage return: not allowed in iCalendar
# TEXT, refused in attendee names, and invisible on a page (a vertical tab pasted from a
# word processor, say).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 cannot carry at all (frab schedule.xml, the cells of an XLSX sheet).
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def without_control(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def xml_text(text: str, *, replacement: str = "") -> str:
    """`text` with what XML cannot carry replaced (dropped by default)."""
    if NOT_XML_CHARACTERS.search(text) is None:
        return text
    return NOT_XML_CHARACTERS.sub(replacement, text)
