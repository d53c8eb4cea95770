"""A small hand-made store for the account tests (neutral placeholder text only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from nohaven.model import (
    Account,
    AccountStatus,
    Interaction,
    InteractionKind,
    Post,
    PostLink,
    PostScore,
)
from nohaven.store import Store, schema

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
MODEL = ("content", "v1")


def _post(id: str, account: str, hours: float, **fields: object) -> Post:
    return Post(
        platform="twitter",
        id=id,
        account_id=account,
        created=T0 + timedelta(hours=hours),
        text=f"weather note {id}: light rain and wind",
        **fields,  # type: ignore[arg-type]
    )


def fill(store: Store) -> None:
    """Accounts a (3 posts), b (1 post) and c (no posts); scores, a link, interactions, banks.

    a: p1 at 12:00 (2 hashtags, 1 URL, flagged 0.9, messaging link, bank match), p2 at 13:00
    (repost of b, 0.5), p3 at 15:00 (reply to b, scored only by an older version); b: p4 at
    14:00 (0.1, matched only by a negative bank) mentioning a.
    """
    posts = [
        _post("p1", "a", 0, hashtags=("rain", "wind"), urls=("https://t.me/weather",)),
        _post("p2", "a", 1, repost_of_account="b"),
        _post("p3", "a", 3, reply_to="p4", reply_to_account="b"),
        _post("p4", "b", 2),
    ]
    accounts = [
        Account("twitter", id, handle=f"user_{id}", status=AccountStatus.ACTIVE)
        for id in ("a", "b", "c")
    ]
    interactions = [
        Interaction("twitter", InteractionKind.REPOST, "a", "b", "p2", T0 + timedelta(hours=1)),
        Interaction("twitter", InteractionKind.REPLY, "a", "b", "p3", T0 + timedelta(hours=3)),
        Interaction("twitter", InteractionKind.MENTION, "b", "a", "p4", T0 + timedelta(hours=2)),
        Interaction("twitter", InteractionKind.MENTION, "b", "b", "p4", T0 + timedelta(hours=2)),
    ]
    scored = T0 + timedelta(days=2)
    scores = [
        PostScore("twitter", "p1", *MODEL, 0.9, "propaganda", scored=scored),
        PostScore("twitter", "p2", *MODEL, 0.5, "other", scored=scored),
        PostScore("twitter", "p4", *MODEL, 0.1, "other", scored=scored),
        PostScore("twitter", "p3", "content", "v0", 0.99, "propaganda", scored=T0),
    ]
    links = [
        PostLink(
            "twitter", "p1", "a", T0, "https://t.me/weather", "https://t.me/weather", "messaging"
        )
    ]
    store.write(posts, accounts, interactions, scores=scores, links=links)
    with store.engine.begin() as conn:
        for name, negative in (("known", False), ("benign", True)):
            conn.execute(
                sa.insert(schema.banks).values(
                    name=name, kind="text", negative=negative, description="", created=T0
                )
            )
        for entry, bank in ((1, "known"), (2, "benign")):
            conn.execute(
                sa.insert(schema.bank_entries).values(
                    id=entry,
                    bank=bank,
                    signal_type="text",
                    value=f"v{entry}",
                    value_digest=f"d{entry}",
                    labels=[],
                    added=T0,
                    status="active",
                )
            )
        for entry, item in ((1, "post:twitter:p1"), (2, "post:twitter:p4"), (1, "file:x")):
            conn.execute(
                sa.insert(schema.bank_matches).values(
                    entry_id=entry, item=item, distance=0.0, first_matched=T0, last_matched=T0
                )
            )
