"""The store's tables, as SQLAlchemy Core metadata.

This module describes the *current* schema; the migrations in ``store/migrations/versions``
create it step by step and a test checks that the two agree. A later stage adds its tables
here and in a new migration (see :func:`nohaven.store.migrate.new_revision`).

Conventions: ``(platform, id)`` keys, aware UTC times (:class:`~nohaven.store.types.UTCDateTime`),
lists and raw records as JSON (:data:`~nohaven.store.types.JSON_DOC`), a ``content_hash`` of the
stored fields so re-ingesting an unchanged record writes nothing, ``first_seen`` (when the row was
first stored) and ``updated_at`` (when its content last changed), and ``source`` (the file the
stored version came from).
"""

from __future__ import annotations

import sqlalchemy as sa

from nohaven.store.types import JSON_DOC, UTCDateTime

__all__ = [
    "access_log",
    "account_scores",
    "accounts",
    "bank_entries",
    "bank_matches",
    "banks",
    "interactions",
    "metadata",
    "post_links",
    "post_scores",
    "posts",
    "rejects",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("handle", sa.Text),
    sa.Column("display_name", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("followers", sa.BigInteger),
    sa.Column("post_count", sa.BigInteger),
    sa.Column("created", UTCDateTime()),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("observed", UTCDateTime()),
    sa.Column("raw", JSON_DOC, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("first_seen", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Index(None, "platform", "handle"),
)

posts = sa.Table(
    "posts",
    metadata,
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("account_id", sa.Text, nullable=False),
    sa.Column("created", UTCDateTime(), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_key", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("language_score", sa.Double),
    sa.Column("reply_to", sa.Text),
    sa.Column("reply_to_account", sa.Text),
    sa.Column("repost_of", sa.Text),
    sa.Column("repost_of_account", sa.Text),
    sa.Column("quote_of", sa.Text),
    sa.Column("quote_of_account", sa.Text),
    sa.Column("urls", JSON_DOC, nullable=False),
    sa.Column("mentions", JSON_DOC, nullable=False),
    sa.Column("mention_ids", JSON_DOC, nullable=False),
    sa.Column("hashtags", JSON_DOC, nullable=False),
    sa.Column("media", JSON_DOC, nullable=False),
    sa.Column("raw", JSON_DOC, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("first_seen", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Index(None, "platform", "account_id"),
    sa.Index(None, "created"),
    sa.Index(None, "language"),
)

interactions = sa.Table(
    "interactions",
    metadata,
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("post_id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("target_account", sa.Text, primary_key=True),
    sa.Column("source_account", sa.Text, nullable=False),
    sa.Column("time", UTCDateTime(), nullable=False),
    sa.Index(None, "platform", "source_account"),
    sa.Index(None, "platform", "target_account"),
)

rejects = sa.Table(
    "rejects",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("line", sa.Integer, primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("excerpt", sa.Text, nullable=False),
    sa.Column("seen_at", UTCDateTime(), nullable=False),
)

post_scores = sa.Table(
    "post_scores",
    metadata,
    # One score per post, model and model version: a retrained model's scores sit beside the
    # old ones. ``content_hash`` covers score, label, explanation and caveats, so re-scoring
    # with the same result writes nothing; ``scored`` is when the stored score was made.
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("post_id", sa.Text, primary_key=True),
    sa.Column("model", sa.Text, primary_key=True),
    sa.Column("model_version", sa.Text, primary_key=True),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("explanation", JSON_DOC, nullable=False),
    sa.Column("scored", UTCDateTime(), nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    # why the score may say less than it seems (nohaven.classify.caveats); since 0006
    sa.Column("caveats", JSON_DOC, nullable=False, server_default="[]"),
    # "The highest-scoring posts of this model version" is an index range scan.
    sa.Index(None, "model", "model_version", "score"),
)

banks = sa.Table(
    "banks",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("negative", sa.Boolean, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created", UTCDateTime(), nullable=False),
)

bank_entries = sa.Table(
    "bank_entries",
    metadata,
    # One row a signal in a bank. ``value_digest`` (SHA-256 of the value) keys it, so a long
    # text value needs no index of its own; adding the same signal again merges its labels.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("bank", sa.Text, sa.ForeignKey("banks.name", ondelete="CASCADE"), nullable=False),
    sa.Column("signal_type", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("value_digest", sa.Text, nullable=False),
    sa.Column("labels", JSON_DOC, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("confidence", sa.Double),
    sa.Column("quality", sa.Integer),
    sa.Column("added", UTCDateTime(), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("status_reason", sa.Text),
    sa.Column("status_changed", UTCDateTime()),
    sa.UniqueConstraint("bank", "signal_type", "value_digest"),
    sa.Index(None, "signal_type", "status"),
)

bank_matches = sa.Table(
    "bank_matches",
    metadata,
    # Every distinct item an entry matched: what flood quarantine counts and what review
    # decisions (the precision ledger) are recorded on. Matching the same item again only
    # moves ``last_matched``.
    sa.Column(
        "entry_id",
        sa.Integer,
        sa.ForeignKey("bank_entries.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("item", sa.Text, primary_key=True),
    sa.Column("distance", sa.Double, nullable=False),
    sa.Column("first_matched", UTCDateTime(), nullable=False),
    sa.Column("last_matched", UTCDateTime(), nullable=False),
    sa.Column("verdict", sa.Text),
    sa.Column("verdict_by", sa.Text),
    sa.Column("verdict_at", UTCDateTime()),
    sa.Index(None, "entry_id", "first_matched"),
    sa.Index(None, "item"),
)

post_links = sa.Table(
    "post_links",
    metadata,
    # Off-platform destinations, one row per post and canonical target. The post's account and
    # time are repeated here so the migration analytics (destinations by week, platform and
    # account) read one table. ``content_hash`` covers every non-key column.
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("post_id", sa.Text, primary_key=True),
    sa.Column("target", sa.Text, primary_key=True),
    sa.Column("account_id", sa.Text, nullable=False),
    sa.Column("created", UTCDateTime(), nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("domain", sa.Text),
    sa.Column("app", sa.Text),
    sa.Column("obfuscated", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Index(None, "target"),
    sa.Index(None, "kind", "created"),
)

account_scores = sa.Table(
    "account_scores",
    metadata,
    # One risk score per account, account model and model version (see nohaven.accounts), for
    # human review. ``evidence`` lists the features that moved the score most, ``counts`` the
    # account's volumes behind it. ``content_hash`` covers score, label, evidence and counts,
    # so re-scoring with the same result writes nothing; ``scored`` is when the stored score
    # was made.
    sa.Column("platform", sa.Text, primary_key=True),
    sa.Column("account_id", sa.Text, primary_key=True),
    sa.Column("model", sa.Text, primary_key=True),
    sa.Column("model_version", sa.Text, primary_key=True),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("evidence", JSON_DOC, nullable=False),
    sa.Column("counts", JSON_DOC, nullable=False),
    sa.Column("scored", UTCDateTime(), nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    # "The highest-scoring accounts of this model version" is an index range scan.
    sa.Index(None, "model", "model_version", "score"),
)

access_log = sa.Table(
    "access_log",
    metadata,
    # Who saw what: one row each time a command showed or wrote stored data from the platforms
    # (post texts, account handles) to a person. ``who`` is the reviewer (NOHAVEN_REVIEWER,
    # else the login name), ``detail`` what was asked (filters, output file), ``shown`` how
    # many items, ``items`` the keys of those shown on screen ("post:platform:id",
    # "account:platform:id"; an export to a file is logged by its count and path). Rows are
    # only ever added.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("command", sa.Text, nullable=False),
    sa.Column("detail", JSON_DOC, nullable=False),
    sa.Column("shown", sa.BigInteger, nullable=False),
    sa.Column("items", JSON_DOC, nullable=False),
    sa.Index(None, "at"),
)
