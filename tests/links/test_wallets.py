"""Wallet addresses: accepted only when their format and checksum are valid."""

from __future__ import annotations

import hashlib

import pytest

from nohaven.links.keccak import _sha3_256, keccak256
from nohaven.links.wallets import (
    WALLET_CANDIDATE,
    Wallet,
    bech32_decode,
    check_wallet,
    ethereum_checksum_address,
)

MONERO = (
    "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSs"
    "aBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"
)


@pytest.mark.parametrize(
    ("data", "digest"),
    [
        pytest.param(
            b"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", id="empty"
        ),
        pytest.param(
            b"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", id="abc"
        ),
    ],
)
def test_keccak256_known_digests(data: bytes, digest: str) -> None:
    assert keccak256(data).hex() == digest


@pytest.mark.parametrize("size", [0, 1, 135, 136, 137, 272, 1000])
def test_permutation_matches_hashlib_sha3_with_fips_padding(size: int) -> None:
    data = bytes(range(256)) * 4
    assert _sha3_256(data[:size]) == hashlib.sha3_256(data[:size]).digest()


@pytest.mark.parametrize(
    ("address", "currency", "canonical"),
    [
        # Bitcoin: genesis block P2PKH, BIP 13 P2SH example, BIP 173 and BIP 350 vectors
        pytest.param("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bitcoin", None, id="p2pkh"),
        pytest.param("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin", None, id="p2sh"),
        pytest.param(
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bitcoin",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            id="bech32-upper",
        ),
        pytest.param("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bitcoin", None, id="bech32"),
        pytest.param(
            "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
            "bitcoin",
            None,
            id="bech32m-taproot",
        ),
        # EIP-55 test vectors
        pytest.param("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "ethereum", None, id="eip55-1"),
        pytest.param("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "ethereum", None, id="eip55-2"),
        pytest.param("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "ethereum", None, id="eip55-3"),
        pytest.param("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "ethereum", None, id="eip55-4"),
        # Monero General Fund; Tether's TRC-20 contract
        pytest.param(MONERO, "monero", None, id="monero"),
        pytest.param("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron", None, id="tron"),
    ],
)
def test_valid_addresses(address: str, currency: str, canonical: str | None) -> None:
    wallet = check_wallet(address)
    assert wallet == Wallet(currency, canonical or address)
    assert wallet.target == f"{currency}:{canonical or address}"


def _changed(address: str, index: int) -> str:
    char = address[index]
    replacement = "2" if char != "2" else "3"
    return address[:index] + replacement + address[index + 1 :]


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(_changed("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 10), id="p2pkh-typo"),
        pytest.param(_changed("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", -1), id="p2sh-typo"),
        pytest.param(_changed("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 20), id="bech32-typo"),
        pytest.param("bc1qAr0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", id="bech32-mixed-case"),
        pytest.param(
            # a v1 program with the bech32 (not bech32m) checksum: BIP 350 invalid vector
            "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
            id="bech32m-wrong-checksum",
        ),
        pytest.param("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", id="eip55-case-flipped"),
        pytest.param(_changed(MONERO, 50), id="monero-typo"),
        pytest.param(_changed("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 5), id="tron-typo"),
        pytest.param("1vqSyqxAYr8o4LEfdqEuXHptSXsy95qK4u", id="random-base58"),
    ],
)
def test_invalid_addresses(address: str) -> None:
    assert check_wallet(address) is None
    assert check_wallet(address, context=True) is None


def test_single_case_ethereum_needs_context() -> None:
    lower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
    assert check_wallet(lower) is None
    assert check_wallet(lower.upper().replace("0X", "0x")) is None
    wallet = check_wallet(lower, context=True)
    assert wallet == Wallet("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")


def test_ethereum_checksum_address() -> None:
    assert (
        ethereum_checksum_address("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")
        == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
    )


def test_bech32_decode_gives_version_and_program() -> None:
    decoded = bech32_decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
    assert decoded is not None
    version, program = decoded
    assert (version, program.hex()) == (0, "751e76e8199196d454941c45d1b3a323f1433bd6")
    assert bech32_decode("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx") is None  # testnet


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now",
            ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"],
            id="spaces",
        ),
        pytest.param(
            "(TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t)",
            ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"],
            id="parens",
        ),
        pytest.param("x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", [], id="glued-left"),
        pytest.param(
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaxyz",
            ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaxyz"],
            id="longer-run-is-one-candidate",
        ),
        pytest.param("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa0", [], id="non-base58-in-the-run"),
        pytest.param("short 1A1zP1eP5Q", [], id="too-short"),
    ],
)
def test_candidates(text: str, found: list[str]) -> None:
    assert [match.group(0) for match in WALLET_CANDIDATE.finditer(text)] == found
