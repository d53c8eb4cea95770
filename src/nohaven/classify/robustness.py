"""Obfuscated variants of a text, as evaders write them, and how far they move a model's score.

Each variant is deterministic (the same text always gives the same variant), so robustness
figures are reproducible:

* ``zero-width``: a zero-width space after every third character;
* ``homoglyphs``: Latin letters swapped for their Cyrillic and Greek look-alikes;
* ``diacritics``: Arabic short-vowel marks on every Arabic letter;
* ``tatweel``: the Arabic elongation character after every Arabic letter that joins;
* ``spacing``: the letters of every word set apart by spaces, the words by two;
* ``leetspeak``: a e i o s t written 4 3 1 0 5 7;
* ``drawn-out``: the middle letter of every word of four letters or more written four times
  ("weaaaather", "الخلااافة"), as posts stress a word or slip a term past a list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["OBFUSCATIONS", "Robustness", "obfuscate", "robustness"]

_ZERO_WIDTH = "\u200b"
_HOMOGLYPHS = str.maketrans(
    {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у", "A": "Α"}
)
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_FATHA = "\u064e"
_TATWEEL = "\u0640"
# Letters that join the next one (tatweel only goes after those).
_NON_JOINING = set("اأإآدذرزوؤءة")


def _is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064a"


def _zero_width(text: str) -> str:
    return "".join(
        char + _ZERO_WIDTH if index % 3 == 2 else char for index, char in enumerate(text)
    )


def _diacritics(text: str) -> str:
    return "".join(char + _FATHA if _is_arabic_letter(char) else char for char in text)


def _tatweel(text: str) -> str:
    out = []
    for index, char in enumerate(text):
        out.append(char)
        following = text[index + 1] if index + 1 < len(text) else ""
        if (
            _is_arabic_letter(char)
            and char not in _NON_JOINING
            and following
            and _is_arabic_letter(following)
        ):
            out.append(_TATWEEL)
    return "".join(out)


def _drawn_out(text: str) -> str:
    words = []
    for word in text.split(" "):
        if word.isalpha() and len(word) >= 4:
            middle = len(word) // 2
            word = word[:middle] + word[middle] * 3 + word[middle:]
        words.append(word)
    return " ".join(words)


def _spacing(text: str) -> str:
    return "  ".join(
        " ".join(word) if word.isalpha() and len(word) > 2 else word for word in text.split(" ")
    )


OBFUSCATIONS: dict[str, Callable[[str], str]] = {
    "zero-width": _zero_width,
    "homoglyphs": lambda text: text.translate(_HOMOGLYPHS),
    "diacritics": _diacritics,
    "tatweel": _tatweel,
    "spacing": _spacing,
    "leetspeak": lambda text: text.translate(_LEET),
    "drawn-out": _drawn_out,
}


def obfuscate(text: str, kind: str) -> str:
    """``text`` obfuscated the ``kind`` way (a key of :data:`OBFUSCATIONS`)."""
    try:
        return OBFUSCATIONS[kind](text)
    except KeyError:
        raise ValueError(
            f"unknown obfuscation {kind!r}; known: {', '.join(OBFUSCATIONS)}"
        ) from None


@dataclass(frozen=True, slots=True)
class Robustness:
    """Mean absolute score change between texts and their variants, per kind and overall."""

    texts: int
    mean_change: dict[str, float]
    max_change: dict[str, float]
    overall: float

    def as_json(self) -> dict[str, object]:
        return {
            "texts": self.texts,
            "overall_mean_change": round(self.overall, 4),
            "mean_change": {key: round(value, 4) for key, value in self.mean_change.items()},
            "max_change": {key: round(value, 4) for key, value in self.max_change.items()},
        }


def robustness(
    score: Callable[[Sequence[str]], Sequence[float]], texts: Sequence[str]
) -> Robustness:
    """How far each obfuscation moves ``score`` on ``texts`` (changed texts only count)."""
    base = np.asarray(score(texts), dtype=np.float64)
    means: dict[str, float] = {}
    maxima: dict[str, float] = {}
    changes: list[float] = []
    for kind, function in OBFUSCATIONS.items():
        variants = [function(text) for text in texts]
        changed = [index for index, variant in enumerate(variants) if variant != texts[index]]
        if not changed:
            continue
        moved = np.abs(
            np.asarray(score([variants[i] for i in changed]), dtype=np.float64) - base[changed]
        )
        means[kind] = float(moved.mean())
        maxima[kind] = float(moved.max())
        changes.extend(moved.tolist())
    overall = float(np.mean(changes)) if changes else 0.0
    return Robustness(len(texts), means, maxima, overall)
