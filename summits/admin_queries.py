"""What a change list's query string may reach: only the filters the page itself offers.

Django's admin lets anyone who may view a change list filter it by any field of its own model
(`?agenda_token__regex=^i2L` included: one regex at a time recovers a secret by binary search)
and hands malformed values to the database (`?checked_in_at__year=99999999999` was a 500).
`GuardedQueriesAdmin` narrows `lookup_allowed` to the parameters of the page's own list
filters, date hierarchy and related-object pop-ups, with values the page could have written,
so that anything else is refused before a query runs (Django answers 400 for a refused
lookup). Fields named in `private_fields` are moreover left out of the list, its sorting,
its search and the change form for users who may only view the objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

# The parameters Django's field list filters write after the field's path.
_FILTER_SUFFIXES = frozenset({"exact", "isnull", "gte", "lt", "isempty"})
# The date hierarchy's parameters and the values a calendar has.
_DATE_PARTS = {"year": range(1, 10_000), "month": range(1, 13), "day": range(1, 32)}


class GuardedQueriesAdmin:
    """Mixin for a ModelAdmin (first in its bases)."""

    # Shown, searched and sorted only for users who may change the object.
    private_fields: Sequence[str] = ()

    # --- Filtering ----------------------------------------------------------------------

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        if lookup in self._offered_filter_parameters(request):
            return True
        date_part = self._date_hierarchy_part(lookup)
        if date_part is not None:
            return value.isascii() and value.isdigit() and int(value) in _DATE_PARTS[date_part]
        return self._is_related_popup_lookup(lookup, value)

    def _offered_filter_parameters(self, request: HttpRequest) -> set[str]:
        """The query parameters the change list's own filter links write."""
        offered: set[str] = set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                offered.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            offered.add(path)  # django-countries' CountryFilter
            offered.update(f"{path}{LOOKUP_SEP}{suffix}" for suffix in _FILTER_SUFFIXES)
            field = get_fields_from_path(self.model, path)[-1]
            if field.is_relation:
                offered.add(f"{path}{LOOKUP_SEP}{field.target_field.name}{LOOKUP_SEP}exact")
        return offered

    def _date_hierarchy_part(self, lookup: str) -> str | None:
        if not self.date_hierarchy:
            return None
        path, _, part = lookup.rpartition(LOOKUP_SEP)
        return part if path == self.date_hierarchy and part in _DATE_PARTS else None

    def _is_related_popup_lookup(self, lookup: str, value: str) -> bool:
        # The pop-up of a raw-id or related-object widget filters by the foreign key's
        # `limit_choices_to`, as Django's own `lookup_allowed` permits.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False

    # --- What a viewer sees -------------------------------------------------------------

    def _hides_private_fields(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(self.private_fields) and not self.has_change_permission(request, obj)

    def _public(self, names: Sequence[Any]) -> list[Any]:
        return [name for name in names if name not in self.private_fields]

    def get_list_display(self, request: HttpRequest) -> Sequence[Any]:
        names = super().get_list_display(request)
        return self._public(names) if self._hides_private_fields(request) else names

    def get_sortable_by(self, request: HttpRequest) -> Sequence[str]:
        names = super().get_sortable_by(request)
        return self._public(names) if self._hides_private_fields(request) else names

    def get_search_fields(self, request: HttpRequest) -> Sequence[str]:
        names = super().get_search_fields(request)
        if not self._hides_private_fields(request):
            return names
        # "delegate__email" is as private as "email".
        return [name for name in names if name.split(LOOKUP_SEP)[-1] not in self.private_fields]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, dict]]:
        fieldsets = super().get_fieldsets(request, obj)
        if not self._hides_private_fields(request, obj):
            return fieldsets
        shown = [
            (name, {**options, "fields": self._public(options["fields"])})
            for name, options in fieldsets
        ]
        return [(name, options) for name, options in shown if options["fields"]]
