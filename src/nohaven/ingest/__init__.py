"""Ingest: one pure mapper per platform export format, auto-detected."""

from nohaven.ingest.base import Format, FormatOptions, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.registry import FormatRegistry, UnknownFormatError, default_registry

__all__ = [
    "Format",
    "FormatOptions",
    "FormatRegistry",
    "Mapped",
    "RecordError",
    "Reject",
    "SourceRecord",
    "UnknownFormatError",
    "default_registry",
]
