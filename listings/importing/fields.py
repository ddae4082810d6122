"""The register format (fields in DESIGN.md) and the values that pass between the steps."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from listings.models import Direction, Kind

FIELDS = (
    "ref",
    "kind",
    "direction",
    "title",
    "description",
    "category",
    "tags",
    "language",
    "area",
    "lat",
    "lon",
    "spoken_languages",
    "owner",
)
REQUIRED_FIELDS = ("ref", "kind", "direction", "title", "description", "category")
LIST_FIELDS = ("tags", "spoken_languages")
LIST_SEPARATOR = ";"
# Columns an export adds after FIELDS (listings.export): an import reads past them, so an
# exported file can be imported again.
EXPORT_ONLY_FIELDS = ("status", "created_at", "published_at")
KINDS, DIRECTIONS = Kind.values, Direction.values  # computed on each access otherwise
FORMATS = (".jsonl", ".csv", ".xlsx")
BATCH_SIZE = 1000
PROGRESS_EVERY = 1000

# What an import sets on a listing; on re-import these are overwritten, everything else
# (photos, terms, hidden/featured, created_at…) is kept.
IMPORTED_FIELDS = (
    "kind",
    "direction",
    "title",
    "description",
    "category",
    "tags",
    "language",
    "area",
    "latitude",
    "longitude",
    "spoken_languages",
    "owner",
    "posted_by",
    "status",
    "closed_reason",
    "review_note",
    "published_at",
    "expires_at",
    "reminder_sent_at",
    "updated_at",
)

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total); stage is "checking" or "writing"."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        if self.field:
            return _("line %(line)s: %(field)s: %(problem)s") % {
                "line": self.line,
                "field": self.field,
                "problem": self.problem,
            }
        return _("line %(line)s: %(problem)s") % {"line": self.line, "problem": self.problem}


class ImportRefused(Exception):
    """Nothing was imported: the file cannot be read, rows are invalid (`problems` lists every
    one of them), or the importer may not import."""

    def __init__(self, message: str, problems: Iterable[RowProblem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join([self.message, *(str(problem) for problem in self.problems)])


@dataclass
class RawRow:
    """A row as read from the file: field name → value, absent fields left out."""

    line: int
    values: dict[str, Any]
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class ValidRow:
    """A checked row, ready to write."""

    line: int
    ref: str
    fields: dict[str, Any]  # Listing field names (category_id, owner_id, latitude…) → values
