"""Import listings from a city's register: `manage.py import_listings` (contract in DESIGN.md)
and the coordinators' upload page in the admin.

Three steps, so that a bad file writes nothing: `read_listing_rows` (reading.py) turns a
.jsonl, .csv or .xlsx file into raw rows with their line numbers, `validate_rows`
(validation.py) checks every row and collects every problem, and `import_listings`
(writing.py) writes the valid rows in bulk in one transaction (bulk.py). Imported listings are
published; re-importing a `ref` overwrites that listing's imported fields.
"""

from .fields import (
    EXPORT_ONLY_FIELDS,
    FIELDS,
    FORMATS,
    IMPORTED_FIELDS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    REQUIRED_FIELDS,
    ImportRefused,
    Progress,
    RawRow,
    RowProblem,
    ValidRow,
)
from .language import detect_language
from .reading import read_listing_rows, require_known_format
from .validation import validate_rows
from .writing import ImportResult, find_coordinator, import_listings, require_import_permission

__all__ = [
    "EXPORT_ONLY_FIELDS",
    "FIELDS",
    "FORMATS",
    "IMPORTED_FIELDS",
    "LIST_FIELDS",
    "LIST_SEPARATOR",
    "REQUIRED_FIELDS",
    "ImportRefused",
    "ImportResult",
    "Progress",
    "RawRow",
    "RowProblem",
    "ValidRow",
    "detect_language",
    "find_coordinator",
    "import_listings",
    "read_listing_rows",
    "require_import_permission",
    "require_known_format",
    "validate_rows",
]
