"""The interaction network: graph, communities, communicators, bridges, contacts for review.

Build an :class:`InteractionGraph` from a store or from interactions, find communities
(:func:`detect_communities`), measure accounts (:func:`node_metrics`), list the communicators
(:func:`communicators`, also among the flagged part of the network: :func:`flagged_accounts`),
the bridges between flagged and ordinary communities (:func:`bridges`)
and the sustained exchanges between flagged accounts and others (:func:`contacts_for_review`),
and export for Gephi or as JSON (:func:`write_graph`). :func:`network_report` does it all.
Every account listed is for a human to review; nothing here acts on an account.
"""

from nohaven.network.centrality import (
    Bridge,
    Communicator,
    CommunityRisk,
    NodeMetrics,
    approximate_betweenness,
    bridges,
    communicators,
    community_risk,
    flagged_accounts,
    node_metrics,
    pagerank,
)
from nohaven.network.communities import Communities, detect_communities, modularity
from nohaven.network.export import GraphView, write_gexf, write_graph, write_json
from nohaven.network.graph import KINDS, InteractionGraph, NodeKey
from nohaven.network.reciprocity import (
    ContactReview,
    ReciprocitySettings,
    contacts_for_review,
    store_links,
)
from nohaven.network.report import NetworkReport, NetworkSettings, network_report
from nohaven.network.risk import mean_post_score

__all__ = [
    "KINDS",
    "Bridge",
    "Communicator",
    "Communities",
    "CommunityRisk",
    "ContactReview",
    "GraphView",
    "InteractionGraph",
    "NetworkReport",
    "NetworkSettings",
    "NodeKey",
    "NodeMetrics",
    "ReciprocitySettings",
    "approximate_betweenness",
    "bridges",
    "communicators",
    "community_risk",
    "contacts_for_review",
    "detect_communities",
    "flagged_accounts",
    "mean_post_score",
    "modularity",
    "network_report",
    "node_metrics",
    "pagerank",
    "store_links",
    "write_gexf",
    "write_graph",
    "write_json",
]
