"""Streaming readers shared by the formats: JSON lines, whole JSON documents and CSV.

They cope with what real exports throw at an analyst: gzip (including a truncated one), a
UTF-8, UTF-16 or UTF-32 byte-order mark, Latin-1 files, NUL bytes, malformed lines, rows with
the wrong number of fields, and huge fields. Every unreadable record becomes a
:class:`~nohaven.ingest.base.Reject` naming the file, the line and the reason; reading goes on
with the next record whenever that is possible.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, cast

import orjson

from nohaven.ingest.base import Head, Reject, SourceRecord, excerpt

__all__ = [
    "HEAD_BYTES",
    "detect_encoding",
    "is_gzip",
    "open_binary",
    "read_csv",
    "read_head",
    "read_json_document",
    "read_jsonl",
]

HEAD_BYTES = 1 << 16
_SNIFF_BYTES = 1 << 20
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TRUNCATED = (EOFError, zlib.error, gzip.BadGzipFile)

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently (by content)."""
    if is_gzip(path):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file from its first bytes: a BOM, else UTF-8 if valid, else Latin-1.

    Windows-1252 is used for "Latin-1" because it is what such exports really are; it decodes
    every byte that ISO-8859-1 decodes to the same printable characters.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if err.start < len(sample) - 4:
            return "cp1252" if _mostly_cp1252(sample) else "latin-1"
    return "utf-8"


def _mostly_cp1252(sample: bytes) -> bool:
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    return not any(byte in undefined for byte in sample)


def read_head(path: Path, mapping: Mapping[str, str] | None = None) -> Head:
    """The first bytes of a file (decompressed) and their text, for sniffing formats
    (``mapping``: the user's column mapping, see :class:`~nohaven.ingest.base.Head`)."""
    try:
        with open_binary(path) as handle:
            data = handle.read(HEAD_BYTES)
    except _TRUNCATED:
        with gzip.open(path, "rb") as handle:
            data = _read_what_we_can(cast(IO[bytes], handle), HEAD_BYTES)
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    return Head(path=path, data=data, text=text, mapping=dict(mapping or {}))


def _read_what_we_can(handle: IO[bytes], limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while size < limit:
            chunk = handle.read(4096)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except _TRUNCATED:
        pass
    return b"".join(chunks)


def _file_encoding(path: Path) -> str:
    try:
        with open_binary(path) as handle:
            sample = handle.read(_SNIFF_BYTES)
    except _TRUNCATED:
        with gzip.open(path, "rb") as handle:
            sample = _read_what_we_can(cast(IO[bytes], handle), _SNIFF_BYTES)
    return detect_encoding(sample)


def _truncated(source: str, line: int, err: BaseException) -> Reject:
    return Reject(
        source,
        line,
        f"file is truncated or corrupt after this point ({type(err).__name__}: {err}); "
        "the records before it were read",
    )


def read_jsonl(path: Path) -> Iterator[SourceRecord | Reject]:
    """Stream JSON objects, one a line; blank lines are skipped, bad lines rejected."""
    source = str(path)
    encoding = _file_encoding(path)
    line_no = 0
    handle = open_binary(path)
    try:
        lines: Iterator[bytes]
        if encoding == "utf-8":
            lines = iter(handle)
        else:
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=None)
            lines = (line.encode("utf-8") for line in text)
        # One try around the whole loop (not one per line): a truncated gzip stream raises
        # from the line iterator, and nothing else in the loop raises these exceptions.
        try:
            for raw in lines:
                line_no += 1
                stripped = raw.strip()
                if not stripped:
                    continue
                if b"\x00" in stripped:
                    yield Reject(
                        source, line_no, "line contains a NUL byte", excerpt(_show(stripped))
                    )
                    continue
                try:
                    value = orjson.loads(stripped)
                except orjson.JSONDecodeError as err:
                    yield Reject(
                        source, line_no, f"malformed JSON: {err}", excerpt(_show(stripped))
                    )
                    continue
                if type(value) is not dict:
                    yield Reject(
                        source,
                        line_no,
                        f"expected a JSON object, found {type(value).__name__}",
                        excerpt(_show(stripped)),
                    )
                    continue
                yield SourceRecord(source, line_no, value)
        except _TRUNCATED as err:
            yield _truncated(source, line_no + 1, err)
    finally:
        handle.close()


def read_json_document(path: Path) -> tuple[object | None, Reject | None]:
    """Parse a whole JSON document (for exports written as one file, e.g. ``result.json``)."""
    source = str(path)
    try:
        with open_binary(path) as handle:
            data = handle.read()
    except _TRUNCATED as err:
        return None, _truncated(source, 1, err)
    encoding = detect_encoding(data[:_SNIFF_BYTES])
    if encoding != "utf-8":
        data = data.decode(encoding, errors="replace").encode("utf-8")
    try:
        return orjson.loads(data), None
    except orjson.JSONDecodeError as err:
        return None, Reject(source, _line_of(data, err.pos), f"malformed JSON: {err}")


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, max(pos, 0)) + 1


def _show(raw: bytes) -> str:
    return raw[:400].decode("utf-8", errors="replace")


#: Delimiters a header is sniffed for when it holds no comma (spreadsheets set to a European
#: locale write ";", Excel's "Unicode text" export writes tabs into a file often renamed .csv).
_OTHER_DELIMITERS = (";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')


def _delimiter(path: Path, encoding: str) -> str:
    """The delimiter of the CSV file ``path`` (see :func:`header_delimiter`)."""
    try:
        with open_binary(path) as handle:
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
            header = text.readline(_SNIFF_BYTES)
    except (*_TRUNCATED, OSError):
        header = ""
    return header_delimiter(path.name, header)


def header_delimiter(name: str, header: str) -> str:
    """A tab for a file named ``.tsv`` (gzipped or not); else a comma, unless the ``header``
    line holds none outside quotes and holds one of :data:`_OTHER_DELIMITERS` (the most
    frequent)."""
    if name.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    header = _QUOTED.sub("", header)  # a quoted column name may hold any delimiter
    if "," in header:
        return ","
    counts = {char: header.count(char) for char in _OTHER_DELIMITERS}
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


def read_csv(path: Path, *, delimiter: str | None = None) -> Iterator[SourceRecord | Reject]:
    """Stream CSV rows as ``{column: value}``; ragged rows and bad bytes are rejected.

    The first row is the header. Without ``delimiter``: a tab for ``.tsv``, else a comma, or
    ";", a tab or "|" when the header holds no comma but one of them. Line numbers are
    physical lines (a row spanning several lines is reported at the line where it starts).
    Empty cells become ``""``.
    """
    source = str(path)
    encoding = _file_encoding(path)
    handle = open_binary(path)
    try:
        text = io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape", newline="")
        cleaned = _NulCounter(text)
        if delimiter is None:
            delimiter = _delimiter(path, encoding)
        reader = csv.reader(cleaned, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except _TRUNCATED as err:
            yield _truncated(source, 1, err)
            return
        header = [name.strip().lstrip("\ufeff") for name in header]
        width = len(header)
        start = reader.line_num + 1
        while True:
            cleaned.nul_seen = False
            try:
                row = next(reader)
            except StopIteration:
                break
            except _TRUNCATED as err:
                yield _truncated(source, start, err)
                break
            except csv.Error as err:
                yield Reject(source, start, f"unreadable CSV row: {err}")
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if cleaned.nul_seen:
                yield Reject(source, line, "row contains a NUL byte", excerpt(",".join(row)))
                continue
            if len(row) != width:
                yield Reject(
                    source,
                    line,
                    f"row has {len(row)} fields; the header has {width}",
                    excerpt(",".join(row)),
                )
                continue
            bad = next((cell for cell in row if _has_surrogates(cell)), None)
            if bad is not None:
                yield Reject(
                    source,
                    line,
                    f"invalid {encoding} bytes in a field",
                    excerpt(bad.encode("utf-8", "surrogateescape").decode("utf-8", "replace")),
                )
                continue
            yield SourceRecord(source, line, dict(zip(header, row, strict=True)))
    finally:
        handle.close()


class _NulCounter:
    """Wraps a text stream, removing NUL characters and remembering that it saw one."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.nul_seen = False

    def __iter__(self) -> _NulCounter:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        if "\x00" in line:
            self.nul_seen = True
            return line.replace("\x00", "")
        return line


def _has_surrogates(value: str) -> bool:
    if value.isascii():
        return False
    return any("\udc80" <= ch <= "\udcff" for ch in value)
