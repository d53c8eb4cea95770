"""Per-account network measures, the communicators and the bridges.

* :func:`node_metrics`: weighted in and out degree, distinct partners each way, PageRank on the
  amplification graph (rank flows from the account that reposts, replies, mentions or quotes
  to the account it acts on, so it collects where the network's attention goes: *reach*), and
  optionally an estimate of betweenness. Exact betweenness (Brandes) costs one breadth-first
  search per account, hours on a million edges; :func:`approximate_betweenness` runs it from
  ``k`` sampled accounts and scales the result (an unbiased estimate whose error shrinks as
  ``1/√k``).
* :func:`communicators`: the accounts with the largest reach, with the evidence.
* :func:`bridges`: accounts that link flagged communities (whose members' risk is high) to
  ordinary ones, with the evidence.

These are leads for a human analyst, never grounds for automatic action on an account.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nohaven.model import InteractionKind
from nohaven.network.communities import Communities
from nohaven.network.graph import KINDS, InteractionGraph, NodeKey

__all__ = [
    "Bridge",
    "Communicator",
    "CommunityRisk",
    "NodeMetrics",
    "approximate_betweenness",
    "bridges",
    "communicators",
    "community_risk",
    "flagged_accounts",
    "node_metrics",
    "pagerank",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class NodeMetrics:
    """One array entry per node of the graph.

    ``in_weight``: interactions the account received; ``out_weight``: interactions it made;
    ``in_partners`` / ``out_partners``: distinct other accounts that acted on it / it acted on
    (self-interactions excluded); ``pagerank``: its share of the amplification graph's rank
    (sums to 1); ``betweenness``: estimated shortest paths through it on the undirected graph
    (pairs counted once), from ``betweenness_samples`` sampled sources, or None when not run.
    """

    in_weight: FloatArray
    out_weight: FloatArray
    in_partners: IntArray
    out_partners: IntArray
    pagerank: FloatArray
    betweenness: FloatArray | None
    betweenness_samples: int


def pagerank(
    adjacency: Any, *, damping: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> FloatArray:
    """PageRank of a directed weighted adjacency (``A[i, j]``: weight of ``i -> j``).

    Power iteration with uniform teleport; the rank of accounts that act on nobody (dangling)
    is spread uniformly. Self-loops are ignored. Returns ranks summing to 1.
    """
    n = adjacency.shape[0]
    if n == 0:
        return np.zeros(0)
    matrix = sp.csr_matrix(adjacency, dtype=np.float64, copy=True)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    out = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = out == 0
    inv = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    transition = (sp.diags(inv) @ matrix).T.tocsr()
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = damping * float(rank[dangling].sum()) / n + (1.0 - damping) / n
        new = damping * (transition @ rank) + spread
        new /= new.sum()
        if float(np.abs(new - rank).sum()) < tol:
            return np.asarray(new, dtype=np.float64)
        rank = new
    return np.asarray(rank, dtype=np.float64)


def approximate_betweenness(adjacency: Any, samples: int, *, seed: int = 0) -> FloatArray:
    """Estimated betweenness on a symmetric adjacency (unweighted: an edge is a hop).

    Brandes' accumulation from ``samples`` source nodes drawn without replacement (all nodes
    when ``samples >= n``, which is exact), scaled by ``n / samples``; each unordered pair is
    counted once. Each search walks the frontier level by level with sparse row slices, so one
    source costs O(edges).
    """
    n = adjacency.shape[0]
    result = np.zeros(n)
    if n == 0 or samples <= 0:
        return result
    binary = sp.csr_matrix(adjacency, dtype=np.float64, copy=True)
    binary.setdiag(0)
    binary.eliminate_zeros()
    binary.data[:] = 1.0
    rng = np.random.default_rng(seed)
    count = min(samples, n)
    sources = np.arange(n) if count == n else rng.choice(n, size=count, replace=False)
    for source in sources:
        result += _dependencies(binary, int(source))
    return np.asarray(result * (n / count) / 2.0, dtype=np.float64)


def _dependencies(binary: Any, source: int) -> FloatArray:
    n = binary.shape[0]
    sigma = np.zeros(n)
    sigma[source] = 1.0
    seen = np.zeros(n, dtype=bool)
    seen[source] = True
    levels = [np.array([source])]
    while True:
        frontier = levels[-1]
        reach = binary[frontier].T @ sigma[frontier]
        new = np.flatnonzero((reach > 0) & ~seen)
        if len(new) == 0:
            break
        sigma[new] = reach[new]
        seen[new] = True
        levels.append(new)
    delta = np.zeros(n)
    for depth in range(len(levels) - 1, 0, -1):
        upper, lower = levels[depth - 1], levels[depth]
        weights = (1.0 + delta[lower]) / sigma[lower]
        pulled = binary[lower].T @ weights
        delta[upper] += sigma[upper] * pulled[upper]
    delta[source] = 0.0
    return delta


def node_metrics(
    graph: InteractionGraph,
    *,
    kinds: Collection[InteractionKind | str] | None = None,
    damping: float = 0.85,
    betweenness_samples: int = 0,
    seed: int = 0,
) -> NodeMetrics:
    """Degree, partners, PageRank and (when ``betweenness_samples`` > 0) betweenness.

    ``kinds`` limits the amplification graph that PageRank runs on (every kind when None).
    """
    directed = graph.adjacency()
    no_loops = sp.csr_matrix(directed, copy=True)
    no_loops.setdiag(0)
    no_loops.eliminate_zeros()
    amplification = graph.adjacency(kinds) if kinds is not None else directed
    between = (
        approximate_betweenness(graph.undirected(), betweenness_samples, seed=seed)
        if betweenness_samples > 0
        else None
    )
    return NodeMetrics(
        in_weight=np.asarray(directed.sum(axis=0), dtype=np.float64).ravel(),
        out_weight=np.asarray(directed.sum(axis=1), dtype=np.float64).ravel(),
        in_partners=np.diff(no_loops.tocsc().indptr).astype(np.int64),
        out_partners=np.diff(no_loops.indptr).astype(np.int64),
        pagerank=pagerank(amplification, damping=damping),
        betweenness=between,
        betweenness_samples=min(betweenness_samples, graph.node_count),
    )


@dataclass(frozen=True, slots=True)
class Communicator:
    """An account whose reach into the network is among the largest, and why.

    ``received`` counts the interactions it received by kind (reposts of it, replies to it,
    mentions and quotes of it); ``amplifiers`` the distinct accounts that did so;
    ``communities_reached`` the distinct communities those accounts belong to.
    """

    rank: int
    platform: str
    account_id: str
    label: str
    pagerank: float
    received: Mapping[str, int]
    amplifiers: int
    community: int | None
    communities_reached: int | None
    review: str = "human"

    def to_json(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "platform": self.platform,
            "account_id": self.account_id,
            "label": self.label,
            "pagerank": self.pagerank,
            "received": dict(self.received),
            "amplifiers": self.amplifiers,
            "community": self.community,
            "communities_reached": self.communities_reached,
            "review": self.review,
        }


def communicators(
    graph: InteractionGraph,
    top: int = 20,
    *,
    communities: Communities | None = None,
    metrics: NodeMetrics | None = None,
    among: npt.NDArray[np.bool_] | None = None,
) -> list[Communicator]:
    """The ``top`` accounts by PageRank on the amplification graph, with the evidence.

    ``among`` (one flag per node) limits the ranking to those accounts, for example the
    flagged part of the network (:func:`flagged_accounts`): PageRank is still that of the
    whole graph, so an account ranks by its reach into every community. Ties are broken by the
    account key, so the list is deterministic.
    """
    if top <= 0 or graph.node_count == 0:
        return []
    metrics = metrics or node_metrics(graph)
    order = np.lexsort((np.arange(graph.node_count), -metrics.pagerank))
    if among is not None:
        if among.shape != (graph.node_count,):
            raise ValueError(
                f"among needs one flag per node ({graph.node_count}), got {among.shape}"
            )
        order = order[among[order]]
    order = order[:top]
    chosen = np.zeros(graph.node_count, dtype=bool)
    chosen[order] = True
    mask = chosen[graph.target] & (graph.source != graph.target)
    targets, sources, kinds = graph.target[mask], graph.source[mask], graph.kind[mask]
    out = []
    for rank, node in enumerate(order.tolist(), 1):
        mine = targets == node
        by_kind = np.bincount(kinds[mine], minlength=len(KINDS))
        amplifiers = np.unique(sources[mine])
        reached = None
        if communities is not None:
            reached = len(np.unique(communities.labels[amplifiers]))
        platform, account = graph.nodes[node]
        out.append(
            Communicator(
                rank=rank,
                platform=platform,
                account_id=account,
                label=graph.label(node),
                pagerank=float(metrics.pagerank[node]),
                received={kind.value: int(by_kind[c]) for c, kind in enumerate(KINDS)},
                amplifiers=len(amplifiers),
                community=None if communities is None else int(communities.labels[node]),
                communities_reached=reached,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class CommunityRisk:
    """A community's size, the mean risk of its members with a known risk, and its flag."""

    community: int
    size: int
    known: int
    mean_risk: float | None
    flagged: bool


def community_risk(
    graph: InteractionGraph,
    communities: Communities,
    risk: Mapping[NodeKey, float],
    threshold: float = 0.5,
    *,
    min_known: int = 1,
) -> list[CommunityRisk]:
    """Each community's mean member risk; flagged when it is ``>= threshold``.

    Members without a risk value are left out of the mean; a community with fewer than
    ``min_known`` members of known risk is never flagged.
    """
    values, known = _risk_arrays(graph, risk)
    labels = communities.labels
    count = communities.count
    sums = np.bincount(labels[known], weights=values[known], minlength=count)
    knowns = np.bincount(labels[known], minlength=count)
    sizes = communities.sizes()
    out = []
    for c in range(count):
        mean = float(sums[c] / knowns[c]) if knowns[c] else None
        flagged = mean is not None and knowns[c] >= min_known and mean >= threshold
        out.append(CommunityRisk(c, int(sizes[c]), int(knowns[c]), mean, flagged))
    return out


def flagged_accounts(
    graph: InteractionGraph,
    communities: Communities,
    risk: Mapping[NodeKey, float],
    threshold: float = 0.5,
    *,
    flagged_communities: Sequence[int] | None = None,
) -> npt.NDArray[np.bool_]:
    """One flag per node: the account's risk is ``>= threshold`` or its community is flagged
    (:func:`community_risk`, unless ``flagged_communities`` already says which): the flagged
    part of the network."""
    values, known = _risk_arrays(graph, risk)
    if flagged_communities is None:
        flagged_communities = [
            c.community for c in community_risk(graph, communities, risk, threshold) if c.flagged
        ]
    in_flagged = np.isin(communities.labels, np.asarray(flagged_communities, dtype=np.int64))
    flags: npt.NDArray[np.bool_] = (known & (values >= threshold)) | in_flagged
    return flags


@dataclass(frozen=True, slots=True)
class Bridge:
    """An account with interactions (either way) into flagged and into ordinary communities.

    ``flagged_weight`` / ``ordinary_weight``: its interactions with members of flagged /
    ordinary communities; ``*_partners``: how many distinct such accounts;
    ``flagged_communities`` / ``ordinary_communities``: how many such communities.
    ``score`` is the smaller of the two weights: how much traffic it carries across.
    """

    platform: str
    account_id: str
    label: str
    community: int
    community_flagged: bool
    risk: float | None
    flagged_weight: int
    ordinary_weight: int
    flagged_partners: int
    ordinary_partners: int
    flagged_communities: int
    ordinary_communities: int
    score: int
    review: str = "human"

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "account_id": self.account_id,
            "label": self.label,
            "community": self.community,
            "community_flagged": self.community_flagged,
            "risk": self.risk,
            "flagged_weight": self.flagged_weight,
            "ordinary_weight": self.ordinary_weight,
            "flagged_partners": self.flagged_partners,
            "ordinary_partners": self.ordinary_partners,
            "flagged_communities": self.flagged_communities,
            "ordinary_communities": self.ordinary_communities,
            "score": self.score,
            "review": self.review,
        }


def bridges(
    graph: InteractionGraph,
    communities: Communities,
    risk: Mapping[NodeKey, float],
    threshold: float = 0.5,
    *,
    min_weight: int = 2,
    top: int | None = None,
    flagged_communities: Sequence[int] | None = None,
) -> list[Bridge]:
    """Accounts linking flagged communities to ordinary ones, strongest first.

    A community is flagged as in :func:`community_risk` (unless ``flagged_communities``
    already says which). An account is a bridge when it has at
    least ``min_weight`` interactions with members of flagged communities and as many with
    members of ordinary ones (its own community included on either side). They are ranked by
    ``score`` (the smaller of the two), then by the smaller partner count, then by key.
    """
    if flagged_communities is None:
        flags = np.array(
            [c.flagged for c in community_risk(graph, communities, risk, threshold)], dtype=bool
        )
    else:
        flags = np.zeros(communities.count, dtype=bool)
        flags[np.asarray(flagged_communities, dtype=np.int64)] = True
    if not flags.any() or flags.all():
        return []
    coo = graph.undirected().tocoo()
    rows, cols, weights = coo.row, coo.col, coo.data
    partner_community = communities.labels[cols]
    partner_flagged = flags[partner_community]
    n = graph.node_count
    flagged_w = np.bincount(rows, weights=weights * partner_flagged, minlength=n)
    ordinary_w = np.bincount(rows, weights=weights * ~partner_flagged, minlength=n)
    candidates = np.flatnonzero((flagged_w >= min_weight) & (ordinary_w >= min_weight))
    if len(candidates) == 0:
        return []
    flagged_p = np.bincount(rows, weights=partner_flagged, minlength=n)
    ordinary_p = np.bincount(rows, weights=~partner_flagged, minlength=n)
    is_candidate = np.zeros(n, dtype=bool)
    is_candidate[candidates] = True
    keep = is_candidate[rows]
    pairs = np.unique(np.stack([rows[keep], partner_community[keep]], axis=1), axis=0)
    pair_flagged = flags[pairs[:, 1]]
    flagged_c = np.bincount(pairs[:, 0], weights=pair_flagged, minlength=n)
    ordinary_c = np.bincount(pairs[:, 0], weights=~pair_flagged, minlength=n)
    values, known = _risk_arrays(graph, risk)
    score = np.minimum(flagged_w, ordinary_w)
    partners = np.minimum(flagged_p, ordinary_p)
    order = candidates[np.lexsort((candidates, -partners[candidates], -score[candidates]))]
    if top is not None:
        order = order[:top]
    out = []
    for node in order.tolist():
        platform, account = graph.nodes[node]
        community = int(communities.labels[node])
        out.append(
            Bridge(
                platform=platform,
                account_id=account,
                label=graph.label(node),
                community=community,
                community_flagged=bool(flags[community]),
                risk=float(values[node]) if known[node] else None,
                flagged_weight=int(flagged_w[node]),
                ordinary_weight=int(ordinary_w[node]),
                flagged_partners=int(flagged_p[node]),
                ordinary_partners=int(ordinary_p[node]),
                flagged_communities=int(flagged_c[node]),
                ordinary_communities=int(ordinary_c[node]),
                score=int(score[node]),
            )
        )
    return out


def _risk_arrays(
    graph: InteractionGraph, risk: Mapping[NodeKey, float]
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Risk per node (0 where unknown) and which nodes have one; values must be in [0, 1]."""
    values = np.zeros(graph.node_count)
    known = np.zeros(graph.node_count, dtype=bool)
    for key, value in risk.items():
        node = graph.get(key)
        if node is None:
            continue
        score = float(value)
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"risk of {key[0]}:{key[1]} must be within [0, 1], got {value!r}")
        values[node] = score
        known[node] = True
    return values, known
