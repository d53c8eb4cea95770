"""Settings: one typed object, built at the edge (the CLI's ``main``) and passed down.

Nothing in the library reads the environment itself. Every setting has an environment
variable and a command-line option; the option wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from nohaven.signals.bank import BankError, FloodSettings
from nohaven.signals.base import MatchSettings
from nohaven.store.engine import default_url

__all__ = ["ENVIRONMENT", "Settings", "SettingsError"]

#: Environment variables read by :meth:`Settings.from_env`, with what each sets.
ENVIRONMENT: dict[str, str] = {
    "NOHAVEN_DB": "database URL (default: sqlite:///nohaven.db in the working directory)",
    "NOHAVEN_BATCH_SIZE": "records per batch and per store transaction (default 5000)",
    "NOHAVEN_MAX_TEXT_CHARS": "longest text field accepted; longer records are rejected "
    "(default 1000000)",
    "NOHAVEN_REJECTS_DIR": "folder for rejects files (default: beside each input, or "
    "./nohaven-rejects when that folder is read-only)",
    "NOHAVEN_MODEL": "content model for scan and classify: 'default' (shipped) or a model folder",
    "NOHAVEN_CLASSIFY_MODE": "fast (n-gram model only) or cascade (semantic model for uncertain "
    "posts); default: the model's own mode",
    "NOHAVEN_PDQ_THRESHOLD": "largest PDQ Hamming distance that is an image match (default 31)",
    "NOHAVEN_PDQ_MIN_QUALITY": "PDQ hashes of lower quality never match (default 50)",
    "NOHAVEN_PDQ_ROTATIONS": "1 to also match rotated and flipped images (default 0)",
    "NOHAVEN_TEXT_THRESHOLD": "least similarity (0-1) of a text to a banked text to match "
    "(default 0.5)",
    "NOHAVEN_VPDQ_MATCH_PERCENT": "least share of frames (both ways) for a video match "
    "(default 80)",
    "NOHAVEN_FLOOD_LIMIT": "a bank entry matching more distinct items than this within the "
    "flood window is quarantined (default 1000)",
    "NOHAVEN_FLOOD_WINDOW_HOURS": "the flood window in hours (default 24)",
    "NOHAVEN_LINK_CATEGORIES": "a TOML file of your own domain categories for links, read "
    "after the shipped one",
    "NOHAVEN_ACCOUNT_MODEL": "account model scan scores every account with: 'default' "
    "(shipped), a model file (JSON), or 'none' to skip account scoring",
    "NOHAVEN_REVIEWER": "who is reviewing, as the access log records it (default: the login name)",
}


class SettingsError(ValueError):
    """A setting has an unusable value; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-time settings shared by every command."""

    db_url: str
    batch_size: int = 5_000
    max_text_chars: int = 1_000_000
    rejects_dir: Path | None = None
    model: str = "default"
    classify_mode: str | None = None
    match: MatchSettings = field(default_factory=MatchSettings)
    flood: FloodSettings = field(default_factory=FloodSettings)
    link_categories: Path | None = None
    account_model: str = "default"
    reviewer: str = "unknown"  # who the access log says saw what (nohaven.store.access)

    def __post_init__(self) -> None:
        if self.classify_mode not in (None, "fast", "cascade"):
            raise SettingsError(
                f"classify mode must be 'fast' or 'cascade', not {self.classify_mode!r}"
            )
        if self.batch_size < 1:
            raise SettingsError(f"batch size must be at least 1, not {self.batch_size}")
        if self.max_text_chars < 1:
            raise SettingsError(f"max text chars must be at least 1, not {self.max_text_chars}")

    @classmethod
    def from_env(cls, env: Mapping[str, str], cwd: Path) -> Settings:
        """Settings from environment variables, with defaults relative to ``cwd``."""
        rejects = env.get("NOHAVEN_REJECTS_DIR")
        return cls(
            db_url=default_url(env, cwd),
            batch_size=_int(env, "NOHAVEN_BATCH_SIZE", 5_000),
            max_text_chars=_int(env, "NOHAVEN_MAX_TEXT_CHARS", 1_000_000),
            rejects_dir=Path(rejects) if rejects else None,
            model=env.get("NOHAVEN_MODEL", "").strip() or "default",
            classify_mode=env.get("NOHAVEN_CLASSIFY_MODE", "").strip() or None,
            match=_match(env),
            flood=_flood(env),
            link_categories=Path(categories)
            if (categories := env.get("NOHAVEN_LINK_CATEGORIES"))
            else None,
            account_model=env.get("NOHAVEN_ACCOUNT_MODEL", "").strip() or "default",
            reviewer=env.get("NOHAVEN_REVIEWER", "").strip() or _login(env),
        )


def _login(env: Mapping[str, str]) -> str:
    """The login name of whoever runs nohaven, as ``getpass.getuser`` finds it but from
    ``env`` ("unknown" where the system cannot say)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if value := env.get(name, "").strip():
            return value
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name or "unknown"
    except (ImportError, KeyError, OSError):  # no password database, or no such user
        return "unknown"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a whole number") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    try:
        return float(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a number") from None


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}={value!r}: write 1 or 0")


def _match(env: Mapping[str, str]) -> MatchSettings:
    try:
        return MatchSettings(
            pdq_threshold=_int(env, "NOHAVEN_PDQ_THRESHOLD", 31),
            pdq_min_quality=_int(env, "NOHAVEN_PDQ_MIN_QUALITY", 50),
            pdq_rotations=_flag(env, "NOHAVEN_PDQ_ROTATIONS"),
            text_threshold=_float(env, "NOHAVEN_TEXT_THRESHOLD", 0.5),
            vpdq_match_percent=_float(env, "NOHAVEN_VPDQ_MATCH_PERCENT", 80.0),
        )
    except ValueError as err:
        raise SettingsError(str(err)) from None


def _flood(env: Mapping[str, str]) -> FloodSettings:
    try:
        return FloodSettings(
            limit=_int(env, "NOHAVEN_FLOOD_LIMIT", 1_000),
            window=timedelta(hours=_float(env, "NOHAVEN_FLOOD_WINDOW_HOURS", 24.0)),
        )
    except BankError as err:
        raise SettingsError(str(err)) from None
