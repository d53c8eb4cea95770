"""Text fingerprints: keys, obfuscated variants that match, texts that must not, and the index."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.signals.base import (
    ContentKind,
    Hit,
    MatchSettings,
    SignalError,
    SignalIndex,
    SignalType,
)
from nohaven.signals.text import (
    MIN_SHINGLES,
    SHINGLE_SIZE,
    TEXT,
    TextIndex,
    lsh_rows,
    signal_types,
    text_key,
    text_signal,
)

SENTENCES = {
    "ar": (
        "كان الطقس جميلا هذا الصباح فمشينا على ضفة النهر إلى السوق القديم "
        "واشترينا الخبز الطازج والفواكه"
    ),
    "fr": (
        "Le temps était magnifique ce matin, alors nous avons marché le long de la rivière "
        "jusqu'au vieux marché pour acheter du pain frais."
    ),
    "en": (
        "The weather was lovely this morning, so we walked along the river to the old "
        "market and bought fresh bread and some fruit."
    ),
}

UNRELATED = {
    "ar": "فاز فريقنا في مباراة الأمس بهدفين والملعب كان ممتلئا بالجماهير طوال الشوط الثاني",
    "fr": "Notre équipe a gagné le match hier soir grâce à deux buts marqués en seconde mi-temps.",
    "en": "Our team won the match last night with two goals scored late in the second half.",
}


def _words(text: str, change: Callable[[str], str]) -> str:
    return " ".join(change(word) for word in text.split(" "))


def _arabic_marks(text: str) -> str:
    return "".join(
        char + "\u064e" if "\u0621" <= char <= "\u064a" and i % 2 else char
        for i, char in enumerate(text)
    )


def _tatweel(text: str) -> str:
    return _words(
        text, lambda word: word[:2] + "\u0640\u0640" + word[2:] if len(word) > 3 else word
    )


def _arabic_forms(text: str) -> str:
    return text.replace("ي", "ی").replace("ك", "ک").replace("ه ", "ة ").replace(" ا", " أ")


def _lookalikes(text: str) -> str:
    return text.translate(str.maketrans("aeopcx", "аеорсх"))  # Cyrillic


def _greek(text: str) -> str:
    return text.translate(str.maketrans("oiT", "οιΤ"))


def _zero_width(text: str) -> str:
    return _words(text, lambda word: "\u200b".join(word) if len(word) > 4 else word)


def _bidi(text: str) -> str:
    return f"\u202b{text}\u202c\u200f"


def _spacing(text: str) -> str:
    return text.replace(" ", "  ", 3).replace(" ", "\n", 1).replace(" ", " \t ", 1)


def _spaced_letters(text: str) -> str:
    words = text.split(" ")
    words[3] = " ".join(words[3])
    return " ".join(words)


def _links(text: str) -> str:
    return f"RT @first_account: {text} https://news.example.com/a/1 @someone"


def _other_links(text: str) -> str:
    return f"{text} hxxps://files.example.net/zz99 t[.]me/another_channel @other_user"


def _hashtags(text: str) -> str:
    return f"{text} #placeholder_topic_3 #placeholder_topic_7"


def _punctuation(text: str) -> str:
    return text.replace(" ", "!! ", 2) + " 🙂🙂 ..."


def _upper(text: str) -> str:
    return text.upper()


def _no_accents(text: str) -> str:
    return text.translate(str.maketrans("éèàâç", "eeaac"))


def _insert(text: str) -> str:
    words = text.split(" ")
    return " ".join([*words[:4], "really", *words[4:8], "indeed", *words[8:]])


def _delete(text: str) -> str:
    words = text.split(" ")
    return " ".join(words[:3] + words[4:9] + words[10:])


def _typos(text: str) -> str:
    words = text.split(" ")
    words[2] = words[2][::-1]
    words[6] = words[6] + words[6][-1]
    return " ".join(words)


# (language, variant name, change, whether the text key stays the same)
VARIANTS: list[tuple[str, str, Callable[[str], str], bool]] = [
    ("ar", "diacritics", _arabic_marks, True),
    ("ar", "tatweel", _tatweel, True),
    ("ar", "letter-forms", _arabic_forms, True),
    ("fr", "accents-dropped", _no_accents, True),
    ("fr", "cyrillic-lookalikes", _lookalikes, True),
    ("en", "cyrillic-lookalikes", _lookalikes, True),
    ("en", "greek-lookalikes", _greek, True),
    ("fr", "upper-case", _upper, True),
    ("en", "upper-case", _upper, True),
    *((lang, "zero-width", _zero_width, True) for lang in SENTENCES),
    *((lang, "bidi-controls", _bidi, True) for lang in SENTENCES),
    *((lang, "spacing", _spacing, True) for lang in SENTENCES),
    *((lang, "letters-spaced-apart", _spaced_letters, True) for lang in SENTENCES),
    *((lang, "retweet-link-mention", _links, True) for lang in SENTENCES),
    *((lang, "defanged-links", _other_links, True) for lang in SENTENCES),
    *((lang, "punctuation-emoji", _punctuation, True) for lang in SENTENCES),
    *((lang, "hashtags", _hashtags, True) for lang in SENTENCES),
    *((lang, "inserted-words", _insert, False) for lang in SENTENCES),
    *((lang, "deleted-words", _delete, False) for lang in SENTENCES),
    *((lang, "typos", _typos, False) for lang in SENTENCES),
    ("ar", "all-obfuscations", lambda t: _links(_zero_width(_tatweel(_arabic_marks(t)))), True),
    ("fr", "all-obfuscations", lambda t: _links(_zero_width(_lookalikes(_upper(t)))), True),
    ("en", "edits-and-obfuscations", lambda t: _insert(_delete(_greek(_spacing(t)))), False),
]


def _index(threshold: float = 0.5) -> TextIndex:
    index = TEXT.new_index(MatchSettings(text_threshold=threshold))
    index.add((number, text_signal(text).value) for number, text in enumerate(SENTENCES.values()))
    return index


def _shingles(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + SHINGLE_SIZE] for i in range(len(padded) - SHINGLE_SIZE + 1)}


def _jaccard(one: str, two: str) -> float:
    first, second = _shingles(text_key(one)), _shingles(text_key(two))
    return len(first & second) / len(first | second)


@pytest.mark.parametrize(
    ("lang", "change", "same_key"),
    [
        pytest.param(lang, change, same, id=f"{lang}-{name}")
        for lang, name, change, same in VARIANTS
    ],
)
def test_variant_matches_its_original(
    lang: str, change: Callable[[str], str], same_key: bool
) -> None:
    original = SENTENCES[lang]
    variant = change(original)
    assert variant != original
    own = list(SENTENCES).index(lang)
    hits = _index().query(text_signal(variant).value)
    assert [hit.key for hit in hits] == [own]
    if same_key:
        assert text_key(variant) == text_key(original)
        assert hits[0].distance == 0.0
    else:
        assert 0.0 < hits[0].distance <= 0.5
        assert hits[0].distance == pytest.approx(1.0 - _jaccard(variant, original))


@pytest.mark.parametrize("lang", list(UNRELATED))
def test_unrelated_text_does_not_match(lang: str) -> None:
    assert _index(0.3).query(text_signal(UNRELATED[lang]).value) == []


@pytest.mark.parametrize(
    ("bank", "query"),
    [
        pytest.param("good morning", "good morning everyone", id="short-bank-longer-post"),
        pytest.param("good morning all", "good morning", id="short-post"),
        pytest.param("nice weather today", "nice weather today!!", id="short-post-longer-key"),
        pytest.param("صباح الخير", "صباح الخير للجميع", id="arabic-short"),
        pytest.param("bonne journée à tous", "bonne journée", id="french-short"),
    ],
)
def test_short_texts_match_only_identical_keys(bank: str, query: str) -> None:
    index = TextIndex(0.3)
    index.add([(1, text_key(bank))])
    if text_key(bank) == text_key(query):
        assert index.query(text_key(query)) == [Hit(1, 0.0)]
    else:
        assert index.query(text_key(query)) == []
    assert index.query(text_key(bank)) == [Hit(1, 0.0)]


def test_short_rule_is_the_distinct_shingle_count() -> None:
    short = "weather today"  # 14 characters padded: 11 shingles
    assert len(_shingles(short)) < MIN_SHINGLES
    index = TextIndex(0.1)
    index.add([(1, short), (2, "the weather today is fine")])
    assert [hit.key for hit in index.query(short)] == [1]
    assert [hit.key for hit in index.query("weather today is fine")] == [2]


@pytest.mark.parametrize(
    ("below", "above"),
    [
        pytest.param(0.3, 0.95, id="wide"),
        pytest.param(0.5, 0.9, id="default-and-strict"),
    ],
)
def test_threshold_setting_is_honoured(below: float, above: float) -> None:
    original = SENTENCES["en"]
    variant = _insert(_delete(original))
    similarity = _jaccard(variant, original)
    assert below < similarity < above
    value = text_signal(variant).value
    assert [hit.key for hit in _index(below).query(value)] == [2]
    assert _index(above).query(value) == []
    exact = _index(similarity).query(value)
    assert [hit.key for hit in exact] == [2]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t ", id="whitespace"),
        pytest.param("\u200b\u200c\u2060", id="invisible"),
        pytest.param("!!! ... 🙂🙂", id="punctuation-and-emoji"),
        pytest.param("https://example.com/a @someone", id="link-and-mention"),
        pytest.param("\u064e\u0640\u0651", id="arabic-marks-and-tatweel"),
    ],
)
def test_text_with_nothing_left_is_an_error(text: str) -> None:
    with pytest.raises(SignalError, match="nothing is left to match"):
        text_signal(text)
    with pytest.raises(SignalError):
        TEXT.canonical(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("RT @someone: Héllo, WORLD!!", "hello world", id="retweet-accent-case"),
        pytest.param("see https://a.example.com/x?y=1 now", "see now", id="link"),
        pytest.param("see www.example.org/page now", "see now", id="www-link"),
        pytest.param("see files.example.net/x now", "see now", id="bare-link"),
        pytest.param("see t[.]me/channel and hxxps://x.example now", "see and now", id="defanged"),
        pytest.param("a #good_day to @you", "a good day to", id="inner-hashtag-mention"),
        pytest.param("#news #today rain at noon #weather", "rain at noon", id="edge-hashtags"),
        pytest.param("#only #hashtags", "only hashtags", id="hashtags-alone"),
        pytest.param("match 2024-05-01 at 18:30", "match 9999 99 99 at 99 99", id="digits"),
        pytest.param("w e a t h e r report", "weather report", id="spaced-letters"),
        pytest.param("l'été à Paris", "l ete a paris", id="french-elision"),
        pytest.param("الطَّقْسُ جَمِيــــل", "الطقس جميل", id="arabic-marks-tatweel"),
        pytest.param("٢٠٢٤ سنة", "9999 سنه", id="arabic-digits"),
        pytest.param("ёлка й", "eлka и", id="cyrillic-marks-removed-then-folded"),
    ],
)
def test_text_key(text: str, key: str) -> None:
    assert text_key(text) == key
    assert text_key(key) == key


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_text_key_is_idempotent(text: str) -> None:
    key = text_key(text)
    assert text_key(key) == key


def _posts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    words = " ".join(SENTENCES.values()).split() + " ".join(UNRELATED.values()).split()
    return [" ".join(rng.choices(words, k=rng.randint(2, 25))) for _ in range(count)]


def test_query_many_equals_query() -> None:
    index = TextIndex(0.3)
    bank = _posts(1, 200)
    index.add((number, text_key(text)) for number, text in enumerate(bank))
    queries = [text_key(text) for text in bank[:50] + _posts(2, 300)]
    many = index.query_many(queries)
    assert many == [index.query(value) for value in queries]
    assert sum(map(len, many)) >= 50  # the bank's own texts at least


def test_hits_are_exact_similarities_nearest_first() -> None:
    index = TextIndex(0.3)
    bank = _posts(3, 300)
    index.add((number, text_key(text)) for number, text in enumerate(bank))
    for value in [text_key(text) for text in _posts(4, 300)]:
        hits = index.query(value)
        assert hits == sorted(hits, key=lambda hit: (hit.distance, hit.key))
        for hit in hits:
            if len(_shingles(value)) >= MIN_SHINGLES:
                assert hit.distance == pytest.approx(1.0 - _jaccard(value, bank[hit.key]))


def test_deterministic_and_independent_of_insertion_order() -> None:
    bank = list(enumerate(text_key(text) for text in _posts(5, 300)))
    queries = [text_key(text) for text in _posts(5, 100) + _posts(6, 200)]
    first = TextIndex(0.4)
    first.add(bank)
    second = TextIndex(0.4)
    second.add(bank[150:])
    second.add(reversed(bank[:150]))
    assert first.query_many(queries) == second.query_many(queries)
    assert [text_key(text) for text in _posts(7, 50)] == [text_key(text) for text in _posts(7, 50)]


def test_adding_after_a_query_rebuilds_the_index() -> None:
    index = TextIndex()
    index.add([(10, text_key(SENTENCES["en"]))])
    value = text_key(_insert(SENTENCES["en"]))
    assert [hit.key for hit in index.query(value)] == [10]
    index.add([(11, text_key(_delete(SENTENCES["en"]))), (12, text_key(SENTENCES["fr"]))])
    assert sorted(hit.key for hit in index.query(value)) == [10, 11]
    assert len(index) == 3


@pytest.mark.parametrize(
    ("entries", "error"),
    [
        pytest.param([(1, "some text here"), (1, "other text here")], ValueError, id="same-batch"),
        pytest.param([(2, "")], SignalError, id="empty-value"),
    ],
)
def test_bad_entries_are_refused(entries: list[tuple[int, str]], error: type[Exception]) -> None:
    index = TextIndex()
    index.add([(99, "a first entry text")])
    with pytest.raises(error):
        index.add(entries)
    assert len(index) == 1


def test_a_key_may_be_added_once() -> None:
    index = TextIndex()
    index.add([(1, "a first entry text")])
    with pytest.raises(ValueError, match="already added"):
        index.add([(1, "another text")])
    assert len(index) == 1


def test_empty_index_and_empty_batch() -> None:
    index = TextIndex()
    assert index.query("anything at all in this text") == []
    assert index.query_many([]) == []
    index.add([])
    assert len(index) == 0


@pytest.mark.parametrize(
    ("threshold", "rows"),
    [
        pytest.param(0.3, 2, id="0.3"),
        pytest.param(0.5, 3, id="0.5"),
        pytest.param(0.8, 6, id="0.8"),
        pytest.param(1.0, 128, id="1.0"),
    ],
)
def test_lsh_rows(threshold: float, rows: int) -> None:
    assert lsh_rows(threshold) == rows
    assert TextIndex(threshold).lsh_bands == (128 // rows, rows)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"threshold": 0.0}, id="threshold-zero"),
        pytest.param({"threshold": 1.5}, id="threshold-above-one"),
        pytest.param({"shingle_size": 1}, id="shingle-size"),
        pytest.param({"bins": 100}, id="bins-not-power-of-two"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        TextIndex(**kwargs)  # type: ignore[arg-type]


def test_signal_type_contract() -> None:
    assert isinstance(TEXT, SignalType)
    assert signal_types() == [TEXT]
    assert (TEXT.name, TEXT.kind, TEXT.threatexchange_name) == (
        "text",
        ContentKind.TEXT,
        "raw_text",
    )
    assert isinstance(TEXT.new_index(MatchSettings()), SignalIndex)
    signal = text_signal("  The Weather\u200b  Today! ")
    assert (signal.type, signal.value, signal.quality) == ("text", "the weather today", None)
    assert TEXT.canonical(signal.value) == signal.value


def test_signatures_never_change_silently() -> None:
    # A saved index would rely on these: a change to the shingle hash, the bins or the
    # densification must be deliberate (and versioned), never a side effect.
    hashing = TextIndex()._hashing
    shingled = hashing.shingle(
        [text_key("The weather was lovely this morning, so we walked along the river.")]
    )
    signature = hashing.signatures(shingled, np.array([0]))
    assert shingled.counts.tolist() == [61]
    assert signature[0, :8].tolist() == [
        623474508,
        623474508,
        1402509994,
        2196255699,
        580500091,
        1837049118,
        1837049118,
        580500091,
    ]
    assert hashing.band_keys(signature)[0, :2].tolist() == [
        8863931444052653833,
        1050895396303900204,
    ]
