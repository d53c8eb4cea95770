"""Cells for CSV files a person may open in a spreadsheet: never a formula.

Data from platforms is hostile: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return could run as a formula, so such a cell gets a leading ``'``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_STARTS", "safe_cell", "unescape_cell"]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def unescape_cell(value: str) -> str:
    """A cell as it was before :func:`safe_cell` guarded it."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value
