"""Honest train/test splits: by group (account), forward in time, and without near-duplicates.

Never a random tweet split: a model tested on other tweets of the accounts it learnt from, or on
retweets of its own training tweets, looks far better than it is.

* Every group (an account, a surah, a news outlet ...) is on one side only: per family, the
  ``test_share`` of its groups that come first in a keyed hash order go to the test side, so
  the split is the same on every machine and run and every family is tested. A test text whose
  group is also in training under another family is dropped.
* Families with times are also split forward in time: training keeps the tweets before the
  family's cutoff (a quantile of its times), the test the tweets of test groups from the cutoff.
* A test text whose *skeleton* (its classifier text reduced to letters) is also in training is
  dropped, as are repeats within the test: retweets and copies are common.

:func:`check_leakage` verifies the result and raises :class:`LeakageError`, naming what leaked,
when a group or a skeleton is on both sides.

The same holds inside the training side: :func:`fold_groups` gives the groups its out-of-fold
scores (calibration, threshold) are folded by, with every copy of a text in one fold.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from nohaven.classify.corpus import FAMILIES, Example
from nohaven.classify.features import classifier_text

__all__ = [
    "SKELETON_SCHEME",
    "LeakageError",
    "Split",
    "check_leakage",
    "fold_groups",
    "may_train",
    "skeleton",
    "skeleton_hash_each",
    "skeleton_hashes",
    "split_examples",
]

_NOT_LETTERS = re.compile(r"[\W\d_]+")


def skeleton(text: str) -> str:
    """The letters of :func:`classifier_text`: equal for near-identical texts (retweets, copies
    with other links, handles, digits, spacing or punctuation)."""
    return _NOT_LETTERS.sub("", classifier_text(text))


#: How :func:`skeleton_hashes` reads a text (with the classifier text's own scheme).
SKELETON_SCHEME = "skeleton-letters-blake2b64-v1"


def skeleton_hash_each(texts: Iterable[str], *, cleaned: bool = False) -> npt.NDArray[np.uint64]:
    """Each text's skeleton as a 64-bit hash, in order (0 for a text without letters);
    ``cleaned``: the texts are classifier texts already."""
    shapes = (_NOT_LETTERS.sub("", text) if cleaned else skeleton(text) for text in texts)
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(shape.encode("utf-8"), digest_size=8).digest(), "little")
            if shape
            else 0
            for shape in shapes
        ],
        dtype=np.uint64,
    )


def skeleton_hashes(texts: Iterable[str]) -> npt.NDArray[np.uint64]:
    """The sorted, distinct 64-bit hashes of the texts' skeletons (texts without letters left
    out): what a model keeps of the texts it learnt, to tell a near-identical text later
    without keeping any text."""
    found = np.unique(skeleton_hash_each(texts))
    kept: npt.NDArray[np.uint64] = found[found != 0]
    return kept


def fold_groups(examples: Sequence[Example]) -> list[str]:
    """The group each example is folded by for out-of-fold scores: ``family/group``, except
    that every text whose skeleton is held by more than one such group goes with the first of
    them in sorted order.

    Retweets are common: 85% of the verified news accounts' training tweets are copies of a
    tweet another account in the training side also posted. Folded by account alone, the copy
    is scored by a model that learnt the same text from the other account, and its
    out-of-fold score (and so the threshold it asks for) is far lower than a new account's.
    Moving only the copies keeps every other text with its account: joining the accounts that
    share a copy instead would put half of the propaganda accounts' texts in one group.
    """
    own = [f"{example.family}/{example.group}" for example in examples]
    shapes = [skeleton(example.text) for example in examples]
    first: dict[str, str] = {}
    for shape, group in zip(shapes, own, strict=True):
        if shape and (shape not in first or group < first[shape]):
            first[shape] = group
    return [first[shape] if shape else group for shape, group in zip(shapes, own, strict=True)]


class LeakageError(ValueError):
    """The same account or a near-identical text is in both the training and the test split."""


@dataclass(frozen=True, slots=True)
class Split:
    train: list[Example]
    test: list[Example]
    test_share: float
    time_quantile: float
    cutoffs: dict[str, datetime] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> count


def _rank(group: str, key: str) -> bytes:
    return hashlib.blake2b(f"{key}\x1f{group}".encode(), digest_size=8).digest()


def _test_groups(
    examples: Sequence[Example], test_share: float, key: str
) -> dict[str, frozenset[str]]:
    """Per family, the groups of the test side: the ``test_share`` of its groups (at least one
    when it has two or more) that come first in the keyed-hash order of the group alone, so
    a group that is in several families (a surah in three languages) tends to one side."""
    groups: dict[str, set[str]] = {}
    for example in examples:
        groups.setdefault(example.family, set()).add(example.group)
    chosen: dict[str, frozenset[str]] = {}
    for family, found in groups.items():
        ordered = sorted(found, key=lambda group: _rank(group, key))
        count = round(test_share * len(ordered))
        if len(ordered) >= 2:
            count = min(max(count, 1), len(ordered) - 1)
        chosen[family] = frozenset(ordered[:count])
    return chosen


def _quantile(times: list[datetime], q: float) -> datetime:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def may_train(family: str, learn: Collection[str] = ()) -> bool:
    """Whether texts of ``family`` may be trained on: a family of :data:`FAMILIES` marked for
    training, one named in ``learn`` (an evaluation-only family learnt on request), or a
    family the corpus does not know (a team's own data)."""
    known = FAMILIES.get(family)
    return known is None or known.train or family in learn


def split_examples(
    examples: Sequence[Example],
    *,
    test_share: float = 0.3,
    time_quantile: float = 0.6,
    key: str = "nohaven-split-v1",
    learn: Collection[str] = (),
    clock: Callable[[Example], str] | None = None,
) -> Split:
    """Split ``examples`` by group and time; see the module documentation.

    A family that is only evaluated (``train`` false in :data:`FAMILIES`) is all on the test
    side, unless it is in ``learn``: then it is split like a trained family. ``clock`` names
    the examples that share a time cutoff (default: their family).
    """
    clock_of = clock or _family
    if not 0.0 < test_share < 1.0:
        raise ValueError(f"test_share must be between 0 and 1, not {test_share}")
    if not 0.0 <= time_quantile < 1.0:
        raise ValueError(f"time_quantile must be in [0, 1), not {time_quantile}")
    times: dict[str, list[datetime]] = {}
    for example in examples:
        if example.time is not None:
            times.setdefault(clock_of(example), []).append(example.time)
    cutoffs = {name: _quantile(found, time_quantile) for name, found in times.items()}
    test_groups = _test_groups(examples, test_share, key)
    dropped: Counter[str] = Counter()
    train: list[Example] = []
    candidates: list[Example] = []
    for example in examples:
        family = FAMILIES.get(example.family)
        trainable = may_train(example.family, learn)
        may_test = family is None or family.test
        both = trainable and may_test
        side_test = example.group in test_groups[example.family] if both else may_test
        cutoff = cutoffs.get(clock_of(example))
        if side_test:
            if cutoff is not None and example.time is not None and example.time < cutoff:
                dropped["test group, before the time cutoff"] += 1
            else:
                candidates.append(example)
        elif cutoff is not None and example.time is not None and example.time >= cutoff:
            dropped["training group, after the time cutoff"] += 1
        else:
            train.append(example)
    seen = {skeleton(example.text) for example in train}
    train_groups = {example.group for example in train}
    test: list[Example] = []
    for example in candidates:
        shape = skeleton(example.text)
        if example.group in train_groups:  # a test-only family's account also in training
            dropped["test text of an account also in training"] += 1
        elif not shape:
            dropped["test text without letters"] += 1
        elif shape in seen:
            dropped["test text near-identical to a training or earlier test text"] += 1
        else:
            seen.add(shape)
            test.append(example)
    return Split(train, test, test_share, time_quantile, cutoffs, dict(dropped))


def _family(example: Example) -> str:
    return example.family


def check_leakage(train: Sequence[Example], test: Sequence[Example]) -> None:
    """Raise :class:`LeakageError` when a group or a near-identical text is on both sides."""
    train_groups = {example.group for example in train}
    shared_groups = sorted({(e.family, e.group) for e in test if e.group in train_groups})
    train_shapes = {skeleton(example.text) for example in train}
    shared_texts = [e.source for e in test if skeleton(e.text) in train_shapes]
    problems = []
    if shared_groups:
        shown = ", ".join(f"{family}/{group}" for family, group in shared_groups[:5])
        problems.append(f"{len(shared_groups)} groups (accounts) on both sides, e.g. {shown}")
    if shared_texts:
        problems.append(
            f"{len(shared_texts)} test texts near-identical to training texts, e.g. "
            + ", ".join(shared_texts[:5])
        )
    if problems:
        raise LeakageError("leakage between training and test: " + "; ".join(problems))
