"""Matching keys: one normal form for text that reads the same.

:func:`matching_key` never changes the text it is given; callers keep the original and store
the key beside it. The key is built in this order:

1. Unicode NFKC: fullwidth, mathematical, circled and squared letters, ligatures (ﬁ), Arabic
   presentation forms and compatibility spaces become plain characters;
2. one table, applied character by character:

   * invisible characters are removed (zero-width, bidi controls, soft hyphen, fillers,
     variation selectors ..., see :mod:`nohaven.text.invisible`) and the braille blank
     becomes a space;
   * Arabic folding (:mod:`nohaven.text.arabic`): marks and tatweel removed, alef, yeh, heh
     and kaf forms unified, Arabic-Indic digits to ASCII;
   * look-alike folding (:mod:`nohaven.text.confusables`) to small Latin letters, case
     aware: capital Η imitates H, small η imitates n;
   * any other character whose case-folded form contains one of the above (Cyrillic and
     Greek capitals, Greek letters with iota subscript, ...) maps to its case-folded and
     folded form, so that step 3 cannot bring back a character of the table;
3. case folding (:meth:`str.casefold`: ß -> ss, final sigma -> sigma), then a combining dot
   above is dropped after i and j (case-folded İ is i + U+0307);
4. NFKC again, to compose what the removals brought together ("e", ZWSP, U+0301 -> "é").
   Steps 1-4 repeat until the text no longer changes, which happens only when step 4
   composed something;
5. runs of whitespace collapse to one space, and the key is stripped.

Look-alikes are folded in every token, not only in tokens that mix scripts. Attackers swap
whole words ("рор" in Cyrillic), and a per-token script check costs more than the fold: on
the shared corpora (66k posts, 1.05M tokens) 719 tokens hold Cyrillic or Greek letters and 5
of them mix with Latin, while checking every token for mixed scripts takes 2.4 µs a post,
more than a whole key for an English post (1.4 µs). Russian or Greek words get keys that mix
scripts, which is harmless: keys are only compared with keys, and the same word always gets
the same key.

The key is idempotent: ``matching_key(matching_key(s)) == matching_key(s)`` for every string
(property-tested with hypothesis, and exhaustively for every single code point). ASCII text
and plain text (:mod:`nohaven.text.plain`: Latin-1, Arabic letters, typographic quotes)
take fast paths that give the same result.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from nohaven.text.arabic import ARABIC_FOLDS, ARABIC_MARK_RANGES
from nohaven.text.confusables import CONFUSABLES
from nohaven.text.invisible import INVISIBLE_RANGES, char_class, invisible_pattern
from nohaven.text.plain import PLAIN_TEXT

__all__ = ["matching_key", "nfkc"]

_BRAILLE_BLANK = "\u2800"
_COMBINING_DOT_ABOVE = "\u0307"
#: Upper bound on normalisation rounds; real text needs two at most.
_MAX_ROUNDS = 8
#: The most frequent Arabic folds are replaced with str.replace before the table runs: that
#: is several times cheaper than a regular-expression callback for each occurrence.
_FREQUENT_ARABIC = ("\u0629", "\u0623", "\u0649", "\u0625", "\u0622")
_FREQUENT_ARABIC_FOLDS = tuple((src, ARABIC_FOLDS[src]) for src in _FREQUENT_ARABIC)
#: Frequent compatibility characters that make NFKC take its slow path over the whole text;
#: replacing them first keeps most texts on the quick-check path.
_FREQUENT_COMPAT = (("\u2026", "..."), ("\u00a0", " "), ("\u202f", " "))
#: Blocks holding every character with a case folding (Latin, Greek, Cyrillic, Armenian,
#: Georgian, Cherokee, Glagolitic, Coptic, Deseret, Osage, Adlam, ...): searched once for
#: characters whose case-folded form contains a folded character. The exhaustive test in
#: tests/text/test_normalize.py proves the list complete for this Python's Unicode version.
_CASED_BLOCKS = (
    (0x0041, 0x058F),
    (0x10A0, 0x10FF),
    (0x13A0, 0x13FF),
    (0x1C80, 0x1CBF),
    (0x1D00, 0x1FFF),
    (0x2100, 0x218F),
    (0x24B6, 0x24E9),
    (0x2C00, 0x2D2F),
    (0xA640, 0xA7FF),
    (0xAB30, 0xABBF),
    (0xFB00, 0xFB17),
    (0xFF21, 0xFF5A),
    (0x10400, 0x104FF),
    (0x10570, 0x105BF),
    (0x10C80, 0x10CFF),
    (0x118A0, 0x118FF),
    (0x16E40, 0x16E9F),
    (0x1E900, 0x1E95F),
)


@dataclass(frozen=True, slots=True)
class _Rules:
    """Compiled tables, built once on first use."""

    fold_char: re.Pattern[str]
    fold_table: dict[str, str]
    frequent_arabic: tuple[tuple[str, str], ...]
    dotted_i: re.Pattern[str]

    def replace_char(self, match: re.Match[str]) -> str:
        char = match.group()
        return self.fold_table.get(char, char)


def _ranges(codes: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Sorted code points as inclusive ranges of consecutive code points."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def _fold_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for ranges in (INVISIBLE_RANGES, ARABIC_MARK_RANGES):
        for first, last in ranges:
            table.update(dict.fromkeys(map(chr, range(first, last + 1)), ""))
    table[_BRAILLE_BLANK] = " "
    table.update(ARABIC_FOLDS)
    table.update({src: dst.casefold() for src, dst in CONFUSABLES.items()})
    closure: dict[str, str] = {}
    for first, last in _CASED_BLOCKS:
        for code in range(first, last + 1):
            char = chr(code)
            folded = char.casefold()
            if char not in table and any(part in table for part in folded):
                closure[char] = "".join(table.get(part, part) for part in folded)
    table.update(closure)
    return table


@functools.cache
def _rules() -> _Rules:
    table = _fold_table()
    # One character per match, without "+": the regular-expression engine scans for a single
    # character class several times faster. Every supplementary-plane character matches (one
    # range costs much less to test than a dozen); those without a fold are kept.
    bmp = char_class(_ranges(ord(char) for char in table if ord(char) <= 0xFFFF))
    return _Rules(
        fold_char=re.compile(f"[{bmp}\U00010000-\U0010ffff]"),
        fold_table=table,
        frequent_arabic=_FREQUENT_ARABIC_FOLDS,
        dotted_i=re.compile(f"([ij]){_COMBINING_DOT_ABOVE}+"),
    )


def _collapse_spaces(text: str) -> str:
    """Step 5 for a printable text, whose only whitespace character is the space."""
    if "  " in text:
        return " ".join(text.split())
    return text.strip(" ")


def _collapse_whitespace(text: str) -> str:
    # Every whitespace character except the ASCII space is unprintable.
    if text.isprintable():
        return _collapse_spaces(text)
    return " ".join(text.split())


def _ascii_key(text: str) -> str:
    text = text.lower()
    if text.isprintable():
        return _collapse_spaces(text)
    return _collapse_whitespace(invisible_pattern().sub("", text))


def _plain_key(text: str) -> str:
    """The key of a text of plain characters (:mod:`nohaven.text.plain`): NFKC and the table
    leave them alone but the frequent Arabic folds, case folding lowers them, and they are
    printable."""
    for src, dst in _FREQUENT_ARABIC_FOLDS:
        if src in text:
            text = text.replace(src, dst)
    return _collapse_spaces(text.lower())


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on text with an ellipsis or no-break
    space (NFKC re-normalises the whole text when its quick check meets one of them)."""
    # The quick check alone answers most texts, before the three searches below.
    if unicodedata.is_normalized("NFKC", text):
        return text
    for compat, plain in _FREQUENT_COMPAT:
        if compat in text:
            text = text.replace(compat, plain)
    return unicodedata.normalize("NFKC", text)


def _fold(text: str, rules: _Rules) -> str:
    """Steps 1-3 of the module docstring."""
    text = nfkc(text)
    for src, dst in rules.frequent_arabic:
        if src in text:
            text = text.replace(src, dst)
    # Searching first is cheaper when nothing matches, as in most texts.
    if rules.fold_char.search(text) is not None:
        text = rules.fold_char.sub(rules.replace_char, text)
    text = text.casefold()
    if _COMBINING_DOT_ABOVE in text:
        text = rules.dotted_i.sub(r"\1", text)
    return text


def _unicode_key(text: str) -> str:
    rules = _rules()
    folded = _fold(text, rules)
    key = unicodedata.normalize("NFKC", folded)
    if key != folded:
        # Removing characters let NFKC compose new ones: fold again until nothing changes.
        for _ in range(_MAX_ROUNDS):
            again = unicodedata.normalize("NFKC", _fold(key, rules))
            if again == key:
                break
            key = again
    return _collapse_whitespace(key)


def matching_key(text: str) -> str:
    """The matching key of ``text``: the normal form used to compare and index posts.

    >>> matching_key("  Ｓtop\\u200b the  ВUS ")
    'stop the bus'
    >>> matching_key("الْمَدْرَسَةُ") == matching_key("المدرسه")
    True
    """
    if text.isascii():
        return _ascii_key(text)
    if PLAIN_TEXT.fullmatch(text) is not None:
        return _plain_key(text)
    return _unicode_key(text)
