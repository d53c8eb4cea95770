"""Figures as text: one way of writing shares, ratios and 95% intervals in reports and cards."""

from __future__ import annotations

__all__ = ["percent", "ratio", "span"]


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
