"""The anchor patterns: a text's pattern finds what the whole anchor pattern finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.links.patterns import ALT_DOTS, ANCHOR, DOT_ANCHOR, anchor_pattern

# Pieces of written links and of the prose around them, spaces of every kind among them.
_PIECES = st.sampled_from(
    [
        *"ab.c -_:/[](){}<>\n\t\u00a0\u2009\u3000x1",
        *ALT_DOTS,
        "com",
        "org",
        "me",
        "e.g.",
        "p.m.",
        "dot",
        "DOT",
        " Point ",
        "punto",
        "NOKTA",
        " نقطة ",
        "نقطه",
        "[.]",
        "(dot)",
        " . ",
        "https",
        "hxxps",
        ":\u00a0//",
        "tg://",
        "ت",
    ]
)


def _starts(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    match = pattern.search(text)
    while match is not None:
        found.append((match.start(), match.group(0)))
        match = pattern.search(text, match.start() + 1)
    return found


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_a_texts_pattern_finds_every_anchor(text: str) -> None:
    # A plain "." before an Arabic letter is not an anchor in a text without Arabic dots
    # (a bare host is ASCII): compare with the whole pattern where the dot alternative agrees.
    alternate = any(dot in text for dot in ALT_DOTS)
    whole = (
        ANCHOR
        if alternate
        else re.compile(ANCHOR.pattern.replace(DOT_ANCHOR.pattern, _ascii_dot()))
    )
    assert _starts(anchor_pattern(text), text) == _starts(whole, text)


def _ascii_dot() -> str:
    return anchor_pattern("a.b").pattern


def test_the_pattern_leaves_out_alternatives_a_text_cannot_match() -> None:
    plain = anchor_pattern("The weather is mild, e.g. today at 5 p.m.")
    assert plain.pattern == _ascii_dot()
    assert ":" in anchor_pattern("see https://example.org").pattern
    assert len(anchor_pattern("see https://example.org").pattern) < len(ANCHOR.pattern)
