"""Keccak-256, the hash Ethereum and Monero use (not the standardised SHA3-256).

SHA3-256 (:func:`hashlib.sha3_256`) and Keccak-256 share the Keccak-f[1600] permutation and the
rate (136 bytes) but pad differently: FIPS 202 appends the domain bits ``01`` before the
``10*1`` padding (first pad byte ``0x06``), the original Keccak submission does not (first pad
byte ``0x01``). Ethereum's EIP-55 address checksums and Monero's address checksums use the
original, which the standard library does not offer, so this module implements the
permutation directly (after the Keccak team's public-domain compact reference). It is slow
(about 0.2 ms a block in CPython) and only runs on the rare strings that already look
like an address. ``tests/links/test_keccak.py`` checks it against known digests and, with the
FIPS padding, against :func:`hashlib.sha3_256`.
"""

from __future__ import annotations

__all__ = ["keccak256"]

_MASK = (1 << 64) - 1
_RATE = 136  # bytes: 1600 - 2 * 256 bits of capacity


def _round_constants() -> tuple[int, ...]:
    """The 24 iota constants, from the degree-8 LFSR of the specification."""
    constants: list[int] = []
    state = 1
    for _ in range(24):
        constant = 0
        for j in range(7):
            state = ((state << 1) ^ ((state >> 7) * 0x71)) % 256
            if state & 2:
                constant ^= 1 << ((1 << j) - 1)
        constants.append(constant)
    return tuple(constants)


def _rho_pi() -> tuple[tuple[int, int, int], ...]:
    """(source lane, destination lane, rotation) of the combined rho and pi steps."""
    steps: list[tuple[int, int, int]] = [(0, 0, 0)]
    x, y = 1, 0
    for t in range(24):
        x2, y2 = y, (2 * x + 3 * y) % 5
        steps.append((x + 5 * y, x2 + 5 * y2, ((t + 1) * (t + 2) // 2) % 64))
        x, y = x2, y2
    return tuple(sorted(steps, key=lambda step: step[1]))


_ROUND_CONSTANTS = _round_constants()
#: For each destination lane in order: (source lane, left shift, right shift).
_RHO_PI = tuple((source, shift, (64 - shift) % 64) for source, _, shift in _rho_pi())
_THETA = tuple(i % 5 for i in range(25))
_CHI = tuple((i, i - i % 5 + (i + 1) % 5, i - i % 5 + (i + 2) % 5) for i in range(25))


def _permute(lanes: list[int]) -> list[int]:
    """Keccak-f[1600]; lane ``x + 5 * y`` is the 64-bit word at ``(x, y)``."""
    mask = _MASK
    for constant in _ROUND_CONSTANTS:
        # theta
        c = [
            lanes[x] ^ lanes[x + 5] ^ lanes[x + 10] ^ lanes[x + 15] ^ lanes[x + 20]
            for x in range(5)
        ]
        d = [
            c[(x + 4) % 5] ^ (((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63)) & mask)
            for x in range(5)
        ]
        a = [lane ^ d[x] for lane, x in zip(lanes, _THETA, strict=True)]
        # rho and pi
        b = [
            ((a[s] << left) | (a[s] >> right)) & mask if left else a[s]
            for s, left, right in _RHO_PI
        ]
        # chi
        lanes = [b[i] ^ (~b[j] & b[k]) for i, j, k in _CHI]
        # iota
        lanes[0] ^= constant
    return lanes


def _sponge(data: bytes, first_pad_byte: int) -> bytes:
    padded = bytearray(data)
    padded.append(first_pad_byte)
    padded.extend(b"\x00" * (-len(padded) % _RATE))
    padded[-1] |= 0x80
    lanes = [0] * 25
    for offset in range(0, len(padded), _RATE):
        block = padded[offset : offset + _RATE]
        for i in range(_RATE // 8):
            lanes[i] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        lanes = _permute(lanes)
    return b"".join(lane.to_bytes(8, "little") for lane in lanes[:4])


def keccak256(data: bytes) -> bytes:
    """The 32-byte Keccak-256 digest of ``data`` (original Keccak padding, as Ethereum uses)."""
    return _sponge(data, 0x01)


def _sha3_256(data: bytes) -> bytes:
    """SHA3-256 through the same permutation (FIPS 202 padding): a self-check for tests."""
    return _sponge(data, 0x06)
