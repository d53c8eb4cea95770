"""Known-content matching: signals (hashes) of images, video, files, text and URLs, banks of
known content, and the matcher that finds re-uploads of banked items.

The public API is re-exported here; see :mod:`nohaven.signals.base` for the interfaces.
"""

from nohaven.signals.bank import (
    Bank,
    BankEntry,
    BankError,
    Behaviour,
    EntryLabels,
    EntryStatus,
    FloodSettings,
    Match,
    MatchStatus,
    NewEntry,
    Verdict,
    parse_labels,
)
from nohaven.signals.base import (
    ContentKind,
    Hasher,
    Hit,
    MatchSettings,
    Signal,
    SignalError,
    SignalIndex,
    SignalType,
)

__all__ = [
    "Bank",
    "BankEntry",
    "BankError",
    "Behaviour",
    "ContentKind",
    "EntryLabels",
    "EntryStatus",
    "FloodSettings",
    "Hasher",
    "Hit",
    "Match",
    "MatchSettings",
    "MatchStatus",
    "NewEntry",
    "Signal",
    "SignalError",
    "SignalIndex",
    "SignalType",
    "Verdict",
    "parse_labels",
]
