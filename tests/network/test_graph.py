"""The interaction graph: nodes, edge arrays, adjacency by kind, and reading a store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nohaven.model import Account, AccountStatus, InteractionKind, Post, interactions_of
from nohaven.network import KINDS, InteractionGraph
from nohaven.store import Store

from .graphs import T0, K, interaction

EDGES = [
    interaction("u1", "u2", K.REPOST, hours=1),
    interaction("u1", "u2", K.REPLY, hours=2),
    interaction("u2", "u1", K.MENTION, hours=3),
    interaction("u3", "u1", K.QUOTE, hours=4),
    interaction("u3", "u3", K.REPLY, hours=5),
]


def test_nodes_and_edges_in_first_seen_order() -> None:
    graph = InteractionGraph.from_interactions(EDGES)
    assert graph.nodes == (("twitter", "u1"), ("twitter", "u2"), ("twitter", "u3"))
    assert graph.source.tolist() == [0, 0, 1, 2, 2]
    assert graph.target.tolist() == [1, 1, 0, 0, 2]
    assert [KINDS[k].value for k in graph.kind] == ["repost", "reply", "mention", "quote", "reply"]
    assert graph.time[0] == int(T0.timestamp()) + 3600
    assert graph.post_ids[0] == EDGES[0].post_id
    assert graph.counts_by_kind() == {"repost": 1, "reply": 2, "mention": 1, "quote": 1}
    assert graph.node(("twitter", "u3")) == 2
    assert graph.get(("twitter", "nobody")) is None


@pytest.mark.parametrize(
    ("kinds", "dense"),
    [
        pytest.param(None, [[0, 2, 0], [1, 0, 0], [1, 0, 1]], id="all-kinds"),
        pytest.param([K.REPOST], [[0, 1, 0], [0, 0, 0], [0, 0, 0]], id="reposts"),
        pytest.param(["reply", "quote"], [[0, 1, 0], [0, 0, 0], [1, 0, 1]], id="replies-quotes"),
    ],
)
def test_directed_adjacency_by_kind(
    kinds: list[InteractionKind | str] | None, dense: list[list[int]]
) -> None:
    graph = InteractionGraph.from_interactions(EDGES)
    assert graph.adjacency(kinds).toarray().tolist() == dense


def test_undirected_is_symmetric_without_self_loops() -> None:
    graph = InteractionGraph.from_interactions(EDGES)
    matrix = graph.undirected().toarray()
    assert matrix.tolist() == [[0, 3, 1], [3, 0, 0], [1, 0, 0]]
    assert graph.undirected() is graph.undirected()  # built once


def test_platforms_are_separate_nodes() -> None:
    graph = InteractionGraph.from_interactions(
        [interaction("u1", "u2"), interaction("u1", "u2", platform="telegram")]
    )
    assert graph.node_count == 4


def test_labels_prefer_handles() -> None:
    graph = InteractionGraph.from_interactions(
        [interaction("u1", "@someone")], handles={("twitter", "u1"): "Weather_Daily"}
    )
    assert [graph.label(i) for i in range(2)] == ["@Weather_Daily", "@someone"]


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        pytest.param(([0], [1, 0], [0]), "one entry per edge", id="ragged"),
        pytest.param(([0], [5], [0]), "node numbers", id="endpoint-out-of-range"),
        pytest.param(([0], [1], [9]), "kind codes", id="unknown-kind-code"),
    ],
)
def test_from_arrays_refuses_bad_arrays(
    arrays: tuple[list[int], list[int], list[int]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        InteractionGraph.from_arrays([("p", "a"), ("p", "b")], *arrays)


def test_unknown_kind_name_is_an_error() -> None:
    graph = InteractionGraph.from_interactions(EDGES)
    with pytest.raises(ValueError, match="unknown interaction kind 'like'"):
        graph.adjacency(["like"])


def _post(
    pid: str, account: str, *, reply_to: str | None = None, mentions: tuple[str, ...] = ()
) -> Post:
    return Post(
        platform="twitter",
        id=pid,
        account_id=account,
        created=datetime(2024, 3, 1, 12, tzinfo=UTC),
        text="Sunny with light winds.",
        reply_to="p0" if reply_to else None,
        reply_to_account=reply_to,
        mentions=mentions,
        mention_ids=mentions,
    )


def test_from_store_matches_the_stored_interactions(store: Store) -> None:
    posts = [
        _post("p1", "u1", reply_to="u2"),
        _post("p2", "u2", reply_to="u1", mentions=("u3",)),
        _post("p3", "u3", mentions=("u1",)),
    ]
    accounts = [Account("twitter", "u1", handle="Ali_أحمد", status=AccountStatus.ACTIVE)]
    interactions = [i for p in posts for i in interactions_of(p)]
    store.write(posts, accounts, interactions)
    graph = InteractionGraph.from_store(store)
    assert graph.edge_count == 4
    edges = {
        (graph.nodes[s][1], graph.nodes[t][1], KINDS[k].value, p)
        for s, t, k, p in zip(graph.source, graph.target, graph.kind, graph.post_ids, strict=True)
    }
    assert edges == {
        ("u1", "u2", "reply", "p1"),
        ("u2", "u1", "reply", "p2"),
        ("u2", "u3", "mention", "p2"),
        ("u3", "u1", "mention", "p3"),
    }
    assert set(graph.time.tolist()) == {int(T0.timestamp())}
    assert graph.label(graph.node(("twitter", "u1"))) == "@Ali_أحمد"
    assert InteractionGraph.from_store(store, platform="telegram").edge_count == 0
