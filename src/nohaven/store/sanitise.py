"""The one place where values are made storable on every backend.

PostgreSQL refuses the NUL character in ``text`` and ``jsonb`` values, and no backend can encode
a lone surrogate (which ``surrogateescape`` decoding of a broken file leaves behind) as UTF-8.
Both are replaced with U+FFFD REPLACEMENT CHARACTER, the same on SQLite and PostgreSQL, so a
store holds the same data whichever backend it runs on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import Enum

import orjson

__all__ = ["REPLACEMENT", "clean_text", "dump_json", "dump_json_bytes", "load_json"]

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON escape of NUL that is not itself an escaped backslash followed by "u0000".
_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def clean_text(value: str) -> str:
    """``value`` with NUL characters and lone surrogates replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", REPLACEMENT)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = _SURROGATE.sub(REPLACEMENT, value)
    return value


def _clean_tree(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_text(str(k)): _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean_tree(v) for v in value]
    return value


def _default(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_OPTIONS = orjson.OPT_NON_STR_KEYS


def dump_json(value: object) -> str:
    """Serialise ``value`` to JSON text that every backend accepts.

    Mappings, sets, enums and unknown objects are serialised leniently (a raw record is what a
    platform gave us, so it is kept rather than refused); integers beyond 64 bits fall back to
    the standard library. NUL escapes and lone surrogates become U+FFFD.
    """
    try:
        text = orjson.dumps(value, default=_default, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        # Lone surrogates or huge integers: clean the tree, then let the standard library try.
        text = json.dumps(
            _clean_tree(value),
            default=_default,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    if "\\u0000" in text:
        text = _JSON_NUL.sub(lambda m: m.group(1) + REPLACEMENT, text)
    return text


def dump_json_bytes(value: object) -> bytes:
    """:func:`dump_json` as UTF-8 bytes, without a detour through ``str`` when it is clean.

    The fast path for raw records: one orjson call (with string keys only, which orjson
    serialises much faster) and a scan for an escaped NUL.
    """
    try:
        data = orjson.dumps(value, default=_default)
    except orjson.JSONEncodeError:  # a non-string key, a lone surrogate or a huge integer
        return dump_json(value).encode("utf-8")
    if b"\\u0000" in data:
        return dump_json(value).encode("utf-8")
    return data


def load_json(text: str | bytes) -> object:
    """Parse JSON written by :func:`dump_json` (or read back from a backend)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
