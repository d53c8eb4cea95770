"""The scan's link stage and ``nohaven links INPUT``: every post's off-platform destinations.

A pure function over batches: each post's text and structured URL fields go through the link
extractor, and every destination becomes a :class:`~nohaven.model.PostLink` stored with the
batch. Nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nohaven.ingest.base import Format, FormatOptions
from nohaven.links.extract import LinkExtractor
from nohaven.model import Post, PostLink
from nohaven.pipeline import Batch, Stage, read_batches

__all__ = ["LinkFileReport", "link_stage", "links_of", "links_of_file"]


def links_of(posts: Iterable[Post], extractor: LinkExtractor) -> Iterator[PostLink]:
    """The destinations of each post, in post order and order of appearance."""
    batch = posts if isinstance(posts, list) else list(posts)
    found = extractor.extract_batch([(post.text, post.urls) for post in batch])
    for index, link in zip(found.posts, found.links, strict=True):
        post = batch[index]
        yield PostLink(
            platform=post.platform,
            post_id=post.id,
            account_id=post.account_id,
            created=post.created,
            target=link.target,
            raw=link.raw,
            kind=str(link.kind),
            domain=link.domain,
            app=link.app,
            obfuscated=link.obfuscated,
            source=str(link.source),
        )


@dataclass(frozen=True, slots=True)
class _LinkStage:
    extractor: LinkExtractor
    name: str = "links"

    def __call__(self, batch: Batch) -> Batch:
        if batch.posts:
            batch.links = [*batch.links, *links_of(batch.posts, self.extractor)]
        return batch


def link_stage(extractor: LinkExtractor | None = None) -> Stage:
    """Find every post's off-platform destinations (see :mod:`nohaven.links.extract`)."""
    return _LinkStage(extractor or LinkExtractor())


@dataclass(slots=True)
class LinkFileReport:
    """What ``nohaven links INPUT`` read and found."""

    records: int = 0
    posts: int = 0
    rejects: int = 0
    links: int = 0
    posts_with_links: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "records": self.records,
            "posts": self.posts,
            "rejected": self.rejects,
            "links": self.links,
            "posts_with_links": self.posts_with_links,
            "by_kind": dict(sorted(self.by_kind.items())),
        }


def links_of_file(
    path: Path,
    fmt: Format,
    options: FormatOptions,
    extractor: LinkExtractor,
    report: LinkFileReport,
) -> Iterator[PostLink]:
    """Read one file of any ingest format and yield its posts' links (nothing is stored)."""
    for batch in read_batches(path, fmt, options):
        report.records += batch.records
        report.posts += len(batch.posts)
        report.rejects += len(batch.rejects)
        seen: set[str] = set()
        for link in links_of(batch.posts, extractor):
            report.links += 1
            report.by_kind[link.kind] = report.by_kind.get(link.kind, 0) + 1
            if link.post_id not in seen:
                seen.add(link.post_id)
                report.posts_with_links += 1
            yield link
