"""Network analysis speed and memory on a generated 1,000,000-edge graph (issue 6 target).

    .venv/bin/python benchmarks/bench_network.py [--edges 1000000] [--nodes 200000]
        [--communities 500] [--mixing 0.2] [--samples 32] [--records 1000000] [--networkx]

Generates, as numpy arrays, an interaction graph with planted communities and heavy-tailed
(Pareto) activity: each edge's source is drawn by activity, its target inside the source's
community with probability ``1 - mixing`` (else anywhere, by activity), its kind from the demo
mix (40% reposts, 15% replies, 37% mentions, 8% quotes). Then, pinned to one core, it times:

* build: the graph from arrays, plus its directed and undirected adjacency;
* records: the graph from ``--records`` interaction model records (the store path's cost);
* communities: Louvain (scikit-network), with modularity and NMI against the planted split;
* centrality: degrees, partners and PageRank; betweenness estimated from ``--samples`` sources;
* communicators, bridges (communities 0-9 of the planted split flagged) and reciprocity;
* with ``--networkx``: networkx's ``louvain_communities`` on the same graph, for comparison.

Prints wall and CPU seconds per step and the peak resident memory. Target: communities of a
1,000,000-edge graph within 60 s.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from nohaven.model import Interaction, InteractionKind
from nohaven.network import (
    InteractionGraph,
    ReciprocitySettings,
    bridges,
    communicators,
    contacts_for_review,
    detect_communities,
    node_metrics,
)
from nohaven.network.centrality import approximate_betweenness
from nohaven.network.graph import KINDS

T = TypeVar("T")
KIND_MIX = (0.40, 0.15, 0.37, 0.08)


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _timed(name: str, run: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{name:<34} {wall:8.2f} s wall {cpu:8.2f} s cpu", flush=True)
    return result


def planted(
    nodes: int, edges: int, communities: int, mixing: float, seed: int = 1
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8], Any]:
    """(source, target, kind, planted community per node) of a generated graph."""
    rng = np.random.default_rng(seed)
    community = rng.integers(0, communities, nodes)
    activity = rng.pareto(1.5, nodes) + 1.0
    p = activity / activity.sum()
    source = rng.choice(nodes, edges, p=p)
    order = np.lexsort((-activity, community))
    sizes = np.bincount(community, minlength=communities)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    own = community[source]
    # Inside a community, targets are drawn with a skew toward its most active members.
    offset = (rng.random(edges) ** 2 * sizes[own]).astype(np.int64)
    inside = order[starts[own] + offset]
    anywhere = rng.choice(nodes, edges, p=p)
    target = np.where(rng.random(edges) < mixing, anywhere, inside)
    kind = rng.choice(len(KINDS), edges, p=KIND_MIX).astype(np.int8)
    return source.astype(np.int64), target.astype(np.int64), kind, community


def _records(
    count: int, source: Any, target: Any, kind: Any, nodes: list[tuple[str, str]]
) -> Iterator[Interaction]:
    base = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    kinds = [InteractionKind(k.value) for k in KINDS]
    for i in range(count):
        yield Interaction(
            "bench",
            kinds[int(kind[i])],
            nodes[int(source[i])][1],
            nodes[int(target[i])][1],
            f"p{i}",
            datetime.fromtimestamp(base + i, UTC),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=200_000)
    parser.add_argument("--communities", type=int, default=500)
    parser.add_argument("--mixing", type=float, default=0.2)
    parser.add_argument("--samples", type=int, default=32, help="betweenness sources")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--networkx", action="store_true", help="also time networkx Louvain")
    args = parser.parse_args()
    _pin_one_core()
    from sklearn.metrics import normalized_mutual_info_score

    print(
        f"{args.edges:,} edges, {args.nodes:,} nodes, {args.communities} planted communities, "
        f"mixing {args.mixing}; one core",
        flush=True,
    )
    source, target, kind, truth = _timed(
        "generate arrays",
        lambda: planted(args.nodes, args.edges, args.communities, args.mixing),
    )
    nodes = [("bench", f"u{i}") for i in range(args.nodes)]
    times = np.arange(args.edges, dtype=np.int64) * 60

    def build() -> InteractionGraph:
        graph = InteractionGraph.from_arrays(nodes, source, target, kind, times)
        graph.adjacency()
        graph.undirected()
        return graph

    graph = _timed("build graph + adjacency", build)
    print(f"  {graph.node_count:,} nodes, {graph.edge_count:,} edges, "
          f"{graph.undirected().nnz // 2:,} undirected pairs")  # fmt: skip
    if args.records:
        count = min(args.records, args.edges)
        _timed(
            f"build from {count:,} model records",
            lambda: InteractionGraph.from_interactions(
                _records(count, source, target, kind, nodes)
            ),
        )
    found = _timed("communities (louvain)", lambda: detect_communities(graph, seed=0))
    nmi = normalized_mutual_info_score(truth[: graph.node_count], found.labels)
    print(f"  {found.count:,} communities, modularity {found.modularity:.4f}, NMI {nmi:.4f}")
    metrics = _timed("degree, partners, pagerank", lambda: node_metrics(graph))
    _timed(
        f"betweenness estimate ({args.samples} sources)",
        lambda: approximate_betweenness(graph.undirected(), args.samples, seed=0),
    )
    _timed("communicators (top 20)", lambda: communicators(graph, 20, metrics=metrics))
    risk = {nodes[i]: 0.9 if truth[i] < 10 else 0.1 for i in range(args.nodes)}
    linking = _timed("bridges", lambda: bridges(graph, found, risk, 0.5, top=20))
    contacts = _timed(
        "reciprocity",
        lambda: contacts_for_review(graph, risk, ReciprocitySettings(min_span=0 * _DAY)),
    )
    print(f"  {len(linking)} bridges listed, {len(contacts):,} contacts for review")
    if args.networkx:
        nx: Any = importlib.import_module("networkx")  # optional, not a dependency

        undirected = graph.undirected()
        nxg = _timed("networkx graph", lambda: nx.from_scipy_sparse_array(undirected))
        parts = _timed(
            "networkx louvain_communities", lambda: nx.community.louvain_communities(nxg, seed=0)
        )
        print(f"  networkx: {len(parts):,} communities")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


_DAY = datetime(2024, 1, 2, tzinfo=UTC) - datetime(2024, 1, 1, tzinfo=UTC)

if __name__ == "__main__":
    main()
