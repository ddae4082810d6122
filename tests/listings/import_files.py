"""Register files for the import tests and the import benchmark, written in each format."""

import csv
import json
from pathlib import Path

from openpyxl import Workbook

from listings.importing import FIELDS, LIST_FIELDS, LIST_SEPARATOR


def listing_row(ref: str = "R-1", **fields) -> dict:
    """A valid register row; keyword arguments override or (with None) remove fields."""
    row = {
        "ref": ref,
        "kind": "skill",
        "direction": "offer",
        "title": "スマホの使い方を教えます",
        "description": "LINEの登録や写真の送り方など、ゆっくりお教えします。",
        "category": "digital",
        "tags": ["スマホ", "LINE"],
        "area": "犬山",
        "lat": 35.3786,
        "lon": 136.9447,
        "spoken_languages": ["ja", "en"],
    }
    row.update(fields)
    return {name: value for name, value in row.items() if value is not None}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def _cells(row: dict, columns: list[str]) -> list:
    return [
        LIST_SEPARATOR.join(row[name])
        if name in LIST_FIELDS and isinstance(row.get(name), list)
        else row.get(name, "")
        for name in columns
    ]


def _columns(rows: list[dict]) -> list[str]:
    present = {name for row in rows for name in row}
    return [name for name in FIELDS if name in present] + sorted(present - set(FIELDS))


def write_csv(path: Path, rows: list[dict], *, encoding: str = "utf-8-sig") -> Path:
    columns = _columns(rows)
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_cells(row, columns))
    return path


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    columns = _columns(rows)
    sheet.append(columns)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in _cells(row, columns)])
    workbook.create_sheet("Notes").append(["this sheet is not imported"])
    workbook.save(path)
    return path


def generated_rows(count: int, *, prefix: str = "GEN") -> list[dict]:
    """`count` varied rows: every kind and direction, several languages, some without a place."""
    kinds = ["skill", "item", "space", "activity"]
    texts = [
        ("日本語教室のお手伝い %d", "外国から来た方に日本語を教えます。", None),
        ("Bicycle for a child %d", "A small bike, good condition, free to a family.", "en"),
        ("Dạy tiếng Việt %d", "Dạy tiếng Việt cho trẻ em vào cuối tuần.", None),
        ("Aulas de português %d", "Ensino português para crianças e adultos.", "pt"),
    ]
    rows = []
    for number in range(count):
        title, description, language = texts[number % len(texts)]
        rows.append(
            listing_row(
                f"{prefix}-{number}",
                kind=kinds[number % 4],
                direction="offer" if number % 3 else "request",
                title=title % number,
                description=description,
                language=language,
                lat=None if number % 5 == 0 else 35.3 + number % 100 / 1000,
                lon=None if number % 5 == 0 else 136.9 + number % 100 / 1000,
            )
        )
    return rows
