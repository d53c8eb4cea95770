"""The ground truth of a generated world, and the manifest that lists its files.

Everything is a frozen dataclass with UTC times; :meth:`WorldManifest.to_json` writes a
stable, versioned JSON document (``ground_truth.json``) and :meth:`WorldManifest.read`
reads it back. Later stages (resurgence detection, network analysis, link trends) are
evaluated against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "MANIFEST_VERSION",
    "AccountTruth",
    "Exchange",
    "LinkCategory",
    "MonthLinkMix",
    "ResurgencePair",
    "Role",
    "TelegramChannelTruth",
    "WorldFile",
    "WorldManifest",
]

MANIFEST_VERSION = 1


class Role(StrEnum):
    """What an account is in the synthetic world."""

    NETWORK = "network"
    COUNTER = "counter"
    NEWS = "news"
    ORDINARY = "ordinary"


class LinkCategory(StrEnum):
    """Where an outlink leads: messaging apps, file hosts and paste sites, or the open web."""

    MESSAGING = "messaging"
    FILE_HOST = "file_host"
    WEB = "web"


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_time(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO time string, got {value!r}")
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _req_time(value: object) -> datetime:
    parsed = _parse_time(value)
    if parsed is None:
        raise ValueError("a required time is missing")
    return parsed


@dataclass(frozen=True, slots=True)
class WorldFile:
    """One generated file: its path relative to the world folder and the format that reads it.

    ``kind`` is ``"posts"`` for files the ingest formats read, ``"accounts"`` for the account
    status table.
    """

    path: str
    format: str
    kind: str
    records: int
    bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class AccountTruth:
    """One account and what it really is.

    ``id`` is the platform account id as the files carry it (Twitter ``user.id_str``; a
    Telegram channel's numeric ``channel_id``; a Telegram export's ``from_id`` such as
    ``"user123"``). Network accounts belong to a ``persona`` (the chain of accounts one
    operator runs) and have a ``generation`` (1 for the first account, 2 for its successor...).
    ``same_person`` links a Telegram group member to the Twitter account id of the same person.
    """

    platform: str
    id: str
    handle: str
    display_name: str
    role: Role
    language: str
    created: datetime
    suspended: datetime | None
    persona: str | None
    generation: int | None
    predecessor: str | None
    successor: str | None
    posts: int
    same_person: str | None = None

    @property
    def status(self) -> str:
        return "suspended" if self.suspended is not None else "active"


@dataclass(frozen=True, slots=True)
class ResurgencePair:
    """A suspended account and the account that replaced it."""

    platform: str
    persona: str
    predecessor_id: str
    predecessor_handle: str
    successor_id: str
    successor_handle: str
    suspended: datetime
    successor_created: datetime

    @property
    def gap_hours(self) -> float:
        return (self.successor_created - self.suspended).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class Exchange:
    """A sustained one-to-one reply exchange between a network persona and an ordinary user.

    ``network_accounts`` lists every account of the persona that took part (a chain member
    may pick the conversation up after its predecessor's suspension).
    """

    platform: str
    persona: str
    network_accounts: tuple[str, ...]
    ordinary_account: str
    first: datetime
    last: datetime
    network_replies: int
    ordinary_replies: int


@dataclass(frozen=True, slots=True)
class MonthLinkMix:
    """Authored posts (no pure reposts) of one group in one month, and the links they carry.

    ``scope`` is ``"network"`` (the network cluster on Twitter), ``"others"`` (every other
    Twitter account) or ``"telegram"`` (the network's Telegram channels). Category counts are
    links, not posts; ``obfuscated`` counts links written so that they are not clickable
    (``t[.]me``, ``hxxps``).
    """

    month: str
    scope: str
    posts: int
    posts_with_links: int
    messaging: int
    file_host: int
    web: int
    obfuscated: int

    @property
    def link_share(self) -> float:
        return self.posts_with_links / self.posts if self.posts else 0.0

    @property
    def messaging_file_host_share(self) -> float:
        total = self.messaging + self.file_host + self.web
        return (self.messaging + self.file_host) / total if total else 0.0


@dataclass(frozen=True, slots=True)
class TelegramChannelTruth:
    """A Telegram channel the network points to, or the exported group chat."""

    id: str
    username: str | None
    title: str
    kind: str
    language: str
    persona: str | None
    messages: int


@dataclass(frozen=True, slots=True)
class WorldManifest:
    """The generated files and the ground truth of a synthetic world."""

    seed: int
    start: date
    months: int
    files: tuple[WorldFile, ...]
    accounts: tuple[AccountTruth, ...]
    resurgence: tuple[ResurgencePair, ...]
    exchanges: tuple[Exchange, ...]
    link_mix: tuple[MonthLinkMix, ...]
    telegram: tuple[TelegramChannelTruth, ...]
    version: int = MANIFEST_VERSION

    def file(self, fmt: str) -> tuple[WorldFile, ...]:
        """The files of one format."""
        return tuple(f for f in self.files if f.format == fmt)

    def summary(self) -> dict[str, object]:
        """A short overview for people: who is in the world and what its ground truth holds."""
        roles: dict[str, int] = {}
        languages: dict[str, int] = {}
        for account in self.accounts:
            roles[account.role.value] = roles.get(account.role.value, 0) + 1
            languages[account.language] = languages.get(account.language, 0) + 1
        network = [mix for mix in self.link_mix if mix.scope == "network"]
        return {
            "seed": self.seed,
            "period": f"{self.start.isoformat()} + {self.months} months",
            "accounts by role": roles,
            "accounts by language": languages,
            "suspended accounts": sum(1 for a in self.accounts if a.suspended is not None),
            "resurgent pairs": len(self.resurgence),
            "sustained one-to-one exchanges": len(self.exchanges),
            "telegram channels and groups": len(self.telegram),
            "files": {f.path: f.format for f in self.files if f.kind == "posts"},
            "network link share, first and last month": [
                round(network[0].link_share, 2),
                round(network[-1].link_share, 2),
            ]
            if network
            else [],
        }

    def role_of(self, account_id: str) -> Role | None:
        for account in self.accounts:
            if account.id == account_id:
                return account.role
        return None

    def to_json(self) -> bytes:
        """The manifest as stable, pretty-printed JSON (keys sorted, UTC ``Z`` times)."""
        doc: dict[str, Any] = {
            "version": self.version,
            "seed": self.seed,
            "start": self.start.isoformat(),
            "months": self.months,
            "files": [_asdict(f) for f in self.files],
            "accounts": [{**_asdict(a), "status": a.status} for a in self.accounts],
            "resurgence": [
                {**_asdict(p), "gap_hours": round(p.gap_hours, 3)} for p in self.resurgence
            ],
            "exchanges": [_asdict(e) for e in self.exchanges],
            "link_mix": [_asdict(m) for m in self.link_mix],
            "telegram": [_asdict(t) for t in self.telegram],
        }
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"

    @classmethod
    def from_json(cls, data: bytes | str) -> WorldManifest:
        doc = orjson.loads(data)
        if not isinstance(doc, dict) or doc.get("version") != MANIFEST_VERSION:
            raise ValueError(f"not a version {MANIFEST_VERSION} world manifest")
        return cls(
            seed=int(doc["seed"]),
            start=date.fromisoformat(doc["start"]),
            months=int(doc["months"]),
            files=tuple(WorldFile(**_pick(f, WorldFile)) for f in doc["files"]),
            accounts=tuple(_account(a) for a in doc["accounts"]),
            resurgence=tuple(_pair(p) for p in doc["resurgence"]),
            exchanges=tuple(_exchange(e) for e in doc["exchanges"]),
            link_mix=tuple(MonthLinkMix(**_pick(m, MonthLinkMix)) for m in doc["link_mix"]),
            telegram=tuple(
                TelegramChannelTruth(**_pick(t, TelegramChannelTruth)) for t in doc["telegram"]
            ),
        )

    @classmethod
    def read(cls, path: Path) -> WorldManifest:
        """Read ``ground_truth.json`` (or the folder that holds it)."""
        if path.is_dir():
            path = path / "ground_truth.json"
        return cls.from_json(path.read_bytes())


def _asdict(obj: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in fields(obj):  # type: ignore[arg-type]
        name = item.name
        value = getattr(obj, name)
        if isinstance(value, datetime):
            out[name] = _time(value)
        elif isinstance(value, StrEnum):
            out[name] = str(value)
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    return out


def _pick(doc: Mapping[str, Any], cls: type) -> dict[str, Any]:
    return {item.name: doc[item.name] for item in fields(cls)}


def _strs(values: Sequence[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _account(doc: Mapping[str, Any]) -> AccountTruth:
    fields = _pick(doc, AccountTruth)
    fields["role"] = Role(fields["role"])
    fields["created"] = _req_time(fields["created"])
    fields["suspended"] = _parse_time(fields["suspended"])
    return AccountTruth(**fields)


def _pair(doc: Mapping[str, Any]) -> ResurgencePair:
    fields = _pick(doc, ResurgencePair)
    fields["suspended"] = _req_time(fields["suspended"])
    fields["successor_created"] = _req_time(fields["successor_created"])
    return ResurgencePair(**fields)


def _exchange(doc: Mapping[str, Any]) -> Exchange:
    fields = _pick(doc, Exchange)
    fields["network_accounts"] = _strs(fields["network_accounts"])
    fields["first"] = _req_time(fields["first"])
    fields["last"] = _req_time(fields["last"])
    return Exchange(**fields)
