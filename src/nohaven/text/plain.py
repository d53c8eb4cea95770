"""Plain text: characters that normalisation leaves alone, for the fast paths.

Most posts are written with a few hundred characters: ASCII, the letters and signs of
Latin-1, Arabic letters and punctuation, typographic quotes and dashes. None of them is
changed by NFKC, none is invisible, an Arabic mark or a look-alike, and case folding lowers
them as :meth:`str.lower` does. A text made of them alone skips most steps of
:func:`nohaven.text.matching_key` and of :func:`nohaven.text.clean_for_language`, and one
scan tells whether a text is one. ``tests/text/test_plain.py`` checks every character of the
class against :mod:`unicodedata` and the folding tables.
"""

from __future__ import annotations

import re

__all__ = ["PLAIN_CHARS", "PLAIN_TEXT"]

#: The body of a character class: printable ASCII; the letters of Latin-1 but ß (case folded
#: to "ss") and its signs without a compatibility decomposition (° « » ¿ ...); en and em
#: dashes and typographic quotes; the Arabic comma, semicolon and question mark; the
#: letters of the Arabic alphabet (hamza to yeh, without tatweel).
PLAIN_CHARS = (
    " -~"
    "\u00a1-\u00a7\u00a9\u00ab\u00ac\u00ae\u00b0\u00b1\u00b6\u00b7\u00bb\u00bf-\u00de\u00e0-\u00ff"
    "\u2013\u2014\u2018\u2019\u201c\u201d"
    "\u060c\u061b\u061f\u0621-\u063a\u0641-\u064a"
)

#: Matches (with ``fullmatch``) a text made of plain characters only, the empty text too.
PLAIN_TEXT = re.compile(f"[{PLAIN_CHARS}]*")
