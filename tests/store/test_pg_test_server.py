"""scripts/pg-test-server.sh: start, stale state, busy ports, stop."""

from __future__ import annotations

import glob
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-server.sh"
HAVE_SERVER = bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
needs_server = pytest.mark.skipif(
    not HAVE_SERVER and os.environ.get("CI") != "true",
    reason="PostgreSQL server binaries are not installed (make sysdeps installs them)",
)


def run(state: Path, *args: str, port: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PGTEST_STATE": str(state)}
    if port is not None:
        env["PGTEST_PORT"] = str(port)
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pgtest"
    yield path
    run(path, "stop")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_usage_and_stop_without_a_server(tmp_path: Path) -> None:
    assert run(tmp_path / "none", "bogus").returncode == 2
    assert run(tmp_path / "none", "stop").returncode == 0
    assert run(tmp_path / "none", "status").returncode == 1


@needs_server
def test_start_serves_utf8_then_stop_removes_everything(state: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        started = run(state, "start", port=taken)
    assert started.returncode == 0, started.stderr
    url = (state / "url").read_text().strip()
    assert started.stdout.strip() == url
    assert f":{taken}/" not in url  # the busy port was skipped
    data_dir = Path((state / "dir").read_text().strip())
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
            assert conn.exec_driver_sql("SHOW fsync").scalar() == "off"
    finally:
        engine.dispose()
    assert run(state, "status").returncode == 0
    assert run(state, "stop").returncode == 0
    assert not state.exists() and not data_dir.exists()


@needs_server
def test_start_recovers_from_stale_state(state: Path, tmp_path: Path) -> None:
    state.mkdir()
    (state / "dir").write_text(str(tmp_path / "gone"))
    (state / "bin").write_text("/nonexistent")
    (state / "url").write_text("postgresql+psycopg://postgres@127.0.0.1:1/postgres")
    started = run(state, "start", port=free_port())
    assert started.returncode == 0, started.stderr
    assert ":1/" not in (state / "url").read_text()
    again = run(state, "start", port=free_port())  # a second start replaces the first
    assert again.returncode == 0, again.stderr
    assert run(state, "status").returncode == 0
