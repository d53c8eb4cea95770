"""The jobs a user runs: ingest, scan, stats, demo, classify, train, evaluate. The CLI (and
later the API) call these.

Each job opens what it needs from a :class:`~nohaven.config.Settings`, runs library code, and
returns a typed report; formatting is the caller's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nohaven.config import Settings
from nohaven.ingest.base import FormatOptions
from nohaven.ingest.registry import FormatRegistry, default_registry
from nohaven.pipeline import (
    ProgressHook,
    RunReport,
    analysis_stages,
    batched_collection,
    expand_inputs,
    foundation_stages,
    run,
)
from nohaven.store import Store, StoreStats, open_store

if TYPE_CHECKING:
    from nohaven.classify import ClassifyReport, ContentModel, Evaluation
    from nohaven.classify.external import ExternalEvaluation
    from nohaven.classify.table import TableReport
    from nohaven.demo.analysis import DemoAnalysis
    from nohaven.links.extract import LinkExtractor
    from nohaven.links.migration import MigrationSummary
    from nohaven.links.stage import LinkFileReport
    from nohaven.model import PostLink

__all__ = [
    "DemoReport",
    "EvaluateReport",
    "TrainReport",
    "classify",
    "evaluate",
    "evaluate_own_table",
    "ingest",
    "link_extractor",
    "links",
    "links_summary",
    "run_demo",
    "scan",
    "stats",
    "stored_links",
    "train_default",
    "train_from_table",
]


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    *,
    format_name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: FormatRegistry | None = None,
    progress: ProgressHook | None = None,
) -> RunReport:
    """Read files into the store: ingest, text (matching key, language), interactions."""
    return _run(paths, settings, format_name, mapping, platform, registry, progress, analyse=False)


def scan(
    paths: Sequence[Path],
    settings: Settings,
    *,
    format_name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: FormatRegistry | None = None,
    progress: ProgressHook | None = None,
) -> RunReport:
    """Ingest files and run every analysis stage that exists."""
    return _run(paths, settings, format_name, mapping, platform, registry, progress, analyse=True)


def _run(
    paths: Sequence[Path],
    settings: Settings,
    format_name: str | None,
    mapping: Mapping[str, str] | None,
    platform: str | None,
    registry: FormatRegistry | None,
    progress: ProgressHook | None,
    *,
    analyse: bool,
) -> RunReport:
    options = FormatOptions(
        mapping=dict(mapping or {}), platform=platform, max_text_chars=settings.max_text_chars
    )
    stages = foundation_stages()
    account_model = None
    if analyse and settings.account_model.casefold() != "none":
        from nohaven.accounts.risk import load_account_model

        account_model = load_account_model(settings.account_model)  # a bad file fails first
    with open_store(settings.db_url) as store:
        if analyse:
            stages += analysis_stages(
                model=_model(settings),
                links=link_extractor(settings),
                **_matching(store, settings),
            )
        report = run(
            expand_inputs(paths),
            store,
            registry or default_registry(),
            format_name=format_name,
            options=options,
            stages=stages,
            batch_size=settings.batch_size,
            rejects_dir=settings.rejects_dir,
            progress=progress,
            flood=settings.flood,
        )
        if account_model is not None and report.anything_read and store.count("posts"):
            # Account scores read every post score, link and interaction of an account, so
            # they are made once the files are in, for every account of the store.
            from nohaven.accounts.scoring import score_accounts

            report.accounts = score_accounts(store, account_model).to_json()
            report.stages.append("accounts")
        return report


def _matching(store: Store, settings: Settings) -> dict[str, Any]:
    """The matcher over every bank in ``store`` (none when there are no entries)."""
    from nohaven.signals.operations import build_matcher
    from nohaven.signals.registry import default_registry
    from nohaven.store.banks import BankStore

    banks = BankStore(store)
    if not banks.banks():
        return {}
    registry = default_registry()
    return {"matcher": build_matcher(banks, registry, settings.match), "signals": registry}


def link_extractor(settings: Settings) -> LinkExtractor:
    """The link extractor with the shipped domain categories and the user's, if any."""
    from nohaven.links.categories import load_categories
    from nohaven.links.extract import LinkExtractor

    return LinkExtractor(load_categories(settings.link_categories))


def links(
    paths: Sequence[Path],
    output: Path,
    settings: Settings,
    *,
    format_name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: str | None = None,
    registry: FormatRegistry | None = None,
) -> LinkFileReport:
    """Write the off-platform links of every post in ``paths`` (any input format) to ``output``
    (``.csv`` or ``.jsonl``); nothing is stored."""
    from nohaven.links.output import write_links
    from nohaven.links.stage import LinkFileReport, links_of_file

    registry = registry or default_registry()
    options = FormatOptions(
        mapping=dict(mapping or {}), platform=platform, max_text_chars=settings.max_text_chars
    )
    extractor = link_extractor(settings)
    report = LinkFileReport()

    def found() -> Iterator[PostLink]:
        for path in expand_inputs(paths):
            fmt = (
                registry.get(format_name) if format_name else registry.detect(path, options.mapping)
            )
            yield from links_of_file(path, fmt, options, extractor, report)

    with batched_collection():
        write_links(found(), output)
    return report


def stored_links(output: Path, settings: Settings, *, platform: str | None = None) -> int:
    """Write the links stored by ``scan`` (of one platform) to ``output``; the rows written."""
    from nohaven.links.output import write_links

    with open_store(settings.db_url) as store:
        return write_links(store.iter_links(platform), output)


def links_summary(settings: Settings, *, platform: str | None = None) -> MigrationSummary:
    """The weekly destination mix and every destination, from the store."""
    from nohaven.links.migration import summarise

    with open_store(settings.db_url) as store:
        return summarise(store, platform=platform)


def stats(settings: Settings) -> StoreStats:
    """Posts, accounts and interactions in the store by platform, language and month."""
    with open_store(settings.db_url) as store:
        return store.stats()


@dataclass(frozen=True, slots=True)
class DemoReport:
    """The generated world, what the scan did with it, the store's figures, and the accounts,
    network and resurgence findings measured against the world's ground truth."""

    out_dir: Path
    db_url: str
    world: Mapping[str, object]
    run: RunReport
    stats: StoreStats
    links: MigrationSummary
    analysis: DemoAnalysis

    def to_json(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "db": self.db_url,
            "world": dict(self.world),
            "scan": self.run.to_json(),
            "stats": self.stats.to_json(),
            "links": self.links.to_json(),
            **self.analysis.to_json(),
        }


def run_demo(out_dir: Path, *, seed: int = 7, db_url: str | None = None) -> DemoReport:
    """Generate the synthetic world into ``out_dir``, scan it into a fresh store, summarise."""
    from nohaven.demo import generate_world

    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = generate_world(out_dir / "world", seed=seed)
    if db_url is None:
        database = out_dir / "nohaven.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        db_url = f"sqlite:///{database}"
    settings = Settings(db_url=db_url, rejects_dir=out_dir / "rejects")
    # Posts and the account status table (which says who was suspended, and when).
    paths = [out_dir / "world" / item.path for item in manifest.files]
    report = scan(paths, settings)
    from nohaven.demo.analysis import analyse_demo

    with open_store(db_url) as store:
        analysis = analyse_demo(store, manifest)
    return DemoReport(
        out_dir,
        db_url,
        manifest.summary(),
        report,
        stats(settings),
        links_summary(settings),
        analysis,
    )


def _model(settings: Settings, mode: str | None = None) -> ContentModel:
    from nohaven.classify import load_model

    return load_model(settings.model, mode=mode or settings.classify_mode)


def classify(
    path: Path,
    output: Path,
    settings: Settings,
    *,
    format_name: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    mode: str | None = None,
    mapping: Mapping[str, str] | None = None,
    registry: FormatRegistry | None = None,
    explain_by: str = "word",
    threshold: float | None = None,
    prevalence: float | None = None,
    band: tuple[float, float] | None = None,
) -> ClassifyReport:
    """Score every record of one file with the settings' model into a CSV or JSONL file;
    explanations name words or, with ``explain_by="ngram"``, character n-grams; labels are
    given at ``threshold`` when set (see :meth:`ContentModel.at_threshold`), else at the
    model's own; scores are read at ``prevalence`` when set (see
    :meth:`ContentModel.at_prevalence`), labels unchanged; in cascade mode ``band`` sets the
    fast scores sent to the semantic model (:meth:`ContentModel.at_band`)."""
    from nohaven.classify import ExplainBy, classify_file

    try:
        by = ExplainBy(explain_by)
    except ValueError:
        choices = ", ".join(item.value for item in ExplainBy)
        raise ValueError(f"explain_by must be one of {choices}, not {explain_by!r}") from None

    options = FormatOptions(mapping=dict(mapping or {}), max_text_chars=settings.max_text_chars)
    model = _model(settings, mode)
    if band is not None:
        model = model.at_band(*band)
    if threshold is not None:
        model = model.at_threshold(threshold)
    if prevalence is not None:
        model = model.at_prevalence(prevalence)
    return classify_file(
        path,
        output,
        model,
        registry or default_registry(),
        format_name=format_name,
        text_column=text_column,
        id_column=id_column,
        options=options,
        explain_by=by,
    )


@dataclass(frozen=True, slots=True)
class TrainReport:
    """Where a trained model went and how it did on its held-out split."""

    out_dir: Path
    name: str
    version: str
    figures: dict[str, Any]

    def to_json(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "name": self.name,
            "version": self.version,
            "figures": self.figures,
        }


def train_default(
    data_dir: Path,
    out_dir: Path,
    *,
    semantic: bool = True,
    progress: Callable[[str], None] = lambda message: None,
) -> TrainReport:
    """Train, evaluate and save the default model with its card (what ``make model`` runs)."""
    from nohaven.classify import (
        TrainingSettings,
        UniversalSentenceEncoder,
        load_corpus,
        save_model,
        train_model,
        write_card,
    )

    examples = load_corpus(data_dir)
    progress(f"corpus: {len(examples):,} labelled texts from {data_dir}")
    settings = TrainingSettings(semantic=semantic)
    encoder = UniversalSentenceEncoder(threads=2) if semantic else None
    trained = train_model(examples, settings, encoder=encoder, progress=progress)
    save_model(trained.model, out_dir)
    card = write_card(trained, out_dir)
    return TrainReport(out_dir, trained.model.name, trained.model.version, card["evaluation"])


def train_from_table(
    table: Path,
    out_dir: Path,
    *,
    name: str,
    text_column: str = "text",
    label_column: str = "label",
    group_column: str | None = None,
    time_column: str | None = None,
    positive: str | None = None,
    passage_chars: int = 0,
    max_false_positive_rate: float | None = None,
    written_negatives_as: str | None = None,
    ordinary_english_as: str | None = None,
) -> tuple[TrainReport, TableReport]:
    """Train the fast model on a team's labelled CSV and save it to ``out_dir``."""
    from nohaven.classify import save_model
    from nohaven.classify.table import read_table, train_table
    from nohaven.classify.table_card import write_table_card

    examples, rejected = read_table(
        table,
        text_column=text_column,
        label_column=label_column,
        group_column=group_column,
        time_column=time_column,
    )
    model, report, _ = train_table(
        examples,
        name=name,
        positive=positive,
        rejected=rejected,
        passage_chars=passage_chars,
        grouped_by=group_column or "",
        max_false_positive_rate=max_false_positive_rate,
        written_negatives_as=written_negatives_as,
        ordinary_english_as=ordinary_english_as,
    )
    save_model(model, out_dir)
    columns = {"text": text_column, "label": label_column, "group": group_column}
    write_table_card(report, model, out_dir, source=table, columns={**columns, "time": time_column})
    return TrainReport(out_dir, model.name, model.version, report.as_json()), report


@dataclass(frozen=True, slots=True)
class EvaluateReport:
    """A saved model re-evaluated on the test split its settings define."""

    model: str
    version: str
    evaluation: Evaluation
    card_matches: bool | None
    differences: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "version": self.version,
            "evaluation": self.evaluation.as_json(),
            "card_matches": self.card_matches,
            "differences": self.differences,
        }


def evaluate_own_table(
    table: Path,
    settings: Settings,
    *,
    model_name: str | None = None,
    mode: str | None = None,
    text_column: str = "text",
    label_column: str = "label",
    family_column: str | None = None,
    group_column: str | None = None,
    positive: str = "propaganda",
) -> ExternalEvaluation:
    """Score a team's own labelled CSV/TSV with a model and compute the figures it allows
    (:func:`nohaven.classify.external.evaluate_table`); unreadable rows are kept as rejects."""
    from nohaven.classify import load_model
    from nohaven.classify.external import evaluate_table
    from nohaven.classify.table import read_table

    examples, rejected = read_table(
        table,
        text_column=text_column,
        label_column=label_column,
        family_column=family_column,
        group_column=group_column,
    )
    model = load_model(model_name or settings.model, mode=mode or settings.classify_mode)
    return evaluate_table(
        model,
        examples,
        positive=positive,
        families=[e.family for e in examples] if family_column else None,
        rejected=rejected,
        grouped_by=group_column or "",
    )


def evaluate(
    data_dir: Path, settings: Settings, *, model_name: str | None = None
) -> EvaluateReport:
    """Rebuild the model's test split from ``data_dir`` and score it; compare with its card."""
    from nohaven.classify import evaluate as evaluate_model
    from nohaven.classify import load_model
    from nohaven.classify.reproduce import compare_with_card, test_split_for

    model = load_model(model_name or settings.model)
    evaluation = evaluate_model(model, test_split_for(model, data_dir))
    matches, differences = compare_with_card(model_name or settings.model, evaluation)
    return EvaluateReport(model.name, model.version, evaluation, matches, differences)
