"""Outlink extraction: every destination a post sends its audience to, found without fetching.

:func:`extract_links` (or a :class:`LinkExtractor` holding its categories) reads a post's text
and its structured URL fields and returns :class:`~nohaven.links.base.ExtractedLink` records,
one per destination, in order of appearance. What it finds:

**Links with a scheme**: ``http``, ``https``, ``ftp`` and the defanged ``hxxp(s)``,
``hXXps``, ``h**ps``, with ``[:]//`` or ``[://]`` or spaces around ``:``/``//``; any host
under a public suffix (the Public Suffix List snapshot bundled with tldextract, offline),
internationalised hosts and IPv4 addresses. ``tg://resolve`` and ``tg://join`` links.

**Bare domains** (``t.me/name``, ``example.org``): ASCII labels under a public suffix, not
preceded by a letter, digit, ``@``, ``.``, ``-``, ``/`` or ``#`` (so e-mail addresses and
hashtags give nothing) and not followed by ``@``. A written dot can be:

* ``.``; the Arabic comma, full stop and decimal separator (``،`` ``۔`` ``٫``) or the
  ideographic full stop (``。``) used as a dot; full-width and other compatibility dots are
  folded first (:mod:`nohaven.links.fold`, which also drops zero-width characters);
* *defanged*: ``[.]``, ``(.)``, ``{.}``, ``<.>``, ``[,]``, ``[dot]``, ``(dot)``,
  ``(point)``, ``[نقطة]`` (also ``punto``, ``nokta``; any case);
* *spaced* (weak): `` . ``, ``. ``, `` .``, `` dot ``, `` point ``, `` نقطة ``.

(:mod:`nohaven.links.patterns` holds the patterns and the anchors that keep them fast.)

Ordinary prose is full of dots, so a bare domain must earn its place:

* a scheme, a ``www.`` first label or a defanged dot is enough;
* otherwise the top-level label must be written in lower case (``end.It`` is a sentence
  end) and the host listed in the categories (``t.me``, ``bit.ly``...), or followed by a path
  (``example.it/page``), or under a top-level domain that is rarely an ordinary word or a
  file extension (:data:`nohaven.links.hosts.BARE_TLDS`: ``.com``, ``.org``, most country
  codes; not ``.it``, ``.me``, ``.to``, ``.de``, ``.py``, ``.zip``, ``.md`` ...);
* a spaced dot is weaker still: the label after it must be lower case and, unless the host
  is listed or a path follows, the top level must be ``com``, ``net``, ``org``, ``info`` or
  ``onion`` and the first label not a common word (``the dot com era``);
* a host that runs on past a sentence end (``example.com. Then``) is cut back to the longest
  part that passes.

**Onion services**: hosts under ``.onion`` with a valid v2 or v3 address
(:mod:`nohaven.links.onion`; v3 checksums are checked). **Wallets**: Bitcoin, Ethereum,
Monero and Tron addresses whose checksum validates (:mod:`nohaven.links.wallets`).
**Hand-offs and Telegram names** without a link (:mod:`nohaven.links.handoff`).

**Targets.** A link's target is :func:`nohaven.signals.urls.normalize_url` of it (``https``,
no ``www.``, no tracking parameters, no fragment), messaging links are canonicalised per app
to the channel, group or invite
(:mod:`nohaven.links.apps`: ``t.me/s/name/12`` -> ``https://t.me/name``), onion targets are
``http://<address>.onion/<path>``, hand-offs ``@handle`` (lower case), wallets
``<currency>:<address>``. The kind comes from the form (onion, hand-off, wallet) or from the
host's category (:mod:`nohaven.links.categories`), else ``other``; ``domain`` is the
registered domain (private suffixes count, as in the ``domain`` signal).

**Structured URL fields** (``urls``: Twitter's expanded URLs, a Telegram export's text links)
are reported first, as ``source=field``, with the field's value as ``raw``; a field that is
not a web address with a public suffix (nor an IP address or onion) is skipped. Text links
follow in order of appearance. Each target is reported once per post: a text link with the
same target as a field is left out (the field is the exact, structured form), and so is a
text link on a platform's own link wrapper (``t.co``, :data:`WRAPPER_HOSTS`) when the post has
URL fields, since the fields are what the wrappers expand to.

``obfuscated`` is true when the written form differs from a plain link: a defanged scheme or
dot, spaces, an Arabic or ideographic dot, folded or invisible characters, or a Telegram name
written without a link.

**Speed.** Most posts hold no link. :meth:`LinkExtractor.extract_batch` (which the scan's
link stage calls) pre-scans a whole batch in one pass of an automaton
(:mod:`nohaven.links.prescan`): a post where no link or wallet can be is not read at all, and
in the others the link search starts where the first link can be. A post is read through
the anchors of :mod:`nohaven.links.patterns`, and the full patterns run only from an anchor.
A :class:`LinkExtractor` keeps the outcome of each link it has read in unfolded text, keyed by
the written link (the groups of its match; up to 65,536, then cleared), and what it learnt of
each host, since the same links and hosts come back again and again. ``extract`` of one post
gives the same links without the pre-scan. ``benchmarks/bench_links.py`` measures both.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple, cast
from urllib.parse import urlsplit

from nohaven.links.apps import canonical_messaging, telegram_resolve
from nohaven.links.base import ExtractedLink, LinkKind, LinkSource
from nohaven.links.categories import Categories, Category, load_categories
from nohaven.links.fold import Folded, fold, needs_folding
from nohaven.links.handoff import (
    HANDOFF_AFTER,
    HANDOFF_BEFORE,
    TELEGRAM_NAME,
    lowered,
    may_hand_off,
    may_name_telegram,
)
from nohaven.links.hosts import (
    BARE_TLDS,
    STOPWORDS,
    WEAK_TLDS,
    canonical_url,
    host_of,
    normalize,
    public_suffix,
    registered,
    tld_set,
)
from nohaven.links.onion import onion_service
from nohaven.links.patterns import (
    ANCHOR,
    LINK,
    PATH_LEAD,
    SEPARATOR,
    SPACED_NAME,
    Dot,
    anchor_pattern,
    dead_end,
    dot_kind,
    first_word_end,
    link_start,
    strip_trailing,
)
from nohaven.links.prescan import prescan
from nohaven.links.wallets import ETHEREUM_CONTEXT, WALLET_CANDIDATE, check_wallet

__all__ = [
    "WRAPPER_HOSTS",
    "Categories",
    "LinkBatch",
    "LinkExtractor",
    "extract_links",
    "load_categories",
]

#: Link-wrapper hosts of platforms whose URL fields carry the expansion.
WRAPPER_HOSTS = frozenset({"t.co"})
#: An ``@`` that starts a handle (not the ``@`` of an e-mail address).
_HANDLE_AT = re.compile(r"@(?<![\w@/.]@)[A-Za-z0-9_]")
_IPV4 = re.compile(
    r"(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}"
)
_OTHER = LinkKind.OTHER
_PLAIN_HOST = re.compile(r"[^\W_][\w-]*(?:\.[^\W_][\w-]*)+")
_SPACES_AROUND_SLASH = re.compile(r"^[^\S\n]*/[^\S\n]*")
_URL_CACHE_SIZE = 65536
_MISS = object()
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class LinkBatch(NamedTuple):
    """The links of a batch of posts (:meth:`LinkExtractor.extract_batch`): ``links[k]`` was
    found in post ``posts[k]`` (its index in the batch); each post's links in order."""

    posts: list[int]
    links: list[ExtractedLink]


class _Found(NamedTuple):
    """A destination found in the text: its span in the folded text, and the link."""

    start: int
    end: int
    link: ExtractedLink


class LinkExtractor:
    """Extracts outlinks from posts with one set of domain categories (see the module help).

    ``categories``: :func:`~nohaven.links.categories.load_categories` of the bundled file when
    ``None``. Extraction is pure and never fetches; an extractor can be shared.
    """

    def __init__(self, categories: Categories | None = None) -> None:
        self.categories = categories if categories is not None else load_categories()
        # The outcome of a link match in unfolded text, keyed by the match's groups (which
        # spell the whole matched string): the link (its raw text spans it), or None when it
        # was rejected. One object an entry: long-lived objects cost every garbage collection.
        self._url_cache: dict[tuple[str | None, ...], ExtractedLink | None] = {}
        # Per host: (public suffix, listed category) of a written host and (registered
        # domain, category) of a canonical one; the same few hosts carry most links.
        self._written_hosts: dict[str, tuple[str | None, Category | None]] = {}
        self._canonical_hosts: dict[str, tuple[str | None, Category | None]] = {}

    # -- public ------------------------------------------------------------------------------

    def extract(self, text: str, urls: Sequence[str] = ()) -> list[ExtractedLink]:
        """The destinations of one post: its URL fields first, then its text in order."""
        fields = [link for link in map(self._from_field, urls) if link is not None] if urls else []
        found = self._from_text(text) if text else []
        return self._unique(found, fields) if found or fields else []

    def extract_many(self, items: Iterable[tuple[str, Sequence[str]]]) -> list[list[ExtractedLink]]:
        """:meth:`extract` of each ``(text, urls)`` pair, in order (see :meth:`extract_batch`)."""
        pairs = items if isinstance(items, Sequence) else list(items)
        results: list[list[ExtractedLink]] = [[] for _ in pairs]
        batch = self.extract_batch(pairs)
        for post, link in zip(batch.posts, batch.links, strict=True):
            results[post].append(link)
        return results

    def extract_batch(self, items: Sequence[tuple[str, Sequence[str]]]) -> LinkBatch:
        """The links of a batch of ``(text, urls)`` pairs: those :meth:`extract` finds in each,
        in order, as one flat list with the index of each link's pair.

        The batch's texts are pre-scanned together (:func:`~nohaven.links.prescan.prescan`):
        a text where no link or wallet can be is not searched, and the link search of the
        others starts where the first link can be. Nothing is allocated for a post without a
        link: on a large batch the garbage collector's passes over the objects still alive
        cost more than the extraction (see ``benchmarks/bench_links.py``).
        """
        scan = prescan([text or "" for text, _ in items])
        from_field = self._from_field
        from_text = self._from_text
        unique = self._unique
        posts: list[int] = []
        links: list[ExtractedLink] = []
        unread = scan.unread
        for i, ((text, urls), link_from, wallet) in enumerate(
            zip(items, scan.links, scan.wallets, strict=True)
        ):
            if text and (link_from >= 0 or wallet):
                found = from_text(text, link_from, wallet == 1, i not in unread)
            elif text and "@" in text and _may_name(text):
                found = from_text(text, -1, False)
            elif not urls:
                continue
            else:
                found = []
            fields = [link for link in map(from_field, urls) if link is not None] if urls else []
            if found or fields:
                kept = unique(found, fields)
                posts.extend([i] * len(kept))
                links.extend(kept)
        return LinkBatch(posts, links)

    # -- assembling ----------------------------------------------------------------------------

    @staticmethod
    def _unique(found: list[_Found], fields: list[ExtractedLink]) -> list[ExtractedLink]:
        links: list[ExtractedLink] = []
        seen: set[str] = set()
        for link in fields:
            if link.target not in seen:
                seen.add(link.target)
                links.append(link)
        for item in sorted(found, key=lambda item: item.start) if len(found) > 1 else found:
            link = item.link
            if link.target in seen:
                continue
            if fields and link.domain is not None and host_of(link.target) in WRAPPER_HOSTS:
                continue
            seen.add(link.target)
            links.append(link)
        return links

    def _from_text(
        self, text: str, link_from: int = 0, wallets: bool = True, scanned: bool = False
    ) -> list[_Found]:
        """The destinations in ``text``; links are searched for from ``link_from`` (none when
        it is -1) and wallets only when ``wallets``: the hints of a pre-scan of the text as
        written (``scanned``), ignored when the text is folded."""
        folded = None if text.isascii() or not needs_folding(text) else fold(text)
        if folded is not None:
            link_from, wallets, scanned = 0, True, False
        body = text if folded is None else folded.text
        if link_from >= 0:
            pattern = anchor_pattern(body)
            anchor = pattern.search(body, link_from)
        else:
            pattern, anchor = ANCHOR, None
        mention = "@" in body and _HANDLE_AT.search(body) is not None
        wallet = WALLET_CANDIDATE.search(body) if wallets else None
        if anchor is None and not mention and wallet is None:
            return []
        if folded is None:
            folded = Folded(text)
        found: list[_Found] = []
        if anchor is not None:
            live = scanned and _starts_host(body, link_from)
            found.extend(self._links(text, folded, anchor, pattern, live))
        if mention:
            found.extend(self._names(text, folded, found))
        if wallet is not None:
            found.extend(self._wallets(text, folded, found, wallet))
        return found

    @staticmethod
    def _raw(text: str, folded: Folded, start: int, end: int) -> tuple[str, bool]:
        """The text as written for a folded span, and whether folding changed it."""
        raw_start, raw_end = folded.original_span(start, end)
        raw = text[raw_start:raw_end]
        return raw, raw != folded.text[start:end]

    # -- links -------------------------------------------------------------------------------

    def _links(
        self,
        text: str,
        folded: Folded,
        anchor: re.Match[str] | None,
        pattern: re.Pattern[str],
        live: bool = False,
    ) -> list[_Found]:
        """Links from each anchor on: the link (if any) that starts just before it.

        ``live``: the pre-scan has shown that the first anchor is no dead end.
        """
        body = folded.text
        found: list[_Found] = []
        position = 0
        while anchor is not None:
            at = anchor.start()
            if at >= position and (live or not dead_end(body, anchor)):
                start = link_start(body, anchor, position)
            else:
                start = -1
            live = False
            if start >= 0:
                match = LINK.match(body, start)
                if match is not None:
                    if match.group("tg") is not None:
                        item = self._tg(text, folded, match)
                        position = match.end()
                    else:
                        item = self._url_once(text, folded, match)
                        position = item.end if item is not None else first_word_end(match)
                    if item is not None:
                        found.append(item)
            anchor = pattern.search(body, max(position, at + 1))
        return found

    def _url_once(self, text: str, folded: Folded, match: re.Match[str]) -> _Found | None:
        """:meth:`_url`, cached per written link when the text was not folded.

        In unfolded text the outcome depends on the matched string alone (its groups): the same
        links come back again and again in real posts. The cache is cleared when it is full.
        """
        if folded.starts is not None:
            return self._url(text, folded, match)
        key = match.groups()
        cache = self._url_cache
        start = match.start()
        hit = cache.get(key, _MISS)
        if hit is not _MISS:
            if hit is None:
                return None
            link = cast("ExtractedLink", hit)
            # unfolded text: the link's span is its raw text
            return _Found(start, start + len(link.raw), link)
        item = self._url(text, folded, match)
        if len(cache) >= _URL_CACHE_SIZE:
            cache.clear()
        cache[key] = None if item is None else item.link
        return item

    def _tg(self, text: str, folded: Folded, match: re.Match[str]) -> _Found | None:
        value = strip_trailing(match.group("tg"))
        target = telegram_resolve(value)
        if target is None:
            return None
        end = match.start() + len(value)
        raw, changed = self._raw(text, folded, match.start(), end)
        link = ExtractedLink(
            raw=raw,
            target=target,
            kind=LinkKind.MESSAGING,
            domain="t.me",
            app="telegram",
            obfuscated=changed,
        )
        return _Found(match.start(), end, link)

    def _url(self, text: str, folded: Folded, match: re.Match[str]) -> _Found | None:
        written = match.group("scheme")
        if written is not None:
            host_text, port, path = match.group("shost", "sport", "spath")
            host_start = match.start("shost")
            written = written.lower()
            scheme = "ftp" if written == "ftp" else "https" if written.endswith("s") else "http"
            # a defanged scheme or separator hides the link
            hidden = match.group("sep") != "://" or written not in ("http", "https", "ftp")
        else:
            host_text, port, path = match.group("bhost", "bport", "bpath")
            host_start = match.start()
            scheme = None
            hidden = False
        if _PLAIN_HOST.fullmatch(host_text):
            labels = host_text.split(".")
            item = self._candidate(
                text,
                folded,
                match.start(),
                labels,
                Dot.PLAIN,
                host_start + len(host_text),
                port or "",
                strip_trailing(path or ""),
                scheme,
                hidden,
            )
            if item is not None or len(labels) == 2:
                return item
            # "weather.gov.Then": cut back a label at a time (the whole host was tried)
            ends = list(itertools.accumulate(len(label) + 1 for label in labels))
            ends = [end - 1 for end in ends]  # where each label ends in the host text
            strengths = [Dot.PLAIN] * len(labels)
            usable = len(labels) - 1
        else:
            pieces = SEPARATOR.split(host_text)
            labels = pieces[0::2]
            dots = [dot_kind(separator) for separator in pieces[1::2]]
            ends = list(itertools.accumulate(map(len, pieces)))[0::2]
            # strengths[k]: the weakest way a dot is written among the first k dots
            strengths = [Dot.PLAIN, *itertools.accumulate(dots, max)]
            # Where a spaced dot follows another dot, or is followed by a capital, a sentence
            # ended: the host cannot run on past it.
            usable = len(labels)
            for i, dot in enumerate(dots):
                if dot is Dot.SPACED and (
                    (i > 0 and dots[i - 1] is not Dot.SPACED)
                    or (not labels[i + 1].islower() and not labels[i + 1].isdigit())
                ):
                    usable = i + 1
                    break
        whole = len(labels)
        tlds = tld_set()
        for count in range(usable, 1, -1):
            if count < whole and labels[count - 1].lower() not in tlds:
                continue  # a cut host must end in a top-level domain
            end = host_start + ends[count - 1]
            item = self._candidate(
                text,
                folded,
                match.start(),
                labels[:count],
                strengths[count - 1],
                end,
                (port or "") if count == whole else "",
                strip_trailing(path or "") if count == whole else "",
                scheme,
                hidden or strengths[count - 1] is not Dot.PLAIN,
            )
            if item is not None:
                return item
        return None

    def _candidate(
        self,
        text: str,
        folded: Folded,
        start: int,
        labels: list[str],
        strength: Dot,
        host_end: int,
        port: str,
        path: str,
        scheme: str | None,
        hidden: bool,
    ) -> _Found | None:
        """The link for a host cut to ``labels``, or ``None`` when it does not pass."""
        host = ".".join(labels).lower()
        lead: re.Match[str] | None = None
        spaced_path = False
        written_path = path  # as written, for the end of the raw span
        if path and (path[0] != "/" or path[1:2].isspace()):
            lead = PATH_LEAD.match(path)
            if lead is not None and lead.group(0) == "[/]":
                hidden = True  # "t[.]me[/]name": a defanged slash, as deliberate as "[.]"
                path = "/" + path[3:]
                lead = None
            else:
                spaced_path = lead is not None
        if scheme is None or _IPV4.fullmatch(host) is None:
            ascii_host = host.isascii()
            known = self._written_hosts.get(host)
            if known is None:
                known = (public_suffix(host) if ascii_host else None, self.categories.lookup(host))
                if len(self._written_hosts) >= _URL_CACHE_SIZE:
                    self._written_hosts.clear()
                self._written_hosts[host] = known
            suffix, listed = known
            if suffix is None and ascii_host:
                return None
            if spaced_path and not (
                listed is not None
                and listed.kind is LinkKind.MESSAGING
                and lead is not None
                and SPACED_NAME.fullmatch(path, len(lead.group(0)))
            ):
                # "example.com / news", "example.com/ https://...": prose after the host
                path = written_path = "/" if path.startswith("/") else ""
                spaced_path = False
            onion = host.endswith(".onion")
            if onion and onion_service(host) is None:
                return None
            strong = scheme is not None or strength is Dot.DEFANGED or host.startswith("www.")
            if not (strong or onion):
                real_path = len(path.strip(" /?#")) > 0
                tld = (suffix or "").rpartition(".")[2]
                if strength is Dot.SPACED:
                    # "in line. me too": a listed host is not enough after a spaced dot
                    if not real_path and (tld not in WEAK_TLDS or labels[0].lower() in STOPWORDS):
                        return None
                elif listed is None and (
                    not labels[-1].islower() or (not real_path and tld not in BARE_TLDS)
                ):
                    return None
        end = host_end + len(port) + len(written_path)
        if spaced_path:
            path = _SPACES_AROUND_SLASH.sub("/", path)
        if "[/]" in path:
            path = path.replace("[/]", "/")
            hidden = True
        url = canonical_url(scheme or "http", host, port, path)
        if url is None:
            return None
        raw, changed = self._raw(text, folded, start, end)
        fragment = path.partition("#")[2]
        link = self._link(raw, url, fragment, changed or hidden or spaced_path, LinkSource.TEXT)
        return None if link is None else _Found(start, end, link)

    def _link(
        self, raw: str, url: str, fragment: str, obfuscated: bool, source: LinkSource
    ) -> ExtractedLink | None:
        """The link for a normalised URL (``None`` when its host has no registered domain)."""
        host = host_of(url)
        bare = host.rsplit(":", 1)[0] if ":" in host and not host.startswith("[") else host
        if bare.endswith(".onion"):
            service = onion_service(bare)
            if service is None:
                return None
            return ExtractedLink(
                raw=raw,
                target="http://" + url.split("://", 1)[1],
                kind=LinkKind.ONION,
                domain=service,
                obfuscated=obfuscated,
                source=source,
            )
        known = self._canonical_hosts.get(bare)
        if known is None:
            known = (registered(bare), self.categories.lookup(bare))
            if len(self._canonical_hosts) >= _URL_CACHE_SIZE:
                self._canonical_hosts.clear()
            self._canonical_hosts[bare] = known
        domain, category = known
        if domain is None:
            return None
        if category is None:
            return ExtractedLink(raw, url, _OTHER, domain, None, obfuscated, source)
        app = category.app
        target = canonical_messaging(app, url, fragment) if app is not None else url
        return ExtractedLink(raw, target, category.kind, domain, app, obfuscated, source)

    def _from_field(self, value: str) -> ExtractedLink | None:
        value = value.strip()
        if not value:
            return None
        if value[:5].lower() == "tg://":
            target = telegram_resolve(value)
            if target is None:
                return None
            return ExtractedLink(
                raw=value,
                target=target,
                kind=LinkKind.MESSAGING,
                domain="t.me",
                app="telegram",
                source=LinkSource.FIELD,
            )
        url = canonical_url(*_parts(value)) if "://" in value else normalize(value)
        if url is None:
            return None
        fragment = urlsplit(value).fragment if "#" in value else ""
        return self._link(value, url, fragment, False, LinkSource.FIELD)

    # -- names and wallets -----------------------------------------------------------------------

    @staticmethod
    def _free(found: list[_Found], start: int, end: int) -> bool:
        return all(item.end <= start or item.start >= end for item in found)

    def _names(self, text: str, folded: Folded, found: list[_Found]) -> list[_Found]:
        lower = lowered(folded.text)
        names: list[_Found] = []
        for match in TELEGRAM_NAME.finditer(lower) if may_name_telegram(lower) else ():
            group = "name" if match.group("name") is not None else "name2"
            if not self._free(found, *match.span(group)):
                continue
            raw, _ = self._raw(text, folded, *match.span())
            link = ExtractedLink(
                raw=raw,
                target=f"https://t.me/{match.group(group)}",
                kind=LinkKind.MESSAGING,
                domain="t.me",
                app="telegram",
                obfuscated=True,
            )
            names.append(_Found(match.start(), match.end(), link))
        if not may_hand_off(lower):
            return names
        taken = found + names
        for pattern in (HANDOFF_AFTER, HANDOFF_BEFORE):
            for match in pattern.finditer(lower):
                handle_span = match.span("handle")
                if not self._free(taken, *handle_span):
                    continue
                raw, changed = self._raw(text, folded, *match.span())
                link = ExtractedLink(
                    raw=raw,
                    target="@" + match.group("handle").rstrip("."),
                    kind=LinkKind.HANDOFF,
                    domain=None,
                    obfuscated=changed,
                )
                names.append(_Found(match.start(), match.end(), link))
                taken.append(_Found(*handle_span, link))
        return names

    def _wallets(
        self, text: str, folded: Folded, found: list[_Found], first: re.Match[str]
    ) -> list[_Found]:
        body = folded.text
        wallets: list[_Found] = []
        context: bool | None = None
        match: re.Match[str] | None = first
        while match is not None:
            candidate = match.group(0)
            if self._free(found, *match.span()):
                if candidate.startswith("0x") and context is None:
                    context = ETHEREUM_CONTEXT.search(body) is not None
                wallet = check_wallet(candidate, context=bool(context))
                if wallet is not None:
                    raw, changed = self._raw(text, folded, *match.span())
                    link = ExtractedLink(
                        raw=raw,
                        target=wallet.target,
                        kind=LinkKind.CRYPTO,
                        domain=None,
                        app=wallet.currency,
                        obfuscated=changed,
                    )
                    wallets.append(_Found(match.start(), match.end(), link))
            match = WALLET_CANDIDATE.search(body, match.end())
        return wallets


def _starts_host(body: str, link_from: int) -> bool:
    """Whether the pre-scan's first match, at ``link_from``, is a host's first label: only such
    a match starts with an ASCII letter or digit, and then the first anchor from there is that
    host's dot, which the pre-scan has walked (no dead end)."""
    return 0 <= link_from < len(body) and body[link_from] in _LABEL_CHARS


def _may_name(text: str) -> bool:
    """Whether an unfolded text can hold a hand-off or a Telegram name (the tests of
    :meth:`LinkExtractor._names`, before its patterns): a handle, and a word of either."""
    if _HANDLE_AT.search(text) is None:
        return False
    lower = lowered(text)
    return may_name_telegram(lower) or may_hand_off(lower)


def _parts(value: str) -> tuple[str, str, str, str]:
    """(scheme, host, port, rest) of a URL field, for :func:`canonical_url`."""
    scheme, _, rest = value.partition("://")
    cut = min(
        (i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest)
    )
    netloc, path = rest[:cut], rest[cut:]
    host, colon, port = netloc.rpartition(":") if netloc.count(":") == 1 else (netloc, "", "")
    return scheme.lower(), host.lower(), f":{port}" if colon else "", path


@functools.cache
def _default_extractor() -> LinkExtractor:
    return LinkExtractor()


def extract_links(
    text: str, urls: Sequence[str] = (), *, categories: Categories | None = None
) -> list[ExtractedLink]:
    """The outlinks of one post (see the module help): URL fields first, then the text's links.

    ``categories`` defaults to the bundled domain categories.
    """
    extractor = _default_extractor() if categories is None else LinkExtractor(categories)
    return extractor.extract(text, urls)
