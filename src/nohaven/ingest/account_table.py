"""``accounts-csv``: an account table, one account per row and no posts.

Platforms and researchers keep lists of accounts with their standing: which were suspended
and when, follower counts at collection time. Posts alone cannot say that an account was
suspended (a suspended account simply stops posting), so this table is how the store learns
it; resurgent-account linking and account scoring read the status it sets.

Columns are recognised by name, case-insensitively (first match wins):

==============  ==========================================================================
field           columns
==============  ==========================================================================
id (required)   ``id``, ``id_str``, ``account_id``, ``user_id``
handle          ``screen_name``, ``handle``, ``username``
display name    ``name``, ``display_name``
description     ``description``, ``bio``
platform        ``platform`` (else ``--platform``, else ``generic``)
status          ``status``: ``active``, ``suspended`` or ``unknown`` (empty: ``unknown``)
suspended       ``suspended_at``: when the platform suspended it (implies ``suspended``)
created         ``created_at``, ``created``
followers       ``followers_count``, ``followers``
posts           ``statuses_count``, ``post_count``, ``posts``
observed        ``observed_at``, ``checked_at``, ``collected_at``: when the row was true
==============  ==========================================================================

The store keeps the most recently observed snapshot of each account, whole. A row's
``observed`` time is its ``observed_at`` column, else its ``suspended_at``; a row with
neither is stored as an undated snapshot, which any dated snapshot (a later post's author
object) replaces. So give the table an ``observed_at`` column, and every account field you
have: the snapshot replaces what posts said, it is not merged with it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

from nohaven.ingest.base import FormatOptions, Head, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.readers import read_csv
from nohaven.ingest.times import parse_time
from nohaven.model import Account, AccountStatus

__all__ = ["COLUMNS", "AccountsCsv", "map_account_row"]

COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "id": ("id", "id_str", "account_id", "user_id"),
    "handle": ("screen_name", "handle", "username"),
    "display_name": ("name", "display_name"),
    "description": ("description", "bio"),
    "platform": ("platform",),
    "status": ("status",),
    "suspended_at": ("suspended_at",),
    "created": ("created_at", "created"),
    "followers": ("followers_count", "followers"),
    "post_count": ("statuses_count", "post_count", "posts"),
    "observed": ("observed_at", "checked_at", "collected_at"),
}
# Columns that say "this table is about posts": a file with one is not an account table.
_POST_COLUMNS: Final = frozenset({"text", "tweet", "tweets", "body", "message", "content"})
_DEFAULT_PLATFORM: Final = "generic"


def _columns(header: Sequence[str]) -> dict[str, str]:
    """Which column feeds each field, for one header (case-insensitive, first match wins)."""
    by_fold: dict[str, str] = {}
    for column in header:
        by_fold.setdefault(column.strip().casefold(), column)
    found: dict[str, str] = {}
    for name, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in by_fold:
                found[name] = by_fold[candidate]
                break
    return found


def _cell(data: Mapping[str, object], columns: Mapping[str, str], name: str) -> str | None:
    column = columns.get(name)
    if column is None:
        return None
    value = data.get(column)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RecordError(f"{column}: expected text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _count(data: Mapping[str, object], columns: Mapping[str, str], name: str) -> int | None:
    text = _cell(data, columns, name)
    if text is None:
        return None
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        raise RecordError(f"{columns[name]}: not a whole number: {text[:40]!r}") from None
    if value < 0:
        raise RecordError(f"{columns[name]}: negative count {value}")
    return value


def _time(data: Mapping[str, object], columns: Mapping[str, str], name: str) -> datetime | None:
    text = _cell(data, columns, name)
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError as err:
        raise RecordError(f"{columns[name]}: {err}") from None


def _status(text: str | None, suspended: datetime | None, column: str) -> AccountStatus:
    if text is None:
        return AccountStatus.SUSPENDED if suspended is not None else AccountStatus.UNKNOWN
    try:
        status = AccountStatus(text.casefold())
    except ValueError:
        known = ", ".join(s.value for s in AccountStatus)
        raise RecordError(f"{column}: unknown status {text[:40]!r} (expected {known})") from None
    if suspended is not None and status is not AccountStatus.SUSPENDED:
        raise RecordError(f"{column}: status {text!r} but the row has a suspension time")
    return status


def map_account_row(
    data: Mapping[str, object], columns: Mapping[str, str], options: FormatOptions
) -> Account:
    """One row to an :class:`~nohaven.model.Account` (pure; raises RecordError)."""
    account_id = _cell(data, columns, "id")
    if account_id is None:
        raise RecordError(f"missing account id (column {columns.get('id', 'id')!r})")
    suspended = _time(data, columns, "suspended_at")
    observed = _time(data, columns, "observed")
    if observed is None or (suspended is not None and suspended > observed):
        observed = suspended if observed is None else observed
    platform = _cell(data, columns, "platform") or options.platform or _DEFAULT_PLATFORM
    return Account(
        platform=platform.casefold(),
        id=account_id,
        handle=(_cell(data, columns, "handle") or "").lstrip("@") or None,
        display_name=_cell(data, columns, "display_name"),
        description=_cell(data, columns, "description"),
        followers=_count(data, columns, "followers"),
        post_count=_count(data, columns, "post_count"),
        created=_time(data, columns, "created"),
        status=_status(_cell(data, columns, "status"), suspended, columns.get("status", "")),
        observed=observed,
        raw=dict(data),
    )


class AccountsCsv:
    """Account tables: one account per row with its status (suspended, active), no posts."""

    name = "accounts-csv"
    description = (
        "Account tables (CSV with a header): id, screen_name, name, status "
        "(active|suspended|unknown), suspended_at, created_at, followers_count, "
        "statuses_count, observed_at; one account per row, no posts"
    )

    def sniff(self, head: Head) -> float:
        try:
            header = next(csv.reader([head.first_line]))
        except (csv.Error, StopIteration):
            return 0.0
        folded = {column.strip().casefold() for column in header}
        if folded & _POST_COLUMNS:
            return 0.0
        columns = _columns(header)
        if "id" in columns and "status" in columns and "handle" in columns:
            return 0.9
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        """Stream the rows; a file without an id column is one reject naming the columns."""
        checked = False
        for item in read_csv(path):
            if isinstance(item, SourceRecord) and not checked:
                checked = True
                if "id" not in _columns(list(item.data)):
                    wanted = ", ".join(COLUMNS["id"])
                    yield Reject(item.source, 1, f"no account id column (one of: {wanted})")
                    return
            yield item

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        columns = _columns(list(record.data))
        return Mapped(accounts=(map_account_row(record.data, columns, options),))
