"""Generic tabular formats: ``csv`` (and TSV), ``jsonl`` and ``parquet``, with a column mapping.

For exports that no specific format knows. Which column feeds which field is given by
``FormatOptions.mapping`` (``--map text=body,account=user_id``) or recognised from common
column names; :mod:`nohaven.ingest.mapping` documents both and their precedence.

How a record becomes a post (:func:`map_generic`):

* **text** and **created** are required, and an **account** id or a **handle**: a record
  without them is rejected with the field and the column it was looked for in. A text column
  that is absent or null is *missing* (rejected); an empty text is a real post (one with only
  media, say) and is kept. Without an account id the account is
  :func:`~nohaven.model.account_ref` of the handle.
* **created** may be Unix time (s or ms), ISO 8601, Twitter's ``Wed Aug 27 13:08:45 +0000
  2008``, ``M/D/YYYY H:MM``, or a Parquet timestamp. A time without a zone is rejected: a
  generic file does not say which zone it meant, and nohaven never guesses.
* **id** is optional: without one the post gets
  ``stable_id(platform, account_id, created.isoformat(), text)``, so the same row ingested
  twice gets the same id.
* **urls**, **mentions** and **hashtags** come from their columns when the record has them
  (see :func:`~nohaven.ingest.mapping.list_cell` for the cell convention), else from the
  text (``RT @x:``, ``@x``, ``#x``, ``http(s)://``), as does the reposted account.
* **platform** is the record's platform column when it has one, else
  ``FormatOptions.platform`` (for sources that do not say), else ``"generic"``; it is
  case-folded so ``Twitter`` and ``twitter`` are one platform.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

import orjson

from nohaven.ingest.base import (
    FormatOptions,
    Head,
    Mapped,
    RecordError,
    Reject,
    SourceRecord,
    excerpt,
)
from nohaven.ingest.entities import parse_text_entities
from nohaven.ingest.mapping import (
    AUTO_COLUMNS,
    MISSING,
    SKIP,
    check_mapping,
    column_plan,
    fields_in,
    get_path,
    header_problem,
    list_cell,
    scalar_cell,
)
from nohaven.ingest.readers import header_delimiter, read_csv, read_jsonl
from nohaven.ingest.times import parse_time
from nohaven.model import Account, Post, account_ref, stable_id

__all__ = [
    "DEFAULT_PLATFORM",
    "GenericCsv",
    "GenericJsonl",
    "GenericParquet",
    "map_generic",
]

DEFAULT_PLATFORM: Final = "generic"
# Sniffing scores stay below the specific formats' (0.9+): a generic format only wins a file
# no specific one recognises. The registry auto-detects from 0.5.
_SCORE_FULL: Final = 0.5  # text, time and author columns
_SCORE_ID: Final = 0.05  # ... and an id column
_SCORE_PARTIAL: Final = 0.3  # text and time only: not enough to auto-detect
_NOT_FOUND: Final[tuple[str | None, object]] = (None, MISSING)
# The scalar fields besides text and created, in the order the mapper reads them.
_CELL_FIELDS: Final = (
    "account",
    "handle",
    "platform",
    "id",
    "repost_of_account",
    "language",
    "reply_to",
    "reply_to_account",
    "repost_of",
    "quote_of",
    "quote_of_account",
    "display_name",
)
_NAIVE_HINT: Final = "; generic formats never guess a zone: write times with one (Z, +00:00)"


# --- mapping one record --------------------------------------------------------------------


def _assume_utc(options: FormatOptions) -> bool:
    # Forward-compatible with an ``assume_utc`` option; FormatOptions has none today.
    return bool(getattr(options, "assume_utc", False))


class _Row:
    """One record under its column plan: the field accessors the mapper needs."""

    __slots__ = ("data", "found", "options", "plan")

    def __init__(self, data: Mapping[str, object], options: FormatOptions) -> None:
        self.data = data
        self.options = options
        self.plan = column_plan(data, options.mapping)
        self.found = self.plan.extract(data)

    def get(self, name: str) -> tuple[str | None, object]:
        return self.found.get(name, _NOT_FOUND)

    def absence(self, name: str) -> str:
        """Why field ``name`` has no value: turned off, absent, null or empty."""
        column, value = self.get(name)
        if value is MISSING:
            if self.options.mapping.get(name) == SKIP:
                return f"{name} is turned off ({name}={SKIP})"
            if column is not None:
                return f"column {column!r} is missing from this row"
            unusable = self.plan.unusable(self.data, name)
            if unusable:
                kind = type(get_path(self.data, unusable[0])).__name__
                return f"column {unusable[0]!r} holds a {kind}, not a value"
            return f"none of the columns {', '.join(AUTO_COLUMNS[name])} is in this row"
        if value is None:
            return f"column {column!r} is null"
        return f"column {column!r} is empty"

    def cells(self) -> dict[str, str | None]:
        """Every scalar field but text and created that the record has a column for, as text.

        Stripped, blank as ``None`` (:func:`~nohaven.ingest.mapping.scalar_cell`), in the
        order the mapper has always read them (so a record with several bad cells is reported
        for the same one); a field the record has no column for is left out.
        """
        found = self.found
        out: dict[str, str | None] = {}
        for name in _CELL_FIELDS:
            hit = found.get(name)
            if hit is not None:
                value = hit[1]
                out[name] = (
                    (value.strip() or None) if type(value) is str else scalar_cell(name, *hit)
                )
        return out

    def items(self, name: str) -> tuple[str, ...] | None:
        hit = self.found.get(name)
        if hit is None:
            return None
        return list_cell(name, *hit)

    def text(self) -> str:
        column, value = self.get("text")
        if type(value) is str and len(value) <= self.options.max_text_chars:
            return value  # the common case, checked first
        if value is MISSING or value is None:
            raise RecordError(f"no text: {self.absence('text')}")
        if isinstance(value, str):
            text = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            text = str(value)
        else:
            raise RecordError(
                f"text (column {column!r}): expected text, found {type(value).__name__}"
            )
        limit = self.options.max_text_chars
        if len(text) > limit:
            raise RecordError(
                f"text (column {column!r}) has {len(text):,} characters; the limit is {limit:,}"
            )
        return text

    def created(self) -> datetime:
        column, value = self.get("created")
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            raise RecordError(f"no created time: {self.absence('created')}")
        assume_utc = _assume_utc(self.options)
        try:
            if type(value) is str:  # the common case, checked first
                return parse_time(value, assume_utc=assume_utc)
            if isinstance(value, datetime | date):
                return _from_datetime(value, assume_utc)
            return parse_time(value, assume_utc=assume_utc)
        except RecordError as err:
            hint = _NAIVE_HINT if "has no time zone" in str(err) else ""
            raise RecordError(f"created (column {column!r}): {err}{hint}") from None

    def account(self, cells: Mapping[str, str | None]) -> tuple[str, str | None]:
        """The account id and handle, from the record's :meth:`cells`."""
        account_id = cells.get("account")
        handle = cells.get("handle")
        if handle is not None:
            handle = handle.lstrip("@＠").strip() or None
        if account_id is not None:
            return account_id, handle
        if handle is not None:
            return account_ref(handle), handle
        raise RecordError(
            f"no account: account id: {self.absence('account')}; "
            f"handle: {self.absence('handle')}; name one with --map account=COLUMN "
            "or --map handle=COLUMN"
        )


def _from_datetime(value: date, assume_utc: bool) -> datetime:
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    if moment.tzinfo is None or moment.utcoffset() is None:
        if not assume_utc:
            raise RecordError(f"timestamp {moment.isoformat()!r} has no time zone")
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def map_generic(record: SourceRecord, options: FormatOptions) -> Mapped:
    """Map one generic record (a CSV row, a JSON object, a Parquet row) to a post and account.

    Pure: reads only ``record`` and ``options``; raises :class:`RecordError` when the record
    lacks a required field or holds a malformed value.
    """
    row = _Row(record.data, options)
    text = row.text()
    created = row.created()
    cells = row.cells()
    account_id, handle = row.account(cells)
    cell = cells.get
    platform = (cell("platform") or options.platform or DEFAULT_PLATFORM).casefold()
    post_id = cell("id") or stable_id(platform, account_id, created.isoformat(), text)

    urls = row.items("urls")
    mentions = row.items("mentions")
    hashtags = row.items("hashtags")
    repost_of_account = cell("repost_of_account")
    if urls is None or mentions is None or hashtags is None or repost_of_account is None:
        entities = parse_text_entities(text)
        urls = entities.urls if urls is None else urls
        mentions = entities.mentions if mentions is None else mentions
        hashtags = entities.hashtags if hashtags is None else hashtags
        if repost_of_account is None and entities.repost_of_handle:
            repost_of_account = account_ref(entities.repost_of_handle)

    post = Post(
        platform=platform,
        id=post_id,
        account_id=account_id,
        created=created,
        text=text,
        language=cell("language"),
        reply_to=cell("reply_to"),
        reply_to_account=cell("reply_to_account"),
        repost_of=cell("repost_of"),
        repost_of_account=repost_of_account,
        quote_of=cell("quote_of"),
        quote_of_account=cell("quote_of_account"),
        urls=urls,
        mentions=mentions,
        mention_ids=tuple([account_ref(mention) for mention in mentions]) if mentions else (),
        hashtags=hashtags,
        raw=record.data,
    )
    account = Account(
        platform=platform,
        id=account_id,
        handle=handle,
        display_name=cell("display_name"),
        observed=created,  # a row's account is as the row was written: at its post's time
        # A table row is a post, not an account record: the account keeps only its fields, so
        # its snapshot changes only when they do (the row itself is the post's raw record).
        raw={},
    )
    return Mapped(posts=(post,), accounts=(account,))


# --- reading and sniffing ------------------------------------------------------------------


def _suffix(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    return name[name.rfind(".") :] if "." in name else ""


def _score(sample: Mapping[str, object], mapping: Mapping[str, str]) -> float:
    found = fields_in(sample, mapping)
    if "text" not in found or "created" not in found:
        return 0.0
    if "account" not in found and "handle" not in found:
        return _SCORE_PARTIAL
    return _SCORE_FULL + (_SCORE_ID if "id" in found else 0.0)


def _checked_header(
    records: Iterator[SourceRecord | Reject], mapping: Mapping[str, str]
) -> Iterator[SourceRecord | Reject]:
    """Reject the whole file once when its header cannot be mapped, instead of every row."""
    checked = False
    for item in records:
        if not checked and isinstance(item, SourceRecord):
            checked = True
            problem = header_problem(list(item.data), mapping)
            if problem is not None:
                yield Reject(item.source, 1, problem, excerpt(",".join(item.data)))
                return
        yield item


class GenericCsv:
    """Any CSV or TSV file with a header row (``.csv``, ``.tsv``, optionally gzipped)."""

    name = "csv"
    description = (
        "Generic CSV/TSV with a header row; columns recognised by name or given with "
        "--map text=COLUMN,created=COLUMN,account=COLUMN,..."
    )

    def sniff(self, head: Head) -> float:
        suffix = _suffix(head.path)
        if suffix not in (".csv", ".tsv"):
            return 0.0
        try:
            delimiter = header_delimiter(head.path.name, head.first_line)
            header = next(csv.reader([head.first_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            return 0.0
        return _score({column.strip(): "" for column in header}, head.mapping)

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        mapping = check_mapping(options.mapping)
        return _checked_header(read_csv(path), mapping)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        return map_generic(record, options)


class GenericJsonl:
    """JSON objects one a line (``.jsonl``, ``.ndjson``, optionally gzipped); nested paths."""

    name = "jsonl"
    description = (
        "Generic JSON lines; fields recognised by name or given with --map, dotted paths "
        "for nested objects (--map account=user.id)"
    )

    def sniff(self, head: Head) -> float:
        if _suffix(head.path) not in (".jsonl", ".ndjson"):
            return 0.0
        first = next((line for line in head.text.lstrip("\ufeff").splitlines() if line.strip()), "")
        try:
            value = orjson.loads(first)
        except orjson.JSONDecodeError:
            return 0.0
        return _score(value, head.mapping) if isinstance(value, dict) else 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        check_mapping(options.mapping)
        return read_jsonl(path)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        return map_generic(record, options)


class GenericParquet:
    """Apache Parquet files, streamed in batches; nested (struct) columns by dotted path.

    ``batch_size`` rows are decoded at a time, so memory stays flat in the file's size
    (bounded by one batch and one row group). Line numbers are 1-based row numbers.
    """

    name = "parquet"
    description = (
        "Generic Apache Parquet, streamed in batches; columns recognised by name or given "
        "with --map, dotted paths for struct columns"
    )

    def __init__(self, batch_size: int = 4096) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size

    def sniff(self, head: Head) -> float:
        if _suffix(head.path) not in (".parquet", ".pq") or not head.data.startswith(b"PAR1"):
            return 0.0
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(head.path).names
        except (pa.ArrowException, OSError):
            return 0.0
        return _score({str(name): "" for name in names}, head.mapping)

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        mapping = check_mapping(options.mapping)
        return self._rows(path, mapping)

    def _rows(self, path: Path, mapping: Mapping[str, str]) -> Iterator[SourceRecord | Reject]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        source = str(path)
        try:
            parquet = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as err:
            yield Reject(source, 1, f"{path.name}: not a readable Parquet file ({err})")
            return
        try:
            problem = header_problem(parquet.schema_arrow.names, mapping)
            if problem is not None:
                yield Reject(source, 1, problem)
                return
            line = 0
            batches = parquet.iter_batches(batch_size=self.batch_size)
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    break
                except (pa.ArrowException, OSError) as err:
                    yield Reject(
                        source,
                        line + 1,
                        f"{path.name}: Parquet data is corrupt from row {line + 1} "
                        f"({type(err).__name__}: {err}); the rows before it were read",
                    )
                    break
                for row in batch.to_pylist():
                    line += 1
                    yield SourceRecord(source, line, row)
        finally:
            parquet.close()

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        return map_generic(record, options)
