"""Announcements that an account replaces another, in English, French and Arabic.

Three kinds, found with neutral phrase lists:

* ``new``: the handle named is the new account ("new account @x", "follow me at @x",
  "@x is my new account", "حسابي الجديد @x", "suivez-moi sur @x"). These phrases are the
  hand-off patterns of :mod:`nohaven.links.handoff`, reused as they are;
* ``old``: the handle named is the earlier account ("previous account: @x", "the old one @x",
  "my old account @x was suspended", "l'ancien compte : @x", "الحساب السابق @x");
* ``return``: the poster says it is back, with or without a handle ("I'm back", "my old
  account was suspended", "coming back after suspension", "28th account", "je suis de
  retour", "عدنا", "تم تعليق حسابي").

A handle after an "old" phrase is never reported as ``new`` too, even when a "new account"
phrase stands before both ("This is the new account. Previous account: @x" names @x as the
old one). Plain mentions ("thanks @x") are not announcements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from nohaven.links.handoff import HANDOFF_AFTER, HANDOFF_BEFORE, lowered, may_hand_off

__all__ = ["OLD_ACCOUNT", "RETURN", "Announcement", "AnnouncementKind", "find_announcements"]


class AnnouncementKind(StrEnum):
    """What an announcement says about the handle it names (or about its poster)."""

    NEW = "new"
    OLD = "old"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class Announcement:
    """One announcement in a text: its kind, the handle it names (lower case, without ``@``;
    ``None`` for a ``return`` without a handle) and the phrase as written (lower case)."""

    kind: AnnouncementKind
    handle: str | None
    phrase: str


_HANDLE = r"@(?<![\w/@.]@)(?P<handle>[a-z0-9_]{1,30})"
_ACCOUNT = r"(?:account|acc|acct|handle|profile|page|one|id)"

#: An "earlier account" phrase, then the handle within a few words (on lower-cased text).
OLD_ACCOUNT: Final = re.compile(
    r"(?:"
    rf"\b(?:previous|old|former|last|first|suspended|deleted|banned)\s+{_ACCOUNT}\b"
    r"|\b(?:ancien|précédent)\s+(?:compte|profil)\b|\bl'ancien\b"
    r"|الحساب\s+(?:السابق|القديم|الاول|الأول|المعلق|المحذوف)|حسابي\s+(?:السابق|القديم)"
    rf")[^@\n]{{0,25}}?{_HANDLE}"
)

_RETURN_PHRASES = (
    # English
    r"\bi'?m\s+back\b",
    r"\bi\s+am\s+back\b",
    r"\bwe(?:'re|\s+are)\s+back\b",
    r"\bback\s+again\b",
    r"\bcoming\s+back\b",
    r"\b(?:i\s+have|i've|we\s+have|we've)\s+returned\b",
    r"\bafter\s+(?:the\s+)?suspension\b",
    r"\b(?:account|acc)\s+(?:was\s+|got\s+|has\s+been\s+)?(?:suspended|deleted|banned)\b",
    r"\b(?:was|got|been)\s+suspended\b",
    r"\b\d+\s*(?:st|nd|rd|th)?\s+(?:account|acc)\b",
    r"\baccount\s+(?:no\.?\s*|number\s+|#)\d+\b",
    # French
    r"\b(?:je\s+suis|nous\s+sommes|on\s+est)\s+de\s+retour\b",
    r"\bde\s+retour\b",
    r"\bcompte\s+(?:a\s+été\s+)?(?:suspendu|supprimé|bloqué)\b",
    r"\b\d+\s*(?:e|ème|eme)\s+compte\b",
    # Arabic
    r"(?<!\w)(?:عدنا|عدت|رجعنا|رجعت)(?!\w)",
    r"(?:تم\s+)?(?:تعليق|ايقاف|إيقاف|حذف|اغلاق|إغلاق)\s+(?:حسابي|حسابنا|الحساب)",
    r"بعد\s+(?:الايقاف|الإيقاف|التعليق|الحذف|الاغلاق|الإغلاق)",
    r"الحساب\s+رقم\s+\d+",
)
#: A "back again" phrase: the poster says it returns (on lower-cased text).
RETURN: Final = re.compile("|".join(_RETURN_PHRASES))
_RETURN_HANDLE = re.compile(rf"[^@\n]{{0,40}}?(?<![^\s:：\-–—(]){_HANDLE}")

#: Words one of which every phrase of this module holds: a cheap test before the patterns.
_WORDS = (
    "back",
    "return",
    "suspen",
    "delete",
    "banned",
    "previous",
    "old",
    "former",
    "last",
    "first",
    "ancien",
    "précédent",
    "retour",
    "supprim",
    "bloqu",
    "compte",
    "عد",
    "رجع",
    "تعليق",
    "يقاف",
    "حذف",
    "غلاق",
    "الحساب",
    "حساب",
)


def _may_announce(lower: str) -> bool:
    if may_hand_off(lower):
        return True
    for word in _WORDS:  # noqa: SIM110
        if word in lower:
            return True
    return False


def find_announcements(text: str) -> tuple[Announcement, ...]:
    """Every announcement in ``text``, in order of position, at most one per handle and kind.

    >>> [(a.kind.value, a.handle) for a in find_announcements("New account, follow me at @Sky_2")]
    [('new', 'sky_2')]
    """
    lower = lowered(text)
    if not _may_announce(lower):
        return ()
    found: list[tuple[int, Announcement]] = []
    old_spans: set[int] = set()
    for match in OLD_ACCOUNT.finditer(lower):
        old_spans.add(match.start("handle"))
        found.append(
            (
                match.start(),
                Announcement(AnnouncementKind.OLD, match.group("handle"), match.group()),
            )
        )
    for pattern in (HANDOFF_AFTER, HANDOFF_BEFORE):
        for match in pattern.finditer(lower):
            if match.start("handle") in old_spans:
                continue
            handle = match.group("handle").rstrip(".")
            found.append((match.start(), Announcement(AnnouncementKind.NEW, handle, match.group())))
    for match in RETURN.finditer(lower):
        after = _RETURN_HANDLE.match(lower, match.end())
        handle = None
        if after is not None and after.start("handle") not in old_spans:
            handle = after.group("handle")
        found.append((match.start(), Announcement(AnnouncementKind.RETURN, handle, match.group())))
    seen: set[tuple[AnnouncementKind, str | None]] = set()
    result: list[Announcement] = []
    for _, item in sorted(found, key=lambda pair: pair[0]):
        if (item.kind, item.handle) not in seen:
            seen.add((item.kind, item.handle))
            result.append(item)
    return tuple(result)
