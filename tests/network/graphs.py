"""Small hand-built interaction graphs for the network tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from nohaven.model import Interaction, InteractionKind
from nohaven.network import InteractionGraph

T0 = datetime(2024, 3, 1, 12, tzinfo=UTC)
K = InteractionKind


def interaction(
    src: str,
    dst: str,
    kind: InteractionKind = K.REPLY,
    *,
    hours: float = 0,
    post: str | None = None,
    platform: str = "twitter",
) -> Interaction:
    """``src`` acted on ``dst`` (``hours`` after T0, through ``post``)."""
    when = T0 + timedelta(hours=hours)
    return Interaction(platform, kind, src, dst, post or f"{src}-{dst}-{kind}-{hours}", when)


def graph_of(
    pairs: Iterable[tuple[str, str]], kind: InteractionKind = K.MENTION
) -> InteractionGraph:
    """A graph with one interaction of ``kind`` per (source, target) pair."""
    return InteractionGraph.from_interactions(
        interaction(s, t, kind, hours=i) for i, (s, t) in enumerate(pairs)
    )


def two_cliques(size: int = 4) -> InteractionGraph:
    """Two cliques ``a0..`` and ``b0..`` (every ordered pair mentions), joined by a0 -> b0."""
    pairs = [
        (f"{g}{i}", f"{g}{j}") for g in "ab" for i in range(size) for j in range(size) if i != j
    ]
    return graph_of([*pairs, ("a0", "b0")])
