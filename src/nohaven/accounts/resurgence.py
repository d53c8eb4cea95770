"""Resurgent accounts: candidate links between an account and the earlier account it replaces.

An account *gone* (suspended in the store, or silent for the last ``vanished_after_days`` of
the data) is paired with an account that appeared after its last post, within
``max_gap_days``; an account that overlapped it in time (at most ``max_overlap_days``) is
paired too when both share a strong key (the same handle stem, display name or
description). Pairs are scored from:

========== ===================================================================== =======
evidence   value in [0, 1]                                                        weight
========== ===================================================================== =======
handle     handle similarity (:func:`~nohaven.accounts.handles.handle_similarity`) 3.0
           rescaled from [0.6, 1], times the rarity of the handle stem
name       display names alike (also across Arabic and Latin script, and one's      2.0
           handle against the other's name), rescaled from [0.6, 1], times rarity
description descriptions' trigram Jaccard, rescaled from [0.2, 0.9], times rarity   1.5
mentions   Jaccard of the accounts each mentions, doubled, at most 1               1.0
reposters  Jaccard of the accounts that repost each, doubled, at most 1            1.0
rhythm     cosine of hour-of-day profiles (10+ posts each), rescaled from [0.7, 1] 0.5
gap        2^(-gap / 7 days) after the earlier account's last post; 0.25 if they   1.0
           overlapped
announce   1 if one names the other in an announcement; 0.5 if the later account  3.0
           was announced as a new account; 0.3 if it says it is back
========== ===================================================================== =======

``score = sum(weight * value) / sum(weights)``. *Rarity* is 1 for a key shared by at most 5
accounts and ``1 / (1 + ln(count / 5))`` above, so a common first name or a template
description counts for little. Each account is kept in at most one pair on each side (the
best-scoring pairs first), unless ``one_to_one`` is off.

**Blocking**: only accounts that share a block are compared: the same handle stem (a stem of 7
or more letters also blocks without its last letter, so ``MaghrebiQ`` meets ``MaghrebiQM``),
the first or last 4 letters of the stem, the first 5 letters of its consonant skeleton (also
computed from the display name, so Arabic names meet Latin handles), the same display name or
the start of the same description, a shared reposter or mentioned account. A pair is scored
when it shares a strong key (stem, name, description) or two weak ones, or an announcement
names it. Blocks larger than ``max_block`` are skipped: a key that many accounts share says
nothing.

Every pair is a lead for a person to check, never a decision about an account.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nohaven.accounts.activity import Activity, Profile, Statement, load_activity
from nohaven.accounts.announce import AnnouncementKind
from nohaven.accounts.handles import (
    consonants,
    handle_name_similarity,
    handle_similarity,
    name_similarity,
    name_tokens,
    split_handle,
    text_similarity,
)
from nohaven.cells import safe_cell
from nohaven.store import Store
from nohaven.text.normalize import matching_key

__all__ = [
    "PAIR_COLUMNS",
    "CandidatePair",
    "Evaluation",
    "PairEvidence",
    "ResurgenceReport",
    "ResurgenceSettings",
    "Weights",
    "candidate_pairs",
    "evaluate",
    "find_resurgence",
    "precision_at",
    "resurgence_report",
    "write_pairs",
]

_DAY = 86400.0
_RARE = 5
_NEIGHBOUR_KEYS = 20


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of evidence counts in a pair's score (see the module table)."""

    handle: float = 3.0
    name: float = 2.0
    description: float = 1.5
    mentions: float = 1.0
    reposters: float = 1.0
    rhythm: float = 0.5
    gap: float = 1.0
    announce: float = 3.0

    def of(self, name: str) -> float:
        """The weight of the evidence called ``name``."""
        value: float = getattr(self, name)
        return value

    @property
    def total(self) -> float:
        """The sum of every weight (a new kind of evidence counts without another edit)."""
        return float(sum(getattr(self, item.name) for item in fields(self)))


@dataclass(frozen=True, slots=True)
class ResurgenceSettings:
    """Settings of resurgence linking.

    ``vanished_after_days``: an account with no post in the last this many days of the data is
    gone. ``max_gap_days``: the latest a successor may appear after the earlier account's last
    post. ``slack_days``: a successor may start this long before that last post and still
    count as coming after it (imprecise times). ``max_overlap_days``: how long two accounts of
    one family (a strong key shared) may have been active together. ``max_block``: blocks
    larger than this are skipped. ``min_score``: pairs below it are dropped. ``one_to_one``:
    keep each account in at most one pair as the earlier and one as the later account.
    """

    vanished_after_days: float = 14.0
    max_gap_days: float = 90.0
    gap_half_life_days: float = 7.0
    slack_days: float = 1.0
    max_overlap_days: float = 30.0
    min_posts_rhythm: int = 10
    max_block: int = 100
    min_score: float = 0.15
    one_to_one: bool = True
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        if self.vanished_after_days < 0 or self.max_gap_days <= 0 or self.max_block < 2:
            raise ValueError(
                "resurgence settings: vanished_after_days >= 0, max_gap_days > 0 and "
                "max_block >= 2 are required"
            )


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """One kind of evidence for a pair: its value in [0, 1], weighted contribution to the
    score, and what it is in words."""

    kind: str
    value: float
    contribution: float
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": round(self.value, 4),
            "contribution": round(self.contribution, 4),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """An earlier account that is gone and a later account that may be its re-creation, for
    a person to review."""

    platform: str
    earlier_id: str
    earlier_handle: str
    later_id: str
    later_handle: str
    score: float
    gap_hours: float
    evidence: tuple[PairEvidence, ...]

    @property
    def summary(self) -> str:
        """The evidence that counted, strongest first, in words."""
        shown = sorted(
            (e for e in self.evidence if e.contribution > 0), key=lambda e: -e.contribution
        )
        return "; ".join(f"{e.kind}: {e.text}" for e in shown)

    def to_json(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "earlier_id": self.earlier_id,
            "earlier_handle": self.earlier_handle,
            "later_id": self.later_id,
            "later_handle": self.later_handle,
            "score": round(self.score, 4),
            "gap_hours": round(self.gap_hours, 1),
            "review": "lead for human review",
            "evidence": [e.to_json() for e in self.evidence],
        }


def _rarity(count: int) -> float:
    return 1.0 if count <= _RARE else 1.0 / (1.0 + math.log(count / _RARE))


def _rescale(value: float, low: float, high: float = 1.0) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _cosine(a: bytes, b: bytes) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return dot / norm if norm else 0.0


@dataclass(slots=True)
class _Keys:
    """Per-account keys, computed once."""

    stem: list[str]
    name: list[str]
    description: list[str]
    stem_count: Counter[str]
    name_count: Counter[str]
    description_count: Counter[str]

    @classmethod
    def of(cls, profiles: Sequence[Profile]) -> _Keys:
        stems = [split_handle(p.handle).stem for p in profiles]
        names = ["".join(name_tokens(p.display_name)) if p.display_name else "" for p in profiles]
        descriptions = [matching_key(p.description)[:60] if p.description else "" for p in profiles]
        return cls(
            stems,
            names,
            descriptions,
            Counter(s for s in stems if s),
            Counter(n for n in names if n),
            Counter(d for d in descriptions if d),
        )


def _block_keys(profile: Profile, index: int, keys: _Keys) -> tuple[set[str], set[str]]:
    """(strong keys, weak keys) of one account."""
    strong: set[str] = set()
    weak: set[str] = set()
    stem = keys.stem[index]
    if len(stem) >= 3:
        strong.add("s:" + stem)
        if len(stem) >= 7:
            # A letter added at the end (MaghrebiQ -> MaghrebiQM) meets the shorter stem.
            strong.add("s:" + stem[:-1])
        if len(stem) >= 6:
            weak.update(("p:" + stem[:4], "q:" + stem[-4:]))
        skeleton = consonants(stem)
        if len(skeleton) >= 4:
            weak.add("c:" + skeleton[:5])
    if keys.name[index]:
        strong.add("n:" + keys.name[index])
    if profile.display_name:
        skeleton = consonants(profile.display_name)
        if len(skeleton) >= 4:
            weak.add("c:" + skeleton[:5])
    if keys.description[index]:
        strong.add("d:" + keys.description[index])
    weak.update("r:" + other for other in sorted(profile.reposters)[:_NEIGHBOUR_KEYS])
    weak.update("m:" + other for other in sorted(profile.mentions)[:_NEIGHBOUR_KEYS])
    return strong, weak


def _gone(profile: Profile, data_end: float, settings: ResurgenceSettings) -> bool:
    end = profile.end
    if end is None:
        return profile.suspended and profile.start is not None
    return profile.suspended or end < data_end - settings.vanished_after_days * _DAY


def _ordered(e: Profile, later: Profile, overlap_ok: bool, settings: ResurgenceSettings) -> bool:
    """Whether ``later`` may be the successor of the gone account ``e`` in time."""
    end = e.end if e.end is not None else e.start
    if later.start is None or e.start is None or end is None or later.start <= e.start:
        return False
    if later.start >= end - settings.slack_days * _DAY:
        return later.start - end <= settings.max_gap_days * _DAY
    return (
        overlap_ok
        and later.end is not None
        and later.end > end
        and end - later.start <= settings.max_overlap_days * _DAY
    )


def candidate_pairs(
    profiles: Sequence[Profile],
    statements: Iterable[Statement],
    data_end: float,
    settings: ResurgenceSettings | None = None,
) -> set[tuple[int, int]]:
    """Candidate ``(earlier, later)`` index pairs into ``profiles``, by blocking: pairs that
    share a strong key (handle stem, display name, description start), or two weak keys, or
    that an announcement names."""
    settings = settings or ResurgenceSettings()
    keys = _Keys.of(profiles)
    gone = [_gone(p, data_end, settings) for p in profiles]
    blocks: dict[str, list[int]] = defaultdict(list)
    strong_of: list[set[str]] = []
    for index, profile in enumerate(profiles):
        strong, weak = _block_keys(profile, index, keys)
        strong_of.append(strong)
        for key in strong | weak:
            blocks[key].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    before = max(settings.slack_days, settings.max_overlap_days) * _DAY
    after = settings.max_gap_days * _DAY
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > settings.max_block:
            continue
        is_strong = key[:2] in ("s:", "n:", "d:")
        # Members by start time: each gone account only looks at those that started within
        # its window, from `before` ahead of its end to `after` past it.
        ordered = sorted(members, key=lambda i: profiles[i].start or 0.0)
        starts = [profiles[i].start or 0.0 for i in ordered]
        for e in members:
            end = profiles[e].end
            if not gone[e] or end is None:
                continue
            low = bisect.bisect_left(starts, end - before)
            high = bisect.bisect_right(starts, end + after)
            for later in ordered[low:high]:
                if later != e and _ordered(profiles[e], profiles[later], is_strong, settings):
                    shared[(e, later)] += 2 if is_strong else 1
    # One weak key in common (a 4-letter prefix, one shared neighbour) is not enough.
    pairs = {pair for pair, weight in shared.items() if weight >= 2}
    by_handle = _handle_index(profiles)
    for statement in statements:
        named = statement.announcement.handle
        if named is None:
            continue
        poster = by_handle.get((statement.platform, statement.account_id.casefold().lstrip("@")))
        other = by_handle.get((statement.platform, named.casefold()))
        if poster is None or other is None or poster == other:
            continue
        for e, later in ((poster, other), (other, poster)):
            if gone[e] and _ordered(profiles[e], profiles[later], True, settings):
                pairs.add((e, later))
    return pairs


def _handle_index(profiles: Sequence[Profile]) -> dict[tuple[str, str], int]:
    """(platform, case-folded handle or id) -> index."""
    index: dict[tuple[str, str], int] = {}
    for i, profile in enumerate(profiles):
        index.setdefault((profile.platform, profile.id.casefold().lstrip("@")), i)
        index[(profile.platform, profile.handle.casefold().lstrip("@"))] = i
    return index


@dataclass(slots=True)
class _Announced:
    """Announcement facts by account index."""

    links: dict[tuple[int, int], str] = field(default_factory=dict)
    named_new: dict[int, str] = field(default_factory=dict)
    returning: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, profiles: Sequence[Profile], statements: Iterable[Statement]) -> _Announced:
        facts = cls()
        by_handle = _handle_index(profiles)
        for statement in statements:
            poster = by_handle.get(
                (statement.platform, statement.account_id.casefold().lstrip("@"))
            )
            found = statement.announcement
            who = profiles[poster].handle if poster is not None else statement.account_id
            if found.kind is AnnouncementKind.RETURN and poster is not None:
                facts.returning.setdefault(poster, f"@{who} says '{found.phrase}'")
            if found.handle is None:
                continue
            named = by_handle.get((statement.platform, found.handle))
            if named is None:
                continue
            text = f"@{who} wrote '{found.phrase}'"
            if poster is not None and poster != named:
                facts.links.setdefault((min(poster, named), max(poster, named)), text)
            if found.kind is AnnouncementKind.NEW and poster != named:
                facts.named_new.setdefault(named, text)
        return facts


def _when(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M")


def _score_pair(
    e: int,
    later: int,
    profiles: Sequence[Profile],
    keys: _Keys,
    announced: _Announced,
    settings: ResurgenceSettings,
) -> CandidatePair:
    a, b = profiles[e], profiles[later]
    w = settings.weights
    items: list[tuple[str, float, str]] = []

    handle = handle_similarity(a.handle, b.handle)
    rarity = _rarity(max(keys.stem_count[keys.stem[e]], keys.stem_count[keys.stem[later]]))
    items.append(
        (
            "handle",
            _rescale(handle.score, 0.6) * rarity,
            handle.reason + (f", stem shared widely (x{rarity:.2f})" if rarity < 1 else ""),
        )
    )

    names = [name_similarity(a.display_name, b.display_name)]
    for h, n in ((a.handle, b.display_name), (b.handle, a.display_name)):
        cross = handle_name_similarity(h, n)
        names.append(type(cross)(0.9 * cross.score, cross.reason))
    name = max(names, key=lambda s: s.score)
    counts = [keys.name_count[keys.name[i]] for i in (e, later) if keys.name[i]]
    rarity = _rarity(max(counts)) if counts else 1.0
    items.append(
        (
            "name",
            _rescale(name.score, 0.6) * rarity,
            name.reason + (f", name shared widely (x{rarity:.2f})" if rarity < 1 else ""),
        )
    )

    description = text_similarity(a.description, b.description)
    counts = [
        keys.description_count[keys.description[i]] for i in (e, later) if keys.description[i]
    ]
    rarity = _rarity(max(counts)) if counts else 1.0
    items.append(
        (
            "description",
            _rescale(description.score, 0.2, 0.9) * rarity,
            description.reason
            + (f", description shared widely (x{rarity:.2f})" if rarity < 1 else ""),
        )
    )

    for kind, left, right, what in (
        ("mentions", a.mentions, b.mentions, "accounts mentioned"),
        ("reposters", a.reposters, b.reposters, "reposting accounts"),
    ):
        overlap = _jaccard(left, right)
        shared = len(left & right)
        items.append(
            (kind, min(1.0, 2 * overlap), f"{shared} {what} in common (Jaccard {overlap:.2f})")
        )

    if min(a.posts, b.posts) >= settings.min_posts_rhythm and a.hours and b.hours:
        cosine = _cosine(a.hours, b.hours)
        items.append(("rhythm", _rescale(cosine, 0.7), f"hour-of-day profiles cosine {cosine:.2f}"))
    else:
        items.append(
            ("rhythm", 0.0, f"too few posts to compare rhythm (<{settings.min_posts_rhythm})")
        )

    end = a.end if a.end is not None else a.start
    assert end is not None and b.start is not None
    gap = b.start - end
    ended = "suspension" if a.suspended_at is not None and a.suspended_at == end else "last post"
    if a.end is None:
        ended = "creation (no posts)"
    if gap >= -settings.slack_days * _DAY:
        value = 2.0 ** (-max(gap, 0.0) / (settings.gap_half_life_days * _DAY))
        when = f"{abs(gap) / 3600:.0f} h {'after' if gap >= 0 else 'before'}"
        items.append(
            (
                "gap",
                value,
                f"@{b.handle} first seen {when} @{a.handle}'s {ended} ({_when(end)})",
            )
        )
    else:
        items.append(
            (
                "gap",
                0.25,
                f"active at the same time (@{b.handle} from {_when(b.start)}, "
                f"@{a.handle} until {_when(end)})",
            )
        )

    link = announced.links.get((min(e, later), max(e, later)))
    if link is not None:
        items.append(("announce", 1.0, link))
    elif later in announced.named_new:
        items.append(("announce", 0.5, "announced as a new account: " + announced.named_new[later]))
    elif later in announced.returning:
        items.append(("announce", 0.3, announced.returning[later]))
    else:
        items.append(("announce", 0.0, "no announcement"))

    total = w.total  # once a pair, not once an item
    evidence = tuple(
        PairEvidence(kind, value, w.of(kind) * value / total, text) for kind, value, text in items
    )
    return CandidatePair(
        platform=a.platform,
        earlier_id=a.id,
        earlier_handle=a.handle,
        later_id=b.id,
        later_handle=b.handle,
        score=sum(item.contribution for item in evidence),
        gap_hours=gap / 3600,
        evidence=evidence,
    )


def find_resurgence(
    activity: Activity, settings: ResurgenceSettings | None = None
) -> list[CandidatePair]:
    """Candidate pairs of an :class:`~nohaven.accounts.activity.Activity`, best first."""
    settings = settings or ResurgenceSettings()
    profiles = activity.profiles
    if activity.data_end is None:
        return []
    candidates = candidate_pairs(profiles, activity.statements, activity.data_end, settings)
    keys = _Keys.of(profiles)
    announced = _Announced.of(profiles, activity.statements)
    scored = [
        _score_pair(e, later, profiles, keys, announced, settings)
        for e, later in sorted(candidates)
    ]
    scored = [pair for pair in scored if pair.score >= settings.min_score]
    scored.sort(key=lambda pair: (-pair.score, pair.platform, pair.earlier_id, pair.later_id))
    if not settings.one_to_one:
        return scored
    used_earlier: set[tuple[str, str]] = set()
    used_later: set[tuple[str, str]] = set()
    kept: list[CandidatePair] = []
    for pair in scored:
        first, second = (pair.platform, pair.earlier_id), (pair.platform, pair.later_id)
        if first in used_earlier or second in used_later:
            continue
        used_earlier.add(first)
        used_later.add(second)
        kept.append(pair)
    return kept


@dataclass(frozen=True, slots=True)
class ResurgenceReport:
    """The outcome of :func:`resurgence_report`: counts and the pairs, best first."""

    accounts: int
    gone: int
    announcements: int
    pairs: tuple[CandidatePair, ...]

    def to_json(self, top: int | None = None) -> dict[str, Any]:
        shown = self.pairs if top is None else self.pairs[:top]
        return {
            "accounts": self.accounts,
            "gone": self.gone,
            "announcements": self.announcements,
            "pairs": len(self.pairs),
            "top": [pair.to_json() for pair in shown],
        }


def resurgence_report(
    store: Store, settings: ResurgenceSettings | None = None, platform: str | None = None
) -> ResurgenceReport:
    """Read the store and link resurgent accounts: every candidate pair, best first."""
    settings = settings or ResurgenceSettings()
    activity = load_activity(store, platform)
    pairs = find_resurgence(activity, settings)
    end = activity.data_end
    gone = 0 if end is None else sum(_gone(p, end, settings) for p in activity.profiles)
    return ResurgenceReport(len(activity.profiles), gone, len(activity.statements), tuple(pairs))


#: Columns of the pairs CSV, in order.
PAIR_COLUMNS = (
    "rank",
    "platform",
    "earlier_id",
    "earlier_handle",
    "later_id",
    "later_handle",
    "score",
    "gap_hours",
    "evidence",
    "review",
)


def write_pairs(pairs: Sequence[CandidatePair], path: Path) -> int:
    """Write pairs to ``path`` (``.csv``, or ``.jsonl``/``.json`` lines); returns how many.

    CSV cells go through :func:`nohaven.cells.safe_cell` (handles from platforms are hostile).
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".json"):
        raise ValueError(
            f"{path}: write pairs to a .csv or .jsonl file, not {suffix or 'no suffix'}"
        )
    with path.open("w", encoding="utf-8", newline="") as handle:
        if suffix == ".csv":
            writer = csv.writer(handle)
            writer.writerow(PAIR_COLUMNS)
            for rank, pair in enumerate(pairs, 1):
                writer.writerow(
                    safe_cell(value)
                    for value in (
                        rank,
                        pair.platform,
                        pair.earlier_id,
                        pair.earlier_handle,
                        pair.later_id,
                        pair.later_handle,
                        f"{pair.score:.4f}",
                        f"{pair.gap_hours:.1f}",
                        pair.summary,
                        "lead for human review",
                    )
                )
        else:
            for rank, pair in enumerate(pairs, 1):
                handle.write(
                    json.dumps({"rank": rank, **pair.to_json()}, ensure_ascii=False) + "\n"
                )
    return len(pairs)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Precision of the top pairs against known pairs, and recall of all of them."""

    truth: int
    found: int
    precision_at: dict[int, float]
    recall: float

    def to_json(self) -> dict[str, Any]:
        return {
            "truth": self.truth,
            "found": self.found,
            "precision_at": {str(k): round(v, 4) for k, v in self.precision_at.items()},
            "recall": round(self.recall, 4),
        }


def precision_at(pairs: Sequence[CandidatePair], truth: set[frozenset[str]], k: int) -> float:
    """Share of the first ``k`` pairs (fewer if there are fewer) whose two ids are a known pair
    (order ignored)."""
    top = pairs[:k]
    if not top:
        return 0.0
    return sum(frozenset((p.earlier_id, p.later_id)) in truth for p in top) / len(top)


def evaluate(
    pairs: Sequence[CandidatePair], truth: set[frozenset[str]], ks: Sequence[int] = (10, 50)
) -> Evaluation:
    """Precision at each ``k`` and recall of ``truth`` (unordered id pairs) over all pairs."""
    hits = {frozenset((p.earlier_id, p.later_id)) for p in pairs} & truth
    return Evaluation(
        truth=len(truth),
        found=len(pairs),
        precision_at={k: precision_at(pairs, truth, k) for k in ks},
        recall=len(hits) / len(truth) if truth else 0.0,
    )
