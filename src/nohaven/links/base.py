"""Outlinks: the off-platform destinations a post points its audience to.

An :class:`ExtractedLink` is one destination found in one post: what was written (``raw``,
possibly obfuscated: ``t[.]me/x``, ``hxxps``, ``example (dot) org``), the canonical target it
stands for, what *kind* of destination it is (a messaging app, an onion service, a paste site,
a file host...), the app for messaging links, and the registrable domain. Extraction is a pure
function of a post's text and its structured URL fields; nothing is ever fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ExtractedLink", "LinkKind", "LinkSource"]


class LinkKind(StrEnum):
    """What kind of destination a link points to."""

    MESSAGING = "messaging"
    ONION = "onion"
    PASTE = "paste"
    FILE_HOST = "file_host"
    VIDEO = "video"
    SHORTENER = "shortener"
    SOCIAL = "social"
    NEWS = "news"
    HANDOFF = "handoff"
    CRYPTO = "crypto"
    OTHER = "other"


class LinkSource(StrEnum):
    """Where in the post the link was found."""

    TEXT = "text"
    FIELD = "field"


@dataclass(frozen=True, slots=True)
class ExtractedLink:
    """One destination found in a post.

    * ``raw``: the text as written (or the structured URL field's value);
    * ``target``: the canonical destination: a normalised URL (``https://t.me/name``), an
      onion address (``http://<56 chars>.onion``), an account hand-off (``@handle``), or a
      wallet (``bitcoin:<address>``);
    * ``kind``: see :class:`LinkKind`; ``app``: the messaging app (``telegram``,
      ``whatsapp``, ``signal``, ``matrix``, ``discord``, ``rocketchat``, ``tamtam``,
      ``threema``) or the currency for a wallet, else ``None``;
    * ``domain``: the registrable domain (public-suffix list shipped with the package), or
      ``None`` for hand-offs and wallets;
    * ``obfuscated``: whether the written form hid the link (defanged dots, ``hxxp``,
      ``(dot)``, spaces, full-width or invisible characters);
    * ``source``: found in the text or in a structured URL field.
    """

    raw: str
    target: str
    kind: LinkKind
    domain: str | None
    app: str | None = None
    obfuscated: bool = False
    source: LinkSource = LinkSource.TEXT
