"""Reciprocity: sustained two-way exchanges between a high-risk account and one that is not.

Grooming happens one to one. An *exchange* here is the set of replies, mentions and quotes
between one flagged account (risk at or above a threshold) and one account that is not
flagged, in both directions. It is listed when each side addressed the other at least
``min_each_way`` times (distinct posts) over at least ``min_span``. For each, the evidence: how
many times each way, first and last time and the span, who started, and whether off-platform
links (rows of the ``post_links`` table: messengers, file hosts...) entered the conversation.

The result is a list of :class:`ContactReview` records: contacts who *may* need support or
counter-messaging. Every record is marked ``review="human"``; nothing here is grounds for
automatic action on either account.

Priority (transparent, highest first): ``flagged risk x fewer-way exchanges x (2 when
off-platform links entered the exchange, else 1)``; ties by longer span, then by the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa

from nohaven.model import InteractionKind
from nohaven.network.graph import InteractionGraph, NodeKey
from nohaven.store import Store, schema

__all__ = [
    "ON_PLATFORM_DOMAINS",
    "ContactReview",
    "LinkLookup",
    "ReciprocitySettings",
    "contacts_for_review",
    "store_links",
]

PostKey = tuple[str, str]
"""A post: ``(platform, post_id)``."""

LinkLookup = Callable[[Collection[PostKey]], Mapping[PostKey, tuple[str, ...]]]
"""Given posts, the off-platform link targets each carries (posts without links left out)."""

_SHOWN_TARGETS: Final = 5
_SQL_CHUNK: Final = 500


@dataclass(frozen=True, slots=True)
class ReciprocitySettings:
    """What counts as a sustained exchange.

    ``threshold``: the risk at or above which an account is flagged; ``min_each_way``: the
    fewest distinct posts each side must address to the other; ``min_span``: the shortest time
    from first to last post; ``kinds``: the interactions that count as addressing someone
    (reposts do not: they amplify, they do not converse).
    """

    threshold: float = 0.5
    min_each_way: int = 3
    min_span: timedelta = timedelta(days=1)
    kinds: tuple[InteractionKind, ...] = (
        InteractionKind.REPLY,
        InteractionKind.MENTION,
        InteractionKind.QUOTE,
    )

    def __post_init__(self) -> None:
        if self.min_each_way < 1:
            raise ValueError(f"min_each_way must be at least 1, got {self.min_each_way}")
        if self.min_span < timedelta(0):
            raise ValueError("min_span must not be negative")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be within [0, 1], got {self.threshold}")


@dataclass(frozen=True, slots=True)
class ContactReview:
    """A sustained exchange between a flagged account and a contact, for a human to review.

    ``from_flagged`` / ``from_contact``: distinct posts in which each side addressed the other;
    ``started_by``: ``"flagged"`` or ``"contact"`` (who addressed the other first);
    ``links``: off-platform links in the exchange's posts, ``links_from_flagged`` of them posted
    by the flagged account, ``link_targets`` the first few distinct targets (strings, never
    fetched), ``first_link`` when the first one entered.
    """

    platform: str
    flagged_account: str
    flagged_label: str
    contact_account: str
    contact_label: str
    flagged_risk: float
    contact_risk: float | None
    from_flagged: int
    from_contact: int
    first: datetime
    last: datetime
    started_by: str
    links: int
    links_from_flagged: int
    link_targets: tuple[str, ...]
    first_link: datetime | None
    priority: float
    review: str = "human"

    @property
    def span(self) -> timedelta:
        return self.last - self.first

    @property
    def pair(self) -> tuple[NodeKey, NodeKey]:
        return (self.platform, self.flagged_account), (self.platform, self.contact_account)

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "flagged_account": self.flagged_account,
            "flagged_label": self.flagged_label,
            "contact_account": self.contact_account,
            "contact_label": self.contact_label,
            "flagged_risk": self.flagged_risk,
            "contact_risk": self.contact_risk,
            "from_flagged": self.from_flagged,
            "from_contact": self.from_contact,
            "first": _iso(self.first),
            "last": _iso(self.last),
            "span_days": round(self.span.total_seconds() / 86400, 3),
            "started_by": self.started_by,
            "links": self.links,
            "links_from_flagged": self.links_from_flagged,
            "link_targets": list(self.link_targets),
            "first_link": None if self.first_link is None else _iso(self.first_link),
            "priority": self.priority,
            "review": self.review,
        }


def contacts_for_review(
    graph: InteractionGraph,
    risk: Mapping[NodeKey, float],
    settings: ReciprocitySettings | None = None,
    *,
    links: LinkLookup | None = None,
) -> list[ContactReview]:
    """Every sustained exchange between a flagged account and an unflagged one, by priority.

    ``risk`` maps accounts to a risk in [0, 1] (accounts missing from it are not flagged);
    ``links`` finds the off-platform links of posts (see :func:`store_links`); without it, or
    when the graph carries no post ids, no links are reported.
    """
    settings = settings or ReciprocitySettings()
    flagged = np.zeros(graph.node_count, dtype=bool)
    risk_of = np.full(graph.node_count, np.nan)
    for key, value in risk.items():
        node = graph.get(key)
        if node is not None:
            risk_of[node] = float(value)
            flagged[node] = float(value) >= settings.threshold
    src, dst = graph.source, graph.target
    keep = graph.edge_mask(settings.kinds) & (flagged[src] != flagged[dst])
    edges = np.flatnonzero(keep)
    if len(edges) == 0:
        return []
    out_of_flagged = flagged[src[edges]]
    flagged_node = np.where(out_of_flagged, src[edges], dst[edges])
    contact_node = np.where(out_of_flagged, dst[edges], src[edges])
    kept = _distinct_posts(graph, edges, out_of_flagged, flagged_node, contact_node)
    edges, out_of_flagged = edges[kept], out_of_flagged[kept]
    flagged_node, contact_node = flagged_node[kept], contact_node[kept]
    found = _exchanges(graph, edges, out_of_flagged, flagged_node, contact_node, settings)
    posts = {
        (graph.nodes[int(graph.source[e])][0], graph.post_ids[int(e)])
        for group in found
        for e in group
    }
    lookup = links(posts) if links is not None and graph.post_ids and posts else {}
    out = [_review(graph, group, risk_of, lookup, settings) for group in found]
    out.sort(key=lambda r: (-r.priority, -r.span, r.platform, r.flagged_account, r.contact_account))
    return out


def _distinct_posts(
    graph: InteractionGraph,
    edges: npt.NDArray[np.int64],
    out_of_flagged: npt.NDArray[np.bool_],
    flagged_node: npt.NDArray[np.int64],
    contact_node: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Positions of one edge per (pair, direction, post): a reply that also mentions counts once."""
    if not graph.post_ids:
        return np.arange(len(edges), dtype=np.int64)
    posts = np.array([graph.post_ids[int(e)] for e in edges], dtype=object)
    _, post_codes = np.unique(posts, return_inverse=True)
    table = np.stack(
        [flagged_node, contact_node, out_of_flagged.astype(np.int64), post_codes.ravel()], axis=1
    )
    _, first = np.unique(table, axis=0, return_index=True)
    return np.sort(first).astype(np.int64)


def _exchanges(
    graph: InteractionGraph,
    edges: npt.NDArray[np.int64],
    out_of_flagged: npt.NDArray[np.bool_],
    flagged_node: npt.NDArray[np.int64],
    contact_node: npt.NDArray[np.int64],
    settings: ReciprocitySettings,
) -> list[npt.NDArray[np.int64]]:
    """The edges of each pair that passes the settings, each sorted by time."""
    n = graph.node_count
    pair = flagged_node * n + contact_node
    times = graph.time[edges]
    order = np.lexsort((edges, times, pair))
    pair, edges, times, out_of_flagged = (
        pair[order],
        edges[order],
        times[order],
        out_of_flagged[order],
    )
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    ends = np.r_[starts[1:], len(pair)]
    from_flagged = np.add.reduceat(out_of_flagged.astype(np.int64), starts)
    from_contact = (ends - starts) - from_flagged
    span = times[ends - 1] - times[starts]
    passing = (
        (from_flagged >= settings.min_each_way)
        & (from_contact >= settings.min_each_way)
        & (span >= settings.min_span.total_seconds())
    )
    return [edges[s:e] for s, e in zip(starts[passing], ends[passing], strict=True)]


def _review(
    graph: InteractionGraph,
    group: npt.NDArray[np.int64],
    risk_of: npt.NDArray[np.float64],
    lookup: Mapping[PostKey, tuple[str, ...]],
    settings: ReciprocitySettings,
) -> ContactReview:
    first_edge = int(group[0])
    flagged_first = bool(risk_of[graph.source[first_edge]] >= settings.threshold)
    flagged = int(graph.source[first_edge] if flagged_first else graph.target[first_edge])
    contact = int(graph.target[first_edge] if flagged_first else graph.source[first_edge])
    from_flagged = int((graph.source[group] == flagged).sum())
    platform = graph.nodes[flagged][0]
    targets: list[str] = []
    links = links_from_flagged = 0
    first_link: datetime | None = None
    for e in group.tolist():
        found = lookup.get((platform, graph.post_ids[e])) if graph.post_ids else None
        if not found:
            continue
        links += len(found)
        if int(graph.source[e]) == flagged:
            links_from_flagged += len(found)
        first_link = first_link or _time(int(graph.time[e]))
        targets.extend(t for t in found if t not in targets)
    contact_risk = float(risk_of[contact])
    fewer = min(from_flagged, len(group) - from_flagged)
    flagged_risk = float(risk_of[flagged])
    return ContactReview(
        platform=platform,
        flagged_account=graph.nodes[flagged][1],
        flagged_label=graph.label(flagged),
        contact_account=graph.nodes[contact][1],
        contact_label=graph.label(contact),
        flagged_risk=flagged_risk,
        contact_risk=None if np.isnan(contact_risk) else contact_risk,
        from_flagged=from_flagged,
        from_contact=len(group) - from_flagged,
        first=_time(int(graph.time[group[0]])),
        last=_time(int(graph.time[group[-1]])),
        started_by="flagged" if flagged_first else "contact",
        links=links,
        links_from_flagged=links_from_flagged,
        link_targets=tuple(targets[:_SHOWN_TARGETS]),
        first_link=first_link,
        priority=round(flagged_risk * fewer * (2.0 if links else 1.0), 6),
    )


ON_PLATFORM_DOMAINS: Final[Mapping[str, frozenset[str]]] = {
    "twitter": frozenset({"twitter.com", "x.com", "t.co", "mobile.twitter.com"}),
    "telegram": frozenset({"t.me", "telegram.me", "telegram.org"}),
}
"""Link domains that stay on the post's own platform: not off-platform links."""


def store_links(
    store: Store,
    *,
    skip_kinds: Collection[str] = ("handoff",),
    on_platform: Mapping[str, frozenset[str]] = ON_PLATFORM_DOMAINS,
) -> LinkLookup:
    """A :data:`LinkLookup` over the store's ``post_links`` table (queried in chunks).

    Only off-platform links count: rows of ``skip_kinds`` (handle hand-offs) and rows whose
    domain belongs to the post's own platform (a tweet's link to another tweet) are left out.
    """

    def lookup(posts: Collection[PostKey]) -> Mapping[PostKey, tuple[str, ...]]:
        table = schema.post_links
        found: dict[PostKey, list[str]] = {}
        by_platform: dict[str, list[str]] = {}
        for platform, post in sorted(posts):
            by_platform.setdefault(platform, []).append(post)
        with store.engine.connect() as conn:
            for platform, ids in by_platform.items():
                own = on_platform.get(platform, frozenset())
                for chunk in _chunks(ids, _SQL_CHUNK):
                    query = (
                        sa.select(table.c.post_id, table.c.target, table.c.domain)
                        .where(table.c.platform == platform, table.c.post_id.in_(chunk))
                        .order_by(table.c.post_id, table.c.target)
                    )
                    if skip_kinds:
                        query = query.where(table.c.kind.not_in(list(skip_kinds)))
                    for post_id, target, domain in conn.execute(query):
                        if domain is None or domain.lower() not in own:
                            found.setdefault((platform, post_id), []).append(target)
        return {key: tuple(values) for key, values in found.items()}

    return lookup


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _time(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
