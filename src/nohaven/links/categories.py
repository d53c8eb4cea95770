"""Domain categories: which kind of destination a host is (and which messaging app).

The package ships ``links/data/domains.toml`` (messaging apps, paste sites, file hosts, video,
shorteners, social networks, news). A user extends or overrides it with a file of the same
format, passed to :func:`load_categories`::

    format = 1

    [messaging.telegram]          # kind "messaging" needs an app name
    domains = ["t.me", "telegram.me"]

    [paste]
    domains = ["pastebin.com", "justpaste.it"]

Kinds: ``messaging`` (one table per app), ``paste``, ``file_host``, ``video``, ``shortener``,
``social``, ``news`` and ``other`` (to take a domain out of the bundled categories).

An entry is a host name, and covers its subdomains: ``archive.org`` covers
``web.archive.org``; the longest entry wins, so ``drive.google.com`` can be a file host while
``google.com`` is not listed. An entry in the user's file replaces the bundled entry for the
same host. A malformed file raises :class:`CategoryFileError` naming the file, the line and
what is wrong.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import idna

from nohaven.links.base import LinkKind

__all__ = [
    "CATEGORY_KINDS",
    "Categories",
    "Category",
    "CategoryFileError",
    "load_categories",
    "parse_categories",
]

#: The kinds a category file may assign (the others are found from the link's form).
CATEGORY_KINDS = (
    LinkKind.MESSAGING,
    LinkKind.PASTE,
    LinkKind.FILE_HOST,
    LinkKind.VIDEO,
    LinkKind.SHORTENER,
    LinkKind.SOCIAL,
    LinkKind.NEWS,
    LinkKind.OTHER,
)
_FORMAT = 1
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")
_APP = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True, slots=True)
class Category:
    """What a host is: a kind, and the app for messaging hosts."""

    kind: LinkKind
    app: str | None = None


class CategoryFileError(ValueError):
    """A category file that cannot be used: ``source``, ``line`` (1-based, or ``None``)."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


class Categories:
    """Host -> :class:`Category`, where a subdomain inherits its closest listed parent."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Mapping[str, Category]) -> None:
        self._entries = dict(entries)

    def lookup(self, host: str) -> Category | None:
        """The category of ``host`` (lower-case ASCII, no ``www.``), or ``None`` if unlisted."""
        entries = self._entries
        while True:
            found = entries.get(host)
            if found is not None:
                return found
            dot = host.find(".")
            if dot < 0:
                return None
            host = host[dot + 1 :]

    def merged(self, other: Categories) -> Categories:
        """These categories with ``other``'s entries added, replacing the same hosts."""
        return Categories({**self._entries, **other._entries})

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __getitem__(self, host: str) -> Category:
        return self._entries[host]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Categories) and other._entries == self._entries

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Categories({len(self._entries)} hosts)"


def _line_of(text: str, needle: str) -> int | None:
    """The first line of ``text`` containing ``needle`` (1-based), for error messages."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


class _Lines:
    """Lines of successive occurrences of quoted values (the parsed document keeps the order)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._after: dict[str, int] = {}

    def next(self, value: str) -> int | None:
        for needle in (f'"{value}"', f"'{value}'"):
            index = self._text.find(needle, self._after.get(needle, 0))
            if index >= 0:
                self._after[needle] = index + 1
                return self._text.count("\n", 0, index) + 1
        return None


def _host(value: object, source: str, line: int | None, where: str) -> str:
    if not isinstance(value, str):
        raise CategoryFileError(source, line, f"[{where}]: domains must be strings, not {value!r}")
    host = value.strip().lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if host.startswith(("*.", "http:", "https:")) or "/" in host:
        raise CategoryFileError(
            source, line, f"{value!r} is not a host name: write the bare host (example.org)"
        )
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise CategoryFileError(source, line, f"{value!r} is not a host name: {exc}") from None
    if not _HOST.fullmatch(host):
        raise CategoryFileError(
            source, line, f"{value!r} is not a host name with at least two labels (example.org)"
        )
    return host


def _domains(
    table: object, source: str, text: str, where: str, lines: _Lines
) -> list[tuple[str, int | None]]:
    if not isinstance(table, dict):
        raise CategoryFileError(
            source, _line_of(text, where), f"[{where}] must be a table with a 'domains' list"
        )
    unknown = sorted(set(table) - {"domains"})
    if unknown:
        raise CategoryFileError(
            source,
            _line_of(text, unknown[0]),
            f"[{where}]: unknown key {unknown[0]!r} (a table holds only 'domains')",
        )
    domains = table.get("domains")
    if not isinstance(domains, list):
        raise CategoryFileError(
            source, _line_of(text, f"[{where}]"), f"[{where}] needs a 'domains' list of hosts"
        )
    found: list[tuple[str, int | None]] = []
    for value in domains:
        line = lines.next(value) if isinstance(value, str) else _line_of(text, f"[{where}]")
        found.append((_host(value, source, line, where), line))
    return found


def parse_categories(text: str, source: str = "<categories>") -> Categories:
    """Categories from the TOML ``text`` of a category file; ``source`` names it in errors."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        raise CategoryFileError(
            source, int(found.group(1)) if found else None, f"not valid TOML: {exc}"
        ) from None
    version = document.pop("format", None)
    if version != _FORMAT:
        raise CategoryFileError(
            source,
            _line_of(text, "format"),
            f"expected 'format = {_FORMAT}' at the top of the file, found {version!r}",
        )
    entries: dict[str, Category] = {}
    lines: dict[str, int | None] = {}
    locator = _Lines(text)

    def add(host: str, line: int | None, category: Category) -> None:
        previous = entries.get(host)
        if previous is not None and previous != category:
            raise CategoryFileError(
                source,
                line,
                f"{host} is listed twice, as {previous.kind.value}"
                f"{f' ({previous.app})' if previous.app else ''} (line {lines[host]}) and as "
                f"{category.kind.value}{f' ({category.app})' if category.app else ''}",
            )
        entries[host] = category
        lines[host] = line

    known = ", ".join(kind.value for kind in CATEGORY_KINDS)
    for name, table in document.items():
        try:
            kind = LinkKind(name)
        except ValueError:
            kind = None
        if kind not in CATEGORY_KINDS:
            raise CategoryFileError(
                source, _line_of(text, name), f"unknown kind {name!r} (expected one of: {known})"
            )
        assert kind is not None
        if kind is LinkKind.MESSAGING:
            if not isinstance(table, dict) or "domains" in table:
                raise CategoryFileError(
                    source,
                    _line_of(text, "[messaging"),
                    "messaging domains go in one table per app: [messaging.telegram] ...",
                )
            for app, app_table in table.items():
                if not _APP.fullmatch(app):
                    raise CategoryFileError(
                        source,
                        _line_of(text, app),
                        f"app name {app!r} must be lower-case letters, digits, '_' or '-'",
                    )
                for host, line in _domains(app_table, source, text, f"messaging.{app}", locator):
                    add(host, line, Category(kind, app))
        else:
            for host, line in _domains(table, source, text, name, locator):
                add(host, line, Category(kind))
    return Categories(entries)


@functools.cache
def _bundled() -> Categories:
    path = resources.files("nohaven.links") / "data" / "domains.toml"
    return parse_categories(path.read_text(encoding="utf-8"), "nohaven/links/data/domains.toml")


def load_categories(extra: Path | None = None) -> Categories:
    """The bundled categories, extended (and overridden host by host) by the file ``extra``.

    :class:`CategoryFileError` when ``extra`` cannot be read or is malformed.
    """
    bundled = _bundled()
    if extra is None:
        return bundled
    try:
        text = extra.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CategoryFileError(str(extra), None, f"cannot read the file: {exc}") from None
    return bundled.merged(parse_categories(text, str(extra)))
