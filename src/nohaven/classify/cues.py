"""Stance cues: terms that say how a text names the group, its enemies, its dead and its media.

The fast model reads character n-grams, which learn each spelling of a term on its own and
only from the texts that hold it. A stance cue is a *category* of terms (how the group names
itself, how it names its enemies, its honorifics for its dead, its fighters' vocabulary, its
media outlets, and how its opponents and the news name it), one feature per category: what is
learnt from "crusaders" in English tweets then also counts for "الصليبيين" in an Arabic one,
which matters where Arabic positives are few. The model learns each category's weight like
any other feature, so a cue that news uses as often as the group (an outlet named in a news
report) ends up weighing little.

The lists are terms, not statements: the kind of glossary counter-extremism research
publishes. They are matched in the cleaned text (:func:`~nohaven.classify.features.classifier_text`:
lower case, Arabic letters normalised, so no hamza on alef and teh marbuta as heh). A term
matches at the start of a word, as a prefix ("crusader" finds "crusaders"; "isil" is not found
in "fusil"); an Arabic word is also looked up without the proclitics written joined to it
(wa-, fa-, bi-, ka-, li-, then al-). Terms of several words match as they are written, and
underscores separate words as spaces do (a hashtag's words). :func:`cues_of` scans a batch
with one RE2 automaton of all the terms and reads word by word only the texts it stops in.

:data:`CUE_SCHEME` names the lists: a saved model records the scheme it learnt with, and
loading refuses a model whose scheme this version does not have (its columns would mean other
terms).

A model may also learn each category a second time for texts written mostly in Arabic script
(:func:`mostly_arabic`), so a cue can count for more (or less) there: Arabic news names the
group "داعش" and seldom in the group's own terms, so the group's terms tell more in Arabic
than the English texts, nine in ten of the positives, teach the shared columns.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import re2
import scipy.sparse as sp

__all__ = [
    "ARABIC_SCRIPT_RULE",
    "CUE_SCHEME",
    "STANCE_CUES",
    "cue_columns",
    "cue_feature_name",
    "cues_in",
    "cues_of",
    "mostly_arabic",
]

#: The version of :data:`STANCE_CUES` and of how they match (change it whenever either
#: changes). v1 (commit 921cbb7) did not take underscores for word breaks; v2 (fa13645)
#: still had Safavid, Majus and halak; v3 (58e1761) matched the Eid greeting "taqabbal
#: Allahu minna wa minkum" as an honorific and the Arabic "بيعه" ("its sale"); v4 (1e0eb2b
#: to f012961) missed a term behind a proclitic written joined to a hashtag ("لـ#وكالة_أعماق",
#: "و#داعش") and had no Arabic name of the Al-Hayat Media Center.
CUE_SCHEME: Final = "stance-cues-v5"

#: The version of :func:`mostly_arabic`, the rule that says which texts the Arabic cue columns
#: are set in (change it whenever the rule changes: a model learnt them under it).
ARABIC_SCRIPT_RULE: Final = "arabic-letters-over-half-v1"

#: Category -> terms, as they appear in the cleaned text. ``opponent-naming`` is a cue the
#: other way: how the group's opponents and the news name it. Words that ordinary speech uses
#: in other senses are left out: "rabat" (ribat), hijra (the calendar), ghazwa (the Prophet's
#: battles), al-bayan ("the statement"), al-naba ("the news"), al-furqan (a surah), wilaya (any
#: state or province), a'maq alone ("depths"); and terms that history, religion or a
#: neighbouring language use plainly: Safavid (a dynasty), Majus (Zoroastrians, named in the
#: Qur'an), halak ("perishing", and in Urdu and Persian, once normalised, the plain word for
#: "killed" in news), bay'a in Arabic script (also "its sale"); and the honorific is
#: "taqabbalahu" (may God accept *him*), not "taqabbal", which begins the everyday Eid
#: greeting "taqabbal Allahu minna wa minkum".
STANCE_CUES: Final[Mapping[str, tuple[str, ...]]] = {
    "self-naming": (
        "khilaf", "dawlah", "dawla", "ad-dawl", "al-dawl", "wilayat", "wilayah",
        "amir al-mu", "amirul mu", "ameerul mu", "khalifah ibrahim", "baqiyah",
        "الخلافه", "امير المومنين", "امير المؤمنين", "جنود الخلافه", "الدوله الاسلاميه",
        "الخليفه ابراهيم",
    ),
    "enemy-naming": (
        "rafid", "rawafid", "nusayri", "nusairi", "crusader", "croisé", "croise", "apostat",
        "murtad", "taghut", "taghoot", "tawagh", "sahwat", "sahwa", "kuffar", "kufaar",
        "kafir", "kaafir", "kufr", "murji",
        "الرافض", "روافض", "نصيري", "صليبي", "مرتد", "طاغوت", "طواغيت", "صحوات",
        "ملاحده", "مرجئه", "علوج",
    ),
    "honorific": (
        "taqabbalahu", "taqabbalahum", "may allah accept him", "may allah accept them", "nahsabuhu",
        "تقبله الله", "تقبلهم الله", "نحسبه",
    ),
    "fighter": (
        "mujahid", "mujahed", "inghimas", "istishhad", "ribat", "bayah", "bay'ah",
        "مجاهد", "انغماسي", "استشهادي",
    ),
    "outlet": (
        "amaq", "a'maq", "al-hayat", "alhayatmedia", "hayat media", "al-bayan", "dabiq", "rumiyah",
        "nashir", "al-naba", "ajnad", "itisam", "وكاله اعماق", "مركز الحياه للاعلام",
    ),
    "opponent-naming": (
        "daesh", "da'esh", "daech", "isil", "so-called", "so called", "self-proclaimed",
        "self-styled", "terror", "extremis", "militant", "takfiri", "khawarij", "kharij",
        "radicali", "داعش", "ارهاب", "تطرف", "متطرف", "تكفيري", "خوارج", "تنظيم الدوله",
    ),
}  # fmt: skip

_NAMES: Final = tuple(STANCE_CUES)
_KEY: Final = 3  # terms are looked up by the first three characters of a word
#: Single-word terms by their first characters: (the category's terms so keyed, its index).
_WORD_TERMS: Final[dict[str, list[tuple[tuple[str, ...], int]]]] = {}
#: Terms of several words by the first characters of their first word: (" term" for Latin,
#: matched at a word start; the term itself for Arabic), category index.
_PHRASES: Final[dict[str, list[tuple[str, int]]]] = {}
for _index, _terms in enumerate(STANCE_CUES.values()):
    for _term in _terms:
        if " " in _term:
            _phrase = f" {_term}" if _term[0].isascii() else _term
            _PHRASES.setdefault(_term.split()[0][:_KEY], []).append((_phrase, _index))
        else:
            _keyed = _WORD_TERMS.setdefault(_term[:_KEY], [])
            if _keyed and _keyed[-1][1] == _index:
                _keyed[-1] = ((*_keyed[-1][0], _term), _index)
            else:
                _keyed.append(((_term,), _index))
_KEYS: Final = frozenset(_WORD_TERMS) | frozenset(_PHRASES)
#: What a word may carry before its first letter in the cleaned text.
_LEADING: Final = "#@\"'“‘«(*[-_.,:;!?"
#: Arabic proclitics written joined to the word: a conjunction or preposition, then the article.
_PROCLITICS: Final = ("و", "ف", "ب", "ك", "ل")
_ARTICLE: Final = "ال"


def _forms(word: str) -> list[str]:
    """``word`` without what leads it and, for an Arabic word, also without its proclitics:
    "والمرتدين" is looked up as itself, "المرتدين" and "مرتدين"; "للمرتدين" (li- + al-) as
    "المرتدين" and "مرتدين"; a proclitic joined to a hashtag ("ل#وكاله", from "لـ#وكالة") also
    without the "#" behind it ("وكاله")."""
    word = word.lstrip(_LEADING)
    if word.isascii():
        return [word]
    forms = [word]
    if word.startswith("لل"):
        forms.append(_ARTICLE + word[2:])
    elif word.startswith(_PROCLITICS):
        forms.append(word[1:].lstrip(_LEADING))
    for form in forms[:]:
        if form.startswith(_ARTICLE):
            forms.append(form[2:])
    return forms


def cues_in(cleaned: str) -> list[int]:
    """The index (in :data:`STANCE_CUES` order) of each category with a term in ``cleaned``,
    in order.

    A single-word term matches a word (without what may lead it, ``#``, quotes, brackets, and
    for an Arabic word also without its proclitics) that starts with it: "crusader" finds
    "crusaders" and "مرتد" finds "للمرتدين", but "isil" is not found in "fusil" nor "مرتد" in
    "نمرتدين". A term of several words matches where it is written once its first word is
    found so (for a Latin one, at the start of a word). Underscores separate words, as in
    hashtags ("#وكالة_أعماق" holds "وكاله اعماق", and so does "لـ#وكالة_أعماق", a proclitic
    joined to the hashtag).
    """
    cleaned = _spaced(cleaned)
    if cleaned.isascii():  # no proclitics to take off: one pass in C over the words
        forms = {word.lstrip(_LEADING) for word in cleaned.split()}
    else:
        forms = {form for word in cleaned.split() for form in _forms(word)}
    found: set[int] = set()
    for key in {form[:_KEY] for form in forms}.intersection(_KEYS):
        for terms, index in _WORD_TERMS.get(key, ()):
            if index not in found and any(form.startswith(terms) for form in forms):
                found.add(index)
        for phrase, index in _PHRASES.get(key, ()):
            if index not in found and phrase in f" {cleaned}":
                found.add(index)
    return sorted(found)


def _spaced(cleaned: str) -> str:
    """``cleaned`` with the underscores that join a hashtag's words as spaces."""
    return cleaned.replace("_", " ") if "_" in cleaned else cleaned


@functools.cache
def _gate() -> re2._Regexp:
    """One RE2 automaton of every term, anywhere: a text it does not match holds no cue
    (:func:`cues_in` finds a term only where it is written)."""
    terms = sorted({term for terms in STANCE_CUES.values() for term in terms})
    options = re2.Options()
    options.max_mem = 64 << 20  # room for the automaton's states: scanning stays linear
    return re2.compile("|".join(re2.escape(term) for term in terms).encode(), options)


def cues_of(cleaned: Sequence[str]) -> list[list[int]]:
    """:func:`cues_in` of each cleaned text, in order, with the same answers: the batch is
    scanned once by an automaton of the terms, and only the texts it stops in (one in eight
    of the corpus's on-topic texts, almost none of everyday ones) are read word by word: 0.6
    to 5 us a text, against 14 to 17 for reading every text word by word.
    """
    out: list[list[int]] = [[] for _ in cleaned]
    if not cleaned:
        return out
    parts = [_spaced(text).encode("utf-8", "surrogatepass") for text in cleaned]
    buffer = b"\n".join(parts)
    ends = list(itertools.accumulate(len(part) + 1 for part in parts))  # past each newline
    gate = _gate()
    position = 0
    while True:
        match = gate.search(buffer, position)
        if match is None:
            return out
        row = bisect.bisect_right(ends, match.start())
        out[row] = cues_in(cleaned[row])
        position = ends[row]
        if position >= len(buffer):
            return out


def cue_feature_name(index: int) -> str:
    """How an explanation names a category: ``[cue:enemy-naming]`` (one token, no spaces)."""
    return f"[cue:{_NAMES[index]}]"


def mostly_arabic(cleaned: str) -> bool:
    """Whether more than half of the letters of a cleaned text are Arabic letters (hamza to
    yeh, the letters :func:`~nohaven.classify.features.classifier_text` keeps): a script test,
    not a language identifier, so Persian and Urdu count too. A text with no letter is not."""
    if cleaned.isascii():
        return False
    letters = sum(1 for char in cleaned if char.isalpha())
    arabic = sum(1 for char in cleaned if "\u0621" <= char <= "\u064a")
    return arabic * 2 > letters


def cue_columns(
    cleaned: Sequence[str],
    weight: float,
    *,
    found: Sequence[Sequence[int]] | None = None,
    arabic_only: bool = False,
) -> sp.csr_matrix:
    """One column per category (``len(STANCE_CUES)`` columns): ``weight`` where the cleaned
    text holds one of its terms, else empty. ``found``: the categories each text holds, when
    already known (:func:`cues_of`); ``arabic_only``: set only in texts :func:`mostly_arabic`.
    """
    rows: list[int] = []
    columns: list[int] = []
    for row, held in enumerate(cues_of(cleaned) if found is None else found):
        if held and (not arabic_only or mostly_arabic(cleaned[row])):
            rows.extend([row] * len(held))
            columns.extend(held)
    return sp.csr_matrix(
        (np.full(len(rows), weight, dtype=np.float32), (rows, columns)),
        shape=(len(cleaned), len(_NAMES)),
    )
