"""The account risk model: a standardised, calibrated logistic regression that explains itself.

:class:`AccountRiskModel` follows scikit-learn: ``__init__`` stores settings, :meth:`fit`
returns the model, learned state ends in ``_``, :meth:`predict_proba` rows align with the input
rows. It reads an :class:`~nohaven.accounts.features.AccountFeatures` table by feature name:

1. counts (``Feature.volume``) become ``log1p(count)``; a value that could not be computed (NaN)
   becomes the training mean, so it moves nothing;
2. every column is standardised with the training mean and deviation;
3. a logistic regression (L2, classes weighted to balance) gives log-odds;
4. the log-odds are Platt-calibrated on out-of-fold decisions (stratified folds of the training
   accounts), so a score is a probability on the training mix of accounts.

Each account's evidence (:meth:`AccountRiskModel.explain`) is the features whose term
``coef * standardised value`` moved its log-odds most: a transparent decomposition, exact for
the linear part. The threshold for the ``review`` label is the lowest score at which the
out-of-fold false-positive rate among the training negatives stays within ``target_fpr``, and
at least ``min_threshold``.

Saved as versioned JSON (:meth:`save`, :func:`load_account_model`), never pickled.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from nohaven.accounts.evidence import Evidence
from nohaven.accounts.features import FEATURES, AccountFeatures, FloatArray, feature

__all__ = [
    "DEFAULT_MODEL",
    "FORMAT",
    "FORMAT_VERSION",
    "REVIEW",
    "AccountModelFormatError",
    "AccountRiskModel",
    "default_account_model_path",
    "load_account_model",
]

FORMAT = "nohaven-account-risk"
FORMAT_VERSION = 1
DEFAULT_MODEL = "default"
REVIEW = "review"
LOW = "low"
_DATA = "account-risk-default.json"


class AccountModelFormatError(ValueError):
    """A saved account model that this version of nohaven cannot read."""


def _sigmoid(values: FloatArray) -> FloatArray:
    out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(values, -500, 500)))
    return out


class AccountRiskModel:
    """A calibrated account risk score with per-account evidence; see the module docs.

    * ``features``: the feature names to use (default: every built-in feature);
    * ``c``: inverse L2 strength of the logistic regression;
    * ``target_fpr``: the out-of-fold false-positive rate the ``review`` threshold allows;
    * ``min_threshold``: the ``review`` threshold is never below this score;
    * ``folds``: stratified folds for the out-of-fold calibration;
    * ``name``: the model's name in ``account_scores``.
    """

    def __init__(
        self,
        *,
        features: Sequence[str] | None = None,
        c: float = 1.0,
        target_fpr: float = 0.01,
        min_threshold: float = 0.5,
        folds: int = 5,
        name: str = DEFAULT_MODEL,
    ) -> None:
        self.features = features
        self.c = c
        self.target_fpr = target_fpr
        self.min_threshold = min_threshold
        self.folds = folds
        self.name = name

    # -- learning ----------------------------------------------------------------------------

    def _names(self) -> tuple[str, ...]:
        return (
            tuple(self.features) if self.features is not None else tuple(f.name for f in FEATURES)
        )

    def _raw(self, table: AccountFeatures, names: Sequence[str]) -> FloatArray:
        values = table.matrix(names)
        for j, name in enumerate(names):
            if feature(name).volume:
                values[:, j] = np.log1p(np.maximum(values[:, j], 0.0))
        return values

    def _averages(self) -> list[float]:
        """Each feature's value for the average training account, in the feature's own units
        (volumes are learnt on log(1 + x): their average is the geometric kind)."""
        out = []
        for name, mean in zip(self.feature_names_, self.mean_.tolist(), strict=True):
            out.append(math.expm1(mean) if feature(name).volume else mean)
        return out

    def _standardise(self, raw: FloatArray) -> FloatArray:
        filled = np.where(np.isnan(raw), self.fill_, raw)
        out: FloatArray = (filled - self.mean_) / self.scale_
        return out

    def _linear(self, z: FloatArray, y: npt.NDArray[np.int64]) -> tuple[FloatArray, float]:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(
            C=self.c, class_weight="balanced", max_iter=2000, solver="lbfgs"
        ).fit(z, y)
        return model.coef_[0].astype(np.float64), float(model.intercept_[0])

    def fit(self, table: AccountFeatures, y: Sequence[int] | npt.NDArray[np.int64]) -> Self:
        """Learn from ``table`` and labels ``y`` (1: an account of the positive class)."""
        from sklearn.model_selection import StratifiedKFold

        target = np.asarray(y, dtype=np.int64)
        if len(target) != len(table):
            raise ValueError(f"{len(table)} accounts but {len(target)} labels")
        if set(np.unique(target).tolist()) != {0, 1}:
            raise ValueError("training needs accounts of both classes, labelled 0 and 1")
        names = self._names()
        raw = self._raw(table, names)
        with np.errstate(invalid="ignore"):
            fill = np.nanmean(np.where(np.isnan(raw), np.nan, raw), axis=0)
        self.feature_names_ = names
        self.fill_ = np.where(np.isnan(fill), 0.0, fill)
        filled = np.where(np.isnan(raw), self.fill_, raw)
        self.mean_ = filled.mean(axis=0)
        scale = filled.std(axis=0)
        self.scale_ = np.where(scale > 1e-12, scale, 1.0)
        z = self._standardise(raw)
        self.coef_, self.intercept_ = self._linear(z, target)
        folds = min(self.folds, int(np.bincount(target).min()))
        oof = np.zeros(len(target))
        if folds >= 2:
            splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
            for train, test in splitter.split(z, target):
                coef, intercept = self._linear(z[train], target[train])
                oof[test] = z[test] @ coef + intercept
        else:
            oof = z @ self.coef_ + self.intercept_
        self.calibration_ = _platt(oof, target)
        self.oof_score_ = self._calibrated(oof)
        negatives = np.sort(self.oof_score_[target == 0])[::-1]
        allowed = math.floor(self.target_fpr * len(negatives))
        above = negatives[allowed] if allowed < len(negatives) else 0.0
        self.threshold_ = float(min(max(above + 1e-9, self.min_threshold), 1.0))
        self.training_ = {
            "accounts": len(target),
            "positives": int(target.sum()),
            "negatives": int(len(target) - target.sum()),
        }
        return self

    # -- prediction ---------------------------------------------------------------------------

    def _calibrated(self, decisions: FloatArray) -> FloatArray:
        slope, offset = self.calibration_
        return _sigmoid(slope * decisions + offset)

    def decision_function(self, table: AccountFeatures) -> FloatArray:
        """Uncalibrated log-odds of every account."""
        z = self._standardise(self._raw(table, self.feature_names_))
        out: FloatArray = z @ self.coef_ + self.intercept_
        return out

    def predict_proba(self, table: AccountFeatures) -> FloatArray:
        """One row per account: ``[1 - score, score]``."""
        score = self._calibrated(self.decision_function(table))
        return np.column_stack([1.0 - score, score])

    def predict(self, table: AccountFeatures) -> list[str]:
        """``"review"`` for accounts whose score reaches the threshold, else ``"low"``."""
        score = self.predict_proba(table)[:, 1]
        return [REVIEW if value >= self.threshold_ else LOW for value in score]

    def explain(self, table: AccountFeatures, top: int = 5) -> list[tuple[Evidence, ...]]:
        """For each account, the ``top`` features that moved its score most, largest first
        (by absolute contribution in log-odds against an average training account)."""
        names = self.feature_names_
        raw_values = table.matrix(names)
        z = self._standardise(self._raw(table, names))
        contributions = z * self.coef_
        if not len(table):
            return []
        # Vectorised over all accounts: the order of each row's contributions, then plain
        # Python lists, so the per-account loop only builds the records.
        width = min(top, len(names))
        order = np.argsort(-np.abs(contributions), axis=1, kind="stable")[:, :width]
        amounts = np.take_along_axis(contributions, order, axis=1)
        values = np.take_along_axis(raw_values, order, axis=1)
        rounded = np.round(amounts, 4).tolist()
        averages = self._averages()
        words = [_describer(name, averages[j]) for j, name in enumerate(names)]
        out: list[tuple[Evidence, ...]] = []
        for row_order, row_amounts, row_rounded, row_values in zip(
            order.tolist(), amounts.tolist(), rounded, values.tolist(), strict=True
        ):
            items = []
            for j, amount, shown, value in zip(
                row_order, row_amounts, row_rounded, row_values, strict=True
            ):
                if amount == 0.0:
                    break
                items.append(Evidence(names[j], words[j](value), value, shown))
            out.append(tuple(items))
        return out

    # -- saving -------------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """``NAME+HASH``: the hash of everything learned, so a retrained model is a new version."""
        payload = json.dumps(self._learned(), sort_keys=True).encode("utf-8")
        return f"{self.name}+{hashlib.sha256(payload).hexdigest()[:8]}"

    def _learned(self) -> dict[str, Any]:
        return {
            "features": list(self.feature_names_),
            "fill": [float(v) for v in self.fill_],
            "mean": [float(v) for v in self.mean_],
            "scale": [float(v) for v in self.scale_],
            "coef": [float(v) for v in self.coef_],
            "intercept": float(self.intercept_),
            "calibration": {"slope": self.calibration_[0], "offset": self.calibration_[1]},
            "threshold": self.threshold_,
        }

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON document (see :data:`FORMAT`)."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "version": self.version,
            "settings": {
                "c": self.c,
                "target_fpr": self.target_fpr,
                "min_threshold": self.min_threshold,
                "folds": self.folds,
            },
            "training": dict(self.training_),
            **self._learned(),
        }

    def save(self, path: Path) -> Path:
        """Write the model as JSON to ``path``."""
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "<json>") -> AccountRiskModel:
        """Rebuild a model from :meth:`to_json`; refuses another format or version."""
        if data.get("format") != FORMAT:
            raise AccountModelFormatError(f"{source}: not a nohaven account model")
        if data.get("format_version") != FORMAT_VERSION:
            raise AccountModelFormatError(
                f"{source}: account model format {data.get('format_version')!r}; this version of "
                f"nohaven reads {FORMAT_VERSION}"
            )
        try:
            settings = data["settings"]
            names = tuple(str(name) for name in data["features"])
            for name in names:
                feature(name)
            model = cls(
                features=names,
                c=float(settings["c"]),
                target_fpr=float(settings["target_fpr"]),
                min_threshold=float(settings["min_threshold"]),
                folds=int(settings["folds"]),
                name=str(data["name"]),
            )
            model.feature_names_ = names
            for key in ("fill", "mean", "scale", "coef"):
                values = np.asarray(data[key], dtype=np.float64)
                if values.shape != (len(names),):
                    raise AccountModelFormatError(f"{source}: {key} does not match the features")
                setattr(model, f"{key}_", values)
            model.intercept_ = float(data["intercept"])
            calibration = data["calibration"]
            model.calibration_ = (float(calibration["slope"]), float(calibration["offset"]))
            model.threshold_ = float(data["threshold"])
            model.training_ = {str(k): int(v) for k, v in data.get("training", {}).items()}
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, AccountModelFormatError):
                raise
            raise AccountModelFormatError(f"{source}: broken account model ({error})") from None
        if data.get("version") not in (None, model.version):
            raise AccountModelFormatError(f"{source}: the version does not match its contents")
        return model


def _platt(decisions: FloatArray, target: npt.NDArray[np.int64]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e4, max_iter=1000).fit(decisions.reshape(-1, 1), target)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


@functools.cache
def _describer(name: str, average: float) -> Callable[[float], str]:
    """How a feature's value is said in words, beside the average training account's (so that
    a value below the average that raises the score reads as such); made once per feature."""
    described = feature(name)
    text = described.text
    whole = described.volume and name != "median_gap_hours"

    def shown(value: float) -> str:
        return f"{round(value):,}" if whole else f"{value:.2f}"

    typical = f"average account {shown(average)}"

    def say(value: float) -> str:
        if math.isnan(value):
            return f"{text}: unknown"
        return f"{text}: {shown(value)}, {typical}"

    return say


def default_account_model_path() -> Path:
    """Where the shipped default account model lives inside the package."""
    return Path(str(resources.files("nohaven.accounts").joinpath("data", _DATA)))


def load_account_model(name_or_path: str | Path = DEFAULT_MODEL) -> AccountRiskModel:
    """Load ``"default"`` (the shipped model) or a model saved with :meth:`~AccountRiskModel.save`.

    Raises :class:`AccountModelFormatError` naming the file and the reason.
    """
    path = (
        default_account_model_path() if str(name_or_path) == DEFAULT_MODEL else Path(name_or_path)
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AccountModelFormatError(f"{path}: no such account model file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AccountModelFormatError(f"{path}: unreadable account model ({error})") from None
    if not isinstance(data, dict):
        raise AccountModelFormatError(f"{path}: not a nohaven account model")
    return AccountRiskModel.from_json(data, str(path))
