"""Invisible characters: format controls, bidi controls, fillers and variation selectors.

Obfuscated posts hide words behind characters that render as nothing: zero-width spaces and
joiners, bidi embeddings and isolates, the soft hyphen, the Arabic letter mark, Hangul fillers
(popular as "blank" user names), variation selectors and tag characters. They are removed from
matching keys and from text given to language identification; the original text is never
changed.

The set is every format character (Unicode category Cf), every control character that is not
whitespace (whitespace is collapsed elsewhere, so that ``"a\\nb"`` stays two words) and a short
list of printable characters that render as nothing. ``tests/text/test_invisible.py`` checks the
literal ranges below against :mod:`unicodedata`, so a Python upgrade that adds format characters
fails loudly instead of drifting.
"""

from __future__ import annotations

import functools
import re

__all__ = ["INVISIBLE_RANGES", "invisible_pattern", "strip_invisible"]

#: Inclusive code point ranges of the characters :func:`strip_invisible` removes.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    # Control characters that are not whitespace (\t \n \v \f \r \x1c-\x1f \x85 are kept).
    (0x0000, 0x0008),
    (0x000E, 0x001B),
    (0x007F, 0x0084),
    (0x0086, 0x009F),
    # Format characters (category Cf), Unicode 14.
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0600, 0x0605),  # Arabic number signs (prepended concatenation marks)
    (0x061C, 0x061C),  # Arabic letter mark
    (0x06DD, 0x06DD),  # Arabic end of ayah
    (0x070F, 0x070F),  # Syriac abbreviation mark
    (0x0890, 0x0891),  # Arabic pound and piastre marks above
    (0x08E2, 0x08E2),  # Arabic disputed end of ayah
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters
    # Printable characters that render as nothing.
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180D),  # Mongolian free variation selectors
    (0x180F, 0x180F),  # Mongolian free variation selector four
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
)


def char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The body of a regular-expression character class matching ``ranges``."""
    parts: list[str] = []
    for first, last in ranges:
        if first == last:
            parts.append(re.escape(chr(first)))
        else:
            parts.append(f"{re.escape(chr(first))}-{re.escape(chr(last))}")
    return "".join(parts)


@functools.cache
def invisible_pattern() -> re.Pattern[str]:
    """A compiled pattern matching runs of invisible characters (built once, on first use)."""
    return re.compile(f"[{char_class(INVISIBLE_RANGES)}]+")


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi, format and non-whitespace control characters from ``text``.

    Everything else, whitespace included, is kept as it is.
    """
    if text.isascii() and text.isprintable():
        return text
    return invisible_pattern().sub("", text)
