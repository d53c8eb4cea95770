"""Sanitising: NUL and lone surrogates become U+FFFD, in text and in JSON."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from nohaven.store.sanitise import clean_text, dump_json, dump_json_bytes, load_json


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("", ""),
        ("a\x00b\x00", "a\ufffdb\ufffd"),
        ("خبز 🍞", "خبز 🍞"),
        ("caf\udce9", "caf\ufffd"),
        ("\ud83d", "\ufffd"),
    ],
    ids=["ascii", "empty", "nul", "arabic-emoji", "surrogate-escape", "half-pair"],
)
def test_clean_text(value: str, expected: str) -> None:
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": "x\x00"}, {"a": "x\ufffd"}),
        ({"k\x00": 1}, {"k\ufffd": 1}),
        ({"a": "\\u0000"}, {"a": "\\u0000"}),
        ({"a": "\\\x00"}, {"a": "\\\ufffd"}),
        (["\udce9", {"b": "\x00"}], ["\ufffd", {"b": "\ufffd"}]),
        ({1: "one"}, {"1": "one"}),
        (MappingProxyType({"m": (1, 2)}), {"m": [1, 2]}),
        ({"s": {3}}, {"s": [3]}),
    ],
    ids=[
        "nul-value",
        "nul-key",
        "escaped-backslash-kept",
        "backslash-then-nul",
        "surrogate",
        "int-key",
        "mapping-proxy",
        "set",
    ],
)
def test_dump_json(value: object, expected: object) -> None:
    text = dump_json(value)
    assert "\x00" not in text
    assert load_json(text) == expected


def test_dump_json_keeps_integers_beyond_64_bits_exact() -> None:
    assert dump_json({"n": 10**30}) == '{"n":' + str(10**30) + "}"


@pytest.mark.parametrize(
    "value",
    [
        {"a": "plain", "n": [1, 2.5, None, True]},
        {"a": "x\x00"},
        {"a": "\\u0000"},
        {"a": "\\\x00"},
        ["\udce9"],
        {1: "one"},
        MappingProxyType({"m": (1, 2)}),
        {"n": 10**30},
        {"t": "خبز 🍞"},
    ],
    ids=[
        "plain",
        "nul",
        "escaped",
        "backslash-nul",
        "surrogate",
        "int-key",
        "proxy",
        "big",
        "utf8",
    ],
)
def test_dump_json_bytes_is_dump_json_encoded(value: object) -> None:
    assert dump_json_bytes(value) == dump_json(value).encode("utf-8")
