"""What every ``nohaven`` command shares: consoles, common options, settings, errors."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import orjson
import typer
from rich.console import Console

from nohaven.config import Settings, SettingsError

__all__ = [
    "DbOption",
    "JsonOption",
    "err",
    "fail",
    "log_access",
    "out",
    "print_json",
    "settings",
]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # a path is never cut

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $NOHAVEN_DB, else sqlite:///nohaven.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def settings(
    db: str | None = None, batch_size: int | None = None, rejects_dir: Path | None = None
) -> Settings:
    """The settings from the environment, with the command line's options over them."""
    try:
        base = Settings.from_env(os.environ, Path.cwd())
        return dataclasses.replace(
            base,
            db_url=db or base.db_url,
            batch_size=batch_size or base.batch_size,
            rejects_dir=rejects_dir or base.rejects_dir,
        )
    except SettingsError as error:
        fail(str(error))


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr and exit with ``code``."""
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(code)


def print_json(value: object) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")


def log_access(
    config: Settings,
    command: str,
    shown: int,
    detail: Mapping[str, object],
    items: Sequence[str] = (),
) -> None:
    """Add to the store's access log that ``config.reviewer`` was shown ``shown`` items of
    stored data by ``command`` (nothing when nothing was shown)."""
    from nohaven.store import open_store
    from nohaven.store.access import AccessRecord, record_access

    if shown <= 0:
        return
    with open_store(config.db_url) as store:
        record = AccessRecord(config.reviewer, command, shown, dict(detail), list(items))
        record_access(store, record)
