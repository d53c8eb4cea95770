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
    "FormatOption",
    "JsonOption",
    "MapOption",
    "err",
    "fail",
    "log_access",
    "out",
    "print_json",
    "settings",
    "short_value",
    "shown_path",
]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # a path is never cut

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $NOHAVEN_DB, else sqlite:///nohaven.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help="Input format (see 'nohaven formats'); default: detect."),
]
MapOption = Annotated[
    str | None,
    typer.Option("--map", help="Column mapping for csv/jsonl/parquet: text=body,account=user,..."),
]


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


def short_value(value: object) -> str:
    """A value of a report in a table cell: a short mapping or list on one line."""
    if isinstance(value, dict):
        if len(value) > 6:
            return f"{len(value)} entries"
        return ", ".join(f"{key} {item}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def shown_path(path: str) -> str:
    """A path as short as it can be and still be opened from here: relative to the working
    folder when it lies below it, else in full (a file the user must find, such as the
    rejected records, is never shortened to a name that could be mistaken for a relative one)."""
    full = Path(path)
    try:
        return str(full.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(full.resolve())
