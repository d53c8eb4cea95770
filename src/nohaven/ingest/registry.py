"""The format registry: built-in formats and third-party ones, registered explicitly.

Third-party packages expose formats through the ``nohaven.formats`` entry-point group; each
entry point names a zero-argument callable returning a :class:`Format`. Built-ins are
registered the same way in code. Duplicate names and import errors are loud.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import entry_points
from pathlib import Path

from nohaven.ingest.base import Format
from nohaven.ingest.readers import read_head

__all__ = ["ENTRY_POINT_GROUP", "FormatRegistry", "UnknownFormatError", "default_registry"]

ENTRY_POINT_GROUP = "nohaven.formats"
_MIN_CONFIDENCE = 0.5


class UnknownFormatError(LookupError):
    """A format name is not registered, or no format recognises a file."""


class FormatRegistry:
    """Formats by their stable name."""

    def __init__(self, formats: Iterable[Format] = ()) -> None:
        self._formats: dict[str, Format] = {}
        for fmt in formats:
            self.register(fmt)

    def register(self, fmt: Format) -> None:
        if not isinstance(fmt, Format):
            raise TypeError(f"{fmt!r} does not implement the Format protocol")
        if not fmt.name or fmt.name != fmt.name.strip():
            raise ValueError(f"format {fmt!r} needs a non-empty name")
        if fmt.name in self._formats:
            raise ValueError(f"a format named {fmt.name!r} is already registered")
        self._formats[fmt.name] = fmt

    def get(self, name: str) -> Format:
        try:
            return self._formats[name]
        except KeyError:
            known = ", ".join(sorted(self._formats))
            raise UnknownFormatError(f"unknown format {name!r}; known formats: {known}") from None

    def __iter__(self) -> Iterator[Format]:
        return iter(self._formats.values())

    def __len__(self) -> int:
        return len(self._formats)

    def names(self) -> list[str]:
        return list(self._formats)

    def detect(self, path: Path, mapping: Mapping[str, str] | None = None) -> Format:
        """The format that recognises ``path`` with the highest confidence (``mapping``: the
        user's column mapping, so that columns named only there are recognised)."""
        head = read_head(path, mapping)
        scored = sorted(
            ((fmt.sniff(head), index, fmt) for index, fmt in enumerate(self._formats.values())),
            key=lambda item: (-item[0], item[1]),
        )
        if not scored or scored[0][0] < _MIN_CONFIDENCE:
            raise UnknownFormatError(
                f"{path}: no format recognises this file; name one with --format "
                f"({', '.join(self._formats)})"
            )
        return scored[0][2]

    def load_entry_points(self) -> None:
        """Register every format that installed packages declare under ``nohaven.formats``."""
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            factory = entry.load()
            self.register(factory())


def default_registry(*, plugins: bool = True) -> FormatRegistry:
    """A fresh registry holding the built-in formats (and installed plugins)."""
    from nohaven.ingest import builtin

    registry = FormatRegistry(builtin.formats())
    if plugins:
        registry.load_entry_points()
    return registry
