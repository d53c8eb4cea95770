"""The plain definition of :func:`nohaven.classify.features.classifier_text`: every rule on
every text, in order, with no shortcut. The library skips a rule where a cheaper scan shows it
cannot change the text; the tests check that the answers are the same."""

from __future__ import annotations

import re

from nohaven.classify import features as f
from nohaven.text import matching_key

_SPACES = re.compile(r"\s+")


def _leet(match: re.Match[str]) -> str:
    return match.group(0).translate(f._LEET_TABLE)


def plain_classifier_text(text: str) -> str:
    text = f._BLANKS.sub(" ", text)
    text = f._SPACED.sub(f._join_spaced, text)
    key = matching_key(text)
    key = f._RETWEET.sub("", key)
    key = f._URL.sub(" ", key)
    key = f._HANDLE.sub(" ", key)
    key, words = f._LEET_WORD.subn(_leet, key)
    if words >= 2:
        key = f._LEET_SHORT.sub(_leet, key)
    key = f._DIGITS.sub("9", key)
    key = f._QUOTES.sub(" ", key)
    key = _SPACES.sub(" ", key).strip()
    key = f._DIGITS.sub("9", f._SPACED.sub(f._join_spaced, key))
    return f._LETTER_RUN.sub(r"\1\1", f._ARABIC_RUN.sub(r"\1", key))
