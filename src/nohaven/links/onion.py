"""Tor onion service addresses: version 2 (16 characters) and version 3 (56, checksummed).

An onion host is ``<label>.onion`` (with any subdomains in front). The label is base32
(``a-z``, ``2-7``):

* version 3: 56 characters, 35 bytes: the service's ed25519 public key (32 bytes), a 2-byte
  checksum and the version byte ``0x03``; the checksum is the first two bytes of
  ``SHA3-256(".onion checksum" || pubkey || version)`` (Tor's rend-spec-v3). Accepted only
  when it validates, so a typo or an invented address gives nothing;
* version 2: 16 characters, the first 80 bits of a hash of an RSA key: there is no checksum to
  check, and Tor dropped these services in 2021, but old posts still carry them.
"""

from __future__ import annotations

import base64
import hashlib
import re

__all__ = ["onion_service", "onion_v3_address"]

_V2 = re.compile(r"[a-z2-7]{16}")
_V3 = re.compile(r"[a-z2-7]{56}")


def _v3_valid(label: str) -> bool:
    raw = base64.b32decode(label.upper())
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34:]
    if version != b"\x03":
        return False
    digest = hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()
    return digest[:2] == checksum


def onion_service(host: str) -> str | None:
    """``<label>.onion`` when ``host`` (lower case) is under a valid v2 or v3 onion address."""
    labels = host.split(".")
    if len(labels) < 2 or labels[-1] != "onion":
        return None
    label = labels[-2]
    if _V2.fullmatch(label) or (_V3.fullmatch(label) and _v3_valid(label)):
        return f"{label}.onion"
    return None


def onion_v3_address(pubkey: bytes) -> str:
    """The v3 onion address (``<56 chars>.onion``) of a 32-byte ed25519 public key."""
    if len(pubkey) != 32:
        raise ValueError("an ed25519 public key has 32 bytes")
    version = b"\x03"
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2]
    return base64.b32encode(pubkey + checksum + version).decode("ascii").lower() + ".onion"
