"""Neutral sentence composition for the synthetic world.

Texts are built from whole, grammatical template sentences (see :mod:`nohaven.demo.vocab`),
so every combination is correct Arabic, French or English, and nothing but neutral
placeholder content can come out.
"""

from __future__ import annotations

import random

from nohaven.demo import vocab

__all__ = ["compose", "compose_from", "fit"]


def fit(parts: list[str], limit: int) -> str:
    """Join sentences with spaces, dropping trailing ones that would pass ``limit`` chars."""
    out = ""
    for part in parts:
        candidate = f"{out} {part}" if out else part
        if len(candidate) > limit:
            if not out:
                return part[:limit].rstrip()
            break
        out = candidate
    return out


def compose(rng: random.Random, lang: str, topic: str, limit: int) -> str:
    """An ordinary post about ``topic``: optional greeting, one or two sentences, optional close."""
    sentences = vocab.TOPICS[lang][topic]
    parts: list[str] = []
    if rng.random() < 0.2:
        parts.append(rng.choice(vocab.OPENERS[lang]))
    first = rng.randrange(len(sentences))
    parts.append(sentences[first])
    if rng.random() < 0.45:
        second = (first + 1 + rng.randrange(len(sentences) - 1)) % len(sentences)
        parts.append(sentences[second])
    if rng.random() < 0.15:
        parts.append(rng.choice(vocab.CLOSERS[lang]))
    return fit(parts, limit)


def compose_from(rng: random.Random, pool: tuple[str, ...], limit: int, extra: int = 0) -> str:
    """One sentence from ``pool``, plus up to ``extra`` more distinct ones when they fit."""
    picks = rng.sample(pool, min(len(pool), 1 + rng.randint(0, extra)))
    return fit(picks, limit)
