"""Files: exact MD5 and SHA-256 hashes (``md5``, ``sha256``) and the file hasher.

Any file can be matched byte for byte: PDFs, audio, archives, and images or videos as well
(their hashers emit these two signals beside the perceptual ones). A one-byte change makes a
different hash, so these find exact re-uploads only.

``md5`` and ``sha256`` have no python-threatexchange name: python-threatexchange's MD5 and
SHA-256 types are ``video_md5`` and ``video_sha256``, for videos only (see
:mod:`nohaven.signals.video`). Exporting a PDF's MD5 under ``video_md5`` would mislabel it, so
file hashes stay out of threatexchange exports; banks of them travel in nohaven's own formats.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from nohaven.signals.base import (
    ContentKind,
    Hasher,
    MatchSettings,
    Signal,
    SignalError,
    SignalType,
)
from nohaven.signals.exact import ExactIndex

__all__ = [
    "MD5",
    "SHA256",
    "FileHasher",
    "HexHashType",
    "file_digests",
    "hashers",
    "read_file",
    "signal_types",
]

#: Bytes read at a time when hashing a file.
CHUNK_BYTES = 1 << 20
_HEX_DIGITS = frozenset("0123456789abcdef")


class HexHashType:
    """A cryptographic hash signal type: a fixed number of lower-case hex digits."""

    def __init__(
        self, name: str, kind: ContentKind, threatexchange_name: str | None, digits: int
    ) -> None:
        self.name = name
        self.kind = kind
        self.threatexchange_name = threatexchange_name
        self.digits = digits

    def __repr__(self) -> str:
        return f"HexHashType({self.name!r})"

    def canonical(self, value: str) -> str:
        """Lower-cased and stripped; :class:`SignalError` unless ``digits`` hex digits."""
        text = value.strip().lower()
        if len(text) != self.digits or not _HEX_DIGITS.issuperset(text):
            raise SignalError(f"{self.name} value {value[:80]!r}", f"not {self.digits} hex digits")
        return text

    def new_index(self, settings: MatchSettings) -> ExactIndex:
        """An exact-match index (settings have no bearing on exact hashes)."""
        return ExactIndex()


#: MD5 of a file's bytes (32 hex digits).
MD5 = HexHashType("md5", ContentKind.FILE, None, 32)
#: SHA-256 of a file's bytes (64 hex digits).
SHA256 = HexHashType("sha256", ContentKind.FILE, None, 64)


def read_file(path: Path) -> bytes:
    """A whole file's bytes; :class:`SignalError` naming it when unreadable or empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignalError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    if not data:
        raise SignalError(str(path), "empty file")
    return data


def file_digests(path: Path) -> tuple[str, str]:
    """The MD5 and SHA-256 hex digests of a file, read in chunks of :data:`CHUNK_BYTES`.

    :class:`SignalError` naming the file when it cannot be read or is empty.
    """
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                md5.update(chunk)
                sha256.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise SignalError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    if size == 0:
        raise SignalError(str(path), "empty file")
    return md5.hexdigest(), sha256.hexdigest()


class FileHasher:
    """Hashes any file to ``md5`` and ``sha256`` (streamed: any size)."""

    name: str = "file"
    kind: ContentKind = ContentKind.FILE

    def accepts(self, path: Path, head: bytes) -> bool:
        """Every file: exact hashes apply to any content."""
        return True

    def hash_file(self, path: Path) -> list[Signal]:
        """The file's ``md5`` and ``sha256``; :class:`SignalError` if unreadable or empty."""
        md5, sha256 = file_digests(path)
        return [Signal(MD5.name, md5), Signal(SHA256.name, sha256)]


def signal_types() -> list[SignalType]:
    """The signal types this module defines."""
    return [MD5, SHA256]


def hashers() -> list[Hasher]:
    """The hashers this module defines."""
    return [FileHasher()]
