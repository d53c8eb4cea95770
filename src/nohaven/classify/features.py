"""Text features for the content models: a cleaned form of each post and hashed character n-grams.

:func:`classifier_text` is what every model reads: the post's matching key (Unicode, Arabic and
look-alike folding, case folding) with what identifies an account or a link rather than a stance
removed (URLs, handles, the retweet prefix, double quotes), digits folded, leetspeak inside words
folded, letters spaced apart joined again and letters drawn out folded (an Arabic letter
written three times or more to one, any other to two: "الخلااافة" reads as the term list's
"الخلافه", "soooo" as "soo", while "good" keeps its two). Handles and links are dropped
because a model that learns them learns the accounts of its training set, not the content; so
are mentions altogether (replies are common in some sources and rare in others: a model that
counts "@" learns sources).

:class:`NgramHasher` turns cleaned texts into a sparse matrix of hashed character n-grams in
vectorised numpy (no Python loop per n-gram), so the fast model scores tens of thousands of
posts a second. The hash is this module's own (FNV-1a over code points, then a 64-bit mix), fixed
by :data:`HASH_SCHEME`: a saved model names the scheme it was trained with and loading refuses
any other, so scores never silently change with a library upgrade.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from nohaven.text import matching_key

__all__ = [
    "HASH_SCHEME",
    "TEXT_SCHEME",
    "NgramHasher",
    "check_length_bins",
    "classifier_text",
    "inverse_document_frequency",
    "length_band",
    "length_band_name",
    "length_bands",
    "length_columns",
    "occurrence_values",
    "passage_rows",
    "passages",
]

HASH_SCHEME = "fnv1a-codepoint-mix64-v1"
#: The version of :func:`classifier_text`; a saved model names the one it was trained with.
#: v4 (2026-12-04) folds drawn-out letters.
TEXT_SCHEME = "classifier-text-v4"

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|ly|me|co|io|be|gl|to)/\S*")
_WWW = re.compile(r"www\.\S+")
_HANDLE = re.compile(r"[@＠][\w_]+")
_RETWEET = re.compile(r"^rt\s*[@＠][\w_]+\s*:?\s*")
_DIGITS = re.compile(r"\d+")
# A run of three or more single characters separated by single spaces: "s p a c e d" (before
# whitespace is collapsed, so that wider gaps still separate the words).
_SPACED = re.compile(r"(?<!\S)(?:\w ){2,}\w(?!\S)")
# What every such run holds (its second and third characters with the spaces before them): a
# search that starts with a literal, so it skips ahead to each space.
_MAYBE_SPACED = re.compile(r" \w \w")
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
# A word of Latin letters and leetspeak digits, e.g. "r3cru1t" (not "2015"; "mp4s" is folded).
_LEET_WORD = re.compile(r"\b(?=[a-z013457]*[a-z])(?=[a-z013457]*[013457])[a-z013457]{2,}\b")
_LEET_SHORT = re.compile(r"\b[013457]{1,2}\b")
_BLANKS = re.compile(r"[\t\n\r\f\v\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_QUOTES = re.compile(r"[\"“”«»„‟]+")
# A letter written three or more times in a row: an Arabic one (hamza to yeh), and any other.
_ARABIC_RUN = re.compile(r"([\u0621-\u064a])\1{2,}")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
# Any character three times in a row: what every such run holds, found five times faster (no
# character class to test at each position).
_MAYBE_RUN = re.compile(r"(.)\1\1")


def _join_spaced(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def classifier_text(text: str) -> str:
    """The text a content model reads: the matching key without links, handles or digits.

    Deterministic and idempotent; an empty string when nothing is left.

    Each rule runs only where it can change something, found by a scan cheaper than its own
    (Python's regular expressions cost tens of nanoseconds per character, a substring test
    about one): the answer is the same as applying every rule to every text, which
    ``tests/classify/test_features.py`` checks against that plain definition.
    """
    if not text.isprintable() or "\u00a0" in text:
        text = _BLANKS.sub(" ", text)
    if _MAYBE_SPACED.search(text) is not None:
        text = _SPACED.sub(_join_spaced, text)
    key = matching_key(text)
    if key.startswith("rt"):
        key = _RETWEET.sub("", key)
    if "/" in key:
        key = _URL.sub(" ", key)
    elif "www." in key:
        # Without a "/" only a link written from "www." can be there.
        key = _WWW.sub(" ", key)
    if "@" in key or "＠" in key:
        key = _HANDLE.sub(" ", key)
    if any(char in key for char in "013457"):
        key, words = _LEET_WORD.subn(lambda match: match.group(0).translate(_LEET_TABLE), key)
        if words >= 2:
            # A text written in leetspeak writes its short words in digits alone too ("15"
            # for "is", "70" for "to"): fold those, but never longer numbers such as years.
            key = _LEET_SHORT.sub(lambda match: match.group(0).translate(_LEET_TABLE), key)
    # Numbers become "9", which no leetspeak rule reads as a letter: the text stays the same
    # when cleaned again.
    key = _DIGITS.sub("9", key)
    if ('"' in key) if key.isascii() else (_QUOTES.search(key) is not None):
        # Double quotes say nothing of stance, and exports add them (CSV rows wrapped in """).
        key = _QUOTES.sub(" ", key)
    # Whitespace collapsed to single spaces, trimmed: str.split and re's \s agree on what
    # whitespace is.
    key = " ".join(key.split())
    if _MAYBE_SPACED.search(key) is not None:
        # Letters that were spaced apart around a link or handle now removed (and digits that
        # were spaced apart, folded once more; otherwise every number is a "9" already).
        joined = _SPACED.sub(_join_spaced, key)
        if joined != key:
            key = _DIGITS.sub("9", joined)
    if _MAYBE_RUN.search(key) is not None:
        # Letters drawn out ("soooo", "الخلااافة"): emphasis, and a way past term lists. An
        # Arabic letter is folded to one (Arabic spelling never triples a letter, and a
        # doubled one is rare), any other to two ("soo": "good" and "book" keep theirs).
        key = _LETTER_RUN.sub(r"\1\1", _ARABIC_RUN.sub(r"\1", key))
    return key


_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_SEPARATOR = "\x00"
# Texts hashed at a time: the arrays of a chunk stay in the processor caches.
_CHUNK = 512


def occurrence_values(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    n_texts: int,
    idf: npt.NDArray[np.float32] | None = None,
    dtype: type[np.floating[Any]] = np.float32,
) -> npt.NDArray[Any]:
    """The value of each n-gram occurrence (row, column) of ``n_texts`` texts: ``1 /
    sqrt(occurrences in its text)``, or with ``idf`` its column's weight divided by the square
    root of the sum of its text's squared occurrence weights. In ``dtype``: float32 where the
    texts are scored, float64 where explanations add up terms."""
    if idf is None:
        per_row = np.bincount(rows, minlength=n_texts).astype(dtype)
        per_row[per_row == 0] = 1.0
        scale = 1.0 / np.sqrt(per_row)
        return scale[rows].astype(dtype)
    weights = idf[cols].astype(np.float64)
    squares = np.bincount(rows, weights=weights * weights, minlength=n_texts)
    squares[squares == 0] = 1.0
    return (weights / np.sqrt(squares[rows])).astype(dtype)


def inverse_document_frequency(
    cleaned: Sequence[str], hasher: NgramHasher
) -> npt.NDArray[np.float32]:
    """Each hashed column's smoothed inverse document frequency over ``cleaned``:
    ``log((1 + texts) / (1 + texts holding it)) + 1`` (so a column no text holds weighs the
    most, and one every text holds weighs 1)."""
    holding = np.zeros(hasher.n_features, dtype=np.int64)
    for first in range(0, len(cleaned), _CHUNK):
        chunk = cleaned[first : first + _CHUNK]
        rows, cols, _ = hasher.hashes(chunk)
        pairs = np.unique(rows * hasher.n_features + cols)
        holding += np.bincount(pairs % hasher.n_features, minlength=hasher.n_features)
    texts = len(cleaned)
    idf: npt.NDArray[np.float32] = (np.log((1.0 + texts) / (1.0 + holding)) + 1.0).astype(
        np.float32
    )
    return idf


@dataclass(frozen=True, slots=True)
class NgramHasher:
    """Hashed character n-grams of cleaned texts, with a space added at each end.

    ``transform`` gives a CSR matrix (one row per text, ``2**bits`` columns) of n-gram counts
    divided by the square root of the text's number of n-grams (unit length when no n-gram
    repeats). Stateless: nothing is learnt, so a model stores only its weights.
    """

    min_n: int = 2
    max_n: int = 5
    bits: int = 20

    def __post_init__(self) -> None:
        if not 1 <= self.min_n <= self.max_n <= 8:
            raise ValueError(f"need 1 <= min_n <= max_n <= 8, not {self.min_n}..{self.max_n}")
        if not 10 <= self.bits <= 26:
            raise ValueError(f"bits must be between 10 and 26, not {self.bits}")

    @property
    def n_features(self) -> int:
        return 1 << self.bits

    def hashes(
        self, cleaned: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every n-gram of every text: (row, column, start offset within the padded text)."""
        rows, cols, offsets, _ = self._hashes(cleaned, with_lengths=False)
        return rows, cols, offsets

    def hashes_with_lengths(
        self, cleaned: Sequence[str]
    ) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
    ]:
        """:meth:`hashes` and each n-gram's length: all n-grams of the shortest length first,
        each length in the order of the texts and of the positions within them."""
        return self._hashes(cleaned, with_lengths=True)

    def _hashes(
        self, cleaned: Sequence[str], *, with_lengths: bool
    ) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
    ]:
        """The work of both: the lengths array only when asked (scoring never needs it)."""
        padded = [f" {text} " for text in cleaned]
        joined = _SEPARATOR.join(padded)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        lengths = np.fromiter((len(item) + 1 for item in padded), dtype=np.int64, count=len(padded))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(padded) else lengths
        row_of = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)[: len(codes)]
        is_sep = np.concatenate(([0], np.cumsum(codes == 0))).astype(np.int64)
        rows: list[npt.NDArray[np.int64]] = []
        cols: list[npt.NDArray[np.int64]] = []
        offsets: list[npt.NDArray[np.int64]] = []
        sizes: list[npt.NDArray[np.int64]] = []
        total = len(codes)
        shift = np.uint64(64 - self.bits)
        # FNV-1a runs along the text: the hash of the n-gram at i extends that of the (n-1)-gram
        # at i, so each length costs a few passes over contiguous arrays, never a gather.
        running = np.full(total, _FNV_OFFSET, dtype=np.uint64)
        for n in range(1, self.max_n + 1):
            count = total - n + 1
            if count <= 0:
                break
            running = running[:count]
            running ^= codes[n - 1 : n - 1 + count]
            running *= _FNV_PRIME
            if n < self.min_n:
                continue
            valid = np.flatnonzero(is_sep[n : n + count] == is_sep[:count])
            if not len(valid):
                continue
            value = running[valid] ^ np.uint64(n)
            value ^= value >> np.uint64(33)
            value *= _MIX_1
            value ^= value >> np.uint64(33)
            value *= _MIX_2
            value ^= value >> np.uint64(33)
            row = row_of[valid]
            rows.append(row)
            cols.append((value >> shift).astype(np.int64))
            offsets.append(valid - starts[row])
            if with_lengths:
                sizes.append(np.full(len(valid), n, dtype=np.int64))
        empty = np.zeros(0, dtype=np.int64)
        if not rows:
            return empty, empty, empty, empty
        return (
            np.concatenate(rows),
            np.concatenate(cols),
            np.concatenate(offsets),
            np.concatenate(sizes) if sizes else empty,
        )

    def _chunks(
        self, cleaned: Sequence[str], idf: npt.NDArray[np.float32] | None = None
    ) -> Iterator[
        tuple[int, npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]
    ]:
        """Per chunk of texts: (first row, rows, columns, the value of each occurrence).

        Each occurrence of an n-gram weighs ``1 / sqrt(n-grams in its text)``, so a row's
        summed counts have unit length for texts without repeated n-grams. With ``idf`` (one
        weight per column) an occurrence weighs its column's weight divided by the square root
        of the sum of the squared weights of its text's occurrences (the same rule, each
        occurrence counted by its weight). Chunks are small enough for the processor caches
        (several times faster than whole arrays).
        """
        for first in range(0, len(cleaned), _CHUNK):
            chunk = cleaned[first : first + _CHUNK]
            rows, cols, _ = self.hashes(chunk)
            yield first, rows, cols, occurrence_values(rows, cols, len(chunk), idf)

    def transform(
        self, cleaned: Sequence[str], idf: npt.NDArray[np.float32] | None = None
    ) -> sp.csr_matrix:
        """The feature matrix of already cleaned texts (see :func:`classifier_text`):
        n-gram counts divided by the square root of the text's number of n-grams (with
        ``idf``, weighted as :meth:`_chunks` says)."""
        parts = []
        for first, rows, cols, values in self._chunks(cleaned, idf):
            part = sp.csr_matrix(
                (values, (rows, cols)), shape=(int(rows.max(initial=-1)) + 1, self.n_features)
            )
            rows_in_chunk = min(_CHUNK, len(cleaned) - first)
            part.resize((rows_in_chunk, self.n_features))
            parts.append(part)
        if not parts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        matrix = sp.vstack(parts, format="csr")
        matrix.sum_duplicates()
        return matrix

    def dot(
        self,
        cleaned: Sequence[str],
        weights: npt.NDArray[np.float32],
        idf: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float64]:
        """``transform(cleaned, idf) @ weights`` without building the matrix (the scoring
        path)."""
        out = np.zeros(len(cleaned), dtype=np.float64)
        for first, rows, cols, values in self._chunks(cleaned, idf):
            sums = np.bincount(rows, weights=values * weights[cols])
            out[first : first + len(sums)] = sums
        return out

    def dot_rows(
        self,
        cleaned: Sequence[str],
        weights: npt.NDArray[np.float32],
        idf: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float64]:
        """``weights @ transform(cleaned, idf).T`` for a few weight rows (rows x texts),
        hashing each text once."""
        out = np.zeros((weights.shape[0], len(cleaned)), dtype=np.float64)
        for first, rows, cols, values in self._chunks(cleaned, idf):
            for index, row in enumerate(weights):
                sums = np.bincount(rows, weights=values * row[cols])
                out[index, first : first + len(sums)] = sums
        return out

    def occurrences(
        self, cleaned: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every n-gram of one cleaned text: (column, start in the padded text, length)."""
        _, cols, offsets, lengths = self.hashes_with_lengths([cleaned])
        return cols, offsets, lengths


#: A passage shorter than this at the end of a text joins the passage before it.
PASSAGE_TAIL = 20


def passages(cleaned: str, limit: int, width: int | None = None) -> list[str]:
    """The text itself when it is no longer than ``limit`` characters (or ``limit`` is 0);
    else cut at spaces into passages of at most ``width`` characters (default ``limit -
    PASSAGE_TAIL``), a tail under :data:`PASSAGE_TAIL` joining the passage before it, so that
    by default every passage is at most ``limit`` long (but a word longer than that, which is
    a passage of its own)."""
    if not limit or len(cleaned) <= limit:
        return [cleaned]
    width = max(limit - PASSAGE_TAIL if width is None else width, 1)
    out: list[str] = []
    current = ""
    for word in cleaned.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    if len(out) > 1 and len(out[-1]) < PASSAGE_TAIL:
        tail = out.pop()
        out[-1] = f"{out[-1]} {tail}"
    return out


def passage_rows(
    cleaned: Sequence[str], limit: int
) -> tuple[list[str], npt.NDArray[np.int64] | None]:
    """The :func:`passages` of each cleaned text, in order, and which text each belongs to;
    ``(cleaned, None)`` when no text is longer than ``limit`` (or ``limit`` is 0)."""
    if not limit or all(len(text) <= limit for text in cleaned):
        return list(cleaned), None
    pieces: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(cleaned):
        found = passages(text, limit)
        pieces.extend(found)
        owners.extend([index] * len(found))
    return pieces, np.array(owners, dtype=np.int64)


#: The value of the length-band columns: one weight for every band, or one per band.
BandWeight = float | tuple[float, ...]


def check_length_bins(edges: Sequence[int], weight: BandWeight) -> None:
    """Refuse length bands that are not increasing whole numbers of characters >= 1, or a
    weight (one, or one per band: ``len(edges) + 1``) that is not above 0, with a
    ``ValueError`` that says so."""
    whole = all(type(edge) is int and edge >= 1 for edge in edges)
    if not whole or any(low >= high for low, high in itertools.pairwise(edges)):
        raise ValueError(
            f"length_bins must be increasing whole numbers of characters >= 1, not {tuple(edges)}"
        )
    if not edges:
        return
    weights = weight if isinstance(weight, tuple) else (weight,)
    if isinstance(weight, tuple) and len(weight) != len(edges) + 1:
        raise ValueError(
            f"length_weight needs one weight per band ({len(edges) + 1}), not {len(weight)}"
        )
    if not all(isinstance(value, int | float) and value > 0 for value in weights):
        raise ValueError(f"length_weight must be above 0, not {weight}")


def band_weights(edges: Sequence[int], weight: BandWeight) -> npt.NDArray[np.float64]:
    """The value of each length band's column (``len(edges) + 1`` of them)."""
    if isinstance(weight, tuple):
        return np.asarray(weight, dtype=np.float64)
    return np.full(len(edges) + 1, float(weight))


def length_band(cleaned: str, edges: Sequence[int]) -> int:
    """Which band of ``edges`` (increasing character counts) the cleaned text's length is in:
    0 below the first edge, ``len(edges)`` at or above the last."""
    return bisect.bisect_right(edges, len(cleaned))


def length_bands(cleaned: Sequence[str], edges: Sequence[int]) -> npt.NDArray[np.int64]:
    """:func:`length_band` of each cleaned text."""
    return np.fromiter((length_band(text, edges) for text in cleaned), np.int64, len(cleaned))


def length_band_name(band: int, edges: Sequence[int]) -> str:
    """How an explanation names a length band: ``[length:<10]``, ``[length:10-19]``,
    ``[length:160+]`` (no spaces, so it reads as one feature)."""
    if band == 0:
        return f"[length:<{edges[0]}]"
    if band >= len(edges):
        return f"[length:{edges[-1]}+]"
    return f"[length:{edges[band - 1]}-{edges[band] - 1}]"


def length_columns(
    cleaned: Sequence[str], edges: Sequence[int], weight: BandWeight
) -> sp.csr_matrix:
    """One column per length band (``len(edges) + 1`` columns): ``weight`` (or the band's own,
    given one per band) in each cleaned text's own band, so a linear model learns a bias per
    length of text; a lighter band's bias costs the regularisation more to learn.

    Why: with n-gram rows of unit length, a short text has few n-grams to outweigh the single
    learnt bias, so its score is mostly that bias; in the training data short texts are far
    more common among the propaganda accounts' replies and link-only posts than among the
    negatives, and a short Qur'an verse or "thanks!" then scored as propaganda.
    """
    bands = length_bands(cleaned, edges)
    values = band_weights(edges, weight).astype(np.float32)[bands]
    return sp.csr_matrix(
        (values, (np.arange(len(cleaned)), bands)), shape=(len(cleaned), len(edges) + 1)
    )
