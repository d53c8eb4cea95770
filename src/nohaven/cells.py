"""Cells for CSV files a person may open in a spreadsheet: never a formula.

Data from platforms is hostile: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return could run as a formula, so such a cell gets a leading ``'``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

__all__ = ["FORMULA_STARTS", "safe_cell", "unescape_cell", "write_records"]

T = TypeVar("T")

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def unescape_cell(value: str) -> str:
    """A cell as it was before :func:`safe_cell` guarded it."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def write_records(
    path: Path,
    what: str,
    columns: Sequence[str],
    rows: Iterable[T],
    csv_record: Callable[[T], Mapping[str, Any]],
    json_record: Callable[[T], Mapping[str, Any]] | None = None,
) -> int:
    """Write ``rows`` to ``path``: ``.csv`` (a header of ``columns``, every cell spreadsheet-safe)
    or ``.jsonl`` (one object a line, ``json_record``'s, else ``csv_record``'s). Raises
    ValueError, naming ``what``, for any other suffix, before reading ``rows`` (written as they
    come: an iterator is never held whole). Returns the rows written."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise ValueError(f"{path}: write {what} to a .csv or .jsonl file")
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        if suffix == ".csv":
            writer = csv.writer(handle)
            writer.writerow(columns)
            for item in rows:
                record = csv_record(item)
                writer.writerow([safe_cell(record[name]) for name in columns])
                written += 1
        else:
            as_json = json_record or csv_record
            for item in rows:
                handle.write(json.dumps(as_json(item), ensure_ascii=False) + "\n")
                written += 1
    return written
