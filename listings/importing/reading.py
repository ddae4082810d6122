"""Reading a register file into raw rows with their line numbers, before any checking."""

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .fields import (
    EXPORT_ONLY_FIELDS,
    FIELDS,
    FORMATS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    REQUIRED_FIELDS,
    ImportRefused,
    RawRow,
    RowProblem,
)

_IGNORED = ""  # the column name of an export-only column: its cells are not read


def require_known_format(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise ImportRefused(
            _("Unknown file type “%(suffix)s”: use a .jsonl, .csv or .xlsx file.")
            % {"suffix": path.suffix or path.name}
        )


def read_listing_rows(path: Path, data: bytes | None = None) -> list[RawRow]:
    """The rows of a .jsonl, .csv or .xlsx file, or ImportRefused if it cannot be read.

    With ``data`` (an uploaded file's content) ``path`` only names the file and its type."""
    require_known_format(path)
    suffix = path.suffix.lower()
    if data is None:
        try:
            data = path.read_bytes()
        except OSError:
            raise ImportRefused(_("Cannot read the file %(path)s.") % {"path": path}) from None
    if suffix == ".xlsx":
        return _read_xlsx(data)
    text = _decode(data)
    return _read_jsonl(text) if suffix == ".jsonl" else _read_csv(text)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(
            _(
                "line %(line)s: the file is not UTF-8 text. "
                "Save it as UTF-8 (in Excel: “CSV UTF-8”) and try again."
            )
            % {"line": line}
        ) from None


def _read_jsonl(text: str) -> list[RawRow]:
    rows = []
    # Not splitlines(): it also splits at U+2028 and U+0085, which JSON strings may contain.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as error:
            problem = RowProblem(number, "", _("not valid JSON (%(error)s)") % {"error": error})
            rows.append(RawRow(number, {}, [problem]))
            continue
        if not isinstance(values, dict):
            rows.append(RawRow(number, {}, [RowProblem(number, "", _("not a JSON object"))]))
            continue
        problems = [
            RowProblem(number, name, _("unknown field"))
            for name in values
            if name not in FIELDS and name not in EXPORT_ONLY_FIELDS
        ]
        values = {name: value for name, value in values.items() if name in FIELDS}
        rows.append(RawRow(number, values, problems))
    return rows


def _read_csv(text: str) -> list[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRefused(_("The file is empty."))
        columns = _columns(header)
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            # A quoted cell may span lines: a row is named by the line it starts on.
            if any(cell.strip() for cell in cells):
                rows.append(_row_from_cells(start, columns, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused(
            _("line %(line)s: not valid CSV (%(error)s)")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows


def _read_xlsx(data: bytes) -> list[RawRow]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportRefused(_("The file is not a readable Excel workbook (.xlsx).")) from None
    try:
        sheet_rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(sheet_rows, None)
        if header is None:
            raise ImportRefused(_("The file is empty."))
        columns = _columns(header)
        return [
            _row_from_cells(number, columns, cells)
            for number, cells in enumerate(sheet_rows, start=2)
            if any(not is_blank(cell) for cell in cells)
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(_("The file is not a readable Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()


def _columns(header: Iterable[Any]) -> list[str | None]:
    """The header's field names (None for an empty header cell); refuses a bad header outright,
    as every row would otherwise repeat its problem."""
    columns = [None if is_blank(name) else str(name).strip() for name in header]
    problems = []
    for name in columns:
        if name is not None and name not in FIELDS and name not in EXPORT_ONLY_FIELDS:
            problems.append(RowProblem(1, name, _("unknown field")))
    for name in {name for name in columns if name is not None and columns.count(name) > 1}:
        problems.append(RowProblem(1, name, _("this column appears more than once")))
    for name in REQUIRED_FIELDS:
        if name not in columns:
            problems.append(RowProblem(1, name, _("required column is missing")))
    if problems:
        raise ImportRefused(_("The header row is not right; nothing was imported."), problems)
    return [_IGNORED if name in EXPORT_ONLY_FIELDS else name for name in columns]


def _row_from_cells(line: int, columns: list[str | None], cells: Iterable[Any]) -> RawRow:
    values, problems = {}, []
    for position, (name, cell) in enumerate(itertools.zip_longest(columns, cells), start=1):
        if name == _IGNORED or is_blank(cell):
            continue
        if name is None:
            problems.append(
                RowProblem(
                    line,
                    "",
                    _("column %(column)s has a value but no field name in the header")
                    % {"column": position},
                )
            )
        elif name in LIST_FIELDS:
            parts = str(plain_value(cell)).split(LIST_SEPARATOR)
            values[name] = [part.strip() for part in parts if part.strip()]
        else:
            values[name] = cell
    return RawRow(line, values, problems)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plain_value(value: Any) -> Any:
    """A spreadsheet number as the text it shows: register ids like 1024 arrive as 1024.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
