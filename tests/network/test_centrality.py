"""Centrality, communicators and bridges on small graphs with known answers."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from nohaven.network import (
    InteractionGraph,
    approximate_betweenness,
    bridges,
    communicators,
    community_risk,
    detect_communities,
    flagged_accounts,
    node_metrics,
    pagerank,
)

from .graphs import K, graph_of, interaction, two_cliques


def test_pagerank_of_two_nodes_by_hand() -> None:
    # a -> b only; b is dangling: r_a = 0.075 + 0.425 r_b and r_a + r_b = 1.
    rank = pagerank(sp.csr_matrix(np.array([[0.0, 1.0], [0.0, 0.0]])))
    assert rank.tolist() == pytest.approx([0.5 / 1.425, 1 - 0.5 / 1.425])


def test_pagerank_collects_at_the_amplified_account() -> None:
    graph = graph_of([(f"fan{i}", "star") for i in range(5)] + [("star", "fan0")])
    rank = node_metrics(graph).pagerank
    assert int(np.argmax(rank)) == graph.node(("twitter", "star"))
    assert float(rank.sum()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        pytest.param(
            [("0", "1"), ("1", "2"), ("2", "3")], {"0": 0, "1": 2, "2": 2, "3": 0}, id="path"
        ),
        pytest.param(
            [("c", str(i)) for i in range(4)], {"c": 6, "0": 0, "1": 0, "2": 0, "3": 0}, id="star"
        ),
        pytest.param(
            [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")],
            {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5},
            id="square",
        ),
    ],
)
def test_exact_betweenness_when_every_node_is_a_source(
    pairs: list[tuple[str, str]], expected: dict[str, float]
) -> None:
    graph = graph_of(pairs)
    values = approximate_betweenness(graph.undirected(), samples=100)
    assert {graph.nodes[i][1]: v for i, v in enumerate(values.tolist())} == pytest.approx(expected)


def test_sampled_betweenness_finds_the_cut_vertex() -> None:
    graph = two_cliques(6)
    values = approximate_betweenness(graph.undirected(), samples=6, seed=3)
    top = {graph.nodes[i][1] for i in np.argsort(-values)[:2]}
    assert top == {"a0", "b0"}


def test_degrees_and_partners() -> None:
    graph = InteractionGraph.from_interactions(
        [
            interaction("a", "b", K.REPOST),
            interaction("a", "b", K.REPLY, hours=1),
            interaction("c", "b", K.MENTION),
            interaction("b", "b", K.REPLY),
        ]
    )
    metrics = node_metrics(graph, betweenness_samples=10)
    b = graph.node(("twitter", "b"))
    assert (metrics.in_weight[b], metrics.out_weight[b]) == (4, 1)
    assert (metrics.in_partners[b], metrics.out_partners[b]) == (2, 0)
    assert metrics.betweenness is not None and metrics.betweenness_samples == 3


def test_communicators_with_evidence() -> None:
    edges = [interaction(f"a{i}", "star", K.REPOST, hours=i) for i in range(4)]
    edges += [interaction("a0", "star", K.QUOTE), interaction("b0", "star", K.MENTION)]
    edges += [interaction("b0", "b1", K.REPLY), interaction("b1", "b0", K.REPLY)]
    edges += [interaction("star", "star", K.REPLY)]
    graph = InteractionGraph.from_interactions(edges, handles={("twitter", "star"): "Star"})
    found = detect_communities(graph)
    top = communicators(graph, 2, communities=found)
    first = top[0]
    assert (first.rank, first.label, first.account_id) == (1, "@Star", "star")
    assert first.received == {"repost": 4, "reply": 0, "mention": 1, "quote": 1}
    assert first.amplifiers == 5
    assert first.communities_reached == len(
        {int(found.labels[graph.node(("twitter", a))]) for a in ("a0", "a1", "a2", "a3", "b0")}
    )
    assert first.review == "human"
    assert [c.rank for c in top] == [1, 2]
    assert communicators(graph, 0) == []


def _flagged_and_ordinary() -> InteractionGraph:
    """Clique f0..f4 (flagged), clique o0..o4 (ordinary), and x talking to both."""
    pairs = [(f"f{i}", f"f{j}") for i in range(5) for j in range(5) if i != j]
    pairs += [(f"o{i}", f"o{j}") for i in range(5) for j in range(5) if i != j]
    pairs += [("x", "f0"), ("f0", "x"), ("x", "f1"), ("x", "o0"), ("o0", "x"), ("x", "o1")]
    return graph_of(pairs)


RISK = {("twitter", f"f{i}"): 0.9 for i in range(5)} | {("twitter", f"o{i}"): 0.1 for i in range(5)}


def test_community_risk_flags_the_risky_clique() -> None:
    graph = _flagged_and_ordinary()
    found = detect_communities(graph)
    table = {c.community: c for c in community_risk(graph, found, RISK, 0.5)}
    f_comm = int(found.labels[graph.node(("twitter", "f2"))])
    o_comm = int(found.labels[graph.node(("twitter", "o2"))])
    assert table[f_comm].flagged and not table[o_comm].flagged
    assert table[o_comm].mean_risk == pytest.approx(0.1)


def test_flagged_accounts_are_risky_accounts_and_flagged_communities() -> None:
    graph = _flagged_and_ordinary()
    found = detect_communities(graph)
    # x has no risk of its own; o3 is risky in an ordinary community.
    risk = RISK | {("twitter", "o3"): 0.8}
    flags = flagged_accounts(graph, found, risk, 0.5)
    flagged = {graph.nodes[i][1] for i in np.flatnonzero(flags)}
    x_flagged = bool(flags[graph.node(("twitter", "x"))])
    assert flagged - {"x"} == {"f0", "f1", "f2", "f3", "f4", "o3"}
    x_community = int(found.labels[graph.node(("twitter", "x"))])
    assert x_flagged == (x_community == int(found.labels[graph.node(("twitter", "f0"))]))
    assert flagged_accounts(graph, found, risk, 0.5, flagged_communities=[]).sum() == 6


def test_communicators_among_the_flagged_accounts() -> None:
    # The ordinary star is amplified most; among the flagged accounts f0 leads.
    edges = [interaction(f"fan{i}", "star", K.REPOST, hours=i) for i in range(6)]
    edges += [interaction(f"f{i}", "f0", K.REPOST, hours=i) for i in range(1, 4)]
    edges += [interaction("f2", "f1", K.REPLY)]
    graph = InteractionGraph.from_interactions(edges)
    among = np.zeros(graph.node_count, dtype=bool)
    for name in ("f0", "f1", "f2", "f3"):
        among[graph.node(("twitter", name))] = True
    everyone = communicators(graph, 1)
    flagged = communicators(graph, 2, among=among)
    assert [c.account_id for c in everyone] == ["star"]
    assert [c.account_id for c in flagged] == ["f0", "f1"]
    assert [c.rank for c in flagged] == [1, 2]
    assert flagged[0].amplifiers == 3
    assert communicators(graph, 5, among=np.zeros(graph.node_count, dtype=bool)) == []
    with pytest.raises(ValueError, match="one flag per node"):
        communicators(graph, 2, among=np.ones(3, dtype=bool))


def test_bridge_links_flagged_and_ordinary() -> None:
    graph = _flagged_and_ordinary()
    found = detect_communities(graph)
    listed = bridges(graph, found, RISK, 0.5, min_weight=3)
    assert [b.account_id for b in listed] == ["x"]
    x = listed[0]
    assert (x.flagged_weight, x.ordinary_weight, x.score) == (3, 3, 3)
    assert (x.flagged_partners, x.ordinary_partners) == (2, 2)
    assert (x.flagged_communities, x.ordinary_communities) == (1, 1)
    assert x.risk is None and x.review == "human"


def test_bridges_take_the_flagged_communities_when_known() -> None:
    graph = _flagged_and_ordinary()
    found = detect_communities(graph)
    flagged = [c.community for c in community_risk(graph, found, RISK, 0.5) if c.flagged]
    given = bridges(graph, found, RISK, 0.5, min_weight=3, flagged_communities=flagged)
    assert given == bridges(graph, found, RISK, 0.5, min_weight=3)
    assert bridges(graph, found, RISK, 0.5, min_weight=3, flagged_communities=[]) == []


def test_no_bridges_without_a_flagged_community() -> None:
    graph = _flagged_and_ordinary()
    assert bridges(graph, detect_communities(graph), {}, 0.5) == []


def test_risk_outside_the_unit_interval_is_an_error() -> None:
    graph = _flagged_and_ordinary()
    with pytest.raises(ValueError, match="risk of twitter:f0 must be within"):
        community_risk(graph, detect_communities(graph), {("twitter", "f0"): 1.5})
