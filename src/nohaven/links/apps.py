"""Canonical destinations of messaging links: one target per channel, group or invite.

A messaging link names a place the audience is sent to; the many spellings of one place become
one target, so that its first and last sightings and its post counts add up:

* **telegram**: ``telegram.me``, ``telegram.dog`` and ``name.t.me`` become ``t.me``; the
  ``/s/`` web-preview path is dropped; a public channel or user is ``https://t.me/<name>`` in
  lower case (Telegram names ignore case) and a link to one of its messages
  (``t.me/name/123``, ``?single``) is the channel; ``t.me/joinchat/<hash>`` is the modern
  ``t.me/+<hash>`` (invite hashes keep their case); ``t.me/c/<id>/<msg>`` is
  ``t.me/c/<id>``; ``tg://resolve?domain=<name>`` and ``tg://join?invite=<hash>`` are their
  ``t.me`` forms; other paths (``addlist``, ``proxy``...) are kept as they are;
* **whatsapp**: ``chat.whatsapp.com/<code>`` (also ``/invite/<code>``), ``wa.me/<number>``
  (``api.whatsapp.com/send?phone=<number>`` too), ``whatsapp.com/channel/<id>``;
* **signal**: ``signal.group/#<key>`` and ``signal.me/#<...>`` keep their fragment, which is
  the invite itself;
* **matrix**: ``matrix.to/#/<room or user>`` keeps its fragment; Element's
  ``app.element.io/#/room/<room>`` becomes the ``matrix.to`` form;
* **discord**: ``discord.com/invite/<code>`` and ``discordapp.com/invite/<code>`` become
  ``discord.gg/<code>``;
* **tamtam**: ``tamtam.chat/<name>`` in lower case; **threema**: ``threema.id/<ID>`` in
  upper case.

Anything else keeps the normalised URL. Each function takes the normalised URL
(:func:`nohaven.signals.urls.normalize_url`, which drops fragments) and the fragment as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

__all__ = ["CANONICALIZERS", "canonical_messaging", "telegram_resolve"]

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
_TELEGRAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,31}")
_TELEGRAM_SPECIAL = frozenset(
    {
        "addlist",
        "addstickers",
        "addemoji",
        "addtheme",
        "proxy",
        "socks",
        "share",
        "iv",
        "setlanguage",
        "boost",
        "login",
        "bg",
        "invoice",
        "giftcode",
        "confirmphone",
    }
)
_DIGITS = re.compile(r"\+?[0-9]{6,15}")
# A URL urlsplit would split into exactly these parts: a lower-case host, no user, no port.
_SIMPLE_URL = re.compile(r"https?://([a-z0-9.-]+)(/[^?#]*)?(?:\?([^#]*))?")


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _split(url: str) -> tuple[str, str, str]:
    """(host, path, query) of a normalised URL; a plain ``http(s)://host/path?query`` is split
    without :func:`urllib.parse.urlsplit`, which costs several times more."""
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None:
        host, path, query = simple.groups()
        return host, path or "", query or ""
    parts = urlsplit(url)
    return parts.hostname or "", parts.path, parts.query


def _telegram(url: str, fragment: str) -> str:
    host, path, query = _split(url)
    segments = _segments(path)
    if host.endswith(".t.me") and host.count(".") == 2:
        segments = [host[: -len(".t.me")], *segments]
    elif host not in _TELEGRAM_HOSTS:
        return url
    if segments[:1] == ["s"]:
        segments = segments[1:]
    if not segments:
        return "https://t.me/"
    first = segments[0]
    if first == "joinchat" and len(segments) > 1:
        return f"https://t.me/+{segments[1]}"
    if first.startswith("+"):
        return f"https://t.me/{first}"
    if first == "c" and len(segments) > 1:
        return f"https://t.me/c/{segments[1]}"
    if first.lower() in _TELEGRAM_SPECIAL:
        return f"https://t.me/{'/'.join(segments)}{'?' + query if query else ''}"
    if _TELEGRAM_NAME.fullmatch(first):
        return f"https://t.me/{first.lower()}"
    return f"https://t.me/{'/'.join(segments)}"


def telegram_resolve(url: str) -> str | None:
    """The ``t.me`` target of a ``tg://resolve`` or ``tg://join`` link, else ``None``."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "tg":
        return None
    action = (parts.netloc or parts.path.strip("/")).lower()
    query = parse_qs(parts.query)
    if action == "resolve":
        names = query.get("domain", [])
        if names and _TELEGRAM_NAME.fullmatch(names[0]):
            return f"https://t.me/{names[0].lower()}"
    elif action == "join":
        invites = query.get("invite", [])
        if invites and re.fullmatch(r"[A-Za-z0-9_-]{8,64}", invites[0]):
            return f"https://t.me/+{invites[0]}"
    return None


def _whatsapp(url: str, fragment: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    segments = _segments(parts.path)
    if host == "chat.whatsapp.com" and segments:
        code = segments[1] if segments[0] == "invite" and len(segments) > 1 else segments[0]
        return f"https://chat.whatsapp.com/{code}"
    if host == "wa.me" and segments and _DIGITS.fullmatch(segments[0]):
        return f"https://wa.me/{segments[0].lstrip('+')}"
    if host in ("api.whatsapp.com", "whatsapp.com", "web.whatsapp.com") and segments[:1] == [
        "send"
    ]:
        phones = parse_qs(parts.query).get("phone", [])
        if phones and _DIGITS.fullmatch(phones[0].strip()):
            return f"https://wa.me/{phones[0].strip().lstrip('+')}"
    if host == "whatsapp.com" and segments[:1] == ["channel"] and len(segments) > 1:
        return f"https://whatsapp.com/channel/{segments[1]}"
    return url


def _with_fragment(url: str, fragment: str) -> str:
    return f"{url.split('#', 1)[0]}#{fragment}" if fragment else url


def _signal(url: str, fragment: str) -> str:
    host = urlsplit(url).hostname or ""
    if host in ("signal.group", "signal.me"):
        return _with_fragment(f"https://{host}/", fragment)
    return url


def _matrix(url: str, fragment: str) -> str:
    host = urlsplit(url).hostname or ""
    if host == "matrix.to":
        return _with_fragment("https://matrix.to/", fragment)
    if host.endswith("element.io") and fragment.startswith("/room/"):
        return f"https://matrix.to/#/{fragment[len('/room/') :]}"
    return url


def _discord(url: str, fragment: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    segments = _segments(parts.path)
    if host == "discord.gg" and segments:
        return f"https://discord.gg/{segments[0]}"
    if (
        host in ("discord.com", "discordapp.com")
        and segments[:1] == ["invite"]
        and len(segments) > 1
    ):
        return f"https://discord.gg/{segments[1]}"
    return url


def _tamtam(url: str, fragment: str) -> str:
    parts = urlsplit(url)
    segments = _segments(parts.path)
    if parts.hostname == "tamtam.chat" and len(segments) == 1:
        return f"https://tamtam.chat/{segments[0].lower()}"
    return url


def _threema(url: str, fragment: str) -> str:
    parts = urlsplit(url)
    segments = _segments(parts.path)
    if (
        parts.hostname == "threema.id"
        and segments
        and re.fullmatch(r"[A-Za-z0-9*]{8}", segments[0])
    ):
        return f"https://threema.id/{segments[0].upper()}"
    return url


#: App name (as in the category file) -> canonicaliser(normalised URL, fragment).
CANONICALIZERS: dict[str, Callable[[str, str], str]] = {
    "telegram": _telegram,
    "whatsapp": _whatsapp,
    "signal": _signal,
    "matrix": _matrix,
    "discord": _discord,
    "tamtam": _tamtam,
    "threema": _threema,
}


@functools.lru_cache(maxsize=65536)
def canonical_messaging(app: str, url: str, fragment: str = "") -> str:
    """The canonical target of a link to ``app`` (see the module's help); cached, as the same
    channels and invites come back again and again."""
    canonicalizer = CANONICALIZERS.get(app)
    return canonicalizer(url, fragment) if canonicalizer is not None else url
