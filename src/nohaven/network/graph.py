"""The interaction graph: who reposted, replied to, mentioned or quoted whom, and when.

A compact, array-backed multigraph. Nodes are accounts keyed ``(platform, account_id)`` (an
``@handle`` reference from :func:`nohaven.model.account_ref` is an account like any other) and
numbered ``0..n-1``; every interaction is one edge in four parallel numpy arrays (source,
target, kind, time). An edge points from the account that acted to the account it acted on:
``source`` reposted, replied to, mentioned or quoted ``target``, so rank that flows along the
edges collects at the accounts that are amplified. Weighted sparse adjacency matrices
(``scipy.sparse``) are built on demand, for every kind or a chosen few.

>>> graph = InteractionGraph.from_store(store)            # doctest: +SKIP
>>> graph.adjacency()        # A[i, j] = interactions from node i to node j   # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import sqlalchemy as sa

from nohaven.model import Interaction, InteractionKind
from nohaven.store import Store, schema

__all__ = ["KINDS", "InteractionGraph", "NodeKey", "kind_codes"]

NodeKey = tuple[str, str]
"""An account: ``(platform, account_id)``."""

KINDS: Final[tuple[InteractionKind, ...]] = (
    InteractionKind.REPOST,
    InteractionKind.REPLY,
    InteractionKind.MENTION,
    InteractionKind.QUOTE,
)
"""Interaction kinds in the order of their codes in :attr:`InteractionGraph.kind`."""

_CODE: Final[dict[str, int]] = {kind.value: code for code, kind in enumerate(KINDS)}
_STREAM_ROWS: Final = 20_000

IntArray = npt.NDArray[np.int64]


def kind_codes(kinds: Iterable[InteractionKind | str] | None) -> npt.NDArray[np.int8]:
    """The codes of ``kinds`` (every kind when None); an unknown kind is an error."""
    if kinds is None:
        return np.arange(len(KINDS), dtype=np.int8)
    codes = []
    for kind in kinds:
        value = kind.value if isinstance(kind, InteractionKind) else str(kind)
        if value not in _CODE:
            known = ", ".join(_CODE)
            raise ValueError(f"unknown interaction kind {value!r}: expected one of {known}")
        codes.append(_CODE[value])
    return np.array(sorted(set(codes)), dtype=np.int8)


@dataclass(frozen=True, slots=True, eq=False)
class InteractionGraph:
    """Accounts and the interactions between them, as numpy arrays.

    ``nodes[i]`` is the key of node ``i``; ``source``, ``target`` (node numbers), ``kind`` (a
    code into :data:`KINDS`), ``time`` (UTC seconds since the epoch) and ``post_ids`` (the post
    that carried the interaction; empty when the graph was built from bare arrays) describe
    one edge each. ``handles`` holds the known handle of an account, for labels.
    """

    nodes: tuple[NodeKey, ...]
    source: IntArray
    target: IntArray
    kind: npt.NDArray[np.int8]
    time: IntArray
    post_ids: tuple[str, ...] = ()
    handles: Mapping[NodeKey, str] = field(default_factory=dict)
    _index: dict[NodeKey, int] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, tuple[int, ...]], Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        count = len(self.source)
        if not len(self.target) == len(self.kind) == len(self.time) == count:
            raise ValueError("source, target, kind and time must have one entry per edge")
        if self.post_ids and len(self.post_ids) != count:
            raise ValueError("post_ids must be empty or have one entry per edge")
        n = len(self.nodes)
        if count and (
            int(self.source.min()) < 0
            or int(self.target.min()) < 0
            or max(int(self.source.max()), int(self.target.max())) >= n
        ):
            raise ValueError(f"edge endpoints must be node numbers in [0, {n})")
        if count and (int(self.kind.min()) < 0 or int(self.kind.max()) >= len(KINDS)):
            raise ValueError(f"kind codes must be in [0, {len(KINDS)})")
        if not self._index:
            self._index.update((key, i) for i, key in enumerate(self.nodes))
        if len(self._index) != n:
            raise ValueError("node keys must be unique")

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_interactions(
        cls, interactions: Iterable[Interaction], *, handles: Mapping[NodeKey, str] | None = None
    ) -> InteractionGraph:
        """A graph of ``interactions`` (model records, any order)."""
        rows = (
            (i.platform, i.source_account, i.target_account, i.kind.value, i.time, i.post_id)
            for i in interactions
        )
        return _build(rows, handles or {})

    @classmethod
    def from_store(cls, store: Store, platform: str | None = None) -> InteractionGraph:
        """The graph of every stored interaction (of one ``platform`` when given).

        Reads only the columns it needs, in a stream, with SQLAlchemy Core; handles come from
        the accounts table.
        """
        table = schema.interactions
        query = sa.select(
            table.c.platform,
            table.c.source_account,
            table.c.target_account,
            table.c.kind,
            table.c.time,
            table.c.post_id,
        )
        accounts = sa.select(schema.accounts.c.platform, schema.accounts.c.id).add_columns(
            schema.accounts.c.handle
        )
        if platform is not None:
            query = query.where(table.c.platform == platform)
            accounts = accounts.where(schema.accounts.c.platform == platform)
        accounts = accounts.where(schema.accounts.c.handle.is_not(None))
        with store.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=_STREAM_ROWS).execute(
                query
            )
            graph = _build(((r[0], r[1], r[2], r[3], r[4], r[5]) for r in result), {})
            handles = {
                (p, i): h for p, i, h in conn.execute(accounts) if h and (p, i) in graph._index
            }
        return dataclasses.replace(graph, handles=handles)

    @classmethod
    def from_arrays(
        cls,
        nodes: Sequence[NodeKey],
        source: npt.ArrayLike,
        target: npt.ArrayLike,
        kind: npt.ArrayLike,
        time: npt.ArrayLike | None = None,
    ) -> InteractionGraph:
        """A graph of edges given as arrays of node numbers and kind codes (benchmarks, tests)."""
        src = np.asarray(source, dtype=np.int64)
        return cls(
            nodes=tuple(nodes),
            source=src,
            target=np.asarray(target, dtype=np.int64),
            kind=np.asarray(kind, dtype=np.int8),
            time=np.zeros(len(src), np.int64) if time is None else np.asarray(time, np.int64),
        )

    # -- reading -----------------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.source)

    def node(self, key: NodeKey) -> int:
        """The number of the node ``key``; KeyError when the account has no interactions."""
        return self._index[key]

    def get(self, key: NodeKey) -> int | None:
        """The number of the node ``key``, or None."""
        return self._index.get(key)

    def label(self, node: int) -> str:
        """``@handle`` when known, else the account id."""
        key = self.nodes[node]
        handle = self.handles.get(key)
        return f"@{handle}" if handle else key[1]

    def edge_mask(self, kinds: Iterable[InteractionKind | str] | None = None) -> Any:
        """A boolean array: which edges are of one of ``kinds`` (all when None)."""
        codes = kind_codes(kinds)
        if len(codes) == len(KINDS):
            return np.ones(self.edge_count, dtype=bool)
        return np.isin(self.kind, codes)

    def counts_by_kind(self) -> dict[str, int]:
        """How many edges of each kind."""
        counts = np.bincount(self.kind, minlength=len(KINDS))
        return {kind.value: int(counts[code]) for code, kind in enumerate(KINDS)}

    def adjacency(self, kinds: Collection[InteractionKind | str] | None = None) -> Any:
        """The directed weighted adjacency (CSR): ``A[i, j]`` interactions from ``i`` to ``j``.

        Only edges of ``kinds`` count (every kind when None). Self-interactions are kept.
        """
        codes = kind_codes(kinds)
        key = ("directed", tuple(int(c) for c in codes))
        if key not in self._cache:
            mask = self.edge_mask(kinds)
            n = self.node_count
            matrix = sp.csr_matrix(
                (
                    np.ones(int(mask.sum()), dtype=np.float64),
                    (self.source[mask], self.target[mask]),
                ),
                shape=(n, n),
            )
            matrix.sum_duplicates()
            self._cache[key] = matrix
        return self._cache[key]

    def undirected(self, kinds: Collection[InteractionKind | str] | None = None) -> Any:
        """The symmetric weighted adjacency ``A + Aᵀ`` without self-loops (CSR).

        ``W[i, j]`` is the number of interactions between ``i`` and ``j`` in either direction:
        what communities and betweenness are computed on.
        """
        codes = kind_codes(kinds)
        key = ("undirected", tuple(int(c) for c in codes))
        if key not in self._cache:
            directed = self.adjacency(kinds)
            matrix = (directed + directed.T).tocsr()
            matrix.setdiag(0)
            matrix.eliminate_zeros()
            matrix.sort_indices()
            self._cache[key] = matrix
        return self._cache[key]


def epoch_seconds(value: datetime) -> int:
    """Whole UTC seconds since the epoch of an aware datetime."""
    return int(value.astimezone(UTC).timestamp())


def _build(
    rows: Iterable[tuple[str, str, str, str, datetime, str]], handles: Mapping[NodeKey, str]
) -> InteractionGraph:
    index: dict[NodeKey, int] = {}
    source: list[int] = []
    target: list[int] = []
    kinds: list[int] = []
    times: list[float] = []
    posts: list[str] = []
    setdefault = index.setdefault
    for platform, src, dst, kind, when, post in rows:
        code = _CODE.get(kind)
        if code is None:
            raise ValueError(f"interaction of post {post!r} has an unknown kind {kind!r}")
        source.append(setdefault((platform, src), len(index)))
        target.append(setdefault((platform, dst), len(index)))
        kinds.append(code)
        times.append(when.timestamp())
        posts.append(post)
    return InteractionGraph(
        nodes=tuple(index),
        source=np.array(source, dtype=np.int64),
        target=np.array(target, dtype=np.int64),
        kind=np.array(kinds, dtype=np.int8),
        time=np.floor(np.array(times, dtype=np.float64)).astype(np.int64),
        post_ids=tuple(posts),
        handles=dict(handles),
        _index=index,
    )
