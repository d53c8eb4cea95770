"""classifier_text and NgramHasher: cleaning rules, idempotence, pinned hashes, the scoring path."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nohaven.classify.features import HASH_SCHEME, NgramHasher, classifier_text

from .plain_cleaning import plain_classifier_text


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        pytest.param("RT @user_1: the weather is lovely", "the weather is lovely", id="rt-prefix"),
        pytest.param("rt @user_1 the weather", "the weather", id="rt-prefix-no-colon"),
        pytest.param("ＲＴ ＠someone： sunny", "sunny", id="fullwidth-rt-prefix"),
        pytest.param("see https://t.co/AbC123 now", "see now", id="https-url"),
        pytest.param("see http://example.org/a?b=c now", "see now", id="http-url"),
        pytest.param("see www.example.org/x now", "see now", id="www-url"),
        pytest.param("see bit.ly/xyz now", "see now", id="bare-shortener"),
        pytest.param("visit example.com/page today", "visit today", id="bare-domain-path"),
        pytest.param("ask @bob_2 about rain", "ask about rain", id="handle-dropped"),
        pytest.param("ask ＠bob about rain", "ask about rain", id="fullwidth-handle"),
        pytest.param("goal in minute 90 of 2024", "goal in minute 9 of 9", id="digits-folded"),
        pytest.param("الطقس ١٢ درجة", "الطقس 9 درجه", id="arabic-indic-digits"),
        pytest.param("the w3ath3r is n1ce", "the weather is nice", id="leetspeak-word"),
        pytest.param("g4rd3n t0mat0es", "garden tomatoes", id="leetspeak-all-digits"),
        pytest.param("the s p a c e d word", "the spaced word", id="spaced-letters"),
        pytest.param("h e l l o  w o r l d", "hello world", id="spaced-words"),
        pytest.param("a b", "a b", id="two-singles-kept"),
        pytest.param("Football  AND\tTennis\n", "football and tennis", id="case-and-spaces"),
        pytest.param("الطقس جميل اليوم", "الطقس جميل اليوم", id="arabic-kept"),
        pytest.param("الطَّقْسُ جَمِيلٌ", "الطقس جميل", id="arabic-diacritics-folded"),
        pytest.param("il fait très beau", "il fait très beau", id="french-accents-kept"),
        pytest.param("wе\u200bather", "weather", id="invisible-and-homoglyph"),
        pytest.param("", "", id="empty"),
        pytest.param("https://t.co/x @bob", "", id="only-link-and-handle"),
        pytest.param("soooo goooood", "soo good", id="drawn-out-latin-to-two"),
        pytest.param("good book", "good book", id="double-letters-kept"),
        pytest.param("الطقس جمييييل", "الطقس جميل", id="drawn-out-arabic-to-one"),
        pytest.param("للمدرسه", "للمدرسه", id="arabic-double-letter-kept"),
        pytest.param("s o o o n", "soon", id="spaced-then-drawn-out"),
        pytest.param("year 2000", "year 9", id="digit-runs-are-numbers"),
    ],
)
def test_classifier_text(text: str, cleaned: str) -> None:
    assert classifier_text(text) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("release 2015", id="year"),
        pytest.param("rain 45 mm", id="number"),
    ],
)
def test_classifier_text_numbers_are_not_leetspeak(text: str) -> None:
    assert not any(char in classifier_text(text) for char in "aeiost" if char not in text)


# Latin, French and Arabic letters, marks, tatweel, a zero-width space, punctuation and plain
# spaces: no digits, no other white space (the tests below cover those).
_IDEMPOTENT_ALPHABET = st.sampled_from(
    list("abcdeilmnorstuwxyzABCRTXéèàçôﬁ .,!?'-#:@_/")
    + list("الطقسجميليومةىأإآءئؤ")
    + ["\u064e", "\u0651", "\u0640", "\u200b", "а", "е"]
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_IDEMPOTENT_ALPHABET, max_size=60))
def test_classifier_text_idempotent_without_digits_or_odd_spaces(text: str) -> None:
    once = classifier_text(text)
    assert classifier_text(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
@example("covid19 vaccine")
@example("a b http://example.org c")
@example("a\nb\nc")
@example("a\u00a0b\u00a0c")
def test_classifier_text_idempotent(text: str) -> None:
    once = classifier_text(text)
    assert classifier_text(once) == once


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("covid19 vaccine", id="letters-then-digits-outside-leet"),
        pytest.param("h2o is water", id="digit-2-inside-word"),
        pytest.param("a b http://example.org c", id="spaced-across-url"),
        pytest.param("a\nb\nc", id="spaced-across-line-breaks"),
        pytest.param("a\u00a0b\u00a0c", id="spaced-with-no-break-spaces"),
    ],
)
def test_classifier_text_idempotent_cases(text: str) -> None:
    once = classifier_text(text)
    assert classifier_text(once) == once


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("rain 1 2 345", id="spaced-digits"),
        pytest.param("3 3 233", id="spaced-digits-only"),
        pytest.param('7"77"a', id="digits-around-quotes"),
        pytest.param("5\t59\t5", id="digits-around-tabs"),
    ],
)
def test_classifier_text_idempotent_digit_runs(text: str) -> None:
    once = classifier_text(text)
    assert classifier_text(once) == once


# What every rule reacts to: links (with and without "/"), handles, the retweet prefix, digits
# and leetspeak, quotes, spaced letters, odd white space, Arabic and look-alikes.
_RULE_ALPHABET = st.sampled_from(
    [
        *'abehlortw ./:@＠_"“«»0134579',
        *("http://", "https://", "www.", "x.com/", "bit.ly/", "rt @", "RT @u: "),
        *("  ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "а", "٣"),
        *("ال", "طقس", "\u064e", "\u0640", "a b c", " 1 2 3", "w3ath3r", " 15 "),
    ]
)


@settings(max_examples=1_500, deadline=None)
@given(st.lists(_RULE_ALPHABET, max_size=25).map("".join))
@example("awww.abc.com/x")
@example("see www.example.org now")
@example("a b c https://t.co/x d e f")
@example('"q" «r» 12 34')
def test_classifier_text_is_the_plain_definition(text: str) -> None:
    assert classifier_text(text) == plain_classifier_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_classifier_text_is_the_plain_definition_on_any_text(text: str) -> None:
    assert classifier_text(text) == plain_classifier_text(text)


# --- NgramHasher -------------------------------------------------------------------------------


def column_in(hasher: NgramHasher, text: str, ngram: str) -> int:
    """The column of ``ngram``, an n-gram of ``text`` padded with a space at each end."""
    cols, offsets, lengths = hasher.occurrences(text)
    padded = f" {text} "
    for col, start, length in zip(cols.tolist(), offsets.tolist(), lengths.tolist(), strict=True):
        if padded[start : start + length] == ngram:
            return int(col)
    raise AssertionError(f"{ngram!r} is not an n-gram of {padded!r}")


# Golden columns of the default hasher (2..5-grams, 2**20 columns), computed once with
# HASH_SCHEME "fnv1a-codepoint-mix64-v1". If one changes, saved models score differently: a
# change of the hash requires a new HASH_SCHEME (load_model then refuses the old models).
GOLDEN = [
    pytest.param("weather", " w", 450758, id="space-w-2gram"),
    pytest.param("weather", "ath", 531119, id="ath-3gram"),
    pytest.param("طقس", "طقس", 301242, id="arabic-3gram"),
    pytest.param("weather", "ther ", 930133, id="ther-space-5gram"),
]


def test_hash_scheme_name_is_pinned() -> None:
    assert HASH_SCHEME == "fnv1a-codepoint-mix64-v1"


@pytest.mark.parametrize(("text", "ngram", "column"), GOLDEN)
def test_golden_columns(text: str, ngram: str, column: int) -> None:
    assert column_in(NgramHasher(), text, ngram) == column


@pytest.mark.parametrize(("text", "ngram", "column"), GOLDEN)
@pytest.mark.parametrize("bits", [pytest.param(bits, id=f"bits-{bits}") for bits in (10, 16, 20)])
def test_fewer_bits_keep_the_top_bits(text: str, ngram: str, column: int, bits: int) -> None:
    assert column_in(NgramHasher(bits=bits), text, ngram) == column >> (20 - bits)


@pytest.mark.parametrize(("text", "ngram", "column"), GOLDEN)
def test_column_does_not_depend_on_the_range_of_n(text: str, ngram: str, column: int) -> None:
    size = len(ngram)
    assert column_in(NgramHasher(min_n=size, max_n=size), text, ngram) == column


@pytest.mark.parametrize(
    ("first", "second", "ngram"),
    [
        pytest.param("weather", "bath", "ath", id="inside-words"),
        pytest.param("rain today", "the rain", "rain", id="word"),
        pytest.param("الطقس جميل", "طقس", "طقس", id="arabic"),
    ],
)
def test_same_ngram_same_column_in_any_text(first: str, second: str, ngram: str) -> None:
    hasher = NgramHasher()
    assert column_in(hasher, first, ngram) == column_in(hasher, second, ngram)


def test_columns_are_the_same_in_another_process() -> None:
    texts = ["the weather is lovely", "الطقس جميل اليوم", "il fait beau", ""]
    code = (
        "import sys, json\n"
        "from nohaven.classify.features import NgramHasher\n"
        "rows, cols, offsets = NgramHasher().hashes(json.loads(sys.argv[1]))\n"
        "print(json.dumps([rows.tolist(), cols.tolist(), offsets.tolist()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(texts)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    rows, cols, offsets = NgramHasher().hashes(texts)
    assert json.loads(result.stdout) == [rows.tolist(), cols.tolist(), offsets.tolist()]


def test_hashes_are_deterministic_across_calls() -> None:
    hasher = NgramHasher()
    texts = ["the weather is lovely", "la pluie", "المطر"]
    first = hasher.hashes(texts)
    second = hasher.hashes(list(reversed(texts)))
    # the same n-grams give the same columns, whatever the batch
    for index, text in enumerate(texts):
        alone = hasher.hashes([text])[1]
        in_first = first[1][first[0] == index]
        in_second = second[1][second[0] == len(texts) - 1 - index]
        assert sorted(alone.tolist()) == sorted(in_first.tolist()) == sorted(in_second.tolist())


def test_ngrams_never_cross_texts() -> None:
    hasher = NgramHasher(min_n=2, max_n=3)
    rows, _, offsets = hasher.hashes(["ab", "cd"])
    # " ab " has 3 bigrams and 2 trigrams, and so does " cd "
    assert np.bincount(rows).tolist() == [5, 5]
    assert offsets.max() <= len(" ab ") - 2


def test_transform_rows_without_repeats_have_unit_length() -> None:
    hasher = NgramHasher(bits=16)
    matrix = hasher.transform(["abcdefgh", "rain", "الطقس"])
    assert matrix.shape == (3, 1 << 16)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert norms == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)


def test_transform_counts_repeated_ngrams() -> None:
    hasher = NgramHasher(min_n=2, max_n=2, bits=16)
    matrix = hasher.transform(["aaa"])  # " aaa ": " a", "aa", "aa", "a "
    # counts divided by the square root of the number of n-grams (4)
    values = sorted(matrix.data.tolist())
    assert values == pytest.approx([0.5, 0.5, 1.0])


def _texts_across_chunks() -> list[str]:
    words = ["rain", "sun", "goal", "match", "soup", "garden", "الطقس", "pluie"]
    texts = [" ".join(words[(i + k) % len(words)] for k in range(i % 5 + 1)) for i in range(1100)]
    for index in (0, 510, 511, 512, 513, 1023, 1024, 1099):
        texts[index] = ""
    return texts


@pytest.mark.parametrize(
    "hasher",
    [
        pytest.param(NgramHasher(bits=16), id="default-n"),
        pytest.param(NgramHasher(min_n=3, max_n=4, bits=12), id="empty-text-has-no-ngram"),
        pytest.param(NgramHasher(min_n=1, max_n=1, bits=10), id="unigrams"),
    ],
)
def test_dot_equals_transform_product(hasher: NgramHasher) -> None:
    texts = _texts_across_chunks()
    rng = np.random.default_rng(0)
    weights = rng.normal(size=hasher.n_features).astype(np.float32)
    matrix = hasher.transform(texts)
    assert matrix.shape == (len(texts), hasher.n_features)
    expected = matrix.astype(np.float64) @ weights.astype(np.float64)
    assert hasher.dot(texts, weights) == pytest.approx(expected, rel=1e-5, abs=1e-5)


def test_dot_rows_is_dot_of_each_row() -> None:
    hasher = NgramHasher(bits=16)
    texts = _texts_across_chunks()
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(2, hasher.n_features)).astype(np.float32)
    both = hasher.dot_rows(texts, rows)
    assert both.shape == (2, len(texts))
    for index, row in enumerate(rows):
        np.testing.assert_array_equal(both[index], hasher.dot(texts, row))
    assert hasher.dot_rows([], rows).shape == (2, 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=12))
def test_dot_equals_transform_product_on_any_text(texts: list[str]) -> None:
    hasher = NgramHasher(min_n=1, max_n=4, bits=10)
    weights = np.linspace(-1.0, 1.0, hasher.n_features, dtype=np.float32)
    cleaned = [classifier_text(text) for text in texts]
    expected = hasher.transform(cleaned).astype(np.float64) @ weights.astype(np.float64)
    assert hasher.dot(cleaned, weights) == pytest.approx(expected, rel=1e-5, abs=1e-5)


def test_empty_batch() -> None:
    hasher = NgramHasher(bits=10)
    assert hasher.transform([]).shape == (0, 1024)
    assert hasher.dot([], np.ones(1024, dtype=np.float32)).shape == (0,)
    assert all(len(part) == 0 for part in hasher.hashes([]))


def test_empty_text_rows() -> None:
    hasher = NgramHasher(min_n=3, max_n=5, bits=10)
    matrix = hasher.transform(["", "abc", ""])
    assert matrix.shape == (3, 1024)
    assert matrix[0].nnz == 0 and matrix[2].nnz == 0 and matrix[1].nnz > 0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("the weather", id="english"),
        pytest.param("الطقس جميل", id="arabic"),
        pytest.param("a", id="one-char"),
        pytest.param("", id="empty"),
        pytest.param("aaaa aaaa", id="repeats"),
    ],
)
@pytest.mark.parametrize(
    "hasher",
    [
        pytest.param(NgramHasher(), id="2-5"),
        pytest.param(NgramHasher(min_n=1, max_n=8, bits=12), id="1-8"),
        pytest.param(NgramHasher(min_n=4, max_n=6, bits=12), id="4-6"),
    ],
)
def test_occurrences_slice_the_padded_text(hasher: NgramHasher, text: str) -> None:
    cols, offsets, lengths = hasher.occurrences(text)
    padded = f" {text} "
    assert len(cols) == len(offsets) == len(lengths)
    expected = [
        padded[start : start + n]
        for n in range(hasher.min_n, hasher.max_n + 1)
        for start in range(len(padded) - n + 1)
    ]
    found = [
        padded[start : start + length]
        for start, length in zip(offsets.tolist(), lengths.tolist(), strict=True)
    ]
    assert found == expected  # by length, then by position
    assert cols.tolist() == hasher.hashes([text])[1].tolist()
    # equal n-grams have equal columns
    column_of: dict[str, int] = {}
    for col, gram in zip(cols.tolist(), found, strict=True):
        assert column_of.setdefault(gram, col) == col
    # and the columns are those transform uses
    assert set(cols.tolist()) == set(hasher.transform([text]).indices.tolist())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"min_n": 0}, "min_n <= max_n", id="min-zero"),
        pytest.param({"min_n": 4, "max_n": 3}, "min_n <= max_n", id="min-above-max"),
        pytest.param({"max_n": 9}, "min_n <= max_n", id="max-too-big"),
        pytest.param({"bits": 9}, "bits", id="bits-too-few"),
        pytest.param({"bits": 27}, "bits", id="bits-too-many"),
    ],
)
def test_hasher_validates_parameters(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NgramHasher(**kwargs)


def test_n_features() -> None:
    assert NgramHasher(bits=10).n_features == 1024
    assert NgramHasher().n_features == 1 << 20
