"""Files: streamed MD5 and SHA-256, their canonical forms and exact matching."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nohaven.signals.base import ContentKind, Hasher, MatchSettings, Signal, SignalError, SignalType
from nohaven.signals.files import (
    CHUNK_BYTES,
    MD5,
    SHA256,
    FileHasher,
    HexHashType,
    file_digests,
    hashers,
    read_file,
    signal_types,
)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"x", id="one-byte"),
        pytest.param(b"%PDF-1.4 weather report for the week\n" * 100, id="small"),
        pytest.param(bytes(range(256)) * (CHUNK_BYTES // 256 * 2 + 3), id="several-chunks"),
    ],
)
def test_hashes_are_the_files_digests(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    assert FileHasher().hash_file(path) == [
        Signal("md5", hashlib.md5(content).hexdigest()),
        Signal("sha256", hashlib.sha256(content).hexdigest()),
    ]
    assert read_file(path) == content


def test_zero_byte_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "empty.bin"
    path.touch()
    for call in (FileHasher().hash_file, file_digests, read_file):
        with pytest.raises(SignalError, match="empty file") as caught:
            call(path)
        assert caught.value.where == str(path)


@pytest.mark.parametrize("name", [pytest.param("missing.bin", id="missing"), ".", "sub"])
def test_unreadable_file_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / name
    with pytest.raises(SignalError, match="cannot read file") as caught:
        FileHasher().hash_file(path)
    assert caught.value.where == str(path)


def test_accepts_any_file() -> None:
    for head in (b"", b"%PDF", b"\xff\xd8\xff", b"PK\x03\x04", b"ID3"):
        assert FileHasher().accepts(Path("x"), head)


@pytest.mark.parametrize(
    ("signal_type", "value", "expected"),
    [
        pytest.param(
            MD5,
            "D41D8CD98F00B204E9800998ECF8427E",
            "d41d8cd98f00b204e9800998ecf8427e",
            id="md5-upper",
        ),
        pytest.param(
            MD5,
            " d41d8cd98f00b204e9800998ecf8427e\n",
            "d41d8cd98f00b204e9800998ecf8427e",
            id="md5-spaces",
        ),
        pytest.param(SHA256, "AB" * 32, "ab" * 32, id="sha256-upper"),
    ],
)
def test_canonical_hex(signal_type: HexHashType, value: str, expected: str) -> None:
    assert signal_type.canonical(value) == expected


@pytest.mark.parametrize(
    ("signal_type", "value"),
    [
        pytest.param(MD5, "d41d8cd98f00b204e9800998ecf8427", id="md5-short"),
        pytest.param(MD5, "ab" * 32, id="md5-given-sha256"),
        pytest.param(MD5, "g" * 32, id="md5-not-hex"),
        pytest.param(SHA256, "ab" * 16, id="sha256-given-md5"),
        pytest.param(SHA256, "", id="sha256-empty"),
    ],
)
def test_malformed_hex_is_refused(signal_type: HexHashType, value: str) -> None:
    with pytest.raises(SignalError, match=f"not {signal_type.digits} hex digits") as caught:
        signal_type.canonical(value)
    assert signal_type.name in caught.value.where


def test_exact_index_finds_equal_values_only() -> None:
    index = MD5.new_index(MatchSettings())
    a, b = "a" * 32, "b" * 32
    index.add([(1, a), (2, b), (3, a)])
    assert len(index) == 3
    assert sorted(h.key for h in index.query(a)) == [1, 3]
    assert {h.distance for h in index.query(a)} == {0.0}
    assert index.query("c" * 32) == []


def test_module_exposes_its_types_and_hasher() -> None:
    assert signal_types() == [MD5, SHA256]
    for signal_type, digits in ((MD5, 32), (SHA256, 64)):
        assert isinstance(signal_type, SignalType)
        assert signal_type.kind is ContentKind.FILE
        assert signal_type.threatexchange_name is None  # threatexchange's are video-only
        assert signal_type.digits == digits
    (hasher,) = hashers()
    assert isinstance(hasher, Hasher)
    assert (hasher.name, hasher.kind) == ("file", ContentKind.FILE)
