"""Reproducing a model card: rebuild the test split a model was evaluated on, compare figures.

The split is a pure function of the corpus and the settings saved in the model (split key, test
share, time quantile), so ``nohaven evaluate`` scores exactly the texts ``make model`` did.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nohaven.classify.artifact import default_model_path
from nohaven.classify.card import CARD_JSON
from nohaven.classify.cascade import ContentModel
from nohaven.classify.corpus import Example, load_corpus
from nohaven.classify.evaluation import Evaluation
from nohaven.classify.split import Split, check_leakage, split_examples

__all__ = ["compare_with_card", "split_for", "test_split_for"]

TOLERANCE = 2e-3


def test_split_for(model: ContentModel, data_dir: Path) -> list[Example]:
    """The test split of ``model``'s training run, rebuilt from ``data_dir``."""
    return split_for(model, data_dir).test


def split_for(model: ContentModel, data_dir: Path) -> Split:
    """The split of ``model``'s training run (both sides), rebuilt from ``data_dir``."""
    settings = model.info.get("settings")
    if not isinstance(settings, dict):
        raise ValueError(
            f"model {model.name} ({model.version}) records no training settings: it was not "
            "trained on the default corpus, so there is no test split to rebuild (judge it on "
            "a labelled table of yours with --csv FILE)"
        )
    split = split_examples(
        load_corpus(data_dir),
        test_share=float(settings["test_share"]),
        time_quantile=float(settings["time_quantile"]),
        key=str(settings["split_key"]),
        learn=tuple(settings.get("learnt_evaluation_families") or ()),
    )
    check_leakage(split.train, split.test)
    return split


def _differences(path: str, saved: Any, measured: Any, out: list[str]) -> None:
    if isinstance(saved, dict) and isinstance(measured, dict):
        for key in sorted(set(saved) | set(measured)):
            _differences(f"{path}.{key}" if path else key, saved.get(key), measured.get(key), out)
    elif isinstance(saved, list) and isinstance(measured, list) and len(saved) == len(measured):
        for index, (one, other) in enumerate(zip(saved, measured, strict=True)):
            _differences(f"{path}[{index}]", one, other, out)
    elif isinstance(saved, int | float) and isinstance(measured, int | float):
        if abs(float(saved) - float(measured)) > TOLERANCE:
            out.append(f"{path}: card {saved}, measured {measured}")
    elif saved != measured:
        out.append(f"{path}: card {saved!r}, measured {measured!r}")


def compare_with_card(
    name_or_path: str | Path, evaluation: Evaluation
) -> tuple[bool | None, list[str]]:
    """Whether ``evaluation`` reproduces the card beside the model (None: no card there)."""
    folder = default_model_path() if str(name_or_path) == "default" else Path(name_or_path)
    card_file = folder / CARD_JSON
    if not card_file.exists():
        return None, []
    card = json.loads(card_file.read_text(encoding="utf-8"))
    differences: list[str] = []
    _differences("", card.get("evaluation"), evaluation.as_json(), differences)
    return not differences, differences
