"""Caveats: where a content model's score says less than it seems to.

A score is a calibrated probability, but only for the kind of text the model learnt from. The
shipped model learnt its positives from 2015-2016 tweets, nine in ten of them English, none
under 20 characters once cleaned and none over 155. Outside that, a low score is weak evidence
that a post is not propaganda: on the shipped model's test split the tweets of propaganda
accounts under 20 characters are found 1% of the time, the group's long magazine statements
11%, its Arabic tweets 36%, against 62% overall (the card's "Caveats" table has every figure).
So each prediction names the caveats that apply to it, read from what the model recorded of its
own positive training texts (``ContentModel.info``):

* ``short``: shorter, once cleaned, than any positive it learnt (``positive_lengths``);
* ``long``: longer than any positive it learnt (``positive_lengths``);
* ``language``: in a language it learnt fewer than :data:`FEW_POSITIVES` positives in
  (``positive_languages``), or whose language could not be identified.

A model that does not record what a caveat needs (one trained before it was recorded) gives
none of that kind: no caveat is never a claim of reliability, only the absence of a known doubt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CAVEAT_MEANINGS",
    "FEW_POSITIVES",
    "Caveat",
    "LearntTexts",
    "positive_languages",
]

#: Fewer learnt positives than this in a language, and a text in it gets the ``language``
#: caveat (the shipped model learnt 71 in Arabic: its Arabic recall is about half its English).
FEW_POSITIVES = 100

#: How an undetermined language is written (nohaven.text's identifier and the corpus).
_UNKNOWN_LANGUAGES = frozenset({"", "und"})


class Caveat(StrEnum):
    """Why a score may say less than it seems to (see the module documentation)."""

    SHORT = "short"
    LONG = "long"
    LANGUAGE = "language"


#: One line per caveat, for the card, the README and ``nohaven classify --help``.
CAVEAT_MEANINGS: Mapping[Caveat, str] = {
    Caveat.SHORT: "shorter, once cleaned, than any positive the model learnt: judged by its "
    "length, not its words; judge it by its account, links and known-content matches",
    Caveat.LONG: "longer than any positive the model learnt: hardly ever flagged whatever it "
    "says; judge it by its passages, account and known-content matches",
    Caveat.LANGUAGE: f"in a language the model learnt fewer than {FEW_POSITIVES} positives in "
    "(or one not identified): it finds less propaganda there",
}


def positive_languages(languages: Iterable[str | None]) -> dict[str, int]:
    """How many positive training texts a model learnt in each language (``"und"`` where none
    was identified), as ``info["positive_languages"]`` keeps them, most first."""
    counts = Counter(lang or "und" for lang in languages)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True, slots=True)
class LearntTexts:
    """What a model learnt its positives from: their length range once cleaned and their count
    per language (None: the model does not say, and that caveat is never given)."""

    lengths: tuple[int, int] | None = None
    languages: Mapping[str, int] | None = field(default=None)

    @classmethod
    def from_info(cls, info: Mapping[str, object]) -> LearntTexts:
        """Read from a model's ``info``; a malformed entry counts as absent."""
        lengths = info.get("positive_lengths")
        found_lengths = None
        if (
            isinstance(lengths, list | tuple)
            and len(lengths) == 2
            and all(type(item) is int for item in lengths)
            and 0 <= lengths[0] <= lengths[1]
        ):
            found_lengths = (int(lengths[0]), int(lengths[1]))
        languages = info.get("positive_languages")
        found_languages = None
        if isinstance(languages, Mapping) and all(
            isinstance(key, str) and type(value) is int and value >= 0
            for key, value in languages.items()
        ):
            found_languages = {str(key): int(value) for key, value in languages.items()}
        return cls(found_lengths, found_languages)

    def caveats(self, cleaned: str, lang: str | None) -> tuple[Caveat, ...]:
        """The caveats of one text, cleaned (:func:`~nohaven.classify.classifier_text`), in
        ``lang`` (None or ``"und"``: not identified)."""
        out: list[Caveat] = []
        if self.lengths is not None:
            if len(cleaned) < self.lengths[0]:
                out.append(Caveat.SHORT)
            elif len(cleaned) > self.lengths[1]:
                out.append(Caveat.LONG)
        if self.languages is not None:
            known = lang is not None and lang not in _UNKNOWN_LANGUAGES
            if not known or self.languages.get(str(lang), 0) < FEW_POSITIVES:
                out.append(Caveat.LANGUAGE)
        return tuple(out)

    def caveats_many(
        self, cleaned: Sequence[str], languages: Sequence[str | None]
    ) -> list[tuple[Caveat, ...]]:
        """:meth:`caveats` of each text."""
        if len(cleaned) != len(languages):
            raise ValueError(
                f"{len(cleaned)} texts but {len(languages)} languages: give one language a text"
            )
        return [self.caveats(text, lang) for text, lang in zip(cleaned, languages, strict=True)]
