"""What an attendee import tells the person who runs it: each problem, located as a
spreadsheet program shows it, and the counts and samples of the preview."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from summits.models import Summit

# The preview shows this many new and updated delegates.
SAMPLE_SIZE = 20

# Called as progress(stage, done since last call, total) with stage "check" or "write".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowError:
    """One problem, located by row and column as a spreadsheet program shows them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column “%(column)s”: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class SampleRow:
    row: int
    email: str
    names: tuple[str, ...]  # as they will be stored, in the order of NAME_COLUMNS
    delegation: str
    changes: tuple[Change, ...] = ()

    @property
    def full_name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class SimilarDelegation:
    """A delegation the import would create beside others of much the same name."""

    new: str
    existing: tuple[str, ...]

    def __str__(self) -> str:
        return _(
            "“%(new)s” will be created as a new delegation although there is “%(existing)s”: "
            "if they are the same, give the existing name in the file."
        ) % {"new": self.new, "existing": "”, “".join(self.existing)}


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do."""

    summit: Summit
    dry_run: bool
    source: str = ""
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Delegates who attended and stay so although the file gives them another status.
    kept_attended: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_delegations: list[str] = field(default_factory=list)
    new_localities: list[str] = field(default_factory=list)
    similar_delegations: list[SimilarDelegation] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    new_samples: list[SampleRow] = field(default_factory=list)
    updated_samples: list[SampleRow] = field(default_factory=list)
    saved: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        counts = {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
            "kept": self.kept_attended,
        }
        if self.kept_attended:
            return (
                _(
                    "%(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(kept)s kept as attended, %(errors)s errors"
                )
                % counts
            )
        return _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(errors)s errors") % (
            counts
        )

    def kept_attended_note(self) -> str:
        """What the preview and the summary say about delegates kept as attended."""
        return _(
            "%(count)s delegates attended and are kept as attended: an import never "
            "moves anyone out of attended (the check-in desk recorded it)."
        ) % {"count": self.kept_attended}

    def discard_counts(self) -> None:
        """A file with an error changes nothing: it reports no new, updated or unchanged rows."""
        self.new = self.updated = self.unchanged = self.kept_attended = 0
        self.new_samples.clear()
