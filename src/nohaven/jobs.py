"""The jobs a user runs: ingest, scan, stats, demo. The CLI (and later the API) call these.

Each job opens what it needs from a :class:`~nohaven.config.Settings`, runs library code, and
returns a typed report; formatting is the caller's business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from nohaven.config import Settings
from nohaven.ingest.base import FormatOptions
from nohaven.ingest.registry import FormatRegistry, default_registry
from nohaven.pipeline import (
    ProgressHook,
    RunReport,
    analysis_stages,
    expand_inputs,
    foundation_stages,
    run,
)
from nohaven.store import StoreStats, open_store

__all__ = ["DemoReport", "ingest", "run_demo", "scan", "stats"]


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    *,
    format_name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: FormatRegistry | None = None,
    progress: ProgressHook | None = None,
) -> RunReport:
    """Read files into the store: ingest, text (matching key, language), interactions."""
    return _run(paths, settings, format_name, mapping, platform, registry, progress, analyse=False)


def scan(
    paths: Sequence[Path],
    settings: Settings,
    *,
    format_name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: FormatRegistry | None = None,
    progress: ProgressHook | None = None,
) -> RunReport:
    """Ingest files and run every analysis stage that exists."""
    return _run(paths, settings, format_name, mapping, platform, registry, progress, analyse=True)


def _run(
    paths: Sequence[Path],
    settings: Settings,
    format_name: str | None,
    mapping: Mapping[str, str] | None,
    platform: str | None,
    registry: FormatRegistry | None,
    progress: ProgressHook | None,
    *,
    analyse: bool,
) -> RunReport:
    options = FormatOptions(
        mapping=dict(mapping or {}), platform=platform, max_text_chars=settings.max_text_chars
    )
    stages = foundation_stages() + (analysis_stages() if analyse else [])
    with open_store(settings.db_url) as store:
        return run(
            expand_inputs(paths),
            store,
            registry or default_registry(),
            format_name=format_name,
            options=options,
            stages=stages,
            batch_size=settings.batch_size,
            rejects_dir=settings.rejects_dir,
            progress=progress,
        )


def stats(settings: Settings) -> StoreStats:
    """Posts, accounts and interactions in the store by platform, language and month."""
    with open_store(settings.db_url) as store:
        return store.stats()


@dataclass(frozen=True, slots=True)
class DemoReport:
    """The generated world, what the scan did with it, and the store's figures."""

    out_dir: Path
    db_url: str
    world: Mapping[str, object]
    run: RunReport
    stats: StoreStats

    def to_json(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "db": self.db_url,
            "world": dict(self.world),
            "scan": self.run.to_json(),
            "stats": self.stats.to_json(),
        }


def run_demo(out_dir: Path, *, seed: int = 7, db_url: str | None = None) -> DemoReport:
    """Generate the synthetic world into ``out_dir``, scan it into a fresh store, summarise."""
    from nohaven.demo import generate_world

    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = generate_world(out_dir / "world", seed=seed)
    if db_url is None:
        database = out_dir / "nohaven.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        db_url = f"sqlite:///{database}"
    settings = Settings(db_url=db_url, rejects_dir=out_dir / "rejects")
    paths = [out_dir / "world" / item.path for item in manifest.files if item.kind == "posts"]
    report = scan(paths, settings)
    return DemoReport(out_dir, db_url, manifest.summary(), report, stats(settings))
