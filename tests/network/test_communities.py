"""Communities: known splits, numbering by size, seeded determinism, modularity by hand."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from nohaven.network import InteractionGraph, detect_communities, modularity

from .graphs import graph_of, two_cliques

TWO_TRIANGLES = [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")]


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_two_cliques_are_two_communities(method: str) -> None:
    graph = two_cliques(5)
    found = detect_communities(graph, method=method, seed=1)
    labels = {graph.nodes[i][1]: int(c) for i, c in enumerate(found.labels)}
    assert found.count == 2
    assert len({labels[f"a{i}"] for i in range(5)}) == 1
    assert len({labels[f"b{i}"] for i in range(5)}) == 1
    assert labels["a0"] != labels["b0"]
    assert found.modularity == pytest.approx(modularity(graph.undirected(), found.labels))


def test_communities_are_numbered_by_size() -> None:
    pairs = [(f"a{i}", f"a{j}") for i in range(6) for j in range(6) if i != j]
    pairs += [(f"b{i}", f"b{j}") for i in range(3) for j in range(3) if i != j]
    graph = graph_of(pairs)
    found = detect_communities(graph)
    assert found.sizes().tolist() == [6, 3]
    assert found.members(1).tolist() == [graph.node(("twitter", f"b{i}")) for i in range(3)]


def test_same_seed_same_communities() -> None:
    rng = np.random.default_rng(0)
    src, dst = rng.integers(0, 300, 3000), rng.integers(0, 300, 3000)
    nodes = [("p", str(i)) for i in range(300)]
    graph = InteractionGraph.from_arrays(nodes, src, dst, np.zeros(3000, np.int8))
    first = detect_communities(graph, seed=5)
    again = detect_communities(
        InteractionGraph.from_arrays(nodes, src, dst, np.zeros(3000, np.int8)), seed=5
    )
    assert np.array_equal(first.labels, again.labels)
    assert first.modularity == again.modularity


@pytest.mark.parametrize(
    ("labels", "resolution", "expected"),
    [
        pytest.param([0, 0, 0, 1, 1, 1], 1.0, 5 / 14, id="two-triangles"),
        pytest.param([0, 0, 0, 0, 0, 0], 1.0, 0.0, id="one-community"),
        pytest.param([0, 0, 0, 1, 1, 1], 0.5, 6 / 7 - 0.5 * 0.5, id="low-resolution"),
    ],
)
def test_modularity_by_hand(labels: list[int], resolution: float, expected: float) -> None:
    graph = graph_of(TWO_TRIANGLES)
    assert modularity(graph.undirected(), labels, resolution) == pytest.approx(expected)


def test_modularity_of_an_empty_matrix_is_zero() -> None:
    assert modularity(sp.csr_matrix((3, 3)), [0, 1, 2]) == 0.0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"method": "walktrap"}, "unknown community method", id="method"),
        pytest.param({"resolution": 0.0}, "resolution must be positive", id="resolution"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        detect_communities(two_cliques(), **options)  # type: ignore[arg-type]


def test_empty_graph() -> None:
    found = detect_communities(InteractionGraph.from_interactions([]))
    assert (found.count, found.modularity) == (0, 0.0)
