"""Toy corpora for the classify tests: neutral placeholder topics stand in for the labels.

Label ``propaganda`` is played by sentences about football and the weather, label ``other`` by
sentences about cooking and gardening, in English, French and Arabic. Nothing here resembles
real propaganda: the tests exercise the machinery, not the task.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from nohaven.classify.cascade import ContentModel, Mode
from nohaven.classify.corpus import Example
from nohaven.classify.ngram import NgramClassifier

POSITIVE = "propaganda"
NEGATIVE = "other"
THIRD = "neutral"

T0 = datetime(2020, 1, 1, tzinfo=UTC)

# (subject, verb phrase, complement) fragments per (topic, language).
_WORDS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    ("sport", "en"): (
        ("the football team", "the goalkeeper", "our striker", "the referee", "the coach"),
        ("scored a goal in", "won the match at", "trained hard before", "played well in"),
        ("the stadium", "the final", "the league", "the second half", "the cup match"),
    ),
    ("sport", "fr"): (
        ("l'équipe de football", "le gardien", "notre attaquant", "l'arbitre", "l'entraîneur"),
        ("a marqué un but pendant", "a gagné le match dans", "a bien joué pendant"),
        ("le stade", "la finale", "le championnat", "la deuxième mi-temps", "la coupe"),
    ),
    ("sport", "ar"): (
        ("فريق كرة القدم", "حارس المرمى", "المهاجم", "الحكم", "المدرب"),
        ("سجل هدفا في", "فاز بالمباراة في", "لعب جيدا في"),
        ("الملعب", "النهائي", "الدوري", "الشوط الثاني", "الكأس"),
    ),
    ("weather", "en"): (
        ("the weather", "the rain", "the wind", "the sunshine", "the forecast"),
        ("is lovely over", "will be cold across", "turned warm over", "looks cloudy over"),
        ("the hills", "the coast", "the valley", "the city today", "the weekend"),
    ),
    ("weather", "fr"): (
        ("la météo", "la pluie", "le vent", "le soleil", "la température"),
        ("sera douce sur", "devient froide sur", "est agréable sur"),
        ("la côte", "les collines", "la vallée", "la ville aujourd'hui", "le week-end"),
    ),
    ("weather", "ar"): (
        ("الطقس", "المطر", "الرياح", "الشمس", "درجة الحرارة"),
        ("جميل اليوم في", "بارد في", "معتدل في"),
        ("المدينة", "الساحل", "الجبال", "الوادي", "نهاية الأسبوع"),
    ),
    ("cooking", "en"): (
        ("the soup", "my grandmother", "this recipe", "the baker", "the chef"),
        ("needs more salt with", "is simmered slowly with", "tastes better with"),
        ("fresh garlic", "olive oil", "roasted onions", "a pinch of pepper", "warm bread"),
    ),
    ("cooking", "fr"): (
        ("la soupe", "ma grand-mère", "cette recette", "le boulanger", "le chef"),
        ("se prépare lentement avec", "est meilleure avec", "demande un peu de"),
        ("l'ail frais", "l'huile d'olive", "les oignons rôtis", "une pincée de poivre"),
    ),
    ("cooking", "ar"): (
        ("الحساء", "جدتي", "هذه الوصفة", "الخباز", "الطباخ"),
        ("يحتاج إلى", "يطبخ ببطء مع", "ألذ مع"),
        ("الثوم الطازج", "زيت الزيتون", "البصل المشوي", "الخبز الساخن", "الملح"),
    ),
    ("garden", "en"): (
        ("the tomatoes", "my roses", "the garden", "the apple tree", "our neighbour"),
        ("grow well beside", "need watering near", "were planted along"),
        ("the fence", "the vegetable beds", "the greenhouse", "the pond", "the lawn"),
    ),
    ("garden", "fr"): (
        ("les tomates", "mes roses", "le jardin", "le pommier", "notre voisin"),
        ("poussent bien près de", "ont besoin d'eau près de", "sont plantées le long de"),
        ("la clôture", "le potager", "la serre", "la mare", "la pelouse"),
    ),
    ("garden", "ar"): (
        ("الطماطم", "الورود", "الحديقة", "شجرة التفاح", "جارنا"),
        ("تنمو جيدا قرب", "تحتاج إلى الماء قرب", "زرعت بجانب"),
        ("السياج", "أحواض الخضار", "البيت الزجاجي", "البركة", "العشب"),
    ),
    ("music", "en"): (
        ("the orchestra", "the violinist", "our choir", "the pianist", "the band"),
        ("rehearsed a song for", "played a concert at", "recorded an album in"),
        ("the opera house", "the festival", "the studio", "the town hall", "the park"),
    ),
    ("music", "fr"): (
        ("l'orchestre", "le violoniste", "notre chorale", "le pianiste", "le groupe"),
        ("a répété une chanson pour", "a joué un concert à", "a enregistré un album à"),
        ("l'opéra", "le festival", "le studio", "la mairie", "le parc"),
    ),
    ("music", "ar"): (
        ("الفرقة الموسيقية", "عازف الكمان", "الجوقة", "عازف البيانو", "المغني"),
        ("عزف لحنا في", "أقام حفلا في", "سجل ألبوما في"),
        ("دار الأوبرا", "المهرجان", "الاستوديو", "الحديقة العامة", "القاعة"),
    ),
}

TOPICS_OF = {POSITIVE: ("sport", "weather"), NEGATIVE: ("cooking", "garden"), THIRD: ("music",)}
LANGUAGES = ("en", "fr", "ar")


def sentence(topic: str, lang: str, rng: random.Random) -> str:
    """One neutral sentence about ``topic`` in ``lang``."""
    subjects, verbs, complements = _WORDS[(topic, lang)]
    return f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(complements)}"


def tag(index: int) -> str:
    """A letters-only word unique to ``index`` ("kxa", "kxb" ...): keeps skeletons distinct."""
    letters = ""
    while True:
        index, rest = divmod(index, 26)
        letters = chr(ord("a") + rest) + letters
        if not index:
            break
    return "kx" + letters


@dataclass(frozen=True, slots=True)
class Toy:
    """Parallel lists of a toy corpus."""

    texts: list[str]
    labels: list[str]
    groups: list[str]


def toy_examples(
    n: int = 300,
    *,
    labels: Sequence[str] = (POSITIVE, NEGATIVE),
    accounts: int = 20,
    family: str = "toy",
    seed: int = 0,
) -> list[Example]:
    """``n`` examples; account ``acct-k`` posts about one label only, one post an hour."""
    rng = random.Random(seed)
    out = []
    for index in range(n):
        account = index % accounts
        label = labels[account % len(labels)]
        lang = LANGUAGES[(index // accounts) % len(LANGUAGES)]
        topic = rng.choice(TOPICS_OF[label])
        text = f"{sentence(topic, lang, rng)} {tag(index)}"
        out.append(
            Example(
                text,
                label,
                family,
                f"acct-{account + 1}",
                f"toy.csv:{index + 2}",
                T0 + timedelta(hours=index),
                lang,
            )
        )
    return out


def toy(n: int = 300, *, labels: Sequence[str] = (POSITIVE, NEGATIVE), seed: int = 0) -> Toy:
    examples = toy_examples(n, labels=labels, seed=seed)
    return Toy([e.text for e in examples], [e.label for e in examples], [e.group for e in examples])


def fast_content_model(fast: NgramClassifier, version: str = "toy-1") -> ContentModel:
    """A fast-mode content model named "toy" around ``fast``, threshold 0.5."""
    return ContentModel("toy", version, fast, POSITIVE, NEGATIVE, 0.5, mode=Mode.FAST)


def headline_toy_model() -> tuple[ContentModel, list[Example]]:
    """A toy content model fit on 200 toy examples, and the other 100 as its test split: the
    positives in the family ``propaganda`` (the headline positives of the evaluation), the
    negatives in ``written-eval``."""
    examples = [
        replace(e, family="propaganda" if e.label == POSITIVE else "written-eval")
        for e in toy_examples(300)
    ]
    train, test = examples[:200], examples[200:]
    fast = NgramClassifier(positive=POSITIVE, folds=3).fit(
        [e.text for e in train], [e.label for e in train], groups=[e.group for e in train]
    )
    return fast_content_model(fast), test
