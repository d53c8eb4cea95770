"""Folding the characters that hide a link, keeping a map back to the text as written.

``ｔ．ｍｅ／ｎａｍｅ`` (full-width), ``t\u200b.me`` (a zero-width space inside) and
``𝐭.𝐦𝐞`` (mathematical letters) all read as ``t.me`` and are folded to it before the link
patterns run: invisible characters (:mod:`nohaven.text.invisible`) are dropped and every other
non-ASCII character is replaced by its NFKC form, character by character, so that each folded
character knows the span of the original it came from. Look-alike letters (Cyrillic ``е`` in
``t.mе``) are not folded: such a host is a different (IDN) host, not a hidden ``t.me``.

Most posts hold none of these characters: :func:`fold` then returns the text itself, with no
map, at the cost of one regular-expression search.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from nohaven.text.invisible import INVISIBLE_RANGES, char_class

__all__ = ["COMPAT_RANGES", "Folded", "fold", "needs_folding"]

#: Characters that NFKC turns into ASCII look-alikes of link characters: full-width and
#: half-width forms, ideographic and small punctuation, mathematical and enclosed letters.
COMPAT_RANGES: tuple[tuple[int, int], ...] = (
    (0x2024, 0x2025),  # one and two dot leaders
    (0x2100, 0x214F),  # letter-like symbols
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x3000, 0x3002),  # ideographic space, comma, full stop
    (0xFE50, 0xFE6B),  # small form variants
    (0xFF01, 0xFFEF),  # half-width and full-width forms
    (0x1D400, 0x1D7FF),  # mathematical alphanumeric symbols
    (0x1F100, 0x1F1FF),  # enclosed alphanumeric supplement
)
_TRIGGER = re.compile(f"[{char_class(INVISIBLE_RANGES + COMPAT_RANGES)}]")

_ALL_RANGES = INVISIBLE_RANGES + COMPAT_RANGES
# The regular-expression engine tests a set of characters of the Basic Multilingual Plane with
# a bitmap, but a set that reaches beyond it range by range: the search is split in two.
_BMP_TRIGGER = re.compile(
    f"[{char_class(tuple((a, min(b, 0xFFFF)) for a, b in _ALL_RANGES if a <= 0xFFFF))}]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_TRIGGER = re.compile(
    f"[{char_class(tuple((max(a, 0x10000), b) for a, b in _ALL_RANGES if b > 0xFFFF))}]"
)
_INVISIBLE = frozenset(
    chr(code) for first, last in INVISIBLE_RANGES for code in range(first, last + 1)
)


class Folded(NamedTuple):
    """Folded text; ``starts[i]``/``ends[i]``: the original span of folded character ``i``.

    ``starts`` is ``None`` when nothing was folded (the text is the original).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the folded span ``[start, end)`` came from."""
        if self.starts is None or self.ends is None or end <= start:
            return start, end
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", char)


def needs_folding(text: str) -> bool:
    """Whether ``text`` holds an invisible or compatibility character (see the module help)."""
    if text.isascii():
        return False
    if _BMP_TRIGGER.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and _ASTRAL_TRIGGER.search(text) is not None


def fold(text: str) -> Folded:
    """``text`` with invisible characters dropped and compatibility characters folded."""
    if not needs_folding(text):
        return Folded(text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    # Runs between trigger characters are copied as they are, offsets and all.
    for match in _TRIGGER.finditer(text):
        index = match.start()
        if index > done:
            pieces.append(text[done:index])
            starts.extend(range(done, index))
            ends.extend(range(done + 1, index + 1))
        folded = _fold_char(text[index])
        pieces.append(folded)
        starts.extend([index] * len(folded))
        ends.extend([index + 1] * len(folded))
        done = index + 1
    if done < len(text):
        pieces.append(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return Folded("".join(pieces), tuple(starts), tuple(ends))
