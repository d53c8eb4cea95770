"""Column mappings for the generic formats: which source column feeds which model field.

A mapping is written ``FIELD=COLUMN`` pairs separated by commas, as on the command line::

    --map text=body,account=user_id,handle=user.screen_name,created=ts

Fields (the left-hand side) are the names in :data:`FIELDS`. Columns (the right-hand side) are
taken verbatim (surrounding spaces removed); ``=`` may appear in a column name (the pair splits
at the first ``=``) but ``,`` may not: build :class:`~nohaven.ingest.base.FormatOptions` in
Python for such names. ``FIELD=-`` says "this file has no such column": the field is neither
read nor auto-detected (urls, mentions and hashtags are then derived from the text).

Looking a column up in a record (:func:`lookup`), in this order:

1. the column the mapping names, when the field is mapped: the exact key, else a dotted path
   into nested objects (``user.id``; a list on the way is mapped element-wise, so
   ``entities.hashtags.text`` gives every hashtag's ``text``);
2. otherwise the first of :data:`AUTO_COLUMNS` for the field that the record has: exact names
   first, then the same names ignoring case. Auto-detection takes only scalar values for
   scalar fields (a nested ``user`` object is never taken for a handle);
3. otherwise the field is missing. For ``urls``, ``mentions`` and ``hashtags`` the generic
   mapper then derives them from the text.

A mapping given for some fields leaves auto-detection on for the others.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Final

import orjson

from nohaven.ingest.base import RecordError

__all__ = [
    "AUTO_COLUMNS",
    "FIELDS",
    "LIST_FIELDS",
    "MISSING",
    "SKIP",
    "ColumnPlan",
    "MappingError",
    "check_mapping",
    "column_plan",
    "fields_in",
    "format_mapping",
    "get_path",
    "header_problem",
    "list_cell",
    "lookup",
    "parse_mapping",
    "scalar_cell",
]

FIELDS: Final[tuple[str, ...]] = (
    "id",
    "account",
    "handle",
    "display_name",
    "created",
    "text",
    "language",
    "reply_to",
    "reply_to_account",
    "repost_of",
    "repost_of_account",
    "quote_of",
    "quote_of_account",
    "urls",
    "mentions",
    "hashtags",
    "platform",
)
"""Model fields a mapping may name. ``account`` and ``*_account`` are platform account ids;
``handle`` and ``mentions`` are handles (``@`` optional); ``*_of`` and ``reply_to`` are post ids."""

LIST_FIELDS: Final[frozenset[str]] = frozenset({"urls", "mentions", "hashtags"})

SKIP: Final = "-"
"""The column value that turns a field off: ``--map language=-``."""

AUTO_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "id": ("id", "post_id", "tweet_id", "message_id", "status_id", "id_str"),
        "account": (
            "account",
            "account_id",
            "user_id",
            "author_id",
            "user_id_str",
            "from_id",
            "user.id",
            "author.id",
        ),
        "handle": (
            "handle",
            "username",
            "screen_name",
            "user",
            "user_name",
            "author",
            "user.screen_name",
            "user.username",
            "author.username",
        ),
        "display_name": ("display_name", "name", "user.name", "author.name"),
        "created": (
            "created",
            "created_at",
            "time",
            "timestamp",
            "date",
            "datetime",
            "published_at",
            "posted_at",
        ),
        "text": ("text", "body", "content", "message", "tweet", "tweets", "full_text"),
        "language": ("language", "lang"),
        "reply_to": ("reply_to", "in_reply_to_status_id_str", "in_reply_to_status_id"),
        "reply_to_account": (
            "reply_to_account",
            "in_reply_to_user_id_str",
            "in_reply_to_user_id",
        ),
        "repost_of": ("repost_of", "retweet_of"),
        "repost_of_account": ("repost_of_account",),
        "quote_of": ("quote_of", "quoted_status_id_str", "quoted_status_id"),
        "quote_of_account": ("quote_of_account",),
        "urls": ("urls", "links", "expanded_urls"),
        "mentions": ("mentions", "user_mentions"),
        "hashtags": ("hashtags", "tags"),
        "platform": ("platform",),
    }
)
"""Column names recognised when a field is not mapped, in precedence order (first wins).

The names people give an account split in two: ids (``user_id``, ``author_id``...) feed
``account`` and names (``username``, ``screen_name``, ``user``...) feed ``handle``; a record
with a handle and no id gets the account id :func:`~nohaven.model.account_ref` of the handle.
"""


class MappingError(ValueError):
    """A column mapping is malformed; the message says what to write instead."""


class _Missing(Enum):
    MISSING = "missing"


MISSING: Final = _Missing.MISSING
"""What :func:`lookup` and :func:`get_path` return when a record has no such column."""


def _unknown_field(name: str) -> MappingError:
    close = difflib.get_close_matches(name, FIELDS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return MappingError(
        f"unknown field {name!r} in the column mapping{hint}; fields you can map: "
        + ", ".join(FIELDS)
    )


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse ``"text=body,account=user"`` into ``{"text": "body", "account": "user"}``.

    Raises :class:`MappingError` for an empty spec, a pair without ``=``, an unknown field
    (listing the valid ones), a field given twice, or a field without a column.
    """
    if not spec.strip():
        raise MappingError(
            "empty column mapping: give FIELD=COLUMN pairs separated by commas, "
            "e.g. text=body,account=user_id,created=timestamp"
        )
    mapping: dict[str, str] = {}
    for item in spec.split(","):
        pair = item.strip()
        if not pair:
            raise MappingError(f"empty pair in the column mapping {spec!r} (two commas in a row?)")
        name, sep, column = pair.partition("=")
        name, column = name.strip(), column.strip()
        if not sep:
            raise MappingError(f"{pair!r} in the column mapping is not FIELD=COLUMN")
        if name not in FIELDS:
            raise _unknown_field(name)
        if not column:
            raise MappingError(
                f"field {name!r} has no column: write {name}=COLUMN, or {name}={SKIP} "
                "to say the file has none"
            )
        if name in mapping:
            raise MappingError(
                f"field {name!r} is mapped twice ({mapping[name]!r} and {column!r}); keep one"
            )
        mapping[name] = column
    return mapping


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """Validate a mapping built in code (field names known, columns non-empty); a copy."""
    checked: dict[str, str] = {}
    for name, column in mapping.items():
        if name not in FIELDS:
            raise _unknown_field(name)
        if not isinstance(column, str) or not column.strip():
            raise MappingError(f"field {name!r} has no column; give a column name or {SKIP!r}")
        checked[name] = column.strip()
    return checked


def format_mapping(mapping: Mapping[str, str]) -> str:
    """The ``FIELD=COLUMN,...`` text of a mapping (the inverse of :func:`parse_mapping`)."""
    return ",".join(f"{name}={column}" for name, column in mapping.items())


def get_path(data: Mapping[str, object], column: str) -> object:
    """The value at ``column``: the exact key, else a dotted path; :data:`MISSING` if absent.

    A list met on a dotted path is mapped element-wise (elements without the key are left
    out), so ``entities.hashtags.text`` yields the list of every hashtag's ``text``.
    """
    if column in data:
        return data[column]
    if "." not in column:
        return MISSING
    return _walk(data, column.split("."))


def _walk(value: object, parts: list[str]) -> object:
    for index, part in enumerate(parts):
        if isinstance(value, Mapping):
            if part not in value:
                return MISSING
            value = value[part]
        elif isinstance(value, list | tuple):
            rest = parts[index:]
            found = [_walk(item, rest) for item in value]
            return [item for item in found if item is not MISSING]
        else:
            return MISSING
    return value


_SCALARS: Final = (str, int, float, Decimal, date)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, _SCALARS)


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """Where to look for each field in records that share one set of keys.

    ``tries`` holds, per field, the columns to try in order; ``explicit`` the fields the
    mapping names (looked up in their column only, so an absent one is reported as such).
    Build it with :func:`column_plan`; it is cached per key set, so a file whose records
    share a header resolves its columns once.
    """

    explicit: frozenset[str]
    tries: Mapping[str, tuple[str, ...]]
    active: tuple[tuple[str, tuple[str, ...], bool, bool], ...] = field(init=False)

    def __post_init__(self) -> None:
        active = tuple(
            (name, tries, name in self.explicit, name not in LIST_FIELDS)
            for name, tries in self.tries.items()
            if tries
        )
        object.__setattr__(self, "active", active)

    def lookup(self, data: Mapping[str, object], name: str) -> tuple[str | None, object]:
        """``(column, value)`` for field ``name``; see :func:`lookup`."""
        tries = self.tries[name]
        if not tries:
            return None, MISSING
        if name in self.explicit:
            return tries[0], get_path(data, tries[0])
        scalar = name not in LIST_FIELDS
        for column in tries:
            value = get_path(data, column)
            if value is not MISSING and (not scalar or _is_scalar(value)):
                return column, value
        return None, MISSING

    def extract(self, data: Mapping[str, object]) -> dict[str, tuple[str, object]]:
        """``{field: (column, value)}`` for every field this plan can find in ``data``.

        The fast path of :meth:`lookup` for all fields at once: fields with no column are
        left out; a mapped column absent from ``data`` is kept with :data:`MISSING`.
        """
        found: dict[str, tuple[str, object]] = {}
        get = data.get
        for name, tries, explicit, scalar in self.active:
            for column in tries:
                # get_path inlined: the exact key, else a dotted path (this runs per cell).
                value = get(column, MISSING)
                if value is MISSING and "." in column:
                    value = _walk(data, column.split("."))
                if explicit or (
                    value is not MISSING
                    and (not scalar or value is None or isinstance(value, _SCALARS))
                ):
                    found[name] = (column, value)
                    break
        return found

    def unusable(self, data: Mapping[str, object], name: str) -> list[str]:
        """Auto-detected columns for ``name`` that ``data`` has but that hold no scalar."""
        if name in self.explicit or name in LIST_FIELDS:
            return []
        return [
            column
            for column in self.tries[name]
            if (value := get_path(data, column)) is not MISSING and not _is_scalar(value)
        ]


def column_plan(data: Mapping[str, object], mapping: Mapping[str, str]) -> ColumnPlan:
    """The :class:`ColumnPlan` for a record with ``data``'s keys under ``mapping``."""
    return _plan(tuple(data), tuple(mapping.items()))


@functools.lru_cache(maxsize=256)
def _plan(keys: tuple[str, ...], items: tuple[tuple[str, str], ...]) -> ColumnPlan:
    mapping = dict(items)
    present = set(keys)
    folded: dict[str, str] = {}
    for key in keys:
        folded.setdefault(key.casefold(), key)
    tries: dict[str, tuple[str, ...]] = {}
    explicit: set[str] = set()
    for name in FIELDS:
        column = mapping.get(name)
        if column is not None:
            if column != SKIP:
                explicit.add(name)
                tries[name] = (column,)
            else:
                tries[name] = ()
            continue
        found: list[str] = []
        for candidate in AUTO_COLUMNS[name]:
            if candidate in present or candidate.split(".", 1)[0] in present:
                found.append(candidate)
        for candidate in AUTO_COLUMNS[name]:
            actual = folded.get(candidate)
            if actual is not None and actual not in found:
                found.append(actual)
        tries[name] = tuple(found)
    return ColumnPlan(frozenset(explicit), MappingProxyType(tries))


def lookup(
    data: Mapping[str, object], name: str, mapping: Mapping[str, str]
) -> tuple[str | None, object]:
    """``(column, value)`` for field ``name`` in one record; see the module docstring.

    The column is the one mapped or auto-detected, or ``None`` when the field is turned off or
    no candidate column exists; the value is :data:`MISSING` when the record lacks it. To look
    up several fields of one record, build its :func:`column_plan` once.
    """
    return column_plan(data, mapping).lookup(data, name)


def _header_sample(columns: Collection[str]) -> dict[str, object]:
    return {column: "" for column in columns}


def fields_in(sample: Mapping[str, object], mapping: Mapping[str, str]) -> frozenset[str]:
    """The fields :func:`lookup` finds a column for in ``sample`` (a record or a header)."""
    plan = column_plan(sample, mapping)
    return frozenset(name for name in FIELDS if plan.lookup(sample, name)[1] is not MISSING)


def header_problem(columns: Collection[str], mapping: Mapping[str, str]) -> str | None:
    """Why a file whose every record has exactly ``columns`` cannot be mapped, if it cannot.

    Used by formats with a fixed header (CSV, Parquet) to reject a whole file once instead
    of every row: a mapped column that is not in the header, or no column for a required field.
    """
    shown = ", ".join(list(columns)[:40])
    tops = {column.split(".", 1)[0] for column in columns} | set(columns)
    for name, column in mapping.items():
        if column != SKIP and column not in tops and column.split(".", 1)[0] not in tops:
            return (
                f"column {column!r} (mapped to {name}) is not in the header; "
                f"the columns are: {shown}"
            )
    mapped = {name for name, column in mapping.items() if column != SKIP}
    found = fields_in(_header_sample(tops), mapping) | mapped
    for name in ("text", "created"):
        if name not in found:
            return (
                f"no {name} column: none of {', '.join(AUTO_COLUMNS[name])} is in the header "
                f"(columns: {shown}); name it with --map {name}=COLUMN"
            )
    if "account" not in found and "handle" not in found:
        return (
            "no account column: none of the usual account id or handle columns is in the "
            f"header (columns: {shown}); name one with --map account=COLUMN or "
            "--map handle=COLUMN"
        )
    return None


def _where(name: str, column: str | None) -> str:
    return f"{name} (column {column!r})" if column else name


def scalar_cell(name: str, column: str | None, value: object) -> str | None:
    """A scalar cell as stripped text; ``None`` for missing, null or blank.

    Whole numbers become their digits (``123`` -> ``"123"``; ``1.0`` -> ``"1"``); a
    fractional or huge float cannot be an id and raises :class:`RecordError`, as do nested
    objects, lists and booleans.
    """
    if value is MISSING or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        raise RecordError(f"{_where(name, column)}: expected text, found a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if value.is_finite() if isinstance(value, Decimal) else math.isfinite(value):
            whole = int(value)
            if whole == value and (isinstance(value, Decimal) or abs(whole) < 2**53):
                return str(whole)
        raise RecordError(f"{_where(name, column)}: {value!r} is not a whole number")
    raise RecordError(f"{_where(name, column)}: expected text, found {type(value).__name__}")


_STRIP_PREFIX: Final[Mapping[str, str]] = MappingProxyType(
    {"mentions": "@＠", "hashtags": "#＃", "urls": ""}
)


def list_cell(name: str, column: str | None, value: object) -> tuple[str, ...] | None:
    """A list-valued cell (urls, mentions, hashtags); ``None`` when missing or null.

    Accepted, so that no value is split ambiguously:

    * a JSON or Parquet list of strings (or numbers);
    * text holding a JSON array (``["a", "b"]``);
    * text separated by ``|`` when it contains one (``a | b``), else by whitespace (``a b``).

    Commas never separate: a mention or hashtag containing one, or a URL containing
    ``,http``, raises :class:`RecordError` (it looks comma-joined). Mentions lose a leading
    ``@`` and hashtags a leading ``#``; blanks and duplicates are dropped, order is kept.
    """
    if value is MISSING or value is None:
        return None
    items: list[object]
    if isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = orjson.loads(text)
            except orjson.JSONDecodeError as err:
                raise RecordError(
                    f"{_where(name, column)}: cell starts with '[' but is not a JSON array ({err})"
                ) from None
            if not isinstance(parsed, list):
                raise RecordError(f"{_where(name, column)}: expected a JSON array")
            items = parsed
        elif "|" in text:
            items = list(text.split("|"))
        else:
            items = list(text.split())
    else:
        raise RecordError(
            f"{_where(name, column)}: expected a list or text, found {type(value).__name__}"
        )
    prefix = _STRIP_PREFIX[name]
    out: dict[str, None] = {}
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise RecordError(
                f"{_where(name, column)}: list items must be text, found {type(item).__name__}"
            )
        cleaned = str(item).strip().lstrip(prefix).strip() if prefix else str(item).strip()
        if not cleaned:
            continue
        if ("," in cleaned and name != "urls") or ",http" in cleaned.casefold():
            raise RecordError(
                f"{_where(name, column)}: {cleaned[:80]!r} looks comma-separated; separate "
                "items with spaces or '|', or write a JSON array"
            )
        out[cleaned] = None
    return tuple(out)
