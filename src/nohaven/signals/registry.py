"""The signal registry: signal types and hashers by stable name, registered explicitly.

Built-ins are registered in code by :func:`default_registry`; third-party packages add theirs
through the ``nohaven.signal_types`` and ``nohaven.hashers`` entry-point groups (each entry
point names a zero-argument callable returning a list). Duplicate names and import errors are
loud, never swallowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

from nohaven.signals.base import ContentKind, Hasher, SignalError, SignalType

__all__ = [
    "HASHER_ENTRY_POINTS",
    "SIGNAL_TYPE_ENTRY_POINTS",
    "SignalRegistry",
    "UnknownSignalTypeError",
    "default_registry",
]

SIGNAL_TYPE_ENTRY_POINTS = "nohaven.signal_types"
HASHER_ENTRY_POINTS = "nohaven.hashers"
_HEAD_BYTES = 64


class UnknownSignalTypeError(LookupError):
    """A signal type or hasher name that is not registered."""


class SignalRegistry:
    """Signal types and hashers by name; hashers are tried in registration order."""

    def __init__(self, types: Iterable[SignalType] = (), hashers: Iterable[Hasher] = ()) -> None:
        self._types: dict[str, SignalType] = {}
        self._hashers: dict[str, Hasher] = {}
        for signal_type in types:
            self.register_type(signal_type)
        for hasher in hashers:
            self.register_hasher(hasher)

    def register_type(self, signal_type: SignalType) -> None:
        if not isinstance(signal_type, SignalType):
            raise TypeError(f"{signal_type!r} does not implement the SignalType protocol")
        if not signal_type.name or signal_type.name != signal_type.name.strip():
            raise ValueError(f"signal type {signal_type!r} needs a non-empty name")
        if signal_type.name in self._types:
            raise ValueError(f"a signal type named {signal_type.name!r} is already registered")
        self._types[signal_type.name] = signal_type

    def register_hasher(self, hasher: Hasher) -> None:
        if not isinstance(hasher, Hasher):
            raise TypeError(f"{hasher!r} does not implement the Hasher protocol")
        if hasher.name in self._hashers:
            raise ValueError(f"a hasher named {hasher.name!r} is already registered")
        self._hashers[hasher.name] = hasher

    def type(self, name: str) -> SignalType:
        try:
            return self._types[name]
        except KeyError:
            known = ", ".join(sorted(self._types))
            raise UnknownSignalTypeError(
                f"unknown signal type {name!r}; known signal types: {known}"
            ) from None

    def types(self, kind: ContentKind | None = None) -> list[SignalType]:
        """Registered signal types (of one content kind), in registration order."""
        return [t for t in self._types.values() if kind is None or t.kind is kind]

    def by_threatexchange_name(self, name: str) -> SignalType:
        """The signal type python-threatexchange calls ``name``."""
        for signal_type in self._types.values():
            if signal_type.threatexchange_name == name:
                return signal_type
        raise UnknownSignalTypeError(f"no nohaven signal type for threatexchange type {name!r}")

    def hashers(self) -> Iterator[Hasher]:
        return iter(self._hashers.values())

    def hasher(self, name: str) -> Hasher:
        try:
            return self._hashers[name]
        except KeyError:
            known = ", ".join(self._hashers)
            raise UnknownSignalTypeError(f"unknown hasher {name!r}; known: {known}") from None

    def hasher_for(self, path: Path) -> Hasher:
        """The first hasher that accepts ``path`` (by its first bytes)."""
        try:
            with path.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
        except OSError as err:
            raise SignalError(str(path), err.strerror or str(err)) from None
        for hasher in self._hashers.values():
            if hasher.accepts(path, head):
                return hasher
        raise SignalError(str(path), "no hasher reads this file")

    def __contains__(self, name: object) -> bool:
        return name in self._types


def default_registry(*, plugins: bool = True) -> SignalRegistry:
    """The built-in signal types and hashers, then any from installed plugins.

    Hashers go from the most specific to the least: images, then video, then any file.
    """
    from nohaven.signals import files, image, text, urls, video

    registry = SignalRegistry()
    for module in (image, video, files, text, urls):
        for signal_type in module.signal_types():
            registry.register_type(signal_type)
    for hashers in (image.hashers(), video.hashers(), files.hashers()):
        for hasher in hashers:
            registry.register_hasher(hasher)
    if plugins:
        for point in entry_points(group=SIGNAL_TYPE_ENTRY_POINTS):
            for signal_type in point.load()():
                registry.register_type(signal_type)
        for point in entry_points(group=HASHER_ENTRY_POINTS):
            for hasher in point.load()():
                registry.register_hasher(hasher)
    return registry
