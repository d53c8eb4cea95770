"""``accounts-csv``: account status tables (who was suspended, and when)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nohaven.ingest.account_table import AccountsCsv
from nohaven.ingest.base import FormatOptions, RecordError, Reject, SourceRecord
from nohaven.ingest.readers import read_head
from nohaven.ingest.registry import default_registry
from nohaven.model import Account, AccountStatus, Post
from nohaven.pipeline import run
from nohaven.store import open_store

SAMPLE = Path(__file__).parent / "fixtures" / "accounts" / "accounts.csv"
FORMAT = AccountsCsv()


def _accounts(path: Path, options: FormatOptions | None = None) -> tuple[list[Account], list[str]]:
    options = options or FormatOptions()
    accounts: list[Account] = []
    problems: list[str] = []
    for item in FORMAT.read(path, options):
        if isinstance(item, Reject):
            problems.append(f"{item.line}: {item.reason}")
            continue
        try:
            accounts.extend(FORMAT.map(item, options).accounts)
        except RecordError as err:
            problems.append(f"{item.line}: {err}")
    return accounts, problems


def _one(row: Mapping[str, object], platform: str | None = None) -> Account:
    record = SourceRecord("accounts.csv", 2, dict(row))
    (account,) = FORMAT.map(record, FormatOptions(platform=platform)).accounts
    return account


def test_the_sample_maps_every_field() -> None:
    accounts, problems = _accounts(SAMPLE)
    assert problems == []
    active, suspended, bare = accounts
    assert active == Account(
        platform="twitter",
        id="1001",
        handle="garden_notes",
        display_name="Garden Notes",
        description="Tomatoes and beans",
        followers=120,
        post_count=340,
        created=datetime(2021, 1, 4, 10, tzinfo=UTC),
        status=AccountStatus.ACTIVE,
        observed=datetime(2025, 7, 1, tzinfo=UTC),
    )
    assert suspended.status is AccountStatus.SUSPENDED
    assert suspended.observed == datetime(2025, 7, 1, tzinfo=UTC)
    assert bare.status is AccountStatus.UNKNOWN
    assert (bare.display_name, bare.created, bare.followers, bare.observed) == (None,) * 4


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("id,screen_name,status\n", 0.9, id="status-table"),
        pytest.param("ID,Handle,Status,followers\n", 0.9, id="case-insensitive"),
        pytest.param("id,screen_name,status,text\n", 0.0, id="posts-with-status"),
        pytest.param("id,screen_name,created_at\n", 0.0, id="no-status"),
        pytest.param("screen_name,status\n", 0.0, id="no-id"),
    ],
)
def test_sniffing(tmp_path: Path, header: str, expected: float) -> None:
    path = tmp_path / "table.csv"
    path.write_text(header + "1,a,active" + ",x" * (header.count(",") - 2) + "\n")
    assert FORMAT.sniff(read_head(path)) == expected


def test_detection_picks_it_over_the_generic_csv() -> None:
    assert default_registry().detect(SAMPLE).name == "accounts-csv"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        pytest.param({"screen_name": "a", "status": "active"}, "missing account id", id="no-id"),
        pytest.param({"id": "  ", "status": "active"}, "missing account id", id="blank-id"),
        pytest.param({"id": "1", "status": "banned"}, "unknown status 'banned'", id="status"),
        pytest.param(
            {"id": "1", "status": "active", "suspended_at": "2024-01-01T00:00:00Z"},
            "but the row has a suspension time",
            id="active-but-suspended",
        ),
        pytest.param({"id": "1", "followers_count": "many"}, "not a whole number", id="count"),
        pytest.param({"id": "1", "followers_count": "-3"}, "negative count", id="negative"),
        pytest.param({"id": "1", "created_at": "yesterday"}, "created_at", id="time"),
        pytest.param({"id": {}}, "expected text, got dict", id="not-text"),
    ],
)
def test_bad_rows_are_refused_with_a_reason(row: Mapping[str, object], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        _one(row)


def test_a_suspension_time_implies_the_status_and_dates_the_row() -> None:
    account = _one({"id": "7", "suspended_at": "2024-05-03T09:26:41Z"})
    assert account.status is AccountStatus.SUSPENDED
    assert account.observed == datetime(2024, 5, 3, 9, 26, 41, tzinfo=UTC)


@pytest.mark.parametrize(
    ("row", "option", "platform"),
    [
        pytest.param({"id": "1", "platform": "Twitter"}, None, "twitter", id="column"),
        pytest.param({"id": "1"}, "mastodon", "mastodon", id="option"),
        pytest.param({"id": "1"}, None, "generic", id="default"),
    ],
)
def test_platform(row: Mapping[str, object], option: str | None, platform: str) -> None:
    assert _one(row, option).platform == platform


def test_a_file_without_an_id_column_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("screen_name,status\na,active\nb,suspended\n")
    accounts, problems = _accounts(path)
    assert accounts == []
    assert problems == ["1: no account id column (one of: id, id_str, account_id, user_id)"]


def test_bad_rows_are_rejected_and_the_rest_stored(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "id,screen_name,status,suspended_at\n"
        "1,a,active,\n"
        "2,b,frozen,\n"
        "3,c,suspended,2024-02-02T00:00:00Z,extra\n"
        "4,d,,2024-03-03T00:00:00Z\n"
    )
    accounts, problems = _accounts(path)
    assert [a.id for a in accounts] == ["1", "4"]
    assert [p.split(":")[0] for p in problems] == ["3", "4"]


@pytest.mark.parametrize(
    ("posted", "status"),
    [
        pytest.param("2024-04-01T10:00:00Z", AccountStatus.SUSPENDED, id="table-newer"),
        pytest.param("2025-08-01T10:00:00Z", AccountStatus.UNKNOWN, id="post-newer"),
    ],
)
def test_the_most_recent_snapshot_wins_in_either_order(
    tmp_path: Path, posted: str, status: AccountStatus
) -> None:
    """Posts say nothing of suspension; the status table, checked later, says suspended."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": "p1", "platform": "twitter", "account": "1002", "handle": "weather_desk2", '
        f'"created": "{posted}", "text": "Light rain this evening."}}\n'
    )
    registry = default_registry()
    found: list[Account | None] = []
    for order in ([SAMPLE, posts], [posts, SAMPLE]):
        with open_store(f"sqlite:///{tmp_path / f'{len(found)}.db'}") as store:
            run(order, store, registry, rejects_dir=tmp_path)
            found.append(store.get_account("twitter", "1002"))
            assert isinstance(store.get_post("twitter", "p1"), Post)
    first, second = found
    assert first == second
    assert first is not None and first.status is status
    assert first.handle == "weather_desk2"


def test_reading_the_table_twice_changes_nothing(tmp_path: Path) -> None:
    registry = default_registry()
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        first = run([SAMPLE], store, registry, rejects_dir=tmp_path).totals()
        second = run([SAMPLE], store, registry, rejects_dir=tmp_path).totals()
        assert store.count("accounts") == 3
    assert first.accounts.new == 3
    assert (second.accounts.new, second.accounts.updated) == (0, 0)
