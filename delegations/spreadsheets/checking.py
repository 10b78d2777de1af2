"""The checks of an attendee spreadsheet's rows, one row after another: each cell tidied
and measured, then email, country, role, language and status. Every problem is recorded as a
`RowError`; the rows that pass go on to `planning`."""

import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django_countries import countries

from delegations.models import Delegate
from delegations.spreadsheets.columns import COLUMNS, MAX_LENGTHS, REQUIRED_COLUMNS
from delegations.spreadsheets.formulas import unneutralise
from delegations.spreadsheets.report import RowError
from summits.languages import language_codes
from summits.text import CONTROL_CHARACTERS

_ROLES = {value: value for value in Delegate.Role.values}
_STATUSES = {value: value for value in Delegate.Status.values}
_LANGUAGES = {code: code for code in language_codes()}
_COUNTRY_ALIASES = {"united states": "US", "america": "US", "uk": "GB", "korea": "KR"}

# Invisible format characters (Unicode category Cf: U+200B zero width space, U+2060 word
# joiner, U+00AD soft hyphen, U+FEFF, the direction marks...). Copied from web pages and
# mail they make "ann@x.org" another address than "ann@x.org": removed from emails, and from
# the edges of every other cell (inside a name, a zero width joiner may belong there).
_FORMAT_CLASS = "[{}]".format(
    "".join(
        re.escape(chr(code))
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
    )
)
FORMAT_CHARACTERS = re.compile(_FORMAT_CLASS)
_FORMAT_EDGES = re.compile(rf"^(?:\s|{_FORMAT_CLASS})+|(?:\s|{_FORMAT_CLASS})+$")


def fold(text: str) -> str:
    """Lower case one character at a time, as the database's LOWER() in the unique
    constraints does: `str.lower()` makes "İ" two characters and a final "Σ" another letter,
    so two names the database takes for one would be planned as two rows."""
    if text.isascii():
        return text.lower()
    return "".join(char.lower()[0] for char in text)


def country_code(value: str) -> str | None:
    """An ISO 3166-1 code (alpha-2 or alpha-3) or an English name -> alpha-2, else None."""
    if len(value) in (2, 3) and value.isalpha():
        code = countries.alpha2(value.upper())
        if code:
            return code
    return countries.by_name(value) or _COUNTRY_ALIASES.get(value.lower())


class _EmailCheck:
    """Django's EmailValidator, with the verdict on each domain remembered: a file has
    100,000 addresses but only a few hundred domains."""

    def __init__(self):
        self.validator = EmailValidator()
        self.domains: dict[str, bool] = {}

    def __call__(self, email: str) -> bool:
        user, at, domain = email.rpartition("@")
        if not at or not user or len(email) > 320 or not self.validator.user_regex.match(user):
            return False
        verdict = self.domains.get(domain)
        if verdict is None:
            try:
                self.validator(email)
                verdict = True
            except ValidationError:
                verdict = False
            self.domains[domain] = verdict
        return verdict


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """A row without a problem: its tidied cells by column, and what they stand for."""

    number: int
    values: dict[str, str]
    email: str  # lower-cased
    country: str  # ISO 3166-1 alpha-2
    role: str | None  # None: the cell is empty or the column absent
    language: str | None
    status: str | None


class RowCheck:
    """Checks the rows of one file in turn, remembering the emails already seen (each
    delegate once) and the countries already looked up."""

    def __init__(
        self, positions: dict[str, int], *, errors: list[RowError], header_width: int, overlong
    ):
        self.errors = errors
        self.header_width = header_width
        self.overlong: dict[int, int] = overlong
        self.columns = [
            (name, positions[name], MAX_LENGTHS.get(name, 1000))
            for name in COLUMNS
            if name in positions
        ]
        self.email_ok = _EmailCheck()
        self.seen: dict[str, int] = {}
        self.countries: dict[str, str | None] = {}

    def __call__(self, number: int, cells: Sequence) -> CheckedRow | None:
        """The row numbered `number`, checked; None if it has a problem (recorded)."""
        if number in self.overlong:
            self._error(
                number,
                None,
                _(
                    "has %(cells)s filled cells but the header row names only %(columns)s "
                    "columns; is a separator missing its quotes?"
                )
                % {"cells": self.overlong[number], "columns": self.header_width},
            )
        values, cells_ok = self._values(number, cells)
        required_ok = self._required(number, values)
        email, email_ok = self._email(number, values["email"])
        country, country_ok = self._country(number, values["country"])
        role, role_ok = self._choice(number, "role", values.get("role", ""), _ROLES)
        language, language_ok = self._choice(
            number, "language", values.get("language", ""), _LANGUAGES
        )
        status, status_ok = self._choice(number, "status", values.get("status", ""), _STATUSES)
        if not all((cells_ok, required_ok, email_ok, country_ok, role_ok, language_ok, status_ok)):
            return None
        return CheckedRow(number, values, email, country, role, language, status)

    def _error(self, number: int, column: str | None, message: str) -> None:
        self.errors.append(RowError(number, column, message))

    def _values(self, number: int, cells: Sequence) -> tuple[dict[str, str], bool]:
        """The cells of the contract's columns, tidied: no spaces around them, line breaks
        and tabs inside as single spaces, an export's apostrophe before a formula removed."""
        try:
            joined = "".join(cells)
        except TypeError:  # a dataset built elsewhere may hold None or numbers
            cells = ["" if value is None else str(value) for value in cells]
            joined = "".join(cells)
        # Most rows hold no line break, tab or apostrophe: skip those steps for them.
        spaced = "\n" in joined or "\r" in joined or "\t" in joined
        quoted = "'" in joined
        invisible = not joined.isascii() and FORMAT_CHARACTERS.search(joined) is not None
        values: dict[str, str] = {}
        ok = True
        for name, index, limit in self.columns:
            value = cells[index].strip()
            if invisible:
                value = _FORMAT_EDGES.sub("", value)
                if name == "email":
                    value = FORMAT_CHARACTERS.sub("", value)
            if spaced and ("\n" in value or "\r" in value or "\t" in value):
                value = " ".join(value.split())
            if quoted and value[:1] == "'":
                value = unneutralise(value)
            if len(value) > limit:
                self._error(
                    number,
                    name,
                    _("is %(length)s characters long; the limit is %(limit)s.")
                    % {"length": len(value), "limit": limit},
                )
                ok = False
            values[name] = value
        if CONTROL_CHARACTERS.search(joined):
            for name, _index, _limit in self.columns:
                if CONTROL_CHARACTERS.search(values[name]):
                    self._error(number, name, _("contains control characters."))
                    ok = False
        return values, ok

    def _required(self, number: int, values: dict[str, str]) -> bool:
        ok = True
        for name in REQUIRED_COLUMNS:
            if not values[name]:
                self._error(number, name, _("is required but empty."))
                ok = False
        return ok

    def _email(self, number: int, given: str) -> tuple[str, bool]:
        email = given.lower()
        if not email:
            return email, True  # reported as required
        if not self.email_ok(email):
            self._error(
                number,
                "email",
                _("“%(value)s” is not a valid email address.") % {"value": given},
            )
            return email, False
        earlier = self.seen.get(email)
        if earlier is not None:
            self._error(
                number,
                "email",
                _("%(email)s is already in row %(row)s; each delegate once, please.")
                % {"email": email, "row": earlier},
            )
            return email, False
        self.seen[email] = number
        return email, True

    def _country(self, number: int, given: str) -> tuple[str | None, bool]:
        code = self.countries.get(given, "")
        if code == "" and given:
            code = self.countries[given] = country_code(given)
        if given and code is None:
            self._error(
                number,
                "country",
                _(
                    "“%(value)s” is not a country: use an ISO 3166-1 code such as CN or US, "
                    "or the country's English name."
                )
                % {"value": given},
            )
            return None, False
        return code, True

    def _choice(
        self, number: int, column: str, given: str, allowed: dict[str, str]
    ) -> tuple[str | None, bool]:
        choice = allowed.get(given.lower()) if given else None
        if given and choice is None:
            self._error(
                number,
                column,
                _("“%(value)s” is not one of %(allowed)s.")
                % {"value": given, "allowed": ", ".join(allowed)},
            )
            return None, False
        return choice, True
