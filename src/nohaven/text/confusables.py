"""Look-alike letters (homoglyphs) that evade keyword and hash matching.

Writers swap Latin letters for Cyrillic or Greek ones that look the same ("раураl" with
Cyrillic р, а, у), for small capitals and IPA letters ("ꜱᴛᴏᴘ"), for enclosed letters
("🅢🅣🅞🅟") or for regional indicator symbols (which also spell flags). Fullwidth,
mathematical, circled and squared letters need no table: NFKC folds them.

The table maps each look-alike to the Latin letter it imitates, keeping case. It follows the
spirit of Unicode's confusables (UTS #39) but is restricted to letters that really pass for a
Latin letter in running text, so that it can be applied to every token:

* Cyrillic: а в е ё ѐ н і ї ј к м о р ѕ т х у ү һ ԁ ԛ ԝ ӏ ӓ ӧ and their capitals (Ӏ palochka
  reads as capital I, its small form as l).
* Greek: capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ Ϲ Ϳ; small α β γ ε η ι κ ν ο ρ υ χ ω ϲ ϳ and
  ά έ ί ό ύ ϊ ϋ. Capital and small forms can imitate different letters (Η is H, η is n;
  Ν is N, ν is v; Υ is Y, υ is u): :func:`nohaven.text.matching_key` folds those capitals
  before case folding.
* Armenian: օ ս ո հ, Օ Ս.
* Latin small capitals and IPA letters: ᴀ ʙ ᴄ ᴅ ᴇ ꜰ ɢ ʜ ɪ ᴊ ᴋ ʟ ᴍ ɴ ᴏ ᴘ ꞯ ʀ ꜱ ᴛ ᴜ ᴠ ᴡ ʏ ᴢ,
  ɑ ɡ ɩ.
* Negative circled and negative squared capitals (U+1F150-U+1F169, U+1F170-U+1F189) and
  regional indicator symbols (U+1F1E6-U+1F1FF).

Left out on purpose: digits and symbols standing for letters ("l33t", "$"), which would
destroy numbers and prices; Turkish dotless ı, a letter of its own; Cherokee and other
scripts whose look-alikes are rare in posts.
"""

from __future__ import annotations

import functools
import string

__all__ = ["CONFUSABLES", "fold_confusables"]


def _pairs(sources: str, targets: str) -> dict[str, str]:
    if len(sources) != len(targets):
        raise ValueError("look-alike and target strings must have the same length")
    return dict(zip(sources, targets, strict=True))


#: Look-alike character -> the Latin letter it imitates (case kept).
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    **_pairs("АВСЕЁЀНІЇЈКМОРЅТХУҮҺԀԚԜӀӒӦ", "ABCEËÈHIÏJKMOPSTXYYHDQWIÄÖ"),
    **_pairs("авсеёѐніїјкморѕтхуүһԁԛԝӏӓӧ", "abceëèhiïjkmopstxyyhdqwläö"),
    # Greek
    **_pairs("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹͿ", "ABEZHIKMNOPTYXCJ"),
    **_pairs("αβγεηικνορυχωϲϳάέίόύϊϋ", "abyenikvopuxwcjáéíóúïü"),
    # Armenian
    **_pairs("օսոհՕՍ", "ounhOU"),
    # Latin small capitals and IPA letters
    **_pairs("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢɑɡɩ", "abcdefghijklmnopqrstuvwyzagi"),
    # Negative circled, negative squared and regional indicator letters
    **_pairs("".join(chr(0x1F150 + i) for i in range(26)), string.ascii_uppercase),
    **_pairs("".join(chr(0x1F170 + i) for i in range(26)), string.ascii_uppercase),
    **_pairs("".join(chr(0x1F1E6 + i) for i in range(26)), string.ascii_uppercase),
}


@functools.cache
def _table() -> dict[int, str]:
    return {ord(src): dst for src, dst in CONFUSABLES.items()}


def fold_confusables(text: str) -> str:
    """Replace look-alike letters in ``text`` by the Latin letters they imitate, keeping case.

    Every other character is kept. This is the display-friendly fold; matching keys use
    :func:`nohaven.text.matching_key`, which also case-folds and normalises.
    """
    return text.translate(_table())
