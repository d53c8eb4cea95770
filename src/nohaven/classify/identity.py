"""Religious identity terms: does the model score a faith, not a stance?

``data/identity_templates_eval.json`` holds neutral sentences (everyday life, charity, a
condemnation of an attack), each written once per faith with only the faith's words changed ("I
am a Muslim and I love my neighbours." / "I am a Christian and ..."), in Arabic, French and
English; ``data/identity_communities_eval.json`` is a second set of frames, written once per
branch or community of a faith (Shia, Sunni, Sufi, Alawite, Druze, Yazidi, Catholic, Protestant,
Orthodox). Everything below holds for both sets, each identity compared within its own. None is
propaganda, and the sentences of one frame differ only by the faith, so a model that has learnt
stance scores them alike. For each language and faith this module gives the sentences' flag rate
at the threshold, their mean and highest score, and the *gap*: the mean over the frames of the
faith's score less the mean score of the other faiths' sentences of the same frame. With the
propaganda accounts' test tweets it also gives the ROC-AUC of those tweets against the faith's
sentences (a low one means the faith's words alone rank like the group's tweets).

This is the template measure of unintended bias (Dixon et al., 2018, "Measuring and Mitigating
Unintended Bias in Text Classification"): it cannot say how often real posts are flagged, only
whether the same sentence is scored differently for one faith. The eval files are never trained
on (the train files, other frames, are: see ``TrainingSettings.identity_faiths``). The real-data
measure is :func:`faith_subgroups`: how often the real negatives of the test split that name a
faith (:data:`FAITH_WORDS`) are flagged, against every negative (the subgroup false-positive
rate of Borkan et al., 2019).
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score

from nohaven.classify.calibration import FloatArray
from nohaven.classify.metrics import _rounded

__all__ = [
    "FAITH_WORDS",
    "TEMPLATE_SETS",
    "FaithSubgroup",
    "IdentityFigures",
    "IdentityTemplateError",
    "IdentityText",
    "biased_identities",
    "faith_subgroups",
    "faiths_named",
    "identity_figures",
    "load_identity_texts",
    "over_represented",
    "parse_identity_templates",
]

#: The template files, ``<set>_<which>.json`` in the package's data: the faiths; the branches
#: and communities of faiths (Shia, Sunni, Sufi, Alawite, Druze, Yazidi, Catholic, Protestant,
#: Orthodox); and peoples and nationalities (Arab, Kurdish, Afghan, Pakistani, Somali, Chechen,
#: Syrian, Iraqi, British, American, German, French), each with its own frames. A sentence's
#: gap is taken within its set.
TEMPLATE_SETS = ("identity_templates", "identity_communities", "identity_peoples")


#: Arabic particles and the article that may lead a word ("wa", "bi", "li", "al", "lil").
_ARABIC_LEAD = "[وفبلك]?(?:ال|لل)?"


def _words(latin: str, arabic: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{latin}|{_ARABIC_LEAD}(?:{arabic}))(?!\w)")


#: The words that name each faith or community of the templates, its believers or its places
#: of worship, in English, French and Arabic, as they are written in a cleaned text (lower
#: case, Arabic teh marbuta read as heh: :func:`~nohaven.classify.features.classifier_text`).
#: Not the adjectives of the group's own name ("islamic", "الاسلاميه"), nor words that other faiths
#: share ("temple", "monastery").
FAITH_WORDS: dict[str, re.Pattern[str]] = {
    "muslim": _words(
        r"muslims?|moslems?|islam|mosques?|musulman(?:e|s|es)?|mosquées?",
        r"مسلم(?:ون|ين|ه|ات)?|اسلام|مسجد|مساجد",
    ),
    "christian": _words(
        r"christians?|christianity|church(?:es)?|chrétien(?:ne)?s?|christianisme|églises?",
        r"مسيحي(?:ون|ين|ه)?|كنيسه|كنائس",
    ),
    "jewish": _words(
        r"jews?|jewish|judaism|synagogues?|juif|juifs|juives?|judaïsme", r"يهود(?:ي|يه)?|كنيس"
    ),
    "hindu": _words(r"hindus?|hinduism|mandirs?|hindou(?:e)?s?|hindouisme", r"هندوس(?:ي|يه)?"),
    "buddhist": _words(r"buddhists?|buddhism|bouddhistes?|bouddhisme", r"بوذي(?:ون|ين|ه)?"),
    "sikh": _words(r"sikhs?|sikhism|gurdwaras?|sikhe?s?|sikhisme", r"سيخ(?:ي|يه)?"),
    "shia": _words(r"shias?|shiites?|shiism|chiites?|chiisme", r"شيعي(?:ون|ين|ه)?|شيعه"),
    # not the bare "السنه" (also "the year" and "the Sunnah")
    "sunni": _words(r"sunnis?|sunnism|sunnites?|sunnisme", r"سني(?:ون|ين|ه)?|اهل السنه"),
    "sufi": _words(r"sufis?|sufism|soufie?s?|soufisme", r"صوفي(?:ون|ين|ه)?"),
    "alawite": _words(r"alawites?|alaouites?", r"علوي(?:ون|ين|ه)?"),
    "druze": _words(r"druzes?", r"درزي(?:ه)?|دروز"),
    "yazidi": _words(r"yazidis?|yezidis?|yézidie?s?|yazidism", r"ايزيدي(?:ون|ين|ه)?"),
    "catholic": _words(
        r"catholics?|catholicism|catholiques?|catholicisme", r"كاثوليكي(?:ه)?|كاثوليك"
    ),
    "protestant": _words(
        r"protestants?|protestantism|protestante?s?|protestantisme", r"بروتستانتي(?:ه)?|بروتستانت"
    ),
    "orthodox": _words(r"orthodox|orthodoxe?s?", r"ارثوذكسي(?:ه)?|ارثوذكس"),
}


def faiths_named(cleaned: str) -> frozenset[str]:
    """The faiths of :data:`FAITH_WORDS` that a cleaned text names."""
    return frozenset(faith for faith, words in FAITH_WORDS.items() if words.search(cleaned))


@dataclass(frozen=True, slots=True)
class FaithSubgroup:
    """The real test texts that name one faith: negatives flagged, positives found."""

    faith: str
    negatives: int
    flagged: int
    false_positive_rate: float | None
    positives: int
    found: int

    def as_json(self) -> dict[str, str | float | int | None]:
        return {key: _rounded(value) for key, value in asdict(self).items()}


def faith_subgroups(
    cleaned: Sequence[str],
    scores: FloatArray,
    positive: npt.NDArray[np.bool_],
    negative: npt.NDArray[np.bool_],
    threshold: float,
) -> dict[str, FaithSubgroup]:
    """For each faith, the ``negative`` texts (cleaned) that name it and how many are flagged,
    and the ``positive`` ones and how many are found; texts that are neither are not counted."""
    named = [faiths_named(text) for text in cleaned]
    flagged = np.asarray(scores) >= threshold
    out = {}
    for faith in FAITH_WORDS:
        mine = np.array([faith in found for found in named], dtype=bool)
        negatives = int((mine & negative).sum())
        wrong = int((mine & negative & flagged).sum())
        out[faith] = FaithSubgroup(
            faith=faith,
            negatives=negatives,
            flagged=wrong,
            false_positive_rate=wrong / negatives if negatives else None,
            positives=int((mine & positive).sum()),
            found=int((mine & positive & flagged).sum()),
        )
    return out


def over_represented(
    cleaned: Sequence[str],
    weights: FloatArray,
    positive: npt.NDArray[np.bool_],
    negative: npt.NDArray[np.bool_],
) -> tuple[str, ...]:
    """The identities of :data:`FAITH_WORDS` that the ``positive`` texts name more often than
    the ``negative`` ones, each side's rate weighed by ``weights`` (as training weighs them):
    the terms Dixon et al. (2018) balance with non-toxic examples."""
    named = [faiths_named(text) for text in cleaned]
    out = []
    for identity in FAITH_WORDS:
        mine = np.array([identity in found for found in named], dtype=bool)
        rates = [
            float((weights * (mine & side)).sum() / (weights * side).sum())
            for side in (positive, negative)
        ]
        if rates[0] > rates[1]:
            out.append(identity)
    return tuple(out)


def biased_identities(figures: dict[str, IdentityFigures], min_gap: float = 0.1) -> tuple[str, ...]:
    """The identities whose sentences ``figures`` (of :func:`identity_figures`) show flagged,
    or scored ``min_gap`` or more above the others of their set in some language: the ones to
    balance. Measured on the train files with a model that learnt none of them, this chose
    ``TrainingSettings.identity_faiths``."""
    return tuple(
        sorted({item.identity for item in figures.values() if item.flagged or item.gap >= min_gap})
    )


class IdentityTemplateError(ValueError):
    """A templates file that cannot be used, with the file, the place in it and the reason."""


@dataclass(frozen=True, slots=True)
class IdentityText:
    """One sentence: a frame of ``language`` filled with ``identity``'s words."""

    text: str
    language: str
    identity: str
    frame: int  # the frame's index in its language's list
    templates: str = TEMPLATE_SETS[0]  # the set (file) of its frame

    def source(self, which: str) -> str:
        """Where the sentence comes from, as a corpus example's ``source``."""
        return f"nohaven:{self.templates}_{which}.json:{self.language}:{self.frame}:{self.identity}"

    @classmethod
    def from_source(cls, text: str, source: str) -> IdentityText | None:
        """The sentence of a corpus example (None: ``source`` is not an identity template's)."""
        parts = source.split(":")
        if len(parts) != 5 or parts[0] != "nohaven":
            return None
        templates = parts[1].rsplit("_", 1)[0]
        if templates not in TEMPLATE_SETS:
            return None
        _, _, language, frame, identity = parts
        return cls(text, language, identity, int(frame), templates)


@dataclass(frozen=True, slots=True)
class IdentityFigures:
    """One faith's sentences in one language (see the module documentation)."""

    language: str
    identity: str
    texts: int
    flagged: int
    mean_score: float
    max_score: float
    gap: float  # mean over frames of (score - the other faiths' mean score of the frame)
    roc_auc: float | None  # the propaganda tweets against these sentences (None: none given)

    def as_json(self) -> dict[str, str | float | int | None]:
        return {key: _rounded(value) for key, value in asdict(self).items()}


def load_identity_texts(which: str = "eval", path: Path | None = None) -> list[IdentityText]:
    """The sentences of the shipped template files ``which`` ("eval" or "train"; every set of
    :data:`TEMPLATE_SETS`), or of ``path`` (one set)."""
    if path is not None:
        return parse_identity_templates(path.read_text(encoding="utf-8"), str(path))
    out: list[IdentityText] = []
    for templates in TEMPLATE_SETS:
        name = f"{templates}_{which}.json"
        data = resources.files("nohaven.classify").joinpath("data", name).read_text("utf-8")
        out += parse_identity_templates(data, f"nohaven/classify/data/{name}", templates)
    return out


def parse_identity_templates(
    text: str, name: str, templates: str = TEMPLATE_SETS[0]
) -> list[IdentityText]:
    """Fill every frame with every identity's words; errors name ``name``, the language, the
    frame or identity, and the reason."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IdentityTemplateError(f"{name}:{error.lineno}: not JSON: {error.msg}") from error
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, dict) or not languages:
        raise IdentityTemplateError(f"{name}: no 'languages' object")
    out: list[IdentityText] = []
    for language, block in languages.items():
        where = f"{name}: languages.{language}"
        identities = block.get("identities") if isinstance(block, dict) else None
        frames = block.get("frames") if isinstance(block, dict) else None
        if not isinstance(identities, dict) or len(identities) < 2:
            raise IdentityTemplateError(f"{where}: needs an 'identities' object of two or more")
        if not isinstance(frames, list) or not frames:
            raise IdentityTemplateError(f"{where}: needs a non-empty 'frames' list")
        for index, frame in enumerate(frames):
            if not isinstance(frame, str):
                raise IdentityTemplateError(f"{where}.frames[{index}]: not a string")
            slots = {field for _, field, _, _ in string.Formatter().parse(frame) if field}
            for identity, words in identities.items():
                missing = sorted(slots - set(words))
                if missing:
                    raise IdentityTemplateError(
                        f"{where}.frames[{index}]: identity {identity!r} has no {missing}"
                    )
                filled = frame.format(**words)
                out.append(
                    IdentityText(
                        filled[:1].upper() + filled[1:], language, identity, index, templates
                    )
                )
    return out


def identity_figures(
    texts: Sequence[IdentityText],
    scores: FloatArray,
    threshold: float,
    positive_scores: FloatArray | None = None,
) -> dict[str, IdentityFigures]:
    """The figures of each language and faith, keyed ``"language:identity"``, from the
    sentences' ``scores`` (in ``texts`` order)."""
    if len(texts) != len(scores):
        raise ValueError(f"{len(texts)} sentences but {len(scores)} scores")
    values = np.asarray(scores, dtype=np.float64)
    by_frame: dict[tuple[str, str, int], dict[str, float]] = {}
    for item, score in zip(texts, values, strict=True):
        key = (item.templates, item.language, item.frame)
        by_frame.setdefault(key, {})[item.identity] = float(score)
    out: dict[str, IdentityFigures] = {}
    keys = sorted({(item.language, item.identity) for item in texts})
    for language, identity in keys:
        mine = np.array(
            [
                score
                for item, score in zip(texts, values, strict=True)
                if item.language == language and item.identity == identity
            ]
        )
        gaps = []
        for (_, lang, _), row in by_frame.items():
            others = [score for name, score in row.items() if name != identity]
            if lang == language and identity in row and others:
                gaps.append(row[identity] - float(np.mean(others)))
        auc = None
        if positive_scores is not None and len(positive_scores):
            labels = np.r_[np.ones(len(positive_scores)), np.zeros(len(mine))]
            auc = float(roc_auc_score(labels, np.r_[positive_scores, mine]))
        out[f"{language}:{identity}"] = IdentityFigures(
            language=language,
            identity=identity,
            texts=len(mine),
            flagged=int((mine >= threshold).sum()),
            mean_score=float(mine.mean()),
            max_score=float(mine.max()),
            gap=float(np.mean(gaps)) if gaps else 0.0,
            roc_auc=auc,
        )
    return out
