"""Cryptocurrency addresses, accepted only when their checksum validates.

Money moves with propaganda: donation appeals carry wallet addresses. A wallet is reported
only when the string is a well-formed mainnet address of one of these currencies *and* its
checksum holds, so that random base58-looking strings, hashes and typos give nothing:

* **bitcoin**, base58check: a 25-byte payload whose last 4 bytes are the first 4 bytes of
  double SHA-256 of the rest, version byte ``0x00`` (P2PKH, starts with ``1``) or ``0x05``
  (P2SH, starts with ``3``);
* **bitcoin**, bech32 and bech32m (BIP 173, BIP 350): human-readable part ``bc``, a witness
  version 0 program of 20 or 32 bytes with the bech32 checksum, or a version 1-16 program of
  2-40 bytes with the bech32m checksum; all lower or all upper case, never mixed;
* **ethereum**, ``0x`` and 40 hex digits. Mixed case carries the EIP-55 checksum (the case of
  each letter is a bit of the Keccak-256 hash of the lower-case address) and must validate.
  An all-lower-case (or all-upper-case) address carries no checksum at all: it is accepted only
  when the post also names a currency or a wallet (``eth``, ``ethereum``, ``erc20``, ``usdt``,
  ``wallet``, ``محفظة``, ``portefeuille``...; see :data:`ETHEREUM_CONTEXT`), so a bare
  160-bit hex constant in a technical post is not taken for a wallet. The target is always the
  EIP-55 form, so both spellings of one address are one destination;
* **monero**, Monero's block-wise base58 (8 bytes to 11 characters): network byte 18
  (standard address, 95 characters, starts with ``4``), 19 (integrated address with a payment
  id, 106 characters) or 42 (subaddress, 95 characters, starts with ``8``), checksum the first
  4 bytes of Keccak-256 of the rest;
* **tron**, base58check with version byte ``0x41`` (34 characters, starts with ``T``).

Keccak-256 is :mod:`nohaven.links.keccak` (pure Python, about half a millisecond an address):
verdicts are cached per address, since campaigns repeat the same few addresses.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from nohaven.links.keccak import keccak256

__all__ = [
    "ETHEREUM_CONTEXT",
    "WALLET_CANDIDATE",
    "Wallet",
    "bech32_decode",
    "check_wallet",
    "ethereum_checksum_address",
]

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: i for i, char in enumerate(_BASE58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {char: i for i, char in enumerate(_BECH32)}
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3
#: Monero: encoded length of a final block of 0..8 bytes.
_MONERO_BLOCK_SIZES = (0, 2, 3, 5, 6, 7, 9, 10, 11)
_MONERO_NETWORKS = {18: 95, 19: 106, 42: 95}  # network byte -> address length

#: Candidates: a run of address characters with no letter or digit on either side, starting
#: with a character an address can start with (the first character is matched before the
#: look-behinds, so that the search skips over most positions at once).
WALLET_CANDIDATE = re.compile(
    r"[13480bBT](?<![0-9A-Za-z].)"
    r"(?:(?<=0)x[0-9a-fA-F]{40}|(?<=[bB])[cC]1[0-9A-Za-z]{8,87}|(?<=[1348T])[1-9A-HJ-NP-Za-km-z]{24,105})"
    r"(?![0-9A-Za-z])"
)
#: Words that make an un-checksummed (single-case) Ethereum address count as one.
ETHEREUM_CONTEXT = re.compile(
    r"(?i)(?<![a-z])(?:eth|ether|ethereum|erc-?20|bep-?20|usdt|usdc|bnb|wallet|metamask|"
    r"crypto|portefeuille)(?![a-z])|محفظ|ايثيريوم|إيثيريوم|إيثريوم|ايثريوم|عملات"
)


@dataclass(frozen=True, slots=True)
class Wallet:
    """A validated address: ``currency`` (``bitcoin``, ``ethereum``, ``monero``, ``tron``)."""

    currency: str
    address: str

    @property
    def target(self) -> str:
        """``currency:address``, e.g. ``bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa``."""
        return f"{self.currency}:{self.address}"


def _base58_decode(text: str) -> bytes | None:
    number = 0
    for char in text:
        digit = _BASE58_INDEX.get(char)
        if digit is None:
            return None
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\x00" * zeros + body


def _base58check(text: str, version: int) -> bool:
    data = _base58_decode(text)
    if data is None or len(data) != 25 or data[0] != version:
        return False
    digest = hashlib.sha256(hashlib.sha256(data[:-4]).digest()).digest()
    return digest[:4] == data[-4:]


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                checksum ^= generator[i]
    return checksum


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> bytes | None:
    """Regroup 5-bit values into bytes; ``None`` when the padding is not zero (BIP 173)."""
    accumulator = 0
    bits = 0
    result = bytearray()
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            result.append((accumulator >> bits) & ((1 << to_bits) - 1))
    if bits >= from_bits or (accumulator << (to_bits - bits)) & ((1 << to_bits) - 1):
        return None
    return bytes(result)


def bech32_decode(address: str, hrp: str = "bc") -> tuple[int, bytes] | None:
    """(witness version, program) of a valid segwit address for ``hrp``, else ``None``."""
    if address.lower() != address and address.upper() != address:
        return None  # mixed case is invalid
    address = address.lower()
    separator = address.rfind("1")
    if address[:separator] != hrp or len(address) > 90 or len(address) - separator < 8:
        return None
    values = [_BECH32_INDEX.get(char, -1) for char in address[separator + 1 :]]
    if -1 in values:
        return None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _bech32_polymod(expanded + values)
    version = values[0]
    if version > 16 or constant != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        return None
    program = _convert_bits(values[1:-6], 5, 8)
    if program is None or not 2 <= len(program) <= 40:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    return version, program


def ethereum_checksum_address(address: str) -> str:
    """The EIP-55 spelling of a ``0x`` + 40 hex digit address."""
    lower = address[2:].lower()
    digest = keccak256(lower.encode("ascii")).hex()
    return "0x" + "".join(
        char.upper() if char.isalpha() and int(digest[i], 16) >= 8 else char
        for i, char in enumerate(lower)
    )


def _monero_decode(text: str) -> bytes | None:
    out = bytearray()
    for start in range(0, len(text), 11):
        block = text[start : start + 11]
        if len(block) not in _MONERO_BLOCK_SIZES:
            return None
        size = _MONERO_BLOCK_SIZES.index(len(block))
        number = 0
        for char in block:
            digit = _BASE58_INDEX.get(char)
            if digit is None:
                return None
            number = number * 58 + digit
        if number >> (8 * size):
            return None
        out += number.to_bytes(size, "big")
    return bytes(out)


def _monero(text: str) -> bool:
    data = _monero_decode(text)
    if data is None or _MONERO_NETWORKS.get(data[0]) != len(text):
        return False
    return keccak256(data[:-4])[:4] == data[-4:]


@functools.lru_cache(maxsize=8192)
def _check(candidate: str, context: bool) -> Wallet | None:
    length = len(candidate)
    if candidate.startswith("0x"):
        hex_digits = candidate[2:]
        if hex_digits.islower() or hex_digits.isupper() or hex_digits.isdigit():
            return Wallet("ethereum", ethereum_checksum_address(candidate)) if context else None
        checksummed = ethereum_checksum_address(candidate)
        return Wallet("ethereum", checksummed) if checksummed == candidate else None
    first = candidate[0]
    if first in "bB" and candidate[1:3].lower() == "c1":
        return Wallet("bitcoin", candidate.lower()) if bech32_decode(candidate) else None
    if (
        first in "13"
        and 26 <= length <= 35
        and _base58check(candidate, 0x00 if first == "1" else 0x05)
    ):
        return Wallet("bitcoin", candidate)
    if first == "T" and length == 34 and _base58check(candidate, 0x41):
        return Wallet("tron", candidate)
    if first in "48" and length in (95, 106) and _monero(candidate):
        return Wallet("monero", candidate)
    return None


def check_wallet(candidate: str, *, context: bool = False) -> Wallet | None:
    """The wallet ``candidate`` is when its format and checksum are valid, else ``None``.

    ``context``: the post names a currency or a wallet (see :data:`ETHEREUM_CONTEXT`); only
    un-checksummed Ethereum addresses need it.
    """
    # Only Ethereum verdicts depend on the context: one cache entry per other address.
    return _check(candidate, bool(context) and candidate.startswith("0x"))
