"""Sentence composition: only whole vocabulary sentences, within the length limit."""

from __future__ import annotations

import random

import pytest

from nohaven.demo import text, vocab


@pytest.mark.parametrize("lang", vocab.LANGUAGES)
def test_compose_uses_whole_sentences(lang: str) -> None:
    known = {s for pool in vocab.TOPICS[lang].values() for s in pool}
    known |= set(vocab.OPENERS[lang]) | set(vocab.CLOSERS[lang])
    rng = random.Random(0)
    for topic in vocab.TOPICS[lang]:
        for _ in range(50):
            out = text.compose(rng, lang, topic, 100)
            assert len(out) <= 100
            rest = out
            while rest:
                match = max((s for s in known if rest.startswith(s)), key=len, default=None)
                assert match, out
                rest = rest[len(match) :].lstrip(" ")


@pytest.mark.parametrize(
    ("parts", "limit", "expected"),
    [
        pytest.param(["ab", "cd"], 10, "ab cd", id="all-fit"),
        pytest.param(["ab", "cd"], 4, "ab", id="drop-tail"),
        pytest.param(["abcdef"], 3, "abc", id="cut-single"),
    ],
)
def test_fit(parts: list[str], limit: int, expected: str) -> None:
    assert text.fit(parts, limit) == expected


def test_vocabulary_covers_every_language() -> None:
    tables = (
        vocab.TOPICS,
        vocab.NEWS,
        vocab.COUNTER,
        vocab.CHANNEL_PHRASES,
        vocab.HANDOFF,
        vocab.EXCHANGE,
        vocab.PERSONA_NAMES,
        vocab.FIRST_NAMES,
    )
    for table in tables:
        assert set(table) == set(vocab.LANGUAGES)
