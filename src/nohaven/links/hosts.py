"""Hosts and canonical URLs: public suffixes, registered domains and which TLDs pass bare.

* :func:`public_suffix`: the ICANN public suffix of a host when a registrable label stands
  before it (the Public Suffix List snapshot bundled with tldextract, read offline), so
  ``report.pdf`` and ``e.g`` are not hosts; :func:`is_tld` tests one top-level label;
* :func:`registered` is :func:`nohaven.signals.urls.registered_domain` (private suffixes
  count: ``name.blogspot.com``), cached per host;
* :func:`canonical_url` is :func:`nohaven.signals.urls.normalize_url` of a URL assembled from
  its parts, with a fast path for the common simple case (``http(s)``, an ASCII host, no port,
  a path and query of plain characters) that gives the same result without parsing;
  ``tests/links/test_hosts.py`` checks the two agree on generated URLs;
* :data:`BARE_TLDS`: the top-level domains a bare, unlisted host (``example.org``) may end in
  without a path: the generic ones and the country codes that are not ordinary words or file
  extensions (``.it``, ``.me``, ``.to``, ``.de``, ``.la``, ``.py``, ``.sh``, ``.md``, ``.zip``
  are left out: ``it.me too``, ``main.py``, ``notes.zip``).
"""

from __future__ import annotations

import functools
import re

import tldextract

from nohaven.signals.base import SignalError
from nohaven.signals.urls import TRACKING_PARAMETERS, normalize_url, registered_domain

__all__ = [
    "BARE_TLDS",
    "STOPWORDS",
    "WEAK_TLDS",
    "canonical_url",
    "host_of",
    "is_tld",
    "normalize",
    "public_suffix",
    "registered",
    "tld_set",
]

# Word lists are written as one string each, split on spaces (one item a line would run to
# hundreds of lines).
#: Country codes that are ordinary words (en, fr, transliterated ar) or file extensions.
_WORDLIKE_CC = frozenset(
    "ai am an ar as at be by bz cc cv de do es et go id il im in is it la le me md ml mo mp ms "  # noqa: SIM905
    "my ne no nu on pl pm ps py rs sa se sh si so st to tu us we".split()
)
_COUNTRY_CODES = (  # noqa: SIM905
    "ac ad ae af ag al ao aq au aw ax az ba bb bd bf bg bh bi bj bm bn bo br bs bt bw ca cd cf "
    "cg ch ci ck cl cm cn co cr cu cw cx cy cz dj dk dm dz ec ee eg er eu fi fj fk fm fo fr ga "
    "gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu ie io iq ir je jm jo "
    "jp ke kg kh ki km kn kp kr kw ky kz lb lc li lk lr ls lt lu lv ly mc mg mh mk mm mn mq mr "
    "mt mu mv mw mx mz na nc nf ng ni nl np nr nz om pa pe pf pg ph pk pn pr pt pw qa re ro ru "
    "rw sb sc sd sg sj sk sl sm sn sr ss sv sx sy sz tc td tf tg th tj tk tl tm tn tr tt tv tw "
    "tz ua ug uk uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"
).split()
#: Top-level domains accepted for a bare, unlisted host without a path.
BARE_TLDS = frozenset(
    "com net org info biz edu gov mil int mobi name pro asia tel travel coop aero museum jobs "  # noqa: SIM905
    "cat onion xyz top site online club shop store tech app dev website space".split()
) | frozenset(code for code in _COUNTRY_CODES if code not in _WORDLIKE_CC)
#: Top-level domains accepted after a spaced dot ("example dot com") without a path.
WEAK_TLDS = frozenset({"com", "net", "org", "info", "onion"})
#: First labels that make "<word> dot com" prose rather than a host.
STOPWORDS = frozenset(
    "a an the this that my your our his her its their every any some one no dot point "  # noqa: SIM905
    "le la les un une des ce mon ton son notre votre".split()
)

_SIMPLE_HOST = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.[a-z][a-z0-9-]*")
_SIMPLE_PATH = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@]*)*")
_SIMPLE_QUERY = re.compile(r"[A-Za-z0-9\-._~!$'()*,;=:@/?&]*")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


@functools.cache
def _icann() -> tldextract.TLDExtract:
    # The bundled snapshot, ICANN section only: is this a real public suffix with a label?
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.cache
def tld_set() -> frozenset[str]:
    """The top-level domains of the public-suffix list (ICANN section), lower case."""
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in _icann().tlds)


def is_tld(label: str) -> bool:
    """Whether ``label`` (any case) is a top-level domain of the public-suffix list."""
    return label.lower() in tld_set()


@functools.lru_cache(maxsize=65536)
def public_suffix(host: str) -> str | None:
    """The ICANN public suffix of ``host`` when a registrable label stands before it."""
    result = _icann()(host)
    return result.suffix if result.suffix and result.domain else None


@functools.lru_cache(maxsize=65536)
def registered(host: str) -> str | None:
    """The registered domain of ``host``, ``None`` when it has none (or is malformed)."""
    try:
        return registered_domain(host)
    except SignalError:
        return None


@functools.lru_cache(maxsize=65536)
def normalize(url: str) -> str | None:
    """:func:`~nohaven.signals.urls.normalize_url` of ``url`` (cached), ``None`` if malformed."""
    try:
        return normalize_url(url)
    except SignalError:
        return None


def _simple_query(query: str) -> str | None:
    """The normalised query of a query of plain characters (``None`` for anything else)."""
    if not _SIMPLE_QUERY.fullmatch(query):
        return None
    kept: list[tuple[str, str]] = []
    for parameter in query.split("&"):
        if parameter:
            name = parameter.partition("=")[0].lower()
            if name not in TRACKING_PARAMETERS and not name.startswith("utm_"):
                kept.append((name, parameter))
    kept.sort(key=lambda item: item[0])
    return "&".join(parameter for _, parameter in kept)


@functools.lru_cache(maxsize=65536)
def canonical_url(scheme: str, host: str, port: str = "", path: str = "") -> str | None:
    """``normalize_url(f"{scheme}://{host}{port}{path}")``, ``None`` when that is malformed.

    ``host`` is lower case; ``port`` is ``""`` or ``":<digits>"``; ``path`` may hold a query
    and a fragment. The common simple case (``http(s)``, an ASCII name, no port, plain
    characters) is assembled directly; anything else goes through ``normalize_url``. Results
    are cached: the same links come back again and again in real posts.
    """
    if scheme in ("http", "https") and not port and _SIMPLE_HOST.fullmatch(host):
        rest, _, fragment = path.partition("#")
        rest, question, query = rest.partition("?")
        if (
            _SIMPLE_PATH.fullmatch(rest)
            and (not rest or _DOT_SEGMENT.search(rest) is None)
            and not fragment.startswith("!")
        ):
            kept = _simple_query(query) if question else ""
            if kept is not None:
                if host.startswith("www.") and host.count(".") > 1:
                    host = host[4:]
                return f"https://{host}{rest or '/'}{'?' if kept else ''}{kept}"
    return normalize(f"{scheme}://{host}{port}{path}")


def host_of(url: str) -> str:
    """The host (and port) of a canonical URL."""
    return url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
