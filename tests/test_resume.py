"""An ingest killed with SIGKILL midway and run again ends with the uninterrupted store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nohaven.demo import write_benchmark_jsonl

POSTS = 40_000
_VOLATILE = {"updated_at", "first_seen", "seen_at", "created_at_store", "ingested_at"}


def _dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version'"
            )
        ]
        dump: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [
                row[1]
                for row in connection.execute(f"PRAGMA table_info({table})")
                if row[1] not in _VOLATILE
            ]
            listed = ", ".join(columns)
            dump[table] = sorted(
                connection.execute(f"SELECT {listed} FROM {table}").fetchall(), key=repr
            )
        return dump
    finally:
        connection.close()


def _command(path: Path, database: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nohaven",
        "ingest",
        str(path),
        "--db",
        f"sqlite:///{database}",
        "--batch-size",
        "2000",
        "--json",
    ]


def _ingest_to_the_end(path: Path, database: Path, cwd: Path) -> None:
    done = subprocess.run(
        _command(path, database), cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr


def _posts(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        connection = sqlite3.connect(database, timeout=1)
        try:
            return int(connection.execute("SELECT count(*) FROM posts").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_sigkill_midway_then_rerun_gives_the_uninterrupted_store(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    write_benchmark_jsonl(data, POSTS, seed=3)
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"

    _ingest_to_the_end(data, whole, tmp_path)

    process = subprocess.Popen(
        _command(data, killed), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while _posts(killed) < 4_000 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    partial = _posts(killed)
    assert 0 < partial < POSTS

    _ingest_to_the_end(data, killed, tmp_path)
    assert _dump(killed) == _dump(whole)
    assert _posts(killed) == _posts(whole) >= POSTS
