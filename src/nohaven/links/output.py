"""Writing links as CSV or JSON lines (one row per post and destination)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import orjson

from nohaven.cells import safe_cell
from nohaven.model import PostLink

__all__ = ["LINK_COLUMNS", "write_links"]

LINK_COLUMNS: Final = (
    "platform",
    "post_id",
    "account",
    "time",
    "raw",
    "target",
    "kind",
    "app",
    "domain",
    "obfuscated",
    "source",
)


def _record(link: PostLink) -> dict[str, object]:
    return {
        "platform": link.platform,
        "post_id": link.post_id,
        "account": link.account_id,
        "time": link.created.isoformat(),
        "raw": link.raw,
        "target": link.target,
        "kind": link.kind,
        "app": link.app,
        "domain": link.domain,
        "obfuscated": link.obfuscated,
        "source": link.source,
    }


def write_links(links: Iterable[PostLink], output: Path) -> int:
    """Write ``links`` to ``output`` (``.csv`` or ``.jsonl``, by its suffix); the rows written.

    The file is written beside its final name and moved into place at the end. CSV cells are
    guarded against spreadsheet formulas; ``obfuscated`` is ``yes`` or ``no`` there.
    """
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise ValueError(f"{output}: write links to a .csv or .jsonl file")
    partial = output.with_name(output.name + ".partial")
    count = 0
    if suffix == ".jsonl":
        with partial.open("wb") as handle:
            for link in links:
                handle.write(orjson.dumps(_record(link)) + b"\n")
                count += 1
    else:
        with partial.open("w", encoding="utf-8", newline="") as text:
            writer = csv.writer(text)
            writer.writerow(LINK_COLUMNS)
            for link in links:
                record = _record(link)
                record["obfuscated"] = "yes" if link.obfuscated else "no"
                writer.writerow([safe_cell(record[column]) for column in LINK_COLUMNS])
                count += 1
    partial.replace(output)
    return count
