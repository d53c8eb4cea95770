"""What each positive says: one reader's stance annotation of the Fifth Tribe tweets.

The positive labels are per account (every tweet of a pro-ISIS account is "propaganda"), so a
recall computed on them counts replies, greetings and "back from suspension" posts as misses
just as much as the group's claims of attacks, and a model trained on them learns such posts as
propaganda. ``data/stance_readings.csv`` records, for every headline positive of the default
split (the 562 of the test side, and the 2,762 of the training side that training would learn
from once quoted scripture and texts under 20 characters are left out; each keyed by its
``source``, "folder/file:line", so no text is copied), what the text itself says:

* ``stance``: it speaks for the group or its cause: praises or celebrates its fighters, attacks
  or state; relays its outlets (Amaq, al-Naba', its provinces' media); names its enemies in the
  group's terms as targets (rafidha, nusayri, sahwat, tawaghit, apostates); calls to fight, to
  emigrate or to pledge; threatens; justifies its attacks.
* ``unclear``: on the conflict or the jihadist milieu, but the stance needs context: war news
  by supporters without the group's framing, jihadist preachers' religious content, support for
  prisoners, quarrels between jihadist factions, hostility to the Syrian regime or the YPG that
  other sides share.
* ``none``: nothing in the text carries a stance: replies, greetings and thanks, verses and
  hadith, requests to follow a new account, reports to the platform, jokes, daily life, spam,
  news relayed from monitors and media.

One developer read each text once, each side in a shuffled order without the model's scores
(before that, 120 test texts in a first sample with their scores shown; reread blind, they
were labelled the same, from memory as much as judgement). Test side: 32%
``stance``, 27% ``unclear``, 40% ``none``; training side: 18%, 25%, 57%. The test readings give
the figures of the model card's "By what the positive says" section; the training readings
decide which positives training learns from (``TrainingSettings.unlearnt_readings``).

A second reader read the 562 test texts blind (the texts alone, shuffled, with these three
definitions; no scores, no first readings): ``data/stance_readings_second.csv``
(:func:`load_second_readings`), compared by :func:`agreement`; the evaluation reports the
agreement and the figures by the second reader's readings too. The two agree on 83%
(Cohen's kappa 0.74); most differences are ``stance`` read as ``unclear``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

__all__ = [
    "READINGS_FILE",
    "SECOND_READINGS_FILE",
    "Agreement",
    "Reading",
    "ReadingError",
    "agreement",
    "load_readings",
    "load_second_readings",
    "parse_readings",
]

READINGS_FILE = "stance_readings.csv"
#: The second reader's readings of the test side (see the module documentation).
SECOND_READINGS_FILE = "stance_readings_second.csv"


class Reading(StrEnum):
    """What a positive's text says (see the module documentation)."""

    STANCE = "stance"
    UNCLEAR = "unclear"
    NONE = "none"


class ReadingError(ValueError):
    """A readings file that cannot be used, with its file, line and reason."""


def load_readings(path: Path | None = None) -> dict[str, Reading]:
    """The readings by ``source``: the shipped file, or ``path`` (CSV: ``source,reading``)."""
    if path is None:
        return _shipped(READINGS_FILE)
    return parse_readings(path.read_text(encoding="utf-8"), str(path))


def load_second_readings() -> dict[str, Reading]:
    """The second reader's shipped readings of the test side, by ``source``."""
    return _shipped(SECOND_READINGS_FILE)


def _shipped(file: str) -> dict[str, Reading]:
    text = resources.files("nohaven.classify").joinpath("data", file).read_text("utf-8")
    return parse_readings(text, f"nohaven/classify/data/{file}")


def parse_readings(text: str, name: str) -> dict[str, Reading]:
    """Parse a readings CSV; errors name ``name``, the line and the reason."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header != ["source", "reading"]:
        raise ReadingError(f"{name}:1: the header must be 'source,reading', not {header!r}")
    readings: dict[str, Reading] = {}
    allowed = ", ".join(reading.value for reading in Reading)
    for line, row in enumerate(rows, start=2):
        if len(row) != 2:
            raise ReadingError(f"{name}:{line}: expected 2 fields, found {len(row)}")
        source, value = row[0].strip(), row[1].strip()
        if not source:
            raise ReadingError(f"{name}:{line}: empty source")
        try:
            reading = Reading(value)
        except ValueError:
            raise ReadingError(
                f"{name}:{line}: unknown reading {value!r} (one of {allowed})"
            ) from None
        if source in readings:
            raise ReadingError(f"{name}:{line}: {source} is read twice")
        readings[source] = reading
    return readings


@dataclass(frozen=True, slots=True)
class Agreement:
    """How two readers' readings of the same texts agree.

    ``confusion[first][second]``: the texts the first reader read as ``first`` and the second
    as ``second``; ``kappa`` is Cohen's kappa (agreement beyond what each reader's own shares
    of the readings would give by chance; ``None`` where chance agreement is certain).
    """

    texts: int
    agreed: int
    kappa: float | None
    confusion: dict[str, dict[str, int]]
    only_first: int
    only_second: int

    @property
    def share_agreed(self) -> float | None:
        return self.agreed / self.texts if self.texts else None

    def as_json(self) -> dict[str, object]:
        share = self.share_agreed
        return {
            "texts": self.texts,
            "agreed": self.agreed,
            "share_agreed": None if share is None else round(share, 4),
            "kappa": None if self.kappa is None else round(self.kappa, 4),
            "confusion": self.confusion,
            "only_first": self.only_first,
            "only_second": self.only_second,
        }


def agreement(first: Mapping[str, Reading], second: Mapping[str, Reading]) -> Agreement:
    """Compare two readers' readings on the sources both read (see :class:`Agreement`)."""
    both = sorted(set(first) & set(second))
    pairs = Counter((first[source], second[source]) for source in both)
    agreed = sum(count for (a, b), count in pairs.items() if a is b)
    kappa: float | None = None
    if both:
        n = len(both)
        firsts = Counter(first[source] for source in both)
        seconds = Counter(second[source] for source in both)
        chance = sum(firsts[reading] * seconds[reading] for reading in Reading) / (n * n)
        if chance < 1.0:
            kappa = (agreed / n - chance) / (1.0 - chance)
    confusion = {a.value: {b.value: pairs.get((a, b), 0) for b in Reading} for a in Reading}
    return Agreement(
        texts=len(both),
        agreed=agreed,
        kappa=kappa,
        confusion=confusion,
        only_first=len(set(first) - set(second)),
        only_second=len(set(second) - set(first)),
    )
