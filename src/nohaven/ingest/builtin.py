"""The built-in formats, registered through the same registry as third-party ones."""

from __future__ import annotations

from nohaven.ingest.base import Format

__all__ = ["formats"]


def formats() -> list[Format]:
    """Instances of every built-in format, in sniffing-priority order (ties go to the first)."""
    from nohaven.ingest.account_table import AccountsCsv
    from nohaven.ingest.fifthtribe import FifthTribeCsv
    from nohaven.ingest.generic import GenericCsv, GenericJsonl, GenericParquet
    from nohaven.ingest.telegram import TelegramExport, TelegramTelethon
    from nohaven.ingest.twitter_v1 import TwitterV1
    from nohaven.ingest.twitter_v2 import TwitterV2

    return [
        FifthTribeCsv(),
        TwitterV1(),
        TwitterV2(),
        TelegramTelethon(),
        TelegramExport(),
        AccountsCsv(),
        GenericCsv(),
        GenericJsonl(),
        GenericParquet(),
    ]
