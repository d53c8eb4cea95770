"""Handle and name similarity for linking an account to the one it replaced.

Operators who come back after a suspension rarely pick a new identity: they add or bump a
number (``base`` -> ``base2`` -> ``base_3``), swap look-alike characters (``l``/``I``/``1``,
``0``/``O``, ``4`` for ``a``), double or undouble a letter (``wayf44rerr``, ``wayff44rer``,
``wayyf44rer``), or write the same name in Arabic script and in Latin letters
(``ابو`` / ``abu``). This module turns handles and names into comparable keys:

* :func:`handle_key`: the case-folded handle with look-alikes folded
  (:func:`nohaven.text.matching_key`) and separators ``_ . -`` removed;
* :func:`split_handle`: stem and numbered suffix (``base_10`` -> ``base`` + ``10``), the stem
  reduced to its :func:`skeleton` (leet digits read as letters, ``i``/``l`` one class, runs of a
  letter written once);
* :func:`transliterate`: Arabic script to Latin letters with a small table, and
  :func:`consonants`, the consonant skeleton both scripts share (``نسيم`` and ``Nasim`` both
  give ``nsm``), since Arabic script leaves short vowels unwritten;
* :func:`levenshtein`, :func:`levenshtein_ratio`, :func:`jaro_winkler`: edit similarities,
  written here in plain typed Python (handles are at most a few dozen characters);
* :func:`handle_similarity`, :func:`name_similarity`, :func:`handle_name_similarity` and
  :func:`text_similarity`: scores in ``[0, 1]`` with a short reason in words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from nohaven.text.normalize import matching_key, nfkc

__all__ = [
    "ARABIC_TO_LATIN",
    "NAME_MARKERS",
    "HandleParts",
    "Similarity",
    "consonants",
    "handle_key",
    "handle_name_similarity",
    "handle_similarity",
    "jaro_winkler",
    "levenshtein",
    "levenshtein_ratio",
    "name_similarity",
    "name_tokens",
    "skeleton",
    "split_handle",
    "text_similarity",
    "transliterate",
]

#: Arabic letters -> Latin, as common English/French spellings of Arabic names write them.
#: Long vowels: alef -> a; waw and yeh -> w / y at the start of a word, u / i elsewhere
#: (handled in :func:`transliterate`). Ain and hamza are written as vowels or dropped.
ARABIC_TO_LATIN: Final[dict[str, str]] = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ى": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "u",
    "ي": "i",
    "ی": "i",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "ڤ": "v",
    "گ": "g",
    "\u064e": "a",  # fatha
    "\u064f": "u",  # damma
    "\u0650": "i",  # kasra
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
}
_WORD_START_CONSONANT: Final = {"و": "w", "ي": "y", "ی": "y"}

#: Words that only mark an account as a re-creation ("(new)", "nouveau", "جديد", "backup"):
#: dropped from names before comparing them.
NAME_MARKERS: Final = frozenset(
    {
        "new",
        "backup",
        "official",
        "account",
        "acc",
        "nouveau",
        "nouvelle",
        "compte",
        "jdid",
        "jadid",
        "aljadid",
        "جديد",
        "الجديد",
        "حساب",
        "احتياطي",
    }
)

_SEPARATORS = re.compile(r"[\s_.\-]+")
_SUFFIX = re.compile(r"^(?P<stem>.*?[^\d_.\-])?(?P<suffix>[\d_.\-]*)$", re.DOTALL)
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s"})
_I_L = str.maketrans({"i": "l", "|": "l", "!": "l"})
_RUNS = re.compile(r"(.)\1+")
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_DIGRAPHS = (("ou", "u"), ("ee", "i"), ("oo", "u"), ("ph", "f"), ("q", "k"), ("c", "k"))
_VOWELS = str.maketrans("", "", "aeiouy")
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u064d\u0651-\u065f\u0670\u0640]")

#: Jaro-Winkler prefix scale and longest prefix, as in Winkler (1990).
_JW_SCALE = 0.1
_JW_PREFIX = 4
#: Stems shorter than this are too generic for an equal stem to mean much ("ab", "x").
_SHORT_STEM = 4


@dataclass(frozen=True, slots=True)
class HandleParts:
    """A handle split into its stem and numbered suffix.

    ``key`` is :func:`handle_key` of the handle; ``stem`` its part before the trailing digits
    and separators, as a :func:`skeleton`; ``suffix`` the digits of the trailing part
    (``"29_7"`` -> ``"297"``) and ``number`` their value, or ``None`` when there are none.
    """

    key: str
    stem: str
    suffix: str
    number: int | None


@dataclass(frozen=True, slots=True)
class Similarity:
    """A similarity in ``[0, 1]`` and the reason for it, in words."""

    score: float
    reason: str


def handle_key(handle: str) -> str:
    """The case-folded handle, look-alikes folded, separators ``_ . -`` and ``@`` removed.

    >>> handle_key("@Fidaee_Fulaani") == handle_key("FidaeeFulaani")
    True
    """
    return _SEPARATORS.sub("", matching_key(handle.strip().lstrip("@")))


def skeleton(text: str) -> str:
    """``text`` (already a key) with leet digits read as letters, ``i``/``l`` as one letter
    and runs of a character written once: what survives a look-alike or doubling edit.

    >>> skeleton("wayf44rerr") == skeleton("wayff44rer") == skeleton("wayyf44rer")
    True
    """
    return _RUNS.sub(r"\1", text.translate(_LEET).translate(_I_L))


@functools.lru_cache(maxsize=65536)
def split_handle(handle: str) -> HandleParts:
    """Stem and numbered suffix of a handle: ``base``, ``base2``, ``base_2`` and ``base10``
    share the stem ``base``.

    A handle of digits and separators only is its own stem.
    """
    lowered = matching_key(handle.strip().lstrip("@"))
    match = _SUFFIX.match(lowered)
    stem_part = (match.group("stem") or "") if match else lowered
    tail = (match.group("suffix") or "") if match else ""
    digits = "".join(ch for ch in tail if ch.isdigit())
    if not _SEPARATORS.sub("", stem_part):
        stem_part, digits = lowered, ""
    stem = skeleton(_SEPARATORS.sub("", stem_part))
    return HandleParts(
        key=_SEPARATORS.sub("", lowered),
        stem=stem,
        suffix=digits,
        number=int(digits) if digits else None,
    )


def levenshtein(a: str, b: str) -> int:
    """The edit distance (insertions, deletions, substitutions) between two strings."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def levenshtein_ratio(a: str, b: str) -> float:
    """``1 - distance / longer length``: 1.0 for equal strings, 0.0 for nothing in common."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - levenshtein(a, b) / longest


def jaro_winkler(a: str, b: str) -> float:
    """The Jaro-Winkler similarity of two strings (1.0 equal, 0.0 nothing in common)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(0, max(len(a), len(b)) // 2 - 1)
    taken = [False] * len(b)
    matched_a: list[str] = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not taken[j] and b[j] == char:
                taken[j] = True
                matched_a.append(char)
                break
    matches = len(matched_a)
    if matches == 0:
        return 0.0
    matched_b = [char for j, char in enumerate(b) if taken[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:_JW_PREFIX], b[:_JW_PREFIX], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * _JW_SCALE * (1.0 - jaro)


def transliterate(text: str) -> str:
    """Arabic script in ``text`` written in Latin letters (other characters kept), lower case.

    Short vowels written as marks (fatha, damma, kasra) become ``a``, ``u``, ``i``; other marks
    are dropped. Short vowels are usually not written, so ``نسيم`` gives ``nsim``: compare the
    result with a Latin spelling through :func:`consonants`.

    >>> transliterate("ابو طارق")
    'abu tarq'
    """
    if text.isascii():
        return text.casefold()  # nothing to transliterate (most handles and names)
    text = _MARKS.sub("", nfkc(text))
    out: list[str] = []
    previous = " "
    for char in text:
        if previous in " \t\n_" and char in _WORD_START_CONSONANT:
            out.append(_WORD_START_CONSONANT[char])
        else:
            out.append(ARABIC_TO_LATIN.get(char, char))
        previous = char
    return "".join(out).casefold()


@functools.lru_cache(maxsize=1 << 16)
def consonants(text: str) -> str:
    """The consonant skeleton of a Latin or Arabic string: transliterated, common spelling
    variants merged (``ou``/``u``, ``q``/``k``, ``ph``/``f``), vowels and doubled letters
    dropped, no spaces.

    >>> consonants("نسيم البحر") == consonants("NasimAlBahr")
    True
    """
    latin = _SEPARATORS.sub("", transliterate(matching_key(text)))
    latin = latin.translate(_LEET)
    for source, target in _LATIN_DIGRAPHS:
        latin = latin.replace(source, target)
    latin = re.sub(r"(?<=[a-z])h(?![a-z])", "", latin)  # final h after a vowel: -ah, -eh
    return _RUNS.sub(r"\1", latin.translate(_VOWELS))


@functools.lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a display name, in Latin letters, as skeletons, without numbers and
    re-creation markers ("(new)", "nouveau", "جديد").

    >>> name_tokens("Flames of Haqq ١٠")
    ('flames', 'of', 'haq')
    """
    key = matching_key(name)
    words = [w for w in _TOKENS.findall(key) if not w.isdigit() and w not in NAME_MARKERS]
    return tuple(skeleton(transliterate(w)) for w in words if transliterate(w) not in NAME_MARKERS)


def _is_arabic(text: str) -> bool:
    return _ARABIC_LETTER.search(text) is not None


def handle_similarity(a: str, b: str) -> Similarity:
    """How alike two handles are, with the reason.

    Equal stems score 1.0 (0.95 when the numbers are not consecutive; 0.6 when the stem is
    shorter than 4 characters); otherwise the better of Jaro-Winkler on the stems and the
    Levenshtein ratios of the stems and of the whole skeletons (Jaro-Winkler's prefix bonus
    would pair ``nico1978`` with ``nico_ber42``).
    """
    pa, pb = split_handle(a), split_handle(b)
    if pa.key == pb.key:
        return Similarity(
            1.0, f"same handle once case, look-alikes and separators are folded ({a} / {b})"
        )
    if pa.stem and pa.stem == pb.stem:
        if len(pa.stem) < _SHORT_STEM:
            return Similarity(0.6, f"same short stem '{pa.stem}' ({a} / {b})")
        if pa.number is not None and pb.number is not None and abs(pa.number - pb.number) == 1:
            return Similarity(1.0, f"same stem, consecutive numbers ({a} / {b})")
        if pa.suffix == pb.suffix:
            return Similarity(0.97, f"same stem after look-alikes and doubled letters ({a} / {b})")
        return Similarity(0.95, f"same stem, numbered suffix ({a} / {b})")
    whole_a, whole_b = skeleton(pa.key), skeleton(pb.key)
    short = min(len(pa.stem), len(pb.stem)) < _SHORT_STEM
    stem_ratio = 0.0 if short else levenshtein_ratio(pa.stem, pb.stem)
    ratio = levenshtein_ratio(whole_a, whole_b)
    score = max(stem_ratio, ratio)
    how = "stems" if stem_ratio >= ratio else "skeletons"
    return Similarity(score, f"{how} {score:.2f} alike ({a} / {b})")


def _token_match(small: tuple[str, ...], large: tuple[str, ...]) -> float:
    """Monge-Elkan: the mean best Jaro-Winkler of each word of ``small`` among ``large``."""
    return sum(max(jaro_winkler(x, y) for y in large) for x in small) / len(small)


def name_similarity(a: str | None, b: str | None) -> Similarity:
    """How alike two display names are (0.0 when either is missing or empty).

    Same script: words compared as skeletons (mean best Jaro-Winkler both ways, the lower
    kept, so one shared first name in two-word names is not a match). Arabic against Latin:
    Jaro-Winkler of the consonant skeletons, times 0.9.
    """
    if not a or not b:
        return Similarity(0.0, "a display name is missing")
    if _is_arabic(a) != _is_arabic(b):
        ca, cb = consonants(a), consonants(b)
        if min(len(ca), len(cb)) < 3:
            return Similarity(0.0, "names too short to compare across scripts")
        score = 0.9 * jaro_winkler(ca, cb)
        return Similarity(score, f"names {score:.2f} alike across scripts ({a} / {b})")
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return Similarity(0.0, "a display name has no words")
    if "".join(ta) == "".join(tb):
        return Similarity(1.0, f"same display name ({a} / {b})")
    score = min(_token_match(ta, tb), _token_match(tb, ta))
    return Similarity(score, f"names {score:.2f} alike ({a} / {b})")


def handle_name_similarity(handle: str, name: str | None) -> Similarity:
    """How alike a handle is to a display name (``NasimAlBahr`` / ``نسيم البحر``): the
    consonant skeletons of the handle's stem and of the name, by Jaro-Winkler."""
    if not name:
        return Similarity(0.0, "no display name")
    stem_consonants = consonants(split_handle(handle).stem)
    name_consonants = consonants(name)
    if min(len(stem_consonants), len(name_consonants)) < 4:
        return Similarity(0.0, "too short to compare")
    score = jaro_winkler(stem_consonants, name_consonants)
    return Similarity(score, f"handle {handle} and name {name} {score:.2f} alike")


def _trigrams(text: str) -> frozenset[str]:
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def text_similarity(a: str | None, b: str | None) -> Similarity:
    """Character-trigram Jaccard similarity of two texts' matching keys (descriptions).

    0.0 when either text is missing or empty.
    """
    if not a or not b:
        return Similarity(0.0, "a text is missing")
    ka, kb = matching_key(a), matching_key(b)
    if not ka or not kb:
        return Similarity(0.0, "a text is empty")
    if ka == kb:
        return Similarity(1.0, "same text")
    ga, gb = _trigrams(ka), _trigrams(kb)
    score = len(ga & gb) / len(ga | gb)
    return Similarity(score, f"texts {score:.2f} alike")
