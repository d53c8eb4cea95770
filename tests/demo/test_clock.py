"""Platform time formats, checked against the ingest parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from nohaven.demo.clock import add_months, snowflake, telethon_time, twitter_time, v2_time
from nohaven.ingest.times import parse_iso, parse_twitter_v1

WHEN = datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        pytest.param(twitter_time, "Wed Aug 27 13:08:45 +0000 2008", id="v1"),
        pytest.param(v2_time, "2008-08-27T13:08:45.000Z", id="v2"),
        pytest.param(telethon_time, "2008-08-27 13:08:45.000000", id="telethon"),
    ],
)
def test_formats(render: object, expected: str) -> None:
    assert callable(render)
    assert render(WHEN) == expected


def test_formats_parse_back() -> None:
    assert parse_twitter_v1(twitter_time(WHEN)) == WHEN
    assert parse_iso(v2_time(WHEN)) == WHEN
    assert parse_iso(telethon_time(WHEN), assume_utc=True) == WHEN


def test_snowflake_orders_by_time() -> None:
    later = datetime(2024, 1, 1, tzinfo=UTC)
    assert snowflake(WHEN.replace(year=2015), 5) < snowflake(later, 0)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2024, 1, 1), 18, date(2025, 7, 1), id="eighteen"),
        pytest.param(date(2024, 11, 15), 2, date(2025, 1, 1), id="year-wrap"),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
