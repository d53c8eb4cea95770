"""Bank files: nohaven's csv, python-threatexchange's local file format, HMA's JSON lines."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.url import URLSignal

from nohaven.signals.bank import Bank, BankEntry, BankError, Behaviour, EntryLabels, EntryStatus
from nohaven.signals.base import ContentKind
from nohaven.signals.exchange import BankFormat, read_bank, write_bank
from nohaven.signals.image import ImageHasher
from nohaven.signals.registry import SignalRegistry, default_registry

from .pictures import encode, picture

PDQ_A = "f" * 32 + "0" * 32
PDQ_B = "0f" * 32
T0 = datetime(2025, 1, 1, tzinfo=UTC)
IMAGES = Bank("images", ContentKind.IMAGE)


@pytest.fixture(scope="module")
def registry() -> SignalRegistry:
    return default_registry()


def _entry(entry_id: int, signal_type: str, value: str, labels: EntryLabels) -> BankEntry:
    return BankEntry(
        entry_id,
        "b",
        signal_type,
        value,
        labels,
        "src",
        0.8,
        None,
        T0,
        EntryStatus.ACTIVE,
        None,
        0,
        0,
    )


def test_csv_round_trip_keeps_labels_source_and_confidence(
    tmp_path: Path, registry: SignalRegistry
) -> None:
    labels = EntryLabels("group-x", (Behaviour.GLORIFICATION,), ("-starts-with-dash", "b"))
    buffer = io.StringIO()
    report = write_bank([_entry(1, "pdq", PDQ_A, labels)], buffer, BankFormat.CSV, registry)
    assert (report.written, report.skipped) == (1, 0)
    path = tmp_path / "bank.csv"
    path.write_text(buffer.getvalue(), "utf-8")
    assert "'-starts-with-dash" in buffer.getvalue()  # formula-safe in a spreadsheet
    result = read_bank(path, BankFormat.CSV, IMAGES, registry)
    assert result.rejects == []
    (entry,) = result.entries
    assert (entry.signal_type, entry.value, entry.labels) == ("pdq", PDQ_A, labels)
    assert (entry.source, entry.confidence) == ("src", 0.8)


def test_threatexchange_reads_what_nohaven_exports(
    tmp_path: Path, registry: SignalRegistry
) -> None:
    entries = [
        _entry(1, "pdq", PDQ_A, EntryLabels()),
        _entry(2, "video_md5", "d" * 32, EntryLabels()),
        _entry(3, "url", "https://example.org/a", EntryLabels()),
        _entry(4, "domain", "example.org", EntryLabels()),
    ]
    path = tmp_path / "signals.txt"
    with path.open("w", encoding="utf-8") as handle:
        report = write_bank(entries, handle, BankFormat.THREATEXCHANGE, registry)
    assert (report.written, report.skipped, report.skipped_types) == (3, 1, ("domain",))
    api = LocalFileSignalExchangeAPI(
        FileCollaborationConfig(name="c", api="local_file", enabled=True, filename=str(path))
    )
    (delta,) = api.fetch_iter([PdqSignal, VideoMD5Signal, URLSignal], None)
    assert set(delta.updates) == {
        ("pdq", PDQ_A),
        ("video_md5", "d" * 32),
        ("url", "https://example.org/a"),
    }


def _threatexchange(home: Path, *args: str) -> str:
    """Run python-threatexchange's own command line with its state under ``home``."""
    command = Path(sys.executable).with_name("threatexchange")
    done = subprocess.run(
        [str(command), *args],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def test_threatexchange_command_line_fetches_an_exported_bank(
    tmp_path: Path, registry: SignalRegistry
) -> None:
    path = tmp_path / "exported.txt"
    with path.open("w", encoding="utf-8") as handle:
        write_bank(
            [_entry(1, "pdq", PDQ_A, EntryLabels())], handle, BankFormat.THREATEXCHANGE, registry
        )
    home = tmp_path / "home"
    home.mkdir()
    _threatexchange(
        home,
        "config",
        "collab",
        "edit",
        "local_file",
        "--create",
        "--filename",
        str(path),
        "nohaven-bank",
    )
    _threatexchange(home, "fetch")
    listed = _threatexchange(home, "dataset", "-P")
    assert f"pdq {PDQ_A} 'nohaven-bank'" in listed


def test_nohaven_imports_what_threatexchange_hashes(
    tmp_path: Path, registry: SignalRegistry
) -> None:
    image = tmp_path / "picture.png"
    image.write_bytes(encode(picture(3)))
    home = tmp_path / "home"
    home.mkdir()
    lines = _threatexchange(home, "hash", "photo", str(image))
    path = tmp_path / "signals.txt"
    path.write_text("# hashed by python-threatexchange\n" + lines, "utf-8")
    result = read_bank(path, BankFormat.THREATEXCHANGE, IMAGES, registry)
    assert result.rejects == []
    (entry,) = result.entries
    (ours,) = [s for s in ImageHasher().hash_file(image) if s.type == "pdq"]
    assert (entry.signal_type, entry.value, entry.source) == ("pdq", ours.value, "signals.txt")


def test_hma_lines_both_shapes(tmp_path: Path, registry: SignalRegistry) -> None:
    path = tmp_path / "bank.jsonl"
    path.write_text(
        f'{{"pdq": "{PDQ_A}"}}\n\n{{"id": 7, "signals": {{"pdq": "{PDQ_B}"}}}}\n', "utf-8"
    )
    result = read_bank(path, BankFormat.HMA, IMAGES, registry)
    assert [e.value for e in result.entries] == [PDQ_A, PDQ_B]
    buffer = io.StringIO()
    write_bank([_entry(1, "pdq", PDQ_A, EntryLabels())], buffer, BankFormat.HMA, registry)
    assert buffer.getvalue() == f'{{"pdq":"{PDQ_A}"}}\n'


@pytest.mark.parametrize(
    ("fmt", "content", "line", "reason"),
    [
        pytest.param(BankFormat.THREATEXCHANGE, "pdq nothex\n", 1, "pdq", id="te-bad-hash"),
        pytest.param(
            BankFormat.THREATEXCHANGE,
            "tlsh abc\n",
            1,
            "no nohaven signal type",
            id="te-unknown-type",
        ),
        pytest.param(
            BankFormat.THREATEXCHANGE, "pdq\n", 1, "expected '<signal type>", id="te-no-value"
        ),
        pytest.param(
            BankFormat.THREATEXCHANGE,
            "url https://example.org/\n",
            1,
            "is for url banks",
            id="te-wrong-kind",
        ),
        pytest.param(BankFormat.HMA, "{not json\n", 1, "malformed JSON", id="hma-bad-json"),
        pytest.param(BankFormat.HMA, "[1]\n", 1, "expected a JSON object", id="hma-list"),
        pytest.param(BankFormat.HMA, '{"pdq": 5}\n', 1, "expected a string", id="hma-number"),
        pytest.param(
            BankFormat.CSV, "signal_type,value\npdq,x,y\n", 2, "3 fields", id="csv-extra-field"
        ),
        pytest.param(
            BankFormat.CSV, "type,value\n", 1, "header lacks signal_type", id="csv-header"
        ),
        pytest.param(
            BankFormat.CSV,
            "signal_type,value,confidence\npdq," + PDQ_A + ",2\n",
            2,
            "not between 0 and 1",
            id="csv-confidence",
        ),
    ],
)
def test_bad_lines_are_rejected_with_line_and_reason(
    tmp_path: Path,
    registry: SignalRegistry,
    fmt: BankFormat,
    content: str,
    line: int,
    reason: str,
) -> None:
    path = tmp_path / "bank.txt"
    good = {
        BankFormat.THREATEXCHANGE: f"pdq {PDQ_A}\n",
        BankFormat.HMA: f'{{"pdq": "{PDQ_A}"}}\n',
        BankFormat.CSV: "",
    }[fmt]
    path.write_text(content + good, "utf-8")
    result = read_bank(path, fmt, IMAGES, registry)
    (reject,) = result.rejects
    assert (reject.source, reject.line) == (str(path), line)
    assert reason in reject.reason
    if fmt is not BankFormat.CSV:
        assert [e.value for e in result.entries] == [PDQ_A]  # the rest is read


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"pdq \x00\x01\n", "NUL bytes", id="binary"),
        pytest.param(b"\xff\xfe\x00\xd8", "not UTF-8", id="not-utf8"),
    ],
)
def test_unreadable_bank_files_raise_naming_the_file(
    tmp_path: Path, registry: SignalRegistry, content: bytes, reason: str
) -> None:
    path = tmp_path / "bank.txt"
    path.write_bytes(content)
    with pytest.raises(BankError, match=reason) as raised:
        read_bank(path, BankFormat.THREATEXCHANGE, IMAGES, registry)
    assert str(path) in str(raised.value)
