"""Figures as text: one way of writing shares, ratios and 95% intervals in reports and cards,
and strings from the data in Markdown as data."""

from __future__ import annotations

import html

__all__ = ["markdown_text", "percent", "ratio", "span"]


def percent(value: object, missing: str = "-") -> str:
    """A share as a percentage with one decimal ("2.5%"); ``missing`` when it is not a number."""
    return f"{100 * value:.1f}%" if isinstance(value, int | float) else missing


def ratio(value: object, missing: str = "-") -> str:
    """A ratio (ROC-AUC, precision) with three decimals; ``missing`` when it is not a number."""
    return f"{value:.3f}" if isinstance(value, int | float) else missing


def span(bounds: object, *, pct: bool = False, missing: str = "-") -> str:
    """A 95% interval saved as ``[low, high]``, as "0.612-0.685" (or percentages)."""
    if not isinstance(bounds, list | tuple) or len(bounds) != 2:
        return missing
    show = percent if pct else ratio
    return f"{show(bounds[0])}-{show(bounds[1])}"


def markdown_text(value: object) -> str:
    """``value`` (a label, a file name, a language: anything from the data) as text in a
    Markdown line or table cell: HTML escaped, the characters that make Markdown markup or break
    a table escaped, on one line."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    for char in "\\`*_[]|#!":
        text = text.replace(char, "\\" + char)
    return text
