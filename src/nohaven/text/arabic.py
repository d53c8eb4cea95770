"""Arabic-script folding for matching keys.

Arabic text is written with optional short vowels (harakat), elongation (tatweel), several
spellings of the same letter and three sets of digits. Two posts that differ only in these
read the same, so their matching keys must be equal. The rules:

* **Marks removed**: harakat and other combining marks (U+0610-U+061A, U+064B-U+065F,
  superscript alef U+0670, Quranic annotation marks U+06D6-U+06ED, extended marks
  U+0898-U+089F and U+08CA-U+08FF), the high hamza U+0674 and tatweel U+0640.
* **Alef forms** أ إ آ ٱ ٲ ٳ -> ا.
* **Yeh forms** -> ي: alef maksura ى, Persian/Urdu yeh ی, Pashto/Uyghur ې and ۍ, Kurdish ێ,
  Kashmiri ؠ and Urdu yeh barree ے; yeh barree with hamza ۓ -> ئ.
* **Heh forms** -> ه: teh marbuta ة and its Urdu form ۃ, heh goal ہ, Kurdish ae ە, heh
  doachashmee ھ, and heh with hamza or yeh above ۀ ۂ.
* **Kaf forms** -> ك: keheh ک (Persian, Urdu) and swash kaf ڪ (Sindhi).
* **Digits**: Arabic-Indic ٠-٩ and Extended Arabic-Indic (Persian, Urdu) ۰-۹ -> 0-9, and the
  Arabic decimal separator, thousands separator and percent sign -> ``.`` ``,`` ``%``.

The principle: fold the spellings and encodings of one letter (the same consonant, written
with other dots or by another keyboard layout) to the Arabic base letter; keep letters that
write another consonant. So gaf گ, Pashto kaf with ring ګ, ng ڭ (all /g/ or /ng/), peh پ,
tcheh چ, jeh ژ and veh ڤ stay distinct: folding gaf into kaf would merge Persian گل
("flower") with كل ("all"). Hamza on waw ؤ and on yeh ئ also stay: they are spellings of
distinct words, and the folds above already absorb the hamza on alef, where writers drop it
most.
"""

from __future__ import annotations

import functools
import re

from nohaven.text.invisible import char_class

__all__ = ["ARABIC_FOLDS", "ARABIC_MARK_RANGES", "arabic_marks_pattern", "fold_arabic"]

#: Inclusive code point ranges of the Arabic marks removed from matching keys.
ARABIC_MARK_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),  # honorifics and small high letters
    (0x0640, 0x0640),  # tatweel
    (0x064B, 0x065F),  # harakat: tanwin, fatha, damma, kasra, shadda, sukun, hamza marks ...
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x0674, 0x0674),  # high hamza
    (0x06D6, 0x06ED),  # Quranic annotation signs, small waw and yeh
    (0x0898, 0x089F),  # Arabic Extended-B marks
    (0x08CA, 0x08FF),  # Arabic Extended-A marks
)

_ALEF = "\u0627"
_YEH = "\u064a"
_HEH = "\u0647"
_KAF = "\u0643"

#: Letter and digit folds: source character -> replacement.
ARABIC_FOLDS: dict[str, str] = {
    # alef forms
    "\u0622": _ALEF,  # alef with madda above
    "\u0623": _ALEF,  # alef with hamza above
    "\u0625": _ALEF,  # alef with hamza below
    "\u0671": _ALEF,  # alef wasla
    "\u0672": _ALEF,  # alef with wavy hamza above
    "\u0673": _ALEF,  # alef with wavy hamza below
    # yeh forms
    "\u0649": _YEH,  # alef maksura
    "\u06cc": _YEH,  # Farsi yeh
    "\u06d0": _YEH,  # yeh with two dots below vertically (Pashto, Uyghur e)
    "\u06cd": _YEH,  # yeh with tail (Pashto)
    "\u06ce": _YEH,  # yeh with small v (Kurdish)
    "\u0620": _YEH,  # Kashmiri yeh
    "\u06d2": _YEH,  # yeh barree (Urdu)
    "\u06d3": "\u0626",  # yeh barree with hamza above -> yeh with hamza above
    # heh forms
    "\u0629": _HEH,  # teh marbuta
    "\u06c3": _HEH,  # teh marbuta goal (Urdu)
    "\u06c1": _HEH,  # heh goal (Urdu)
    "\u06c2": _HEH,  # heh goal with hamza above
    "\u06c0": _HEH,  # heh with yeh above (Persian ezafe)
    "\u06d5": _HEH,  # ae (Kurdish, Uyghur)
    "\u06be": _HEH,  # heh doachashmee (Urdu aspiration)
    # kaf forms
    "\u06a9": _KAF,  # keheh (Persian, Urdu kaf)
    "\u06aa": _KAF,  # swash kaf (Sindhi)
    # separators and signs used inside numbers
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u066a": "%",  # Arabic percent sign
    # digits
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
}


@functools.cache
def arabic_marks_pattern() -> re.Pattern[str]:
    """A compiled pattern matching runs of the removed Arabic marks (built on first use)."""
    return re.compile(f"[{char_class(ARABIC_MARK_RANGES)}]+")


@functools.cache
def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(src): dst for src, dst in ARABIC_FOLDS.items()}
    for first, last in ARABIC_MARK_RANGES:
        table.update(dict.fromkeys(range(first, last + 1)))
    return table


def fold_arabic(text: str) -> str:
    """Apply the Arabic rules above to ``text``; every other character is kept as it is.

    This does not apply Unicode normalisation: presentation forms (U+FB50-U+FEFF) are folded by
    NFKC in :func:`nohaven.text.matching_key`, which includes these rules.
    """
    return text.translate(_fold_table())
