"""Timestamp parsing: every result is an aware UTC datetime, or a RecordError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nohaven.ingest.base import RecordError
from nohaven.ingest.times import parse_time, parse_twitter_v1

_V1 = "%a %b %d %H:%M:%S %z %Y"


@given(
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30)),
    st.integers(min_value=-(14 * 60), max_value=14 * 60),
)
def test_v1_fast_path_agrees_with_strptime(moment: datetime, offset_minutes: int) -> None:
    zone = timezone(timedelta(minutes=offset_minutes))
    text = moment.replace(microsecond=0, tzinfo=zone).strftime(_V1)
    parsed = parse_twitter_v1(text)
    assert parsed == datetime.strptime(text, _V1)
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Wed Aug 27 13:08:45 +0000 2008", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC), id="utc"
        ),
        pytest.param(
            "Wed Aug 27 13:08:45 -0530 2008",
            datetime(2008, 8, 27, 18, 38, 45, tzinfo=UTC),
            id="west",
        ),
        pytest.param(
            "wed aug 27 13:08:45 +0000 2008",
            datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC),
            id="lower-case-names-via-strptime",
        ),
        pytest.param(
            "Wed Aug 27 13:08:45 Z 2008",
            datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC),
            id="z-zone-via-strptime",
        ),
    ],
)
def test_v1_times(text: str, expected: datetime) -> None:
    assert parse_twitter_v1(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Wed Aug 27 13:08:45 +0000 1850", id="out-of-range"),
        pytest.param("Xyz Aug 27 13:08:45 +0000 2008", id="bad-weekday"),
        pytest.param("Wed Aug 32 13:08:45 +0000 2008", id="bad-day"),
        pytest.param("Wed Aug 27 25:08:45 +0000 2008", id="bad-hour"),
        pytest.param("Wed Aug 27T13:08:45 +0000 2008", id="iso-separator"),
        pytest.param("Wed Aug 27 130845.1 +0000 2008", id="compact-time"),
        pytest.param("Wed Aug 27 13:08:45 +00.0 2008", id="dotted-offset"),
        pytest.param("Wed Aug 27 13:08:45 +2400 2008", id="offset-too-large"),
        pytest.param("Wed Aug ٢٧ 13:08:45 +0000 2008", id="non-ascii-digits"),
        pytest.param("Wed Aug 27 13:08:45 +0000 +008", id="signed-year"),
    ],
)
def test_bad_v1_times_raise(text: str) -> None:
    with pytest.raises(RecordError):
        parse_twitter_v1(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "Wed Aug 27 13:08:45 +0000 2008", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC), id="v1"
        ),
        pytest.param(
            " 2008-08-27T13:08:45Z ", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC), id="iso-z"
        ),
        pytest.param(
            "2008-08-27 15:08:45+02:00",
            datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC),
            id="iso-offset",
        ),
        pytest.param("1219842525", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC), id="epoch-text"),
        pytest.param(1219842525000, datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC), id="epoch-ms"),
        pytest.param("8/27/2008 13:08", datetime(2008, 8, 27, 13, 8, tzinfo=UTC), id="us-minute"),
    ],
)
def test_parse_time_dispatch(value: object, expected: datetime) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("2008-08-27T13:08:45", "has no time zone", id="naive-iso"),
        pytest.param("2008-08-27Tnoon", "not ISO 8601", id="bad-iso"),
        pytest.param("Wed Aug 27 13:08:45 2008", "expected 'Wed Aug 27", id="bad-v1"),
        pytest.param(True, "invalid timestamp True: expected ISO 8601", id="boolean"),
        # Of no accepted shape: the error names them all, not the one a guess picked.
        pytest.param(
            "not a time",
            r"invalid timestamp 'not a time': expected ISO 8601 \(2024-05-01T08:00:00Z\), Unix "
            r"time, Twitter's 'Wed Aug 27 13:08:45 \+0000 2008' or M/D/YYYY H:MM",
            id="no-shape",
        ),
        pytest.param("yesterday", "expected ISO 8601 .*, Unix time", id="a-word"),
    ],
)
def test_parse_time_errors(value: object, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_time(value)


def test_naive_iso_may_be_assumed_utc() -> None:
    assert parse_time("2008-08-27T13:08:45", assume_utc=True) == datetime(
        2008, 8, 27, 13, 8, 45, tzinfo=UTC
    )
