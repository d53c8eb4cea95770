"""Which posts of a batch can hold a link or a wallet: one DFA pass over the whole batch.

Most posts hold no link, and Python's regular-expression engine pays for every dot of
ordinary prose (``e.g.``, ``5 p.m.``, ``report.pdf``): a post without a link still costs
several microseconds in :meth:`~nohaven.links.extract.LinkExtractor.extract`. :func:`prescan`
joins a batch's texts and runs two patterns over it with RE2 (``google-re2``, BSD), whose
automaton reads each byte once whatever the number of alternatives, so the whole list of
top-level domains can be part of the pattern:

* :data:`LINK_PATTERN` matches wherever the extractor's link search (:mod:`nohaven.links.patterns`)
  could find a link: a host whose first dot is an anchor and is not a dead end (a chain of
  labels reaching a top-level domain, a bracket or a dot word, as :func:`dead_end` walks it),
  not written after a letter, digit, ``@``, ``.``, ``-``, ``/``, ``\\`` or ``#``; a scheme
  separator, a bracket or a spaced dot word; or any character that folding would change
  (:mod:`nohaven.links.fold`: the post is then read in full);
* :data:`WALLET_PATTERN` matches the extractor's wallet candidates.

Both are *supersets* of what the extractor needs: where they find nothing, the extractor
would find no link (no wallet) either, and the first place :data:`LINK_PATTERN` matches is
no later than the first link the extractor can find, so its search may start there. Where
RE2 and Python differ (RE2's ``\\w`` is ASCII, Python's Unicode), the pattern is written to
match more, never less. ``tests/links/test_prescan.py`` checks the superset on generated and
fuzzed text, and :meth:`~nohaven.links.extract.LinkExtractor.extract_many` (which uses it)
against :meth:`~nohaven.links.extract.LinkExtractor.extract` one post at a time.

Hand-offs and Telegram names need an ``@``, a test the extractor makes itself.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import NamedTuple

import re2

from nohaven.links.fold import COMPAT_RANGES
from nohaven.links.hosts import tld_set
from nohaven.links.patterns import ALT_DOTS, DOT_WORDS
from nohaven.text.invisible import INVISIBLE_RANGES

__all__ = ["LINK_PATTERN", "WALLET_PATTERN", "Prescan", "prescan"]

_SEPARATOR = b"\n\n"
# Each post in the joined batch is preceded and followed by two newlines: no pattern crosses
# a newline except as its one leading or trailing context character, so a match lies within
# one post, and a post's leading context is never taken by the previous post's match.


def _class(ranges: Sequence[tuple[int, int]]) -> str:
    """An RE2 character class body for inclusive code point ranges."""
    return "".join(
        f"\\x{{{first:x}}}" if first == last else f"\\x{{{first:x}}}-\\x{{{last:x}}}"
        for first, last in ranges
    )


def _runs(codes: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


@functools.cache
def _space() -> str:
    # Python's [^\S\n]: every character str.isspace() accepts but the newline. RE2's \s is
    # ASCII only.
    spaces = [code for code in range(0x110000) if chr(code).isspace() and code != 0x0A]
    return f"[{_class(_runs(spaces))}]"


def _link_pattern() -> str:
    sp = _space()
    dot = f"[.{ALT_DOTS}]"
    tlds = sorted(tld for tld in tld_set() if tld.isascii())
    any_case = "(?i:" + "|".join(tlds) + ")"
    # After a spaced dot the anchor needs a lower-case letter: the label's first letter.
    lower_first = "(?:" + "|".join(f"{tld[0]}(?i:{tld[1:]})" for tld in tlds) + ")"
    label = "[A-Za-z0-9-]+"
    tail = "(?:[^A-Za-z0-9-]|$)"  # the label ends there (Python: not followed by a label char)
    other = f"{sp}{{0,2}}(?:[\\[\\({{<]|{DOT_WORDS})"  # a bracket or a dot word follows
    link = f"{sp}{{0,2}}{label}{sp}{{0,2}}{dot}"  # a label, then a dot: the walk goes on
    end = f"{sp}{{0,2}}(?:{any_case}{tail}|{label}{other})"

    def walk(tld: str, first: str) -> str:
        # dead_end: up to eight labels after the anchor; one is a top-level domain or is
        # followed by another separator, or eight are each followed by a dot.
        return (
            f"(?:{tld}{tail}|{first}{other}"
            f"|{first}{sp}{{0,2}}{dot}(?:(?:{link}){{0,6}}{end}|(?:{link}){{7}}))"
        )

    host = (
        # the host's first label, not written after [\w@.\-/\\#] (bhost's lookbehind)
        r"[^\w@.\-/\\#][A-Za-z0-9][A-Za-z0-9-]*"
        # the anchor dot: right after the label and before a letter or a space and a
        # lower-case letter; or after one or two spaces and before a lower-case letter
        f"(?:{dot}{walk(any_case, '[A-Za-z][A-Za-z0-9-]*')}"
        f"|{sp}{{0,2}}{dot}{sp}?{walk(lower_first, '[a-z][A-Za-z0-9-]*')})"
    )
    anchors = (
        f":{sp}?/",  # a scheme separator
        f"[\\[\\(]:|[\\[\\({{<]{sp}?(?:[.,]|{DOT_WORDS})",  # a defanged one, or a bracketed dot
        f"{sp}[dDpPnNن](?:(?i:ot|oint|unto|okta)|قط[ةه]){sp}",  # a spaced dot word
        f"[{_class(INVISIBLE_RANGES + COMPAT_RANGES)}]",  # a character folding changes
    )
    return f"{host}|(?s:.)(?:{'|'.join(anchors)})"


#: Where a link may be (see the module help), with one leading context character.
LINK_PATTERN = _link_pattern()
#: Where a wallet candidate may be (:data:`nohaven.links.wallets.WALLET_CANDIDATE`).
WALLET_PATTERN = (
    "[^0-9A-Za-z](?:0x[0-9a-fA-F]{40}|[bB][cC]1[0-9A-Za-z]{8,87}"
    "|[1348T][1-9A-HJ-NP-Za-km-z]{24,105})(?:[^0-9A-Za-z]|$)"
)

_Search = Callable[[bytes, int, int], int]


def _searcher(pattern: str, binding: bool = True) -> _Search:
    """The start of the first match in ``buffer[pos:end]``, or -1.

    With ``binding`` (and a binding that has it), the compiled pattern's own ``Match`` call,
    about 1.5 us a call; else the public ``search``, about 4 us (its wrapper builds a match
    object through a generator).
    """
    options = re2.Options()
    options.max_mem = 64 << 20  # the top-level domains make a large automaton
    compiled = re2.compile(pattern.encode(), options)
    regexp = getattr(compiled, "_regexp", None)
    anchor = getattr(getattr(getattr(re2, "_re2", None), "RE2", None), "Anchor", None)
    if binding and regexp is not None and anchor is not None and hasattr(regexp, "Match"):
        match = regexp.Match
        unanchored = anchor.UNANCHORED

        def search(buffer: bytes, pos: int, end: int) -> int:
            start: int = match(unanchored, buffer, pos, end)[0][0]
            return start

        return search

    def public_search(buffer: bytes, pos: int, end: int) -> int:
        found = compiled.search(buffer, pos, end)
        return -1 if found is None else int(found.start())

    return public_search


@functools.cache
def _searchers() -> tuple[_Search, _Search]:
    return _searcher(LINK_PATTERN), _searcher(WALLET_PATTERN)


class Prescan(NamedTuple):
    """Per post of a batch: where the link search may start, and whether a wallet may be.

    ``links[i]``: -1 when post ``i`` can hold no link (nor a character folding changes),
    else the offset (in characters) from which the link search loses nothing: where the
    first match starts. Only a host's first label starts with an ASCII letter or digit, so
    a match there is a host whose first dot is an anchor and no dead end.

    ``wallets[i]``: 1 when post ``i`` may hold a wallet. ``unread``: the posts that could not
    be scanned (a lone surrogate), to be read in full: for them ``links[i]`` is 0 and
    ``wallets[i]`` 1, and nothing starts there.
    """

    links: list[int]
    wallets: bytearray
    unread: frozenset[int] = frozenset()


def _joined(texts: Sequence[str]) -> tuple[bytes, list[int], list[int]]:
    """The batch as UTF-8 with separators, each post's byte offset (and the end), and the
    posts that cannot be encoded (a lone surrogate: left out of the buffer, read in full)."""
    broken: list[int] = []
    try:
        parts = list(map(str.encode, texts))
    except UnicodeEncodeError:
        parts = []
        for i, text in enumerate(texts):
            try:
                parts.append(text.encode())
            except UnicodeEncodeError:
                broken.append(i)
                parts.append(b"")
    step = len(_SEPARATOR)
    buffer = _SEPARATOR + _SEPARATOR.join(parts) + _SEPARATOR
    offsets = list(itertools.accumulate(map(step.__add__, map(len, parts)), initial=step))
    return buffer, offsets, broken


def prescan(texts: Sequence[str]) -> Prescan:
    """:class:`Prescan` of a batch of post texts (see the module help)."""
    count = len(texts)
    links = [-1] * count
    wallets = bytearray(count)
    if not count:
        return Prescan(links, wallets)
    buffer, offsets, broken = _joined(texts)
    link_search, wallet_search = _searchers()
    end = len(buffer)
    for search, mark in ((link_search, True), (wallet_search, False)):
        pos = 0
        while pos < end:
            start = search(buffer, pos, end)
            if start < 0:
                break
            # The match's first character is its leading context: the post starts after it.
            i = bisect.bisect_right(offsets, start + 1) - 1
            if i >= count:
                break
            if mark:
                first = offsets[i]
                at = start + 1 - first
                if not texts[i].isascii():
                    at = len(buffer[first : start + 1].decode("utf-8", "replace"))
                links[i] = max(at, 0)
            else:
                wallets[i] = 1
            pos = offsets[i + 1] - 1  # the next post's leading newline
    for i in broken:
        links[i] = 0
        wallets[i] = 1
    return Prescan(links, wallets, frozenset(broken))
