"""nohaven: find, measure and counter violent-extremist propaganda online.

The public API is re-exported here; everything else is an implementation detail.
"""

from nohaven.config import Settings
from nohaven.jobs import ingest, run_demo, scan, stats
from nohaven.model import Account, AccountStatus, Interaction, InteractionKind, Media, Post

__all__ = [
    "Account",
    "AccountStatus",
    "Interaction",
    "InteractionKind",
    "Media",
    "Post",
    "Settings",
    "__version__",
    "ingest",
    "run_demo",
    "scan",
    "stats",
]

__version__ = "0.1.0"
