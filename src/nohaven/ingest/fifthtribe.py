"""``fifthtribe-csv``: the Kaggle "How ISIS Uses Twitter" CSV and its expanded-links variant.

Two layouts are read, told apart by their header:

* the Fifth Tribe layout: ``name, username, description, location, followers,
  numberstatuses, time, tweets`` (one row per tweet, with a profile snapshot of its author);
* the expanded-links layout (``IsisFanboy.csv``): ``name, username, tweetid, time, tweets``,
  the same tweets with ``t.co`` links expanded and whitespace re-rendered. Its ``tweetid`` is a
  row index of the Fifth Tribe file, not a Twitter id, so it stays in the raw record only.

``time`` is ``M/D/YYYY H:MM`` in UTC. Reposts (``RT @handle:``), mentions, hashtags and links
are derived from the text; accounts are referred to by :func:`~nohaven.model.account_ref`.

**Missing versus empty.** A column the layout lacks is *missing* (``None``: the expanded-links
layout says nothing about descriptions or follower counts). A cell that is present but empty
in the Fifth Tribe layout was an empty profile field when the data was collected, so
``description`` and ``display_name`` become ``""``. Counts (``followers``, ``numberstatuses``)
that are empty or not a whole number become ``None``; the cell stays in ``raw``. ``location``
is personal data the analysis does not need: it is kept in ``raw`` only.

**Post ids.** The source has no tweet id. :func:`tweet_id` hashes the case-folded handle, the
UTC minute and a *skeleton* of the text (:func:`text_skeleton`: links removed, HTML entities
decoded, Arabic letter variants folded, only letters and digits kept, case-folded), so the same
tweet read from either layout gets the same id (12,221 of the 12,227 expanded-links rows match a
Fifth Tribe id; the rest differ in their words). When one file holds several rows with the
same handle, minute and skeleton (the same message posted twice a minute with different short
links), :meth:`FifthTribeCsv.read` numbers them in file order and the n-th repeat's id also
hashes ``#n``. Every row is a tweet, so a repeat is never merged into an earlier row, even when
its text is identical (the expanded-links copy renders some such pairs identically). Both
files list the tweets in the same order, so repeats pair up across the layouts too.

**Truncated files.** ``IsisFanboy.csv`` is published truncated mid-row. A last row is rejected as
truncated when the file ends inside a quoted field, or when it ends without a line break and
that last row could not be read; every row before it is ingested.
"""

from __future__ import annotations

import csv
import html
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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
from nohaven.ingest.readers import open_binary, read_csv
from nohaven.ingest.times import parse_us_minute
from nohaven.model import Account, Post, account_ref, stable_id

__all__ = [
    "EXPANDED_COLUMNS",
    "FIFTHTRIBE_COLUMNS",
    "OCCURRENCE_KEY",
    "FifthTribeCsv",
    "text_skeleton",
    "tweet_id",
]

FIFTHTRIBE_COLUMNS = (
    "name",
    "username",
    "description",
    "location",
    "followers",
    "numberstatuses",
    "time",
    "tweets",
)
EXPANDED_COLUMNS = ("name", "username", "tweetid", "time", "tweets")
REQUIRED_COLUMNS = ("username", "time", "tweets")
_KNOWN_COLUMNS = frozenset(FIFTHTRIBE_COLUMNS) | frozenset(EXPANDED_COLUMNS)
_PROFILE_COLUMNS = ("name", "username", "description", "location", "followers", "numberstatuses")

OCCURRENCE_KEY = "nohaven:occurrence"
"""Key :meth:`FifthTribeCsv.read` adds to the n-th repeat (n >= 1) of an earlier row's id key."""

PLATFORM = "twitter"

_LINK = re.compile(r"(?:https?://|www\.)\S*|\bt\.co/\S*", re.IGNORECASE)
# Arabic letter variants the expanded-links copy folds: alef forms -> alef, teh marbuta -> heh,
# alef maksura -> yeh; tatweel (a "letter" to str.isalnum) is dropped.
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None}
)
_HANDLE = re.compile(r"^\S+$")
_TRUNCATION_SCAN = 1 << 20


def text_skeleton(text: str) -> str:
    """The words of a tweet, for ids that survive re-rendering of its text.

    Links are removed (one copy has ``t.co`` links, the other expanded ones), HTML entities are
    decoded (``&amp;``), Arabic letter variants are folded, and only letters and digits are
    kept, case-folded.
    """
    unescaped = html.unescape(text) if "&" in text else text
    without_links = _LINK.sub(" ", unescaped)
    return "".join(filter(str.isalnum, without_links.casefold().translate(_ARABIC_FOLD)))


def tweet_id(handle: str, created: datetime, text: str, occurrence: int = 0) -> str:
    """The stable post id of a Fifth Tribe tweet (see the module documentation)."""
    parts = [handle.strip().lstrip("@").casefold(), created.isoformat(), text_skeleton(text)]
    if occurrence:
        parts.append(f"#{occurrence}")
    return stable_id(*parts)


@dataclass(frozen=True, slots=True)
class _Tail:
    """How a file ends: with a line break or not, and inside a quoted field or not."""

    ends_with_newline: bool
    inside_quotes: bool


class _Repeats:
    """Numbers the rows of one file that share an id key, in file order (0, 1, 2 ...)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def occurrence(self, key: str) -> int:
        count = self._seen.get(key, 0)
        self._seen[key] = count + 1
        return count


class FifthTribeCsv:
    """The Fifth Tribe "How ISIS Uses Twitter" CSV, and the expanded-links copy of it."""

    name = "fifthtribe-csv"
    description = (
        "Kaggle 'How ISIS Uses Twitter' (Fifth Tribe) CSV and its expanded-links copy "
        "(IsisFanboy.csv); reposts, mentions, hashtags and links derived from the text"
    )

    def sniff(self, head: Head) -> float:
        try:
            header = next(csv.reader([head.first_line]))
        except (csv.Error, StopIteration):
            return 0.0
        columns = [column.strip() for column in header]
        found = set(columns)
        if tuple(columns) in (FIFTHTRIBE_COLUMNS, EXPANDED_COLUMNS):
            return 0.95
        if found in (set(FIFTHTRIBE_COLUMNS), set(EXPANDED_COLUMNS)):
            return 0.9
        if set(REQUIRED_COLUMNS) <= found <= _KNOWN_COLUMNS:
            return 0.7
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        """Stream the rows; the n-th repeat of an id key carries ``OCCURRENCE_KEY: n``.

        The file is scanned once more, without parsing, to tell how it ends (truncation);
        repeats are tracked by a 33-character key per distinct tweet.
        """
        tail = _scan_tail(path)
        repeats = _Repeats()
        checked = False
        pending: SourceRecord | Reject | None = None
        for item in read_csv(path):
            if isinstance(item, SourceRecord):
                if not checked:
                    missing = [c for c in REQUIRED_COLUMNS if c not in item.data]
                    if missing:
                        yield Reject(
                            item.source,
                            1,
                            f"not a Fifth Tribe CSV: the header lacks {', '.join(missing)} "
                            f"(it has {', '.join(item.data)}); name another --format",
                        )
                        return
                    checked = True
                item = _number_repeat(item, repeats)
            if pending is not None:
                yield pending
            pending = item
        if pending is not None:
            yield _check_last(pending, tail)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        """One tweet and a snapshot of its author's profile as that row gives it."""
        row = record.data
        handle = _handle(row)
        created = parse_us_minute(row.get("time"))
        text = row.get("tweets")
        if not isinstance(text, str):
            raise RecordError("the row has no 'tweets' text")
        if len(text) > options.max_text_chars:
            raise RecordError(
                f"text is {len(text):,} characters, over the limit of {options.max_text_chars:,}"
            )
        occurrence = row.get(OCCURRENCE_KEY, 0)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
            raise RecordError(f"invalid {OCCURRENCE_KEY} {occurrence!r}")
        raw = {key: value for key, value in row.items() if key != OCCURRENCE_KEY}
        author = account_ref(handle)
        found = parse_text_entities(text)
        post = Post(
            platform=PLATFORM,
            id=tweet_id(handle, created, text, occurrence),
            account_id=author,
            created=created,
            text=text,
            repost_of_account=(
                account_ref(found.repost_of_handle) if found.repost_of_handle else None
            ),
            urls=found.urls,
            mentions=found.mentions,
            mention_ids=tuple(account_ref(mention) for mention in found.mentions),
            hashtags=found.hashtags,
            raw=raw,
        )
        account = Account(
            platform=PLATFORM,
            id=author,
            handle=handle,
            display_name=_text_cell(row, "name"),
            description=_text_cell(row, "description"),
            followers=_count_cell(row, "followers"),
            post_count=_count_cell(row, "numberstatuses"),
            raw={key: row[key] for key in _PROFILE_COLUMNS if key in row},
        )
        return Mapped(posts=(post,), accounts=(account,))


def _handle(row: Mapping[str, object]) -> str:
    value = row.get("username")
    if not isinstance(value, str):
        raise RecordError("the row has no 'username'")
    handle = value.strip().lstrip("@")
    if not handle:
        raise RecordError("empty username")
    if not _HANDLE.match(handle):
        raise RecordError(f"invalid username {excerpt(value, 60)!r}")
    return handle


def _text_cell(row: Mapping[str, object], column: str) -> str | None:
    """A profile text: ``None`` when the layout lacks the column, else the cell (maybe "")."""
    value = row.get(column)
    return value.strip() if isinstance(value, str) else None


def _count_cell(row: Mapping[str, object], column: str) -> int | None:
    """A count; ``None`` when missing, empty or not a whole number (the cell stays in raw)."""
    value = row.get(column)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "")
    if text.endswith(".0"):  # spreadsheet round trips write whole numbers as floats
        text = text[:-2]
    return int(text) if text.isdigit() and text.isascii() else None


def _number_repeat(record: SourceRecord, repeats: _Repeats) -> SourceRecord:
    """Mark a row that repeats an earlier row's id key with its number (1, 2 ...)."""
    row = record.data
    username, time, text = row.get("username"), row.get("time"), row.get("tweets")
    if not (isinstance(username, str) and isinstance(time, str) and isinstance(text, str)):
        return record
    try:
        key = tweet_id(username, parse_us_minute(time), text)
    except RecordError:
        return record  # map() rejects the row with the reason
    occurrence = repeats.occurrence(key)
    if occurrence == 0:
        return record
    return SourceRecord(record.source, record.line, {**row, OCCURRENCE_KEY: occurrence})


def _scan_tail(path: Path) -> _Tail | None:
    """How the file ends, or ``None`` when that cannot be told (UTF-16/32, corrupt gzip)."""
    quotes = 0
    last = b""
    try:
        with open_binary(path) as handle:
            first = handle.read(4)
            if first.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
                return None  # quote bytes cannot be counted in UTF-16/32
            chunk = first
            while chunk:
                quotes += chunk.count(b'"')
                last = chunk[-1:]
                chunk = handle.read(_TRUNCATION_SCAN)
    except (OSError, EOFError, ValueError, zlib.error):
        return None  # readers.read_csv reports the corruption itself
    # With RFC 4180 quoting every quote is paired, so an odd count means an unclosed field.
    return _Tail(ends_with_newline=last in (b"\n", b"\r"), inside_quotes=quotes % 2 == 1)


def _check_last(item: SourceRecord | Reject, tail: _Tail | None) -> SourceRecord | Reject:
    """Reject the last row of a file that ends mid-row; pass anything else through."""
    if tail is None:
        return item
    if tail.inside_quotes:
        cause = "the file ends inside a quoted field"
    elif not tail.ends_with_newline and isinstance(item, Reject):
        cause = f"the file ends mid-row, without a final line break ({item.reason})"
    else:
        return item
    reason = f"truncated last row: {cause}; every row before it was read"
    if isinstance(item, Reject):
        return Reject(item.source, item.line, reason, item.excerpt)
    shown = ",".join(str(value) for value in item.data.values())
    return Reject(item.source, item.line, reason, excerpt(shown))
