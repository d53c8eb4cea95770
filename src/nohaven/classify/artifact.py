"""Saving and loading content models in an explicit, versioned format (never pickle).

A model is a folder of two files:

* ``model.json``: format name and version, model name and version, labels, settings (the
  n-gram hash scheme and sizes, the length bands, the band, the threshold), calibration,
  combiner weights, and a summary of the training data;
* ``weights.npz``: the fast model's non-zero weights (column indices and values), its
  intercepts, its topic expert's (when it has one), and the semantic head's weights, read with
  ``allow_pickle=False``.

``load_model("default")`` reads the model shipped inside the package.
"""

from __future__ import annotations

import json
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nohaven.classify.calibration import Platt
from nohaven.classify.cascade import Combiner, ContentModel, Mode
from nohaven.classify.cues import ARABIC_SCRIPT_RULE, CUE_SCHEME
from nohaven.classify.embedding import EmbeddingClassifier, UniversalSentenceEncoder
from nohaven.classify.features import HASH_SCHEME, TEXT_SCHEME, BandWeight, check_length_bins
from nohaven.classify.ngram import NgramClassifier
from nohaven.classify.split import SKELETON_SCHEME

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelFormatError", "load_model", "save_model"]

FORMAT = "nohaven-content-model"
#: Version 8 allows a weight per length band (``length_weight`` a list, one per band): an older
#: nohaven refuses it rather than weigh every band alike; a file of one weight reads as before.
#: Version 7 added passages (``passage_chars``: a cleaned text longer than that is scored as
#: its passage most towards the positive label): an older nohaven refuses it rather than read
#: long texts whole.
#: Version 6 added TF-IDF (``idf``: each hashed column's inverse document frequency, learnt in
#: training, weighs its n-grams; arrays ``fast_idf_columns`` and ``fast_idf_values`` hold the
#: columns some training text held, the others weigh ``idf_unseen``): an older nohaven refuses
#: it rather than score without the weights.
#: Version 5 added the fast model's Arabic stance cues (``arabic_cue_weight``: the cue
#: categories again, set only in texts mostly in Arabic script, and ``arabic_script_rule``, the
#: version of the rule that says which texts those are): an older nohaven refuses it rather
#: than score without those columns.
#: Version 4 added the fast model's topic expert (``expert``: a second weight row whose
#: smaller log-odds is the score; arrays ``fast_expert_columns``, ``fast_expert_values`` and
#: ``fast_expert_intercept``): an older nohaven refuses it rather than score without the expert.
#: Version 3 added the fast model's stance cues (``cue_weight``, and ``cue_scheme``, the
#: version of the term lists the cue columns stand for); version 2 added its length bands
#: (``length_bins``, ``length_weight``). Version 1 and 2 files (no cues) are still read.
#: ``length_shares`` (the training weight per band, for explanations) and ``nb_smoothing`` (how
#: the weights were learnt) are optional: neither changes a score.
FORMAT_VERSION = 8
_READABLE_VERSIONS = frozenset({1, 2, 3, 4, 5, 6, 7, FORMAT_VERSION})
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
#: The hashes of the skeletons of the texts a model learnt (see ``ContentModel.was_learnt``).
LEARNT_FILE = "learnt.npz"


class ModelFormatError(ValueError):
    """A model folder is missing, unreadable, or in a format this version cannot read."""


def default_model_path() -> Path:
    """The folder of the model shipped in the package."""
    return Path(str(resources.files("nohaven.classify").joinpath("models", "default")))


def save_model(model: ContentModel, folder: Path) -> Path:
    """Write ``model`` to ``folder`` (created if needed); returns the folder. A model read at
    a prevalence (:meth:`ContentModel.at_prevalence`) is refused: that is a way of reading its
    scores, not a model."""
    if model.prevalence is not None:
        raise ValueError(
            f"model {model.version} is read at prevalence {model.prevalence:g}: save the model "
            "as trained or loaded, and read it at a prevalence after loading"
        )
    folder.mkdir(parents=True, exist_ok=True)
    fast = model.fast
    coef = fast.coef_
    rows, columns = np.nonzero(coef)
    arrays: dict[str, np.ndarray[Any, Any]] = {
        "fast_rows": rows.astype(np.int32),
        "fast_columns": columns.astype(np.int32),
        "fast_values": coef[rows, columns].astype(np.float32),
        "fast_intercept": fast.intercept_.astype(np.float64),
    }
    idf_unseen = None
    if fast.idf_ is not None:
        idf_unseen = float(fast.idf_.max())
        (idf_columns,) = np.nonzero(fast.idf_ != np.float32(idf_unseen))
        arrays["fast_idf_columns"] = idf_columns.astype(np.int32)
        arrays["fast_idf_values"] = fast.idf_[idf_columns].astype(np.float32)
    if fast.expert_coef_ is not None:
        (expert_columns,) = np.nonzero(fast.expert_coef_)
        arrays["fast_expert_columns"] = expert_columns.astype(np.int32)
        arrays["fast_expert_values"] = fast.expert_coef_[expert_columns].astype(np.float32)
        arrays["fast_expert_intercept"] = np.array([fast.expert_intercept_], dtype=np.float64)
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": model.name,
        "version": model.version,
        "labels": list(fast.classes_),
        "positive": model.positive,
        "negative": model.negative,
        "threshold": model.threshold,
        "mode": model.mode.value,
        "fast": {
            "hash_scheme": HASH_SCHEME,
            "text_scheme": TEXT_SCHEME,
            "min_n": fast.min_n,
            "max_n": fast.max_n,
            "bits": fast.bits,
            "length_bins": list(fast.length_bins),
            "length_weight": (
                list(fast.length_weight)
                if isinstance(fast.length_weight, tuple)
                else fast.length_weight
            ),
            "length_shares": None if fast.length_shares_ is None else list(fast.length_shares_),
            "cue_weight": fast.cue_weight,
            "cue_scheme": CUE_SCHEME if fast.cue_weight or fast.arabic_cue_weight else None,
            "arabic_cue_weight": fast.arabic_cue_weight,
            "arabic_script_rule": ARABIC_SCRIPT_RULE if fast.arabic_cue_weight else None,
            "c": fast.c,
            "nb_smoothing": fast.nb_smoothing,
            "expert": fast.expert_coef_ is not None,
            "idf": fast.idf_ is not None,
            "idf_unseen": idf_unseen,
            "passage_chars": fast.passage_chars,
            "rows": int(coef.shape[0]),
            "calibration": fast.calibration_.as_json() if fast.calibration_ else None,
        },
        "semantic": None,
        "band": list(model.band),
        "combiner": {
            "fast": model.combiner.fast,
            "semantic": model.combiner.semantic,
            "offset": model.combiner.offset,
        },
        "info": model.info,
    }
    semantic = model.semantic
    if semantic is not None:
        arrays["semantic_coef"] = semantic.coef_.astype(np.float32)
        document["semantic"] = {
            "encoder": model.encoder.name if model.encoder else UniversalSentenceEncoder().name,
            "labels": list(semantic.classes_),
            "c": semantic.c,
            "intercept": semantic.intercept_,
            "calibration": semantic.calibration_.as_json() if semantic.calibration_ else None,
        }
    np.savez_compressed(folder / WEIGHTS_FILE, allow_pickle=False, **arrays)
    learnt = model.learnt_skeletons
    if learnt is not None:
        np.savez_compressed(folder / LEARNT_FILE, allow_pickle=False, skeletons=learnt)
        document["learnt_texts"] = {
            "file": LEARNT_FILE,
            "texts": len(learnt),
            "scheme": f"{TEXT_SCHEME}/{SKELETON_SCHEME}",
        }
    else:
        (folder / LEARNT_FILE).unlink(missing_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    (folder / MODEL_FILE).write_text(text, encoding="utf-8")
    return folder


def _load_expert(
    folder: Path, fast: NgramClassifier, arrays: dict[str, Any], n_labels: int
) -> None:
    """Set ``fast``'s topic expert from the weight arrays, refused where they are missing or
    the model has more than two labels."""
    needed = ("fast_expert_columns", "fast_expert_values", "fast_expert_intercept")
    missing = [name for name in needed if name not in arrays]
    if missing or n_labels != 2:
        why = f"missing arrays {missing}" if missing else f"{n_labels} labels (needs two)"
        raise ModelFormatError(f"{folder}: a topic expert with {why}")
    expert = np.zeros(fast.n_features, dtype=np.float32)
    expert[arrays["fast_expert_columns"]] = arrays["fast_expert_values"]
    fast.expert = True
    fast.expert_coef_ = expert
    fast.expert_intercept_ = float(arrays["fast_expert_intercept"][0])


def _load_idf(folder: Path, fast: NgramClassifier, arrays: dict[str, Any], unseen: object) -> None:
    """Set ``fast``'s inverse document frequencies from the weight arrays, refused where they
    are missing or out of range."""
    needed = ("fast_idf_columns", "fast_idf_values")
    missing = [name for name in needed if name not in arrays]
    if missing or not isinstance(unseen, int | float) or not unseen >= 1:
        why = f"missing arrays {missing}" if missing else f"idf_unseen {unseen!r} (needs >= 1)"
        raise ModelFormatError(f"{folder}: TF-IDF with {why}")
    idf = np.full(fast.hasher.n_features, float(unseen), dtype=np.float32)
    idf[arrays["fast_idf_columns"]] = arrays["fast_idf_values"]
    fast.idf = True
    fast.idf_ = idf


def _passage_chars(folder: Path, settings: dict[str, Any], n_labels: int) -> int:
    """The fast model's passage length (0, read whole, for files before version 7), refused
    when it is not a whole number of characters >= 0 or the model has more than two labels."""
    value = settings.get("passage_chars") or 0
    if type(value) is not int or value < 0:
        raise ModelFormatError(
            f"{folder}: passage_chars must be a whole number >= 0, not {value!r}"
        )
    if value and n_labels != 2:
        raise ModelFormatError(f"{folder}: passages with {n_labels} labels (needs two)")
    return value


def _cue_weights(folder: Path, settings: dict[str, Any]) -> tuple[float, float]:
    """The fast model's stance-cue weight and Arabic stance-cue weight (0 for files before
    versions 3 and 5), refused when the model learnt other cue lists, or another rule for
    which texts are Arabic, than this version has: its cue columns would mean other terms or
    other texts."""
    weight = float(settings.get("cue_weight") or 0.0)
    arabic = float(settings.get("arabic_cue_weight") or 0.0)
    for name, value in (("cue_weight", weight), ("arabic_cue_weight", arabic)):
        if not value >= 0:
            raise ModelFormatError(f"{folder}: {name} must be 0 or more, not {value}")
    if (weight or arabic) and settings.get("cue_scheme") != CUE_SCHEME:
        raise ModelFormatError(
            f"{folder}: learnt stance cues {settings.get('cue_scheme')!r}; this nohaven has "
            f"{CUE_SCHEME!r}: retrain the model"
        )
    if arabic and settings.get("arabic_script_rule") != ARABIC_SCRIPT_RULE:
        raise ModelFormatError(
            f"{folder}: learnt Arabic stance cues under the script rule "
            f"{settings.get('arabic_script_rule')!r}; this nohaven has {ARABIC_SCRIPT_RULE!r}: "
            "retrain the model"
        )
    return weight, arabic


def _platt(value: object) -> Platt | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ModelFormatError(f"calibration must be an object, not {type(value).__name__}")
    return Platt(float(value["slope"]), float(value["offset"]))


def _length_shares(value: object, bins: tuple[int, ...]) -> tuple[float, ...] | None:
    """The saved share of training weight per length band (optional: files written before it
    existed have none, and their explanations show each band's bias as it is)."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != len(bins) + 1 or not bins:
        raise ModelFormatError(
            f"length_shares must be a list of {len(bins) + 1} numbers, one per length band"
        )
    shares = tuple(float(share) for share in value)
    if min(shares) < 0 or abs(sum(shares) - 1.0) > 1e-6:
        raise ModelFormatError(f"length_shares must be >= 0 and add up to 1, not {list(shares)}")
    return shares


def load_model(
    name_or_path: str | Path = "default", *, mode: Mode | str | None = None, threads: int = 1
) -> ContentModel:
    """Load a model folder, or the shipped one with ``"default"``.

    ``mode`` overrides the saved mode ("fast" never loads the sentence encoder). Raises
    :class:`ModelFormatError` with the reason when the folder cannot be read.
    """
    folder = default_model_path() if str(name_or_path) == "default" else Path(name_or_path)
    model_file = folder / MODEL_FILE
    try:
        document = json.loads(model_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFormatError(f"{model_file}: no such model file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFormatError(f"{model_file}: cannot read the model: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelFormatError(f"{model_file}: not a {FORMAT} file")
    if document.get("format_version") not in _READABLE_VERSIONS:
        raise ModelFormatError(
            f"{model_file}: format version {document.get('format_version')!r}; this nohaven "
            f"reads versions {', '.join(map(str, sorted(_READABLE_VERSIONS)))}"
        )
    try:
        return _build(document, folder, mode, threads)
    except (KeyError, TypeError, ValueError, OSError) as error:
        if isinstance(error, ModelFormatError):
            if str(folder) in str(error):
                raise
            raise ModelFormatError(f"{folder}: {error}") from None
        raise ModelFormatError(
            f"{folder}: malformed model ({type(error).__name__}: {error})"
        ) from None


def _build(
    document: dict[str, Any], folder: Path, mode: Mode | str | None, threads: int
) -> ContentModel:
    settings = document["fast"]
    if settings["hash_scheme"] != HASH_SCHEME:
        raise ModelFormatError(
            f"{folder}: n-gram hash scheme {settings['hash_scheme']!r}; this nohaven uses "
            f"{HASH_SCHEME!r}"
        )
    if settings.get("text_scheme") != TEXT_SCHEME:
        raise ModelFormatError(
            f"{folder}: trained on classifier text {settings.get('text_scheme')!r}; this "
            f"nohaven cleans text as {TEXT_SCHEME!r}: retrain the model"
        )
    labels = [str(label) for label in document["labels"]]
    rows = int(settings["rows"])
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise ModelFormatError(f"{folder}: a model needs two or more distinct labels: {labels}")
    if rows != (1 if len(labels) == 2 else len(labels)):
        raise ModelFormatError(f"{folder}: {rows} weight rows do not fit {len(labels)} labels")
    if str(document["positive"]) not in labels:
        raise ModelFormatError(
            f"{folder}: the positive label {document['positive']!r} is not one of {labels}"
        )
    try:
        with (
            (folder / WEIGHTS_FILE).open("rb") as handle,
            np.load(handle, allow_pickle=False) as weights,
        ):
            arrays = {key: weights[key] for key in weights.files}
    except (zipfile.BadZipFile, EOFError) as error:
        raise ModelFormatError(f"{folder / WEIGHTS_FILE}: damaged weights ({error})") from None
    cue_weight, arabic_cue_weight = _cue_weights(folder, settings)
    fast = NgramClassifier(
        min_n=int(settings["min_n"]),
        max_n=int(settings["max_n"]),
        bits=int(settings["bits"]),
        c=float(settings["c"]),
        positive=str(document["positive"]),
        length_bins=tuple(int(edge) for edge in settings.get("length_bins") or ()),
        length_weight=_length_weight(folder, settings.get("length_weight", 1.0)),
        # How the weights were learnt (folded into them): a record, not needed to score.
        nb_smoothing=float(settings.get("nb_smoothing", 0.0)),
        cue_weight=cue_weight,
        arabic_cue_weight=arabic_cue_weight,
        passage_chars=_passage_chars(folder, settings, len(labels)),
    )
    check_length_bins(fast.length_bins, fast.length_weight)
    fast.length_shares_ = _length_shares(settings.get("length_shares"), fast.length_bins)
    coef = np.zeros((int(settings["rows"]), fast.n_features), dtype=np.float32)
    coef[arrays["fast_rows"], arrays["fast_columns"]] = arrays["fast_values"]
    fast.classes_ = tuple(str(label) for label in document["labels"])
    fast.coef_ = coef
    fast.intercept_ = arrays["fast_intercept"].astype(np.float64)
    if settings.get("expert"):
        _load_expert(folder, fast, arrays, len(labels))
    if settings.get("idf"):
        _load_idf(folder, fast, arrays, settings.get("idf_unseen"))
    fast.calibration_ = _platt(settings["calibration"])
    semantic = None
    encoder = None
    if document.get("semantic") is not None:
        head = document["semantic"]
        semantic = EmbeddingClassifier(c=float(head["c"]), positive=str(document["positive"]))
        semantic.classes_ = tuple(str(label) for label in head["labels"])
        semantic.coef_ = arrays["semantic_coef"].astype(np.float32)
        semantic.intercept_ = float(head["intercept"])
        semantic.calibration_ = _platt(head["calibration"])
        encoder = UniversalSentenceEncoder(threads=threads)
        chosen_mode = Mode(mode) if mode is not None else Mode(document["mode"])
        if chosen_mode is Mode.CASCADE and head["encoder"] != encoder.name:
            raise ModelFormatError(
                f"{folder}: the semantic model was trained on {head['encoder']!r} embeddings, "
                f"this machine has {encoder.name!r}: use mode 'fast' or retrain"
            )
    combiner = document["combiner"]
    low, high = document["band"]
    chosen = Mode(mode) if mode is not None else Mode(document["mode"])
    learnt = _learnt_skeletons(folder, document.get("learnt_texts"))
    return ContentModel(
        name=str(document["name"]),
        version=str(document["version"]),
        fast=fast,
        positive=str(document["positive"]),
        negative=None if document["negative"] is None else str(document["negative"]),
        threshold=float(document["threshold"]),
        semantic=semantic,
        encoder=encoder,
        band=(float(low), float(high)),
        combiner=Combiner(
            float(combiner["fast"]), float(combiner["semantic"]), float(combiner["offset"])
        ),
        mode=chosen,
        info=dict(document.get("info") or {}),
        learnt_skeletons=learnt,
        saved_mode=_saved_mode(document["mode"], semantic),
        saved_band=(float(low), float(high)),
    )


def _length_weight(folder: Path, saved: object) -> BandWeight:
    """The saved length-band weight: one number, or a list of one per band (format 8)."""
    if isinstance(saved, list):
        if not all(isinstance(value, int | float) for value in saved):
            raise ModelFormatError(f"{folder}: length_weight must be numbers, not {saved!r}")
        return tuple(float(value) for value in saved)
    if not isinstance(saved, int | float):
        raise ModelFormatError(f"{folder}: length_weight must be a number, not {saved!r}")
    return float(saved)


def _saved_mode(saved: object, semantic: EmbeddingClassifier | None) -> Mode:
    """The mode a model was saved to score in: cascade only where it has a semantic model to
    cascade to (a model saved in cascade mode without one scores as in fast mode)."""
    return Mode.CASCADE if Mode(str(saved)) is Mode.CASCADE and semantic is not None else Mode.FAST


def _learnt_skeletons(folder: Path, entry: object) -> npt.NDArray[np.uint64] | None:
    """The hashes of the skeletons of the texts the model learnt (None where the model does not
    record them), refused when they were read another way or are not sorted distinct hashes."""
    if entry is None:
        return None
    if not isinstance(entry, dict) or entry.get("file") != LEARNT_FILE:
        raise ModelFormatError(f"{folder}: learnt_texts must name {LEARNT_FILE}, not {entry!r}")
    scheme = f"{TEXT_SCHEME}/{SKELETON_SCHEME}"
    if entry.get("scheme") != scheme:
        raise ModelFormatError(
            f"{folder}: its learnt texts were read as {entry.get('scheme')!r}; this nohaven "
            f"reads {scheme!r}: retrain the model"
        )
    try:
        with (
            (folder / LEARNT_FILE).open("rb") as handle,
            np.load(handle, allow_pickle=False) as stored,
        ):
            skeletons: npt.NDArray[np.uint64] = stored["skeletons"]
    except (zipfile.BadZipFile, EOFError, KeyError) as error:
        raise ModelFormatError(f"{folder / LEARNT_FILE}: damaged ({error})") from None
    if (
        skeletons.dtype != np.uint64
        or skeletons.ndim != 1
        or len(skeletons) != entry.get("texts")
        or not bool((skeletons[1:] > skeletons[:-1]).all())
    ):
        raise ModelFormatError(
            f"{folder / LEARNT_FILE}: not {entry.get('texts')!r} sorted distinct 64-bit hashes"
        )
    return skeletons
