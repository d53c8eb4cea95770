"""Text fingerprints: near-duplicate matching of known statements (signal type ``text``).

A text's signal value is its *text key* (:func:`text_key`): the matching key of
:mod:`nohaven.text.normalize` (NFKC, invisible characters removed, Arabic marks, tatweel and
letter forms folded, look-alikes folded, case folded) without what a re-post changes freely:

* links (``https://...``, ``www...``, bare ``example.com/path`` and defanged ``hxxps://...``,
  ``t[.]me/...``), @-mentions, a leading retweet prefix and the hashtags that lead or trail
  the text are removed (unless nothing else is left);
* combining marks left by the matching key (French accents: ``é`` -> ``e``) are removed;
* punctuation and symbols (emoji included) become spaces, so a ``#hash_tag`` inside the text
  keeps its words;
* every digit becomes ``9`` (a changed date or counter is not an edit), whitespace collapses,
  and letters spaced apart (``w e a t h e r``) are joined again.

Two keys are compared by the Jaccard similarity of their *shingles*: the distinct character
4-grams of the key padded with a space at each end (4-grams cross word boundaries, so word
order counts). :class:`TextIndex` finds the bank entries whose similarity to a query is at least
``MatchSettings.text_threshold``:

1. each key gets a MinHash signature of 128 values by one-permutation hashing: a seeded 64-bit
   hash of each shingle picks one of 128 bins by its top bits, each bin keeps its least hash,
   and empty bins borrow from other bins by *optimal densification* (Shrivastava, ICML 2017).
   Two signatures agree in each position with probability equal to the Jaccard similarity, as
   with 128 independent hash functions, at the cost of one hash per shingle;
2. LSH banding (bands of ``r`` positions, ``r`` the largest for which a pair exactly at the
   threshold shares a band with probability >= 0.995, see :func:`lsh_rows`) gives candidate
   pairs from sorted arrays, for a whole batch of queries at once;
3. candidates too different in size, or whose signatures agree far less than the threshold
   (4 standard errors), are dropped, and the rest are checked by the *exact* Jaccard
   similarity of their shingle sets: every hit is at least the threshold.

:data:`MIN_SHINGLES`: a key with fewer distinct shingles (shorter than about 17 characters:
two or three words) matches only an identical key, on either side. Short texts such as "good
morning" would otherwise match every short post that says a little more or less.

datasketch's MinHash and MinHashLSH do the same job one document at a time; at about 80 us a
signature and 0.4 ms a query in Python they cannot reach the 5,000 posts/s on one core that
this module's whole-batch numpy arrays reach several times over (benchmarks/bench_text_match.py).

Everything is deterministic (the shingle hash and the densification come from :data:`SEED`
through this module's own mixing, independent of library versions), and nothing is pickled:
an index is rebuilt from bank rows, and its state is plain numpy arrays.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from nohaven.signals.base import ContentKind, Hit, MatchSettings, Signal, SignalError, SignalType
from nohaven.signals.exact import ExactIndex
from nohaven.text import matching_key

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_SHINGLES",
    "NUM_BINS",
    "SEED",
    "SHINGLE_SIZE",
    "TEXT",
    "TextIndex",
    "TextSignalType",
    "lsh_rows",
    "signal_types",
    "text_key",
    "text_signal",
]

#: Characters in a shingle.
SHINGLE_SIZE: Final = 4
#: Values in a MinHash signature (bins of the one-permutation hash; a power of two).
NUM_BINS: Final = 128
#: Keys with fewer distinct shingles than this match only identical keys.
MIN_SHINGLES: Final = 16
#: The least Jaccard similarity of a hit unless a threshold is given (the matcher passes
#: ``MatchSettings.text_threshold``, whose default this is).
DEFAULT_THRESHOLD: Final = MatchSettings().text_threshold
#: Seed of the shingle hash and of the densification: changing it changes every signature.
SEED: Final = 20_241_129
#: Least probability that a pair exactly at the threshold shares an LSH band.
_LSH_RECALL: Final = 0.995
#: Candidates whose signatures agree more than this many standard errors below the threshold
#: are dropped before the exact check.
_ESTIMATE_SIGMAS: Final = 4.0
#: Shingle hashes keep 40 bits; the top 24 bits of a packed value hold a row or entry number.
_HASH_BITS: Final = 40
_MAX_ROWS: Final = 1 << (64 - _HASH_BITS)
_HASH_MASK: Final = np.uint64((1 << _HASH_BITS) - 1)
#: Densification attempts drawn in advance; a bin still empty after them (vanishingly rare
#: for keys with MIN_SHINGLES shingles) takes the next non-empty bin.
_ATTEMPTS: Final = 1024
#: Queries searched at a time by :meth:`TextIndex.query_many`.
_BATCH: Final = 2048
#: Candidate pairs whose signatures are compared at a time.
_PAIR_CHUNK: Final = 4096
_EMPTY: Final = np.uint32(0xFFFFFFFF)

_PRIME = np.uint64(0x100000001B3)
_MIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_BAND_STEP = np.uint64(0x9E3779B97F4A7C15)

_URL = re.compile(
    r"(?:(?:https?|hxxps?|h\*\*ps?|ftp)://|www\.)\S+"
    r"|\S*\[\.\]\S*"
    r"|\b[\w.-]+\.(?:com|org|net|info|ly|me|co|io|be|gl|to|fr|uk|ru|tv|cc|ws|it|us|xyz|site"
    r"|online|app|link)/\S*"
)
_HANDLE = re.compile(r"@\w+")
_RETWEET = re.compile(r"^rt\s*@\w+\s*:?\s*")
_EDGE_TAGS = re.compile(r"^\s*(?:#\w+\s*)+|(?:\s*#\w+)+\s*$")
_DIGIT = re.compile(r"\d")
#: ASCII punctuation and symbols to spaces, digits to 9 (bytes.translate is the fastest way).
_ASCII_FOLD = bytes.maketrans(
    (string.punctuation + string.digits).encode(),
    (" " * len(string.punctuation) + "9" * len(string.digits)).encode(),
)
# A run of three or more single characters separated by single spaces: "w e a t h e r".
_SPACED = re.compile(r"(?<!\S)(?:\w ){2,}\w(?!\S)")


@dataclass(frozen=True, slots=True)
class _Classes:
    """Combining marks (category Mn) and punctuation or symbols (P*, S*) of the Basic
    Multilingual Plane as fast character classes; other planes are tested one character at a
    time (a class with supplementary ranges makes the regular-expression engine slow)."""

    marks: re.Pattern[str]
    symbols: re.Pattern[str]
    supplementary: re.Pattern[str]


@functools.cache
def _classes() -> _Classes:
    marks: list[int] = []
    symbols: list[int] = []
    for code in range(0x10000):
        category = unicodedata.category(chr(code))
        if category == "Mn":
            marks.append(code)
        elif category[0] in "PS":
            symbols.append(code)
    return _Classes(
        marks=re.compile(f"[{_char_class(marks)}]+"),
        symbols=re.compile(f"[{_char_class(symbols)}]+"),
        supplementary=re.compile("[\U00010000-\U0010ffff]"),
    )


def _supplementary(match: re.Match[str]) -> str:
    category = unicodedata.category(match.group())
    if category == "Mn":
        return ""
    return " " if category[0] in "PS" else match.group()


def _char_class(codes: list[int]) -> str:
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        first, last = re.escape(chr(start)), re.escape(chr(previous))
        parts.append(first if start == previous else f"{first}-{last}")
        start = previous = code
    return "".join(parts)


def _join_spaced(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def text_key(text: str) -> str:
    """The text key of ``text``: its matching key without links, mentions, accents,
    punctuation or digits (see the module docstring). Idempotent; ``""`` when nothing is left.

    >>> text_key("RT @someone: Héllo, WORLD!!  https://example.com/x #good_day 2024")
    'hello world good day 9999'
    """
    key = matching_key(text)
    if key.startswith("rt"):
        key = _RETWEET.sub("", key)
    if "/" in key or "[.]" in key or "www." in key:
        key = _URL.sub(" ", key)
    if "@" in key:
        key = _HANDLE.sub(" ", key)
    if "#" in key:
        # Hashtags before or after the text tag it; inside, they are words.
        untagged = _EDGE_TAGS.sub(" ", key)
        if untagged.strip():
            key = untagged
    classes = _classes()
    if not key.isascii():
        if classes.supplementary.search(key) is not None:
            key = classes.supplementary.sub(_supplementary, key)
        decomposed = unicodedata.normalize("NFD", key)
        stripped = classes.marks.sub("", decomposed)
        if stripped != decomposed:
            # A letter that lost its mark may be a look-alike the matching key folds.
            key = matching_key(unicodedata.normalize("NFC", stripped))
    if key.isascii():
        key = key.encode().translate(_ASCII_FOLD).decode()
    else:
        key = _DIGIT.sub("9", classes.symbols.sub(" ", key))
    key = " ".join(key.split())
    if " " in key:
        joined = _SPACED.sub(_join_spaced, key)
        if joined != key and not joined.isascii():
            # Joined letters may compose (Hangul jamo): settle them as the key would.
            joined = text_key(joined)
        key = joined
    return key


def text_signal(text: str) -> Signal:
    """The ``text`` signal of a post or statement; :class:`SignalError` when its key is empty."""
    return Signal(type=TEXT.name, value=TEXT.canonical(text))


class TextSignalType:
    """Near-duplicate text: the value is the text key, the index compares shingle sets."""

    name = "text"
    kind = ContentKind.TEXT
    threatexchange_name: str | None = "raw_text"

    def canonical(self, value: str) -> str:
        key = text_key(value)
        if not key:
            preview = value if len(value) <= 40 else f"{value[:37]}..."
            raise SignalError(
                f"text {preview!r}",
                "nothing is left to match once links, mentions, punctuation and invisible "
                "characters are removed",
            )
        return key

    def new_index(self, settings: MatchSettings) -> TextIndex:
        return TextIndex(settings.text_threshold)

    def __repr__(self) -> str:
        return f"TextSignalType(name={self.name!r})"


#: The ``text`` signal type.
TEXT: Final = TextSignalType()


def signal_types() -> list[SignalType]:
    """The signal types this module registers."""
    return [TEXT]


def lsh_rows(threshold: float, bins: int = NUM_BINS) -> int:
    """Signature positions per LSH band for ``threshold``: the most for which a pair whose
    similarity is exactly the threshold still shares one of the ``bins // rows`` bands with
    probability >= 0.995 (more rows per band, fewer false candidates)."""
    best = 1
    for rows in range(1, bins + 1):
        if 1.0 - (1.0 - threshold**rows) ** (bins // rows) >= _LSH_RECALL:
            best = rows
    return best


@dataclass(frozen=True, slots=True)
class _Shingled:
    """Distinct shingle hashes of a batch of keys, packed as ``row << 40 | hash`` and sorted;
    each row's count and first index."""

    packed: npt.NDArray[np.uint64]
    counts: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]

    def rows_of(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
        """The (packed) shingles of the given rows, in row order."""
        return self.packed[_ragged(self.starts[rows], self.counts[rows])]


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, in place."""
    values ^= values >> np.uint64(33)
    values *= _MIX_1
    values ^= values >> np.uint64(33)
    values *= _MIX_2
    values ^= values >> np.uint64(33)
    return values


def _ragged(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Indices of the concatenated ranges ``starts[i] : starts[i] + lengths[i]``."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    return np.repeat(starts - ends + lengths, lengths) + np.arange(total, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _Hashing:
    """The seeded shingle hash, one-permutation MinHash with densification, and LSH bands."""

    size: int
    seed: np.uint64
    bin_bits: int
    #: attempts x bins: the bin an empty bin borrows from at each attempt.
    borrow: npt.NDArray[np.int64]
    rows: int
    bands: int

    @classmethod
    def create(cls, size: int, bins: int, threshold: float, seed: int) -> _Hashing:
        # Drawn with this module's own mix, not a numpy generator, whose streams may change
        # between numpy versions: signatures must not.
        draws = np.arange(_ATTEMPTS * bins, dtype=np.uint64) * _BAND_STEP + np.uint64(seed)
        borrow = (_mix(draws) & np.uint64(bins - 1)).astype(np.int64).reshape(_ATTEMPTS, bins)
        rows = lsh_rows(threshold, bins)
        return cls(
            size=size,
            seed=np.uint64(seed),
            bin_bits=bins.bit_length() - 1,
            borrow=borrow,
            rows=rows,
            bands=bins // rows,
        )

    @property
    def bins(self) -> int:
        return 1 << self.bin_bits

    def shingle(self, keys: Sequence[str]) -> _Shingled:
        """Distinct character shingles of each key padded with a space at each end."""
        size = self.size
        padded = [f" {key} " for key in keys]
        lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
        codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
        codes = codes.astype(np.uint64)
        count = len(codes) - size + 1
        if count > 0:
            hashes = codes[:count] ^ self.seed
            for offset in range(1, size):
                hashes *= _PRIME
                hashes ^= codes[offset : offset + count]
            rows = np.repeat(np.arange(len(padded), dtype=np.uint64), lengths)
            inside = rows[:count] == rows[size - 1 :]
            hashes = _mix(hashes[inside]) >> np.uint64(64 - _HASH_BITS)
            packed = np.sort((rows[:count][inside] << np.uint64(_HASH_BITS)) | hashes)
            if len(packed) > 1:
                packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
        else:
            packed = np.zeros(0, dtype=np.uint64)
        counts = np.bincount(
            (packed >> np.uint64(_HASH_BITS)).astype(np.intp), minlength=len(keys)
        ).astype(np.int64)
        starts = np.zeros(len(keys), dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        return _Shingled(packed, counts, starts)

    def signatures(
        self, shingled: _Shingled, rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.uint32]:
        """Signatures (len(rows) x bins) of the given rows, each with at least one shingle."""
        bins = self.bins
        packed = shingled.rows_of(rows)
        # Rows renumbered 0..len(rows)-1, in order: the packed values stay sorted, so the
        # first of each (row, bin) run is the bin's least hash.
        local = np.repeat(np.arange(len(rows), dtype=np.uint64), shingled.counts[rows])
        cell = (local << np.uint64(self.bin_bits)) | (
            (packed & _HASH_MASK) >> np.uint64(_HASH_BITS - self.bin_bits)
        )
        first = np.concatenate(([True], cell[1:] != cell[:-1])) if len(cell) else cell.astype(bool)
        flat = np.full(len(rows) * bins, _EMPTY, dtype=np.uint32)
        flat[cell[first].astype(np.intp)] = packed[first].astype(np.uint32)
        return self._densify(flat.reshape(len(rows), bins))

    def _densify(self, raw: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        """Fill each empty bin with the value of the first non-empty bin of its borrowing
        sequence (the same sequence for every text, so equal texts fill alike)."""
        flat = raw.ravel()
        out = flat.copy()
        cells = np.flatnonzero(flat == _EMPTY)
        columns = cells & (self.bins - 1)
        starts = cells - columns
        first = 0
        width = 2
        # Attempts are tried in blocks that double in size: most bins are filled by the
        # first block, the few left by the texts with few shingles take a few more.
        while len(cells) and first < _ATTEMPTS:
            taken = flat[starts + self.borrow[first : first + width, columns]]
            value = taken[0].copy()
            for attempt in taken[1:]:
                np.copyto(value, attempt, where=value == _EMPTY)
            done = value != _EMPTY
            out[cells[done]] = value[done]
            cells, columns, starts = cells[~done], columns[~done], starts[~done]
            first += width
            width *= 2
        for cell, column, start in zip(
            cells.tolist(), columns.tolist(), starts.tolist(), strict=True
        ):
            row = flat[start : start + self.bins]
            filled = np.flatnonzero(row != _EMPTY)
            out[cell] = row[filled[np.searchsorted(filled, column) % len(filled)]]
        return out.reshape(raw.shape)

    def band_keys(self, signatures: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
        """One 64-bit key per (row, band): equal keys mean an equal band (or a 2**-64 fluke)."""
        width = self.rows * self.bands
        grouped = signatures[:, :width].reshape(len(signatures), self.bands, self.rows)
        keys = np.broadcast_to(
            np.arange(self.bands, dtype=np.uint64) * _BAND_STEP, (len(signatures), self.bands)
        ).copy()
        for position in range(self.rows):
            keys ^= grouped[:, :, position]
            keys = _mix(keys)
        return keys


class TextIndex:
    """Bank texts by shingle set: MinHash LSH for candidates, exact Jaccard similarity for hits.

    Values given to :meth:`add` and to the queries are text keys (canonical values of
    :data:`TEXT`); a hit's distance is ``1 - similarity``. Adding is cheap: the search arrays
    are rebuilt at the first query after an add.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        shingle_size: int = SHINGLE_SIZE,
        bins: int = NUM_BINS,
        min_shingles: int = MIN_SHINGLES,
        seed: int = SEED,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"text threshold must be in (0, 1], not {threshold}")
        if not 2 <= shingle_size <= 8:
            raise ValueError(f"shingle size must be 2..8 characters, not {shingle_size}")
        if bins not in (16, 32, 64, 128, 256, 512):
            raise ValueError(f"bins must be a power of two from 16 to 512, not {bins}")
        if not 0 <= seed < 2**63:
            raise ValueError(f"seed must be in 0..2**63-1, not {seed}")
        self.threshold = threshold
        self.min_shingles = max(1, min_shingles)
        self._hashing = _Hashing.create(shingle_size, bins, threshold, seed)
        self._seen: set[int] = set()
        self._short = ExactIndex()
        # Entries with enough shingles, by position (insertion order).
        self._keys: list[int] = []
        self._pending: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint32]]] = []
        self._entry_keys = np.zeros(0, dtype=np.int64)
        self._sizes = np.zeros(0, dtype=np.int64)
        self._signatures = np.zeros((0, bins), dtype=np.uint32)
        self._shingles = np.zeros(0, dtype=np.uint64)
        self._band_keys = np.zeros(0, dtype=np.uint64)
        self._band_starts = np.zeros(1, dtype=np.int64)
        self._band_entries = np.zeros(0, dtype=np.int32)

    def __len__(self) -> int:
        return len(self._seen)

    @property
    def lsh_bands(self) -> tuple[int, int]:
        """(bands, signature positions per band) of the LSH."""
        return self._hashing.bands, self._hashing.rows

    @property
    def nbytes(self) -> int:
        """Bytes held by the search arrays (after the last rebuild)."""
        arrays = (self._sizes, self._signatures, self._shingles, self._band_keys, self._band_starts)
        return sum(array.nbytes for array in arrays) + self._band_entries.nbytes

    def add(self, entries: Iterable[tuple[int, str]]) -> None:
        batch: list[tuple[int, str]] = []
        keys: set[int] = set()
        for key, value in entries:
            if key in self._seen or key in keys:
                raise ValueError(f"text index: entry {key} was already added")
            if not value:
                raise SignalError(f"bank entry {key}", "the text key is empty")
            keys.add(key)
            batch.append((key, value))
        for first in range(0, len(batch), _BATCH):
            self._add(batch[first : first + _BATCH])
        self._seen.update(keys)

    def _add(self, batch: list[tuple[int, str]]) -> None:
        shingled = self._hashing.shingle([value for _, value in batch])
        long = shingled.counts >= self.min_shingles
        self._short.add(
            item for item, is_long in zip(batch, long.tolist(), strict=True) if not is_long
        )
        rows = np.flatnonzero(long)
        if not len(rows):
            return
        if len(self._keys) + len(rows) > _MAX_ROWS:
            raise ValueError(f"a text index holds at most {_MAX_ROWS} entries of full length")
        position = len(self._keys)
        self._keys.extend(batch[row][0] for row in rows.tolist())
        owners = np.arange(position, position + len(rows), dtype=np.uint64)
        packed = (shingled.rows_of(rows) & _HASH_MASK) | (
            np.repeat(owners, shingled.counts[rows]) << np.uint64(_HASH_BITS)
        )
        self._pending.append((packed, self._hashing.signatures(shingled, rows)))

    def _build(self) -> None:
        if not self._pending:
            return
        # Positions grow with each add, so the packed shingles stay sorted.
        self._shingles = np.concatenate([self._shingles, *(item[0] for item in self._pending)])
        self._signatures = np.concatenate([self._signatures, *(item[1] for item in self._pending)])
        self._pending.clear()
        self._entry_keys = np.asarray(self._keys, dtype=np.int64)
        self._sizes = np.bincount(
            (self._shingles >> np.uint64(_HASH_BITS)).astype(np.intp), minlength=len(self._keys)
        ).astype(np.int64)
        keys = self._hashing.band_keys(self._signatures).ravel()
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        # Distinct band keys, and where each one's entries start (plus the end).
        self._band_keys = keys[first]
        self._band_starts = np.append(first, len(keys))
        self._band_entries = (order // self._hashing.bands).astype(np.int32)

    def query(self, value: str) -> list[Hit]:
        return self.query_many([value])[0]

    def query_many(self, values: Sequence[str]) -> list[list[Hit]]:
        """:meth:`query` for each of ``values``, searched together (much faster per value)."""
        out: list[list[Hit]] = []
        for first in range(0, len(values), _BATCH):
            out.extend(self._query_batch(values[first : first + _BATCH]))
        return out

    def _query_batch(self, values: Sequence[str]) -> list[list[Hit]]:
        out: list[list[Hit]] = [[] for _ in values]
        if not self._seen:
            return out
        shingled = self._hashing.shingle(values)
        long = shingled.counts >= self.min_shingles
        if len(self._short):
            for row in np.flatnonzero(~long).tolist():
                out[row] = self._short.query(values[row])
        rows = np.flatnonzero(long)
        if not len(rows) or not self._keys:
            return out
        self._build()
        found_rows, entries, similarity = self._search(shingled, rows)
        keys = self._entry_keys[entries].tolist()
        for row, key, found in zip(found_rows.tolist(), keys, similarity.tolist(), strict=True):
            out[row].append(Hit(key, 1.0 - found))
        for row in set(found_rows.tolist()):
            out[row].sort(key=lambda hit: (hit.distance, hit.key))
        return out

    def _search(
        self, shingled: _Shingled, rows: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """(row, entry position, similarity) of every hit of the given rows."""
        hashing = self._hashing
        signatures = hashing.signatures(shingled, rows)
        keys = hashing.band_keys(signatures).ravel()
        spot = np.searchsorted(self._band_keys, keys)
        asked = np.flatnonzero(self._band_keys[np.minimum(spot, len(self._band_keys) - 1)] == keys)
        if not len(asked):
            return _no_hits()
        low = self._band_starts[spot[asked]]
        found = self._band_starts[spot[asked] + 1] - low
        entries = self._band_entries[_ragged(low, found)].astype(np.int64)
        local = np.repeat(asked // hashing.bands, found)
        total = len(self._keys)
        pairs = np.sort(local * total + entries)
        if len(pairs) > 1:
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        local, entries = np.divmod(pairs, total)
        query_sizes = shingled.counts[rows[local]]
        entry_sizes = self._sizes[entries]
        # The similarity is at most the smaller set's size over the larger's.
        keep = np.minimum(query_sizes, entry_sizes) >= self.threshold * np.maximum(
            query_sizes, entry_sizes
        )
        local, entries = local[keep], entries[keep]
        query_sizes, entry_sizes = query_sizes[keep], entry_sizes[keep]
        # The signatures' agreement estimates the similarity from about min(bins, union)
        # independent draws: drop pairs far below the threshold.
        agree = _agreement(signatures, local, self._signatures, entries) / hashing.bins
        draws = np.minimum(hashing.bins, np.maximum(query_sizes, entry_sizes))
        keep = agree >= self.threshold - _ESTIMATE_SIGMAS * 0.5 / np.sqrt(draws)
        local, entries = local[keep], entries[keep]
        query_sizes, entry_sizes = query_sizes[keep], entry_sizes[keep]
        if not len(local):
            return _no_hits()
        probes = (shingled.rows_of(rows[local]) & _HASH_MASK) | (
            np.repeat(entries.astype(np.uint64), query_sizes) << np.uint64(_HASH_BITS)
        )
        spots = np.minimum(np.searchsorted(self._shingles, probes), len(self._shingles) - 1)
        pair = np.repeat(np.arange(len(local)), query_sizes)
        shared = np.bincount(pair, weights=self._shingles[spots] == probes, minlength=len(local))
        similarity = shared / (query_sizes + entry_sizes - shared)
        good = similarity >= self.threshold - 1e-12
        return rows[local[good]], entries[good], similarity[good]


def _agreement(
    queries: npt.NDArray[np.uint32],
    local: npt.NDArray[np.int64],
    bank: npt.NDArray[np.uint32],
    entries: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """How many signature values each pair (query row, bank entry) shares."""
    out = np.empty(len(local), dtype=np.int64)
    # In chunks: the gathered rows stay in the processor caches.
    for first in range(0, len(local), _PAIR_CHUNK):
        part = slice(first, first + _PAIR_CHUNK)
        gathered = np.take(queries, local[part], axis=0) == np.take(bank, entries[part], axis=0)
        out[part] = np.count_nonzero(gathered, axis=1)
    return out


def _no_hits() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    empty = np.zeros(0, dtype=np.int64)
    return empty, empty, np.zeros(0, dtype=np.float64)
