"""The PDQ index: exact Hamming-radius search, checked against brute force."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from nohaven.signals.base import Hit, MatchSettings, SignalIndex
from nohaven.signals.image import PDQ
from nohaven.signals.pdq_index import PdqIndex, pdq_bytes


def _near(rows: npt.NDArray[np.uint8], distances: list[int], seed: int) -> npt.NDArray[np.uint8]:
    """Copies of ``rows`` with ``distances[i]`` distinct bits of row ``i`` flipped."""
    rng = np.random.default_rng(seed)
    bits = np.unpackbits(rows, axis=1)
    for i, d in enumerate(distances):
        bits[i, rng.choice(256, size=d, replace=False)] ^= 1
    return np.packbits(bits, axis=1)


def _brute(bank: npt.NDArray[np.uint8], query: bytes, threshold: int) -> list[Hit]:
    diff = np.unpackbits(bank ^ np.frombuffer(query, dtype=np.uint8), axis=1).sum(axis=1)
    keys = np.flatnonzero(diff <= threshold)
    hits = [Hit(int(k), float(diff[k])) for k in keys]
    return sorted(hits, key=lambda h: (h.distance, h.key))


@pytest.fixture(scope="module")
def bank() -> npt.NDArray[np.uint8]:
    return np.random.default_rng(4).integers(0, 256, size=(6000, 32), dtype=np.uint8)


@pytest.mark.parametrize(
    "threshold",
    [
        pytest.param(0, id="t0"),
        pytest.param(8, id="t8"),
        pytest.param(15, id="t15-no-flips"),
        pytest.param(16, id="t16-one-flip"),
        pytest.param(31, id="t31-default"),
        pytest.param(32, id="t32-two-flips"),
        pytest.param(47, id="t47"),
        pytest.param(48, id="t48-scan"),
        pytest.param(70, id="t70-scan"),
    ],
)
def test_query_equals_brute_force(bank: npt.NDArray[np.uint8], threshold: int) -> None:
    index = PdqIndex(threshold)
    # Several batches: the first ones are folded into the sorted tables, the last stays in
    # the directly scanned tail.
    for start, stop in ((0, 5000), (5000, 5900), (5900, 6000)):
        index.add((k, bank[k].tobytes().hex()) for k in range(start, stop))
        index.query("00" * 32)  # folds what was added in
    assert len(index) == len(bank)
    assert index.nbytes() > 0
    sources = list(range(0, 6000, 97))
    distances = [(i * 7) % (threshold + 12) for i in range(len(sources))]
    queries = _near(bank[sources], distances, seed=threshold)
    found = 0
    for row in queries:
        expected = _brute(bank, row.tobytes(), threshold)
        assert index.query(row.tobytes().hex()) == expected
        found += bool(expected)
    assert found >= sum(d <= threshold for d in distances)  # the planted ones at least


def test_planted_near_duplicates_within_31_are_all_found() -> None:
    rng = np.random.default_rng(11)
    bank = rng.integers(0, 256, size=(50_000, 32), dtype=np.uint8)
    index = PdqIndex(31)
    index.add_arrays(np.arange(len(bank)) + 1000, bank)
    sources = rng.choice(len(bank), size=310, replace=False)
    distances = [1 + i % 31 for i in range(len(sources))]
    for source, d, row in zip(sources, distances, _near(bank[sources], distances, 3), strict=True):
        hits = index.query(row.tobytes().hex())
        assert hits == [Hit(int(source) + 1000, float(d))]


def test_just_beyond_the_threshold_is_not_found(bank: npt.NDArray[np.uint8]) -> None:
    index = PdqIndex(31)
    index.add((k, bank[k].tobytes().hex()) for k in range(len(bank)))
    far = _near(bank[:20], [32] * 20, seed=5)
    assert all(index.query(row.tobytes().hex()) == [] for row in far)


def test_hits_are_nearest_first_then_by_key() -> None:
    base = "00" * 32
    one_bit = "80" + "00" * 31
    three_bits = "e0" + "00" * 31
    index = PdqIndex(31)
    index.add([(5, three_bits), (9, base), (2, one_bit), (3, base)])
    assert index.query(base) == [Hit(3, 0.0), Hit(9, 0.0), Hit(2, 1.0), Hit(5, 3.0)]


def test_empty_index_finds_nothing() -> None:
    index = PdqIndex()
    assert len(index) == 0
    assert index.query("ab" * 32) == []


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("ab" * 31, id="short"),
        pytest.param("AB" * 32, id="upper-case"),
        pytest.param("zz" * 32, id="not-hex"),
        pytest.param("", id="empty"),
    ],
)
def test_malformed_hashes_are_refused(value: str) -> None:
    index = PdqIndex()
    with pytest.raises(ValueError, match="not a PDQ hash"):
        index.add([(1, value)])
    with pytest.raises(ValueError, match="not a PDQ hash"):
        index.query(value)
    with pytest.raises(ValueError):
        pdq_bytes(value)


def test_add_arrays_checks_shapes() -> None:
    index = PdqIndex()
    with pytest.raises(ValueError, match="32"):
        index.add_arrays([1], np.zeros((1, 16), dtype=np.uint8))
    with pytest.raises(ValueError, match="same length"):
        index.add_arrays([1, 2], np.zeros((1, 32), dtype=np.uint8))


@pytest.mark.parametrize("threshold", [-1, 257])
def test_threshold_is_checked(threshold: int) -> None:
    with pytest.raises(ValueError, match=r"0\.\.256"):
        PdqIndex(threshold)


def test_signal_type_builds_an_index_with_the_settings_threshold() -> None:
    index = PDQ.new_index(MatchSettings(pdq_threshold=12))
    assert isinstance(index, SignalIndex)
    assert index.threshold == 12


def test_memory_is_about_112_bytes_an_entry() -> None:
    index = PdqIndex()
    n = 100_000
    index.add_arrays(np.arange(n), np.zeros((n, 32), dtype=np.uint8))
    index.query("00" * 32)
    fixed = 8 * (16 * 65536 + 1)  # the run-start table
    assert index.nbytes() - fixed == n * (32 + 8 + 16 * 4)
