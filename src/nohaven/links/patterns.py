"""The written forms of a link: patterns for schemes, hosts, dots and paths, and their anchors.

A written dot (see :class:`Dot`) is ``.``, an Arabic or ideographic dot (``،`` ``۔`` ``٫``
``。``), a defanged dot (``[.]``, ``(.)``, ``{.}``, ``[dot]``, ``(dot)``, ``(point)``,
``[نقطة]`` ...) or a spaced one (`` . ``, ``. ``, `` .``, `` dot ``, `` point ``,
`` نقطة ``). :data:`LINK` matches a ``tg://`` link, a link with a (possibly defanged) scheme
or a bare host, at a given start.

Running :data:`LINK` at every position of every post would be slow: most posts hold no link.
:data:`ANCHOR` finds the characters every link holds near its start instead (a dot between a
word and a letter, a spaced dot, ``:/`` or ``[:``, a bracket around a dot, a spaced dot word);
each of its alternatives starts with a character from a small set, so the search skips over
ordinary text. :func:`link_start` walks back from an anchor to where the link would start,
and :func:`dead_end` rejects at once a dot anchor whose next label cannot be a top-level
domain (``e.g``, ``p.m``, ``report.pdf``).
"""

from __future__ import annotations

import functools
import re
from enum import IntEnum

from nohaven.links.hosts import tld_set

__all__ = [
    "ALT_DOTS",
    "ANCHOR",
    "DOT_ANCHOR",
    "DOT_WORDS",
    "LINK",
    "PATH_LEAD",
    "SEPARATOR",
    "SPACED_NAME",
    "Dot",
    "anchor_pattern",
    "dead_end",
    "dot_kind",
    "first_word_end",
    "link_start",
    "strip_trailing",
]

SP = r"[^\S\n]"
#: The words written for a dot ("example dot com"); the same in RE2 (:mod:`nohaven.links.prescan`).
DOT_WORDS = r"(?i:dot|point|punto|nokta)|نقطة|نقطه"
#: Arabic comma, Arabic full stop, Arabic decimal separator and ideographic full stop.
ALT_DOTS = "。،۔٫"
_DEFANGED = rf"{SP}{{0,2}}[\[\(\{{<]{SP}?(?:\.|,|{DOT_WORDS}){SP}?[\]\)\}}>]{SP}{{0,2}}"
_WEAK = (
    rf"{SP}{{1,2}}(?:[.{ALT_DOTS}]|{DOT_WORDS}){SP}{{1,2}}"
    rf"|{SP}{{1,2}}[.{ALT_DOTS}]|[.{ALT_DOTS}]{SP}{{1,2}}"
)
_DOT = rf"(?:\.|[{ALT_DOTS}]|{_DEFANGED}|{_WEAK})"
# Labels are possessive: a word not followed by a dot fails at once, without backtracking
# through its letters.
_LABEL = r"[a-zA-Z0-9][a-zA-Z0-9-]*+"
_ULABEL = r"[^\W_][\w-]*+"
_PATH = rf"(?:{SP}?(?:/|\[/\]){SP}?[^\s<>\"]*|[?#][^\s<>\"]*)"
_PORT = r"(?::[0-9]{1,5}(?![0-9]))"

#: The three link forms, told apart by their named groups. A host has at most 16 labels (real
#: hosts have far fewer), which also bounds the work on a text of endless dots.
LINK = re.compile(
    rf"""
    (?P<tg>(?<![\w])tg://(?:resolve|join)\?[^\s<>"]+)
    |(?P<scheme>(?<![^\W\d_])(?i:h(?:tt|xx|tx|xt|\*\*)ps?|ftp))
     (?P<sep>(?:\[:\]|\(:\)|{SP}?:{SP}?)/{SP}?/{SP}?|\[:?//\]|\[://\])
     (?P<shost>{_ULABEL}(?:{_DOT}{_ULABEL}){{1,15}})(?![\w@-]|\.[\w-])
     (?P<sport>{_PORT})?(?P<spath>{_PATH})?
    |(?P<bhost>(?<![\w@.\-/\\#]){_LABEL}(?:{_DOT}{_LABEL}){{1,15}})(?![\w@-]|\.[\w-])
     (?P<bport>{_PORT})?(?P<bpath>{_PATH})?
    """,
    re.VERBOSE,
)
#: Splits a matched host into labels and separators (the longest separator first).
SEPARATOR = re.compile(rf"({_DEFANGED}|{_WEAK}|[{ALT_DOTS}]|\.)")

_DOT_ALTERNATIVE = (
    rf"[.{ALT_DOTS}](?:(?<=[\w\])}}>][.{ALT_DOTS}])[^\W\d_]|{SP}[a-z]|(?<={SP}[.{ALT_DOTS}])[a-z])"
)
_WORD_ALTERNATIVE = rf"[dDpPnNن](?<={SP}[dDpPnNن])(?:(?i:ot|oint|unto|okta)|قط[ةه]){SP}"
_COLON_ALTERNATIVE = rf":{SP}?/"
_BRACKET_ALTERNATIVES = rf"[\[\(]:|[\[\({{<]{SP}?(?:[.,]|{DOT_WORDS})"
# In ASCII text the dot alternative can start with the literal ".", which the regex engine
# finds several times faster than a set of characters.
_ASCII_DOT_ALTERNATIVE = rf"\.(?:(?<=[\w\])}}>]\.)[a-zA-Z]|{SP}[a-z]|(?<={SP}\.)[a-z])"
#: Every anchor: dots, scheme separators, defanged dots and spaced dot words.
ANCHOR = re.compile(
    "|".join((_DOT_ALTERNATIVE, _COLON_ALTERNATIVE, _BRACKET_ALTERNATIVES, _WORD_ALTERNATIVE))
)
#: Dot anchors only: enough for a text without ``:/``, brackets or dot words.
DOT_ANCHOR = re.compile(_DOT_ALTERNATIVE)
_DOTS = frozenset("." + ALT_DOTS)
#: A label after a dot, and what follows it: a plain dot (group 2) or another separator (3).
_NEXT_LABEL = re.compile(
    rf"{SP}{{0,2}}([A-Za-z0-9-]+)"
    rf"(?:({SP}{{0,2}}[.{ALT_DOTS}])|({SP}{{0,2}}(?:[\[\({{<]|{DOT_WORDS})))?"
)

#: The slash that starts a path (or a defanged ``[/]``), with the spaces around it.
PATH_LEAD = re.compile(rf"{SP}*(?:/|\[/\]){SP}*")
#: What may follow a spaced slash: a channel name, number or invite code (messaging hosts).
SPACED_NAME = re.compile(r"(?!https?:)\+?[A-Za-z0-9_-]{2,64}(?:/[A-Za-z0-9_-]+)?")
_TRAILING = ".,;:!?'\"…»)]}>*،؛؟۔"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*")


class Dot(IntEnum):
    """How a dot between two labels is written, from plain to weakest."""

    PLAIN = 0  # "."
    ALTERNATE = 1  # an Arabic or ideographic dot
    DEFANGED = 2  # "[.]", "(dot)" ...
    SPACED = 3  # " . ", " dot "


def dot_kind(separator: str) -> Dot:
    """The kind of a separator found by :data:`SEPARATOR`."""
    if separator == ".":
        return Dot.PLAIN
    if separator in ALT_DOTS:
        return Dot.ALTERNATE
    if any(bracket in separator for bracket in "[({<"):
        return Dot.DEFANGED
    return Dot.SPACED


@functools.cache
def _anchor(alternate_dots: bool, colon: bool, brackets: bool, words: bool) -> re.Pattern[str]:
    """:data:`ANCHOR` with only the alternatives a text can match (each costs every search)."""
    alternatives = [_DOT_ALTERNATIVE if alternate_dots else _ASCII_DOT_ALTERNATIVE]
    if colon:
        alternatives.append(_COLON_ALTERNATIVE)
    if brackets:
        alternatives.append(_BRACKET_ALTERNATIVES)
    if words:
        alternatives.append(_WORD_ALTERNATIVE)
    return re.compile("|".join(alternatives))


def anchor_pattern(text: str) -> re.Pattern[str]:
    """The anchor pattern for ``text``: finds what :data:`ANCHOR` finds, cheaper on most texts.

    The regular-expression engine tries every alternative of a pattern at each character, so
    an alternative is left out where a substring test (a superset of what it needs) shows it
    cannot match: scheme separators without ``:`` and ``/``, defanged dots without a bracket, spaced
    dot words without ``dot``, ``point``, ``punto``, ``nokta`` or ``نقط``. The dot
    alternative starts with the literal ``.`` unless the text holds an Arabic or ideographic
    dot.
    """
    colon = ":" in text and "/" in text
    brackets = "[" in text or "(" in text or "{" in text or "<" in text
    lowered = text.lower()
    words = (
        "dot" in lowered
        or "point" in lowered
        or "punto" in lowered
        or "nokta" in lowered
        or "نقط" in text
    )
    alternate = not text.isascii() and ("،" in text or "。" in text or "۔" in text or "٫" in text)
    return _anchor(alternate, colon, brackets, words)


def dead_end(body: str, anchor: re.Match[str]) -> bool:
    """Whether a dot anchor cannot be part of a host: no label after it is a top-level domain.

    ``e.g. for``, ``U.S. and``, ``5 p.m. tomorrow``, ``report.pdf``: the labels after the
    dot are followed through plain and spaced dots; any other separator (a bracket, a dot
    word) leaves the decision to the full pattern.
    """
    position = anchor.start()
    if body[position] not in _DOTS:
        return False
    position += 1
    tlds = tld_set()
    next_label = _NEXT_LABEL.match
    for _ in range(8):
        following = next_label(body, position)
        if following is None:
            return True
        label, dot, other = following.groups()
        if other is not None or label.lower() in tlds:
            return False
        if dot is None:
            return True
        position = following.end()
    return False


def _is_space(char: str) -> bool:
    return char != "\n" and char.isspace()


def link_start(body: str, anchor: re.Match[str], floor: int) -> int:
    """Where a link holding ``anchor`` starts: back over spaces, then its scheme or label."""
    at = anchor.start()
    marker = anchor.group(0)
    low = max(floor, at - 70)
    i = at
    while i > low and at - i < 2 and _is_space(body[i - 1]):
        i -= 1
    end = i
    if marker[0] == ":" or marker[:2] in ("[:", "(:"):
        while i > low and end - i < 6 and body[i - 1] in _SCHEME_CHARS:
            i -= 1
        return i if end - i >= 2 else at
    while i > low and end - i < 63 and (body[i - 1].isalnum() or body[i - 1] in "-_"):
        i -= 1
    while i < end and body[i] in "-_":
        i += 1
    return i if i < end else at


def first_word_end(match: re.Match[str]) -> int:
    """Where the search goes on after a rejected candidate: the end of its first word.

    A rejected candidate (``zone. https://...``) may hide a link that starts inside it.
    """
    if match.group("scheme") is not None:
        return match.end("scheme")
    start, end = match.span("bhost")
    i = start
    text = match.string
    while i < end and text[i].isalnum():
        i += 1
    return max(i, start + 1)


def strip_trailing(path: str) -> str:
    """A path without the punctuation that ends the sentence around it (balanced brackets kept)."""
    while path and path[-1] in _TRAILING:
        last = path[-1]
        opener = _CLOSERS.get(last)
        if opener is not None and path.count(opener) >= path.count(last):
            break
        path = path[:-1]
    return path
