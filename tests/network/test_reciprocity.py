"""Contacts for review: sustained two-way exchanges, their evidence, settings and priority."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

import pytest

from nohaven.model import Interaction, PostLink
from nohaven.network import (
    ContactReview,
    InteractionGraph,
    ReciprocitySettings,
    contacts_for_review,
    store_links,
)
from nohaven.store import Store

from .graphs import K, interaction

RISK = {("twitter", "f"): 0.9, ("twitter", "c"): 0.1, ("twitter", "g"): 0.8}


def _exchange(
    flagged: str = "f", contact: str = "c", turns: int = 3, gap: float = 12
) -> list[Interaction]:
    """The contact opens, then the two alternate replies ``gap`` hours apart."""
    out = []
    for turn in range(2 * turns):
        src, dst = (contact, flagged) if turn % 2 == 0 else (flagged, contact)
        out.append(
            interaction(src, dst, K.REPLY, hours=turn * gap, post=f"{flagged}{contact}{turn}")
        )
    return out


def _links(found: Mapping[tuple[str, str], tuple[str, ...]]):  # type: ignore[no-untyped-def]
    def lookup(posts: Collection[tuple[str, str]]) -> Mapping[tuple[str, str], tuple[str, ...]]:
        return {key: value for key, value in found.items() if key in posts}

    return lookup


def test_a_sustained_exchange_and_its_evidence() -> None:
    graph = InteractionGraph.from_interactions(_exchange(), handles={("twitter", "c"): "Cook"})
    links = _links({("twitter", "fc5"): ("https://t.me/+abc",)})
    (review,) = contacts_for_review(graph, RISK, links=links)
    assert (review.flagged_account, review.contact_account, review.contact_label) == (
        "f",
        "c",
        "@Cook",
    )
    assert (review.from_flagged, review.from_contact) == (3, 3)
    assert review.span == timedelta(hours=60)
    assert review.started_by == "contact"
    assert (review.links, review.links_from_flagged, review.link_targets) == (
        1,
        1,
        ("https://t.me/+abc",),
    )
    assert review.first_link == review.last
    assert review.priority == pytest.approx(0.9 * 3 * 2)
    assert (review.flagged_risk, review.contact_risk) == (0.9, 0.1)
    assert review.review == "human"
    assert review.to_json()["span_days"] == 2.5


@pytest.mark.parametrize(
    ("edges", "settings", "listed"),
    [
        pytest.param(_exchange(turns=3), ReciprocitySettings(), 1, id="three-each-way"),
        pytest.param(_exchange(turns=3), ReciprocitySettings(min_each_way=4), 0, id="too-few"),
        pytest.param(
            _exchange(turns=3), ReciprocitySettings(min_span=timedelta(days=3)), 0, id="too-short"
        ),
        pytest.param(_exchange(turns=3, gap=1), ReciprocitySettings(), 0, id="within-a-day"),
        pytest.param(
            [*_exchange(turns=2), interaction("f", "c", K.MENTION, hours=100)],
            ReciprocitySettings(),
            0,
            id="one-sided-extra",
        ),
        pytest.param(
            [interaction("c", "f", K.REPOST, hours=h) for h in range(0, 100, 10)]
            + [interaction("f", "c", K.REPOST, hours=h) for h in range(0, 100, 10)],
            ReciprocitySettings(),
            0,
            id="reposts-are-not-conversation",
        ),
        pytest.param(_exchange("f", "g"), ReciprocitySettings(), 0, id="both-flagged"),
        pytest.param(_exchange("f", "g"), ReciprocitySettings(threshold=0.85), 1, id="threshold"),
        pytest.param(
            _exchange("f", "unknown"), ReciprocitySettings(), 1, id="contact-without-risk"
        ),
    ],
)
def test_settings(edges: list[Interaction], settings: ReciprocitySettings, listed: int) -> None:
    graph = InteractionGraph.from_interactions(edges)
    assert len(contacts_for_review(graph, RISK, settings)) == listed


def test_a_reply_that_also_mentions_counts_once() -> None:
    edges = _exchange(turns=3)
    doubled = edges + [
        interaction(e.source_account, e.target_account, K.MENTION, hours=0, post=e.post_id)
        for e in edges
    ]
    (review,) = contacts_for_review(InteractionGraph.from_interactions(doubled), RISK)
    assert (review.from_flagged, review.from_contact) == (3, 3)


def test_priority_order() -> None:
    edges = (
        _exchange("f", "c", turns=3) + _exchange("f", "d", turns=5) + _exchange("g", "e", turns=5)
    )
    listed = contacts_for_review(InteractionGraph.from_interactions(edges), RISK)
    assert [(r.flagged_account, r.contact_account) for r in listed] == [
        ("f", "d"),
        ("g", "e"),
        ("f", "c"),
    ]


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"min_each_way": 0}, id="min-each-way"),
        pytest.param({"min_span": timedelta(hours=-1)}, id="negative-span"),
        pytest.param({"threshold": 1.5}, id="threshold"),
    ],
)
def test_bad_settings(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ReciprocitySettings(**options)  # type: ignore[arg-type]


def test_store_links_reads_post_links(store: Store) -> None:
    when = datetime(2024, 3, 1, tzinfo=UTC)
    links = [
        PostLink("twitter", "p1", "f", when, "https://t.me/+abc", "t.me/+abc", "messaging"),
        PostLink("twitter", "p1", "f", when, "https://files.example.net/x", "files", "file_host"),
        PostLink("twitter", "p2", "c", when, "https://example.org/", "example.org", "web"),
        PostLink("twitter", "p1", "f", when, "@newname", "@newname", "handoff"),
        PostLink(
            "twitter", "p1", "f", when, "https://twitter.com/x/status/1", "tw", "social",
            domain="twitter.com",
        ),
    ]  # fmt: skip
    store.write([], [], [], links=links)
    found = store_links(store)([("twitter", "p1"), ("twitter", "p3"), ("telegram", "p2")])
    assert found == {("twitter", "p1"): ("https://files.example.net/x", "https://t.me/+abc")}


def test_contact_review_json_is_flat() -> None:
    graph = InteractionGraph.from_interactions(_exchange())
    (review,) = contacts_for_review(graph, RISK)
    data = review.to_json()
    assert isinstance(review, ContactReview)
    assert data["first"] == "2024-03-01T12:00:00Z" and data["first_link"] is None
