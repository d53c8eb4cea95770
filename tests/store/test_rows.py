"""Rows: driver-ready tuples in column order, sanitised, with a content hash of what is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from nohaven.model import Interaction, InteractionKind, Post
from nohaven.store import schema
from nohaven.store.rows import (
    ACCOUNT_COLUMNS,
    INTERACTION_COLUMNS,
    POST_COLUMNS,
    REJECT_COLUMNS,
    account_row,
    interaction_row,
    post_row,
    reject_row,
)

from .records import T0, account, post, reject

NOW = "2024-06-01 00:00:00.000000+00:00"
LATER = "2024-06-02 00:00:00.000000+00:00"


def _post(row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(POST_COLUMNS, row, strict=True))


@pytest.mark.parametrize(
    ("columns", "row", "table"),
    [
        (POST_COLUMNS, post_row(post("1"), "f.jsonl", NOW), schema.posts),
        (ACCOUNT_COLUMNS, account_row(account(), "f.jsonl", NOW), schema.accounts),
        (
            INTERACTION_COLUMNS,
            interaction_row(Interaction("twitter", InteractionKind.MENTION, "1", "2", "3", T0)),
            schema.interactions,
        ),
        (REJECT_COLUMNS, reject_row(reject(), NOW), schema.rejects),
    ],
    ids=["posts", "accounts", "interactions", "rejects"],
)
def test_rows_cover_their_table_in_column_order(
    columns: tuple[str, ...], row: tuple[Any, ...], table: Any
) -> None:
    assert len(row) == len(columns)
    assert sorted(columns) == sorted(table.c.keys())


def test_post_row_values_are_driver_ready() -> None:
    row = _post(post_row(post("7", hashtags=("rain",), raw={"k": [1, 2]}), "f.jsonl", NOW))
    assert row["created"] == "2024-03-01 12:07:00.000000+00:00"
    assert row["hashtags"] == '["rain"]'
    assert row["urls"] == "[]"
    assert row["raw"] == b'{"k":[1,2]}'
    assert (row["source"], row["first_seen"], row["updated_at"]) == ("f.jsonl", NOW, NOW)
    assert len(row["content_hash"]) == 32


def test_content_hash_ignores_bookkeeping_only() -> None:
    base = _post(post_row(post("1"), "a.jsonl", NOW))["content_hash"]
    assert _post(post_row(post("1"), "b.jsonl", LATER))["content_hash"] == base
    changed = [
        post("1", text="snow"),
        post("1", raw={"id_str": "1", "lang": "fr"}),
        post("1", created=T0 + timedelta(seconds=1)),
        post("1", language_score=0.5),
    ]
    hashes = {_post(post_row(p, "a.jsonl", NOW))["content_hash"] for p in changed}
    assert base not in hashes
    assert len(hashes) == len(changed)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (post("1", text="soup\x00recipe"), post("1", text="soup\ufffdrecipe")),
        (post("1", text="caf\udce9"), post("1", text="caf\ufffd")),
        (post("1", hashtags=("bread\x00",)), post("1", hashtags=("bread\ufffd",))),
        (post("1", raw={"k": "a\x00b"}), post("1", raw={"k": "a\ufffdb"})),
        (post("1", raw={"k": "\udce9"}), post("1", raw={"k": "\ufffd"})),
        (post("1", raw={1: "one"}), post("1", raw={"1": "one"})),
    ],
    ids=["nul-text", "surrogate-text", "nul-hashtag", "nul-raw", "surrogate-raw", "int-key"],
)
def test_dirty_records_store_as_their_clean_form(dirty: Post, clean: Post) -> None:
    assert post_row(dirty, "f", NOW) == post_row(clean, "f", NOW)


def test_dirty_accounts_and_interactions_are_cleaned() -> None:
    row = account_row(account(display_name="chef\x00", raw={"n": "\x00"}), None, NOW)
    assert row == account_row(account(display_name="chef\ufffd", raw={"n": "\ufffd"}), None, NOW)
    item = Interaction("twitter", InteractionKind.MENTION, "a\x00", "@b\udce9", "1", T0)
    assert interaction_row(item)[3:5] == ("@b\ufffd", "a\ufffd")
