"""Time and id helpers shared by the demo writers: platform time formats and snowflake ids."""

from __future__ import annotations

from datetime import UTC, date, datetime

__all__ = [
    "TWITTER_EPOCH_MS",
    "add_months",
    "month_key",
    "snowflake",
    "telethon_time",
    "twitter_time",
    "v2_time",
]

TWITTER_EPOCH_MS = 1288834974657
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def twitter_time(when: datetime) -> str:
    """Twitter v1.1 ``created_at``: ``Wed Aug 27 13:08:45 +0000 2008`` (locale-independent)."""
    t = when.astimezone(UTC)
    return (
        f"{_DAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t.day:02d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000 {t.year}"
    )


def v2_time(when: datetime) -> str:
    """Twitter API v2 ``created_at``: ``2021-04-08T19:34:16.000Z``."""
    t = when.astimezone(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def telethon_time(when: datetime) -> str:
    """A Telethon ``to_dict()`` date as the published sample serialises it (UTC, no zone)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def snowflake(when: datetime, low_bits: int) -> int:
    """A Twitter-style snowflake id: milliseconds since the Twitter epoch, then 22 low bits."""
    ms = int(when.timestamp() * 1000)
    return ((ms - TWITTER_EPOCH_MS) << 22) | (low_bits & 0x3FFFFF)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def month_key(when: datetime | date) -> str:
    return f"{when.year:04d}-{when.month:02d}"
