"""A synthetic multi-platform demo world, with ground truth, and a benchmark generator.

Everything offline and deterministic; all text is neutral placeholder text.
"""

from __future__ import annotations

from nohaven.demo.benchmark import write_benchmark_jsonl
from nohaven.demo.truth import (
    AccountTruth,
    Exchange,
    LinkCategory,
    MonthLinkMix,
    ResurgencePair,
    Role,
    TelegramChannelTruth,
    WorldFile,
    WorldManifest,
)
from nohaven.demo.world import generate_world

__all__ = [
    "AccountTruth",
    "Exchange",
    "LinkCategory",
    "MonthLinkMix",
    "ResurgencePair",
    "Role",
    "TelegramChannelTruth",
    "WorldFile",
    "WorldManifest",
    "generate_world",
    "write_benchmark_jsonl",
]
