"""Detection: content models that score how likely a post is violent-extremist propaganda.

* :func:`load_model` reads a saved model (``"default"``: the one shipped in the package) as a
  :class:`ContentModel`: ``predict_proba(texts)``, ``predict(texts)`` (score, label, the
  words behind it, or the n-grams with ``by=ExplainBy.NGRAM``) and ``explain(text)``.
* :class:`NgramClassifier` is the fast model (hashed character n-grams, linear, calibrated);
  :class:`EmbeddingClassifier` the semantic one (multilingual sentence embeddings); a
  :class:`ContentModel` cascades from the first to the second for uncertain posts.
* :func:`train_model`, :func:`evaluate`, :func:`split_examples` and :func:`check_leakage` are
  the honest training and evaluation harness; :func:`evaluate_table` judges a model on a
  team's own labelled table (data it never saw); :func:`write_card` writes the model card;
  :func:`load_readings` gives what each positive of the default split says (a
  :class:`Reading`): the evaluation splits its positives by it, and training can leave
  positives out by it (``TrainingSettings.unlearnt_readings``).
* :func:`classify_file` and :func:`classification_stage` apply a model to files and to the
  scan pipeline; a prediction names its caveats (:class:`Caveat`: where its score says less, a text
  shorter or longer than any positive the model learnt, or in a language it learnt few in).

Nothing loads at import time: models load in :func:`load_model`, the sentence encoder on its
first use.
"""

from nohaven.classify.apply import (
    ClassifiedRow,
    ClassifyReport,
    classification_stage,
    classify_file,
)
from nohaven.classify.artifact import ModelFormatError, default_model_path, load_model, save_model
from nohaven.classify.card import write_card
from nohaven.classify.cascade import ContentModel, Mode, Prediction, Stage
from nohaven.classify.caveats import Caveat
from nohaven.classify.corpus import FAMILIES, Example, Family, Role, load_corpus
from nohaven.classify.embedding import EmbeddingClassifier, UniversalSentenceEncoder
from nohaven.classify.evaluation import Evaluation, evaluate
from nohaven.classify.external import ExternalEvaluation, evaluate_table
from nohaven.classify.features import NgramHasher, classifier_text
from nohaven.classify.labels import Label, LabelSet, label_set
from nohaven.classify.ngram import Contribution, ExplainBy, NgramClassifier
from nohaven.classify.robustness import OBFUSCATIONS, obfuscate, robustness
from nohaven.classify.split import LeakageError, Split, check_leakage, split_examples
from nohaven.classify.stance import Reading, load_readings
from nohaven.classify.training import TrainedModel, TrainingSettings, train_model

__all__ = [
    "FAMILIES",
    "OBFUSCATIONS",
    "Caveat",
    "ClassifiedRow",
    "ClassifyReport",
    "ContentModel",
    "Contribution",
    "EmbeddingClassifier",
    "Evaluation",
    "Example",
    "ExplainBy",
    "ExternalEvaluation",
    "Family",
    "Label",
    "LabelSet",
    "LeakageError",
    "Mode",
    "ModelFormatError",
    "NgramClassifier",
    "NgramHasher",
    "Prediction",
    "Reading",
    "Role",
    "Split",
    "Stage",
    "TrainedModel",
    "TrainingSettings",
    "UniversalSentenceEncoder",
    "check_leakage",
    "classification_stage",
    "classifier_text",
    "classify_file",
    "default_model_path",
    "evaluate",
    "evaluate_table",
    "label_set",
    "load_corpus",
    "load_model",
    "load_readings",
    "obfuscate",
    "robustness",
    "save_model",
    "split_examples",
    "train_model",
    "write_card",
]
