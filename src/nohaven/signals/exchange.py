"""Bank files: reading and writing banks in the formats hash-sharing tools use.

* ``threatexchange``: python-threatexchange's local-file format (its ``local_file``
  collaboration reads it): one signal a line, ``<signal type> <value>``, with
  threatexchange's signal-type names (``pdq``, ``video_md5``, ``url``, ``raw_text``...).
  It carries no labels.
* ``hma``: JSON lines of Hasher-Matcher-Actioner's bank-content bodies, one content item a
  line: ``{"pdq": "<hash>", "video_md5": "<hash>"}`` as ``POST /c/bank/NAME/signal`` takes
  it, or ``{"id": 1, "signals": {...}}`` as its bank-content listing gives it.
* ``csv``: nohaven's own, with every field: ``signal_type,value,group,behaviours,tags,
  source,confidence`` (``behaviours`` and ``tags`` separated by ``|``).

Reading never stops at a bad line: each becomes a :class:`~nohaven.ingest.base.Reject`
naming the file, the line and the reason, and the other lines are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Final

import orjson

from nohaven.cells import safe_cell, unescape_cell
from nohaven.ingest.base import Reject, excerpt
from nohaven.signals.bank import Bank, BankEntry, BankError, EntryLabels, NewEntry, parse_labels
from nohaven.signals.base import SignalError
from nohaven.signals.registry import SignalRegistry, UnknownSignalTypeError

__all__ = ["CSV_COLUMNS", "BankFormat", "ExportReport", "ReadResult", "read_bank", "write_bank"]

CSV_COLUMNS: Final = ("signal_type", "value", "group", "behaviours", "tags", "source", "confidence")
_LIST_SEPARATOR = "|"


class BankFormat(StrEnum):
    """Bank file formats."""

    THREATEXCHANGE = "threatexchange"
    HMA = "hma"
    CSV = "csv"


@dataclass(slots=True)
class ReadResult:
    """What a bank file held: entries ready to add, and the lines that could not be read."""

    entries: list[NewEntry] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote, and the entries its format cannot carry."""

    written: int
    skipped: int
    skipped_types: tuple[str, ...]


def read_bank(
    path: Path, fmt: BankFormat, bank: Bank, registry: SignalRegistry, *, source: str | None = None
) -> ReadResult:
    """Read ``path`` in format ``fmt`` as entries for ``bank``.

    Each value is checked and made canonical by its signal type, and its type must be of
    the bank's content kind. ``source`` (default: the file name) is recorded on entries
    that name none.
    """
    result = ReadResult()
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BankError(f"{where}: {err.strerror or err}") from None
    if not raw.strip():
        raise BankError(f"{where}: the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BankError(f"{where}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    if "\x00" in text:
        raise BankError(f"{where}: the file holds NUL bytes; it is not a bank file")
    default_source = source or path.name
    reader = {
        BankFormat.THREATEXCHANGE: _read_threatexchange,
        BankFormat.HMA: _read_hma,
        BankFormat.CSV: _read_csv,
    }[fmt]
    for line, found in reader(text, registry, where):
        if isinstance(found, str):
            result.rejects.append(Reject(where, line, found, excerpt(_line(text, line))))
            continue
        problem = _kind_problem(found, bank, registry)
        if problem is not None:
            result.rejects.append(Reject(where, line, problem, excerpt(_line(text, line))))
            continue
        if found.source is None:
            found = NewEntry(
                found.signal_type,
                found.value,
                found.labels,
                default_source,
                found.confidence,
                found.quality,
            )
        result.entries.append(found)
    return result


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _kind_problem(entry: NewEntry, bank: Bank, registry: SignalRegistry) -> str | None:
    kind = registry.type(entry.signal_type).kind
    if kind is not bank.kind:
        return (
            f"signal type {entry.signal_type!r} is for {kind} banks; "
            f"bank {bank.name!r} holds {bank.kind}"
        )
    return None


_Found = Iterator[tuple[int, NewEntry | str]]


def _entry(
    registry: SignalRegistry, type_name: str, value: str, where: str, *, threatexchange: bool
) -> NewEntry | str:
    try:
        signal_type = (
            registry.by_threatexchange_name(type_name)
            if threatexchange
            else registry.type(type_name)
        )
    except UnknownSignalTypeError as err:
        if not threatexchange:
            return str(err)
        try:  # nohaven's own names are accepted too
            signal_type = registry.type(type_name)
        except UnknownSignalTypeError:
            return str(err)
    try:
        canonical = signal_type.canonical(value)
    except SignalError as err:
        return f"{signal_type.name}: {err.reason}"
    return NewEntry(signal_type.name, canonical)


def _read_threatexchange(text: str, registry: SignalRegistry, where: str) -> _Found:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        type_name, _, value = stripped.partition(" ")
        if not value.strip():
            yield number, "expected '<signal type> <value>'"
            continue
        yield number, _entry(registry, type_name, value.strip(), where, threatexchange=True)


def _read_hma(text: str, registry: SignalRegistry, where: str) -> _Found:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as err:
            yield number, f"malformed JSON ({err})"
            continue
        if not isinstance(data, dict):
            yield number, "expected a JSON object of signal type to value"
            continue
        signals = data.get("signals", data)
        if not isinstance(signals, dict) or not signals:
            yield number, "no signals on this line"
            continue
        for type_name, value in signals.items():
            if not isinstance(value, str):
                yield number, f"{type_name}: expected a string value"
                continue
            yield number, _entry(registry, str(type_name), value, where, threatexchange=True)


def _read_csv(text: str, registry: SignalRegistry, where: str) -> _Found:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [name for name in ("signal_type", "value") if name not in header]
    if missing:
        yield 1, f"the header lacks {', '.join(missing)}; columns: {', '.join(CSV_COLUMNS)}"
        return
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, f"{len(header) + len(row[None])} fields; the header has {len(header)}"
            continue
        value = unescape_cell(row["value"] or "")
        found = _entry(registry, row["signal_type"].strip(), value, where, threatexchange=False)
        if isinstance(found, str):
            yield number, found
            continue
        try:
            labels = _csv_labels(row)
            confidence = _confidence(row.get("confidence"))
            yield (
                number,
                NewEntry(
                    found.signal_type,
                    found.value,
                    labels,
                    unescape_cell(row.get("source") or "").strip() or None,
                    confidence,
                ),
            )
        except BankError as err:
            yield number, str(err)


def _csv_labels(row: dict[str, str]) -> EntryLabels:
    items = []
    group = unescape_cell(row.get("group") or "").strip()
    if group:
        items.append(f"group={group}")
    for column, key in (("behaviours", "behaviour"), ("tags", "tag")):
        for part in unescape_cell(row.get(column) or "").split(_LIST_SEPARATOR):
            if part.strip():
                items.append(f"{key}={part.strip()}")
    return parse_labels(items)


def _confidence(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise BankError(f"confidence {value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise BankError(f"confidence {number} is not between 0 and 1")
    return number


# --- writing ----------------------------------------------------------------------------


def write_bank(
    entries: Iterable[BankEntry], target: IO[str], fmt: BankFormat, registry: SignalRegistry
) -> ExportReport:
    """Write ``entries`` to ``target`` in ``fmt``; entries the format cannot carry are counted.

    The threatexchange and HMA formats name signal types as python-threatexchange does;
    a type it has no name for (``sha256`` of any file, ``domain``) is skipped and reported.
    Values are written on one line (text values have their whitespace runs made one space).
    """
    written = skipped = 0
    skipped_types: dict[str, None] = {}
    writer = csv.writer(target, lineterminator="\n") if fmt is BankFormat.CSV else None
    if writer is not None:
        writer.writerow(CSV_COLUMNS)
    for entry in entries:
        value = " ".join(entry.value.split())
        if writer is not None:
            writer.writerow(
                [
                    entry.signal_type,
                    safe_cell(value),
                    safe_cell(entry.labels.group or ""),
                    _LIST_SEPARATOR.join(str(b) for b in entry.labels.behaviours),
                    safe_cell(_LIST_SEPARATOR.join(entry.labels.tags)),
                    safe_cell(entry.source or ""),
                    "" if entry.confidence is None else f"{entry.confidence:g}",
                ]
            )
            written += 1
            continue
        te_name = registry.type(entry.signal_type).threatexchange_name
        if te_name is None:
            skipped += 1
            skipped_types[entry.signal_type] = None
            continue
        if fmt is BankFormat.THREATEXCHANGE:
            target.write(f"{te_name} {value}\n")
        else:
            target.write(orjson.dumps({te_name: value}).decode("utf-8") + "\n")
        written += 1
    return ExportReport(written=written, skipped=skipped, skipped_types=tuple(skipped_types))
