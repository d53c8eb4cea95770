"""The network job: build the graph from a store, analyse it, and report.

:func:`network_report` runs every step: the interaction graph, communities, per-account
measures, the top communicators (of the whole network, and of its flagged part: the accounts
whose risk reaches the threshold and the members of flagged communities), the bridges between
flagged and ordinary communities, and the contacts for review. Account risk is an input;
without one, the store's account scores (of ``account_model``, else the model scored most
recently) are the risk, and in a store without account scores the mean stored post score of
each account stands in for it (:func:`nohaven.network.risk.mean_post_score`). The report says
which. Every listed account is for human review, never for automatic action.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from nohaven.network.centrality import (
    Bridge,
    Communicator,
    NodeMetrics,
    bridges,
    communicators,
    community_risk,
    flagged_accounts,
    node_metrics,
)
from nohaven.network.communities import Communities, detect_communities
from nohaven.network.export import GraphView
from nohaven.network.graph import InteractionGraph, NodeKey
from nohaven.network.reciprocity import (
    ContactReview,
    ReciprocitySettings,
    contacts_for_review,
    store_links,
)
from nohaven.network.risk import mean_post_score
from nohaven.store import Store

__all__ = ["NetworkReport", "NetworkSettings", "network_report"]


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """Settings of the network job.

    ``top``: how many communicators and bridges to list; ``method``, ``resolution``, ``seed``:
    the community detection; ``threshold``: the account risk (and mean community risk) at which
    an account (a community) is flagged; ``min_each_way`` and ``min_span``: what makes an
    exchange sustained; ``betweenness_samples``: sources for the betweenness estimate (0: off).
    """

    top: int = 20
    method: str = "louvain"
    resolution: float = 1.0
    seed: int = 0
    threshold: float = 0.5
    min_each_way: int = 3
    min_span: timedelta = timedelta(days=1)
    betweenness_samples: int = 0

    def reciprocity(self) -> ReciprocitySettings:
        return ReciprocitySettings(
            threshold=self.threshold, min_each_way=self.min_each_way, min_span=self.min_span
        )


@dataclass(frozen=True, slots=True)
class NetworkReport:
    """What the network job found; ``view`` holds the graph and measures for export."""

    nodes: int
    edges: int
    by_kind: Mapping[str, int]
    communities: int
    modularity: float
    flagged_communities: tuple[int, ...]
    risk_source: str
    communicators: tuple[Communicator, ...]
    flagged_communicators: tuple[Communicator, ...]
    bridges: tuple[Bridge, ...]
    contacts: tuple[ContactReview, ...]
    settings: NetworkSettings
    seconds: Mapping[str, float]
    view: GraphView = field(compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        s = self.settings
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "by_kind": dict(self.by_kind),
            "communities": self.communities,
            "modularity": round(self.modularity, 6),
            "flagged_communities": list(self.flagged_communities),
            "risk_source": self.risk_source,
            "communicators": [c.to_json() for c in self.communicators],
            "flagged_communicators": [c.to_json() for c in self.flagged_communicators],
            "bridges": [b.to_json() for b in self.bridges],
            "contacts_for_review": [c.to_json() for c in self.contacts],
            "settings": {
                "top": s.top,
                "method": s.method,
                "resolution": s.resolution,
                "seed": s.seed,
                "threshold": s.threshold,
                "min_each_way": s.min_each_way,
                "min_span_days": s.min_span.total_seconds() / 86400,
                "betweenness_samples": s.betweenness_samples,
            },
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "review": "human",
        }


def network_report(
    store: Store,
    *,
    risk: Mapping[NodeKey, float] | None = None,
    platform: str | None = None,
    settings: NetworkSettings | None = None,
    account_model: str | None = None,
) -> NetworkReport:
    """Analyse the store's interaction graph (of one ``platform`` when given).

    ``risk`` maps accounts to a risk in [0, 1]; without it the stored account scores (of
    ``account_model`` when given) are used, else the mean post score stands in.
    """
    settings = settings or NetworkSettings()
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    graph = InteractionGraph.from_store(store, platform)
    lap("graph")
    risk_source = "given"
    if risk is None:
        from nohaven.store.accounts import account_risk, latest_account_model

        risk = account_risk(store, account_model, platform=platform)
        chosen = latest_account_model(store, account_model) if risk else None
        if chosen is not None:
            risk_source = f"account scores ({chosen[0]} {chosen[1]})"
        else:
            risk = mean_post_score(store, platform=platform)
            risk_source = "mean post score" if risk else "none (no scored posts)"
    lap("risk")
    found: Communities = detect_communities(
        graph, method=settings.method, resolution=settings.resolution, seed=settings.seed
    )
    lap("communities")
    metrics: NodeMetrics = node_metrics(
        graph, betweenness_samples=settings.betweenness_samples, seed=settings.seed
    )
    lap("centrality")
    top = communicators(graph, settings.top, communities=found, metrics=metrics)
    flagged = tuple(
        c.community for c in community_risk(graph, found, risk, settings.threshold) if c.flagged
    )
    among = flagged_accounts(graph, found, risk, settings.threshold, flagged_communities=flagged)
    top_flagged = communicators(
        graph, settings.top, communities=found, metrics=metrics, among=among
    )
    linking = bridges(
        graph, found, risk, settings.threshold, top=settings.top, flagged_communities=flagged
    )
    lap("communicators and bridges")
    contacts = contacts_for_review(graph, risk, settings.reciprocity(), links=store_links(store))
    lap("reciprocity")
    return NetworkReport(
        nodes=graph.node_count,
        edges=graph.edge_count,
        by_kind=graph.counts_by_kind(),
        communities=found.count,
        modularity=found.modularity,
        flagged_communities=flagged,
        risk_source=risk_source,
        communicators=tuple(top),
        flagged_communicators=tuple(top_flagged),
        bridges=tuple(linking),
        contacts=tuple(contacts),
        settings=settings,
        seconds=seconds,
        view=GraphView(graph, found, metrics, risk),
    )
