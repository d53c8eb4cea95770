"""The exact-match index, for signal types whose values match only when equal.

File digests (MD5, SHA-256), video MD5, normalised URLs and domains match exactly; their
index is a dictionary from canonical value to the keys of the entries that hold it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nohaven.signals.base import Hit

__all__ = ["ExactIndex"]


class ExactIndex:
    """Entries by canonical value; a query hits every entry holding the same value."""

    def __init__(self) -> None:
        self._keys: dict[str, list[int]] = {}
        self._size = 0

    def add(self, entries: Iterable[tuple[int, str]]) -> None:
        for key, value in entries:
            self._keys.setdefault(value, []).append(key)
            self._size += 1

    def query(self, value: str) -> list[Hit]:
        return [Hit(key, 0.0) for key in self._keys.get(value, ())]

    def query_many(self, values: Sequence[str]) -> list[list[Hit]]:
        return [self.query(value) for value in values]

    def __len__(self) -> int:
        return self._size
