"""Account hand-offs and Telegram channel names written without a link.

When an account expects suspension it names its successor: "new account @x", "follow me at
@x", "حسابي الجديد @x", "nouveau compte @x". Platforms filter ``t.me`` links, so channels are
also named bare: "Telegram: @name", "@name على تيليجرام". Only neutral phrases that announce an
account are used; a plain mention ("thanks @x", "follow @x for recipes") is not a hand-off.

* :data:`HANDOFF_AFTER`: a hand-off phrase, then the handle. Phrases that name the account
  ("new account", "backup account", "حسابي الجديد", "nouveau compte") may be followed by up
  to 50 characters before the handle; phrases that point ("follow me at", "moved to",
  "تابعوني على", "suivez-moi sur") must be followed by the handle at once;
* :data:`HANDOFF_BEFORE`: the handle, then "is my new account" / "حسابي الجديد" /
  "est mon nouveau compte";
* :data:`TELEGRAM_NAME`: a Telegram keyword (``telegram``, ``tg``, ``تيليجرام`` and other
  spellings) with a channel name (``@`` and 5-32 characters) after it within 25 characters,
  or the name then "on Telegram".

The patterns run on the **lower-cased** text (:func:`lowered`). Each of their alternatives
starts with a literal character and checks the word boundary after it (``n(?<!\\wn)ew``), so
the regular-expression engine skips at once over positions that cannot start a phrase; a
case-insensitive pattern would try every alternative at every position, ten times slower.
"""

from __future__ import annotations

import re

__all__ = [
    "HANDOFF_AFTER",
    "HANDOFF_BEFORE",
    "TELEGRAM_NAME",
    "lowered",
    "may_hand_off",
    "may_name_telegram",
]

_HANDLE = r"@(?<![\w/@.]@)(?P<handle>[a-z0-9_]{1,30}(?:\.[a-z0-9_]+)*)"
_ACCOUNT = r"(?:account|acc|acct|handle|profile|page|twitter|id)\b"


def _word(first: str, rest: str) -> str:
    """``first`` + ``rest`` at the start of a word, the boundary checked after the literal."""
    return f"{first}(?<![^\\W\\d_]{first}){rest}"


_NAMING = (
    # English
    _word("n", rf"ew\s+(?:twitter\s+)?{_ACCOUNT}"),
    _word("b", rf"ack-?up\s+{_ACCOUNT}"),
    _word("s", rf"(?:econd|pare)\s+{_ACCOUNT}"),
    _word("a", rf"lt(?:ernate|ernative)?\s+{_ACCOUNT}"),
    _word("r", rf"eserve\s+{_ACCOUNT}"),
    _word("o", rf"ther\s+{_ACCOUNT}"),
    # French
    _word("n", r"ouveau\s+(?:compte|profil)\b"),
    _word("c", r"ompte\s+(?:de\s+(?:secours|réserve|rechange)|secondaire|alternatif)\b"),
    # Arabic: (my/our) account + new/backup/alternative/second
    r"حساب(?:ي|نا)?\s+(?:ال)?(?:جديد|احتياطي|احتياط|بديل|ثاني)",
)
_POINTING = (
    _word("f", r"ollow\s+(?:me|us)(?:\s+(?:at|on|here|now|there))?"),
    _word("f", r"ind\s+(?:me|us)\s+(?:at|on|here)"),
    _word("j", r"oin\s+(?:me|us)\s+(?:at|on|here)"),
    _word("m", r"(?:oved|oving|igrated)\s+to"),
    _word("s", r"witched\s+to"),
    _word("s", r"uivez[-\s](?:moi|nous)(?:\s+(?:sur|ici|à))?"),
    _word("r", r"(?:etrouvez|ejoignez)[-\s](?:moi|nous)\s+(?:sur|ici|à)"),
    _word("j", r"e\s+suis\s+(?:maintenant|désormais)\s+(?:sur|à)"),
    r"تابعو(?:ني|نا)(?:\s+(?:على|في|هنا))?",
    r"تابعوا\s+حساب(?:ي|نا)",
    r"انتقل(?:ت|نا)\s+(?:إلى|الى|ل)",
)

#: A hand-off phrase, then the handle (on lower-cased text).
HANDOFF_AFTER = re.compile(
    rf"(?:(?:{'|'.join(_NAMING)})[^@\n]{{0,50}}?"
    rf"|(?:{'|'.join(_POINTING)})[\s:：\-–—]{{0,3}}){_HANDLE}"
)
#: The handle, then a phrase saying it is the new account (on lower-cased text).
HANDOFF_BEFORE = re.compile(
    rf"{_HANDLE}[\s:،\-–—]{{0,3}}(?:"
    rf"(?:is|=)\s+(?:my|our)\s+(?:new|backup|second)\s+{_ACCOUNT}"
    r"|(?:est\s+)?(?:mon|notre)\s+nouveau\s+compte\b"
    r"|(?:هو\s+)?حساب(?:ي|نا)\s+(?:ال)?(?:جديد|احتياطي|بديل))"
)

_TELEGRAM = (
    _word("t", r"(?:elegram|[ée]l[ée]gram(?:me)?|g(?![a-z]))"),
    *(
        f"{spelling}"
        for spelling in (
            "تلغرام",
            "تلجرام",
            "تليجرام",
            "تيليجرام",
            "تيلجرام",
            "تيليغرام",
            "تلیگرام",
            "تيليقرام",
        )
    ),
)
_TELEGRAM_ANY = f"(?:{'|'.join(_TELEGRAM)})"
_CHANNEL = r"@(?<![\w/@.]@)(?P<name>[a-z][a-z0-9_]{4,31})(?![\w@])"
#: A Telegram channel or user named without a link (on lower-cased text).
TELEGRAM_NAME = re.compile(
    rf"{_TELEGRAM_ANY}[^@\n]{{0,25}}?{_CHANNEL}"
    rf"|@(?<![\w/@.]@)(?P<name2>[a-z][a-z0-9_]{{4,31}})\s+(?:on|sur|in|على|في|عبر)\s+{_TELEGRAM_ANY}"
)

#: Words one of which every hand-off phrase holds: a cheap test before the patterns.
_HANDOFF_WORDS = (
    "account",
    "acc",
    "handle",
    "profile",
    "page",
    "twitter",
    "id",
    "follow",
    "find",
    "join",
    "moved",
    "moving",
    "switched",
    "migrated",
    "compte",
    "profil",
    "suivez",
    "retrouvez",
    "rejoignez",
    "suis",
    "حساب",
    "تابعو",
    "انتقل",
)


def lowered(text: str) -> str:
    """``text`` in lower case, character for character (offsets kept).

    A few characters lower-case to two (``İ``): such a text is returned as it is, and its
    upper-case phrases are missed.
    """
    lower = text.lower()
    return lower if len(lower) == len(text) else text


def may_hand_off(lower: str) -> bool:
    """Whether the lower-cased text holds a word of a hand-off phrase (before the patterns)."""
    # A plain loop: any() over a generator costs three times as much on this hot path.
    for word in _HANDOFF_WORDS:  # noqa: SIM110
        if word in lower:
            return True
    return False


def may_name_telegram(lower: str) -> bool:
    """Whether the lower-cased text holds a Telegram keyword (before :data:`TELEGRAM_NAME`).

    Every Latin spelling holds ``gram`` or is ``tg``; every Arabic one ends in ``رام``.
    """
    return "gram" in lower or "tg" in lower or "رام" in lower
