"""The attendance figures a summit's pages and API show, supplied by the app that knows people.

`summits` sits below `delegations` and never imports it. `delegations` registers its counting
function here from its `AppConfig.ready()`; the programme's pages, admin and API ask this
module, so one aggregate serves them all. With no source registered a summit has no figures.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .models import Summit


@dataclass(frozen=True)
class CountryAttendance:
    """Per country: delegates not cancelled, and the distinct provinces or states they come from."""

    country: str
    delegates: int
    regions: int


AttendanceSource = Callable[[Sequence[int]], Mapping[int, list[CountryAttendance]]]

_source: AttendanceSource | None = None


def attendance_source_register(source: AttendanceSource) -> None:
    global _source
    _source = source


def summits_attendance(summit_ids: Sequence[int]) -> dict[int, list[CountryAttendance]]:
    """Figures for many summits in one go (one query with `delegations` installed)."""
    found = _source(summit_ids) if _source is not None and summit_ids else {}
    return {pk: list(found.get(pk, [])) for pk in summit_ids}


def summit_attendance(*, summit: Summit) -> list[CountryAttendance]:
    return summits_attendance([summit.pk])[summit.pk]
