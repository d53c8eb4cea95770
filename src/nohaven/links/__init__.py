"""Outlinks: the off-platform destinations posts point to, and how the mix moves over time.

:func:`extract_links` finds plain, bare and obfuscated links, messenger invites and channels,
onion addresses, account hand-offs and checksum-valid wallets in a post's text and URL fields;
each is normalised to a canonical target and kinded by the package's domain categories
(:func:`load_categories`, extendable with a user file). :func:`summarise` gives the weekly mix
and every destination from the store. Nothing is ever fetched.
"""

from nohaven.links.base import ExtractedLink, LinkKind, LinkSource
from nohaven.links.categories import Categories, CategoryFileError, load_categories
from nohaven.links.extract import LinkBatch, LinkExtractor, extract_links
from nohaven.links.migration import Destination, MigrationSummary, WeeklyMix, summarise

__all__ = [
    "Categories",
    "CategoryFileError",
    "Destination",
    "ExtractedLink",
    "LinkBatch",
    "LinkExtractor",
    "LinkKind",
    "LinkSource",
    "MigrationSummary",
    "WeeklyMix",
    "extract_links",
    "load_categories",
    "summarise",
]
