"""The contract every input format keeps: a kit for built-in and third-party formats alike.

A plugin's tests call :func:`check_format` with the format and a small sample file of its own
(neutral text); it checks the promises the pipeline relies on and raises ``AssertionError``
with a message naming the broken promise::

    from nohaven.ingest.contract import check_format
    def test_my_format_keeps_the_contract(tmp_path):
        check_format(MyFormat(), Path("tests/fixtures/sample.myformat"))
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from nohaven.ingest.base import Format, FormatOptions, RecordError, Reject, SourceRecord
from nohaven.ingest.readers import read_head
from nohaven.ingest.registry import FormatRegistry, default_registry

__all__ = ["check_format"]


def _check(condition: bool, fmt: Format, promise: str) -> None:
    if not condition:
        raise AssertionError(f"format {fmt.name!r} breaks its contract: {promise}")


def check_format(
    fmt: Format,
    sample: Path,
    *,
    options: FormatOptions | None = None,
    registry: FormatRegistry | None = None,
) -> None:
    """Check ``fmt`` against its own ``sample`` file (which must hold at least one post, or
    at least one account for an account table)."""
    options = options or FormatOptions()
    _check(isinstance(fmt, Format), fmt, "implements the Format protocol")
    _check(bool(fmt.name) and fmt.name == fmt.name.strip(), fmt, "has a stable, non-empty name")
    _check(fmt.name != type(fmt).__name__, fmt, "names itself, not after its class")
    _check(bool(fmt.description), fmt, "describes what it reads")

    score = fmt.sniff(read_head(sample))
    _check(0.5 <= score <= 1.0, fmt, f"recognises its own sample (sniff gave {score})")
    chosen = (registry or default_registry()).detect(sample)
    _check(chosen.name == fmt.name, fmt, f"wins detection on its sample (won: {chosen.name})")

    items = list(fmt.read(sample, options))
    records = [item for item in items if isinstance(item, SourceRecord)]
    _check(bool(records), fmt, "reads at least one record from its sample")
    for item in items:
        _check(isinstance(item, SourceRecord | Reject), fmt, "reads records or rejects only")
        _check(item.line >= 1 and item.source == str(sample), fmt, "says where each record is")

    ids: set[tuple[str, str]] = set()
    posts = accounts = 0
    for record in records:
        try:
            first = fmt.map(record, options)
        except RecordError:
            continue  # a record the format refuses with a reason (a notice, a service message)
        again = fmt.map(record, options)
        _check(first == again, fmt, f"maps line {record.line} the same way twice (pure)")
        for post in first.posts:
            posts += 1
            _check(post.created.tzinfo is UTC, fmt, f"gives UTC times (post {post.id})")
            _check(bool(post.platform and post.id and post.account_id), fmt, "fills the keys")
            _check(isinstance(post.raw, dict) and bool(post.raw), fmt, "keeps the raw record")
            _check(post.text_key is None, fmt, "leaves the matching key to the text stage")
            ids.add((post.platform, post.id))
        mapped_ids = {post.id for post in first.posts}
        _check(
            first.captured <= mapped_ids and (not mapped_ids or bool(first.own_posts())),
            fmt,
            f"marks as captured only posts it gives, never all of them (line {record.line})",
        )
        for account in first.accounts:
            accounts += 1
            _check(bool(account.platform and account.id), fmt, "gives accounts their keys")
    # An account table (``accounts-csv``) maps to accounts only; every other format to posts.
    _check(posts + accounts > 0, fmt, "maps its sample to at least one post or account")

    garbage_records: tuple[dict[str, object], ...] = (
        {},
        {"unexpected": [1, 2, 3]},
        {"text": None, "id": {}},
    )
    for garbage in garbage_records:
        try:
            fmt.map(SourceRecord(str(sample), 1, garbage), options)
        except RecordError:
            continue
        except Exception as error:
            raise AssertionError(
                f"format {fmt.name!r} breaks its contract: an unusable record must raise "
                f"RecordError, not {type(error).__name__}: {error}"
            ) from error
