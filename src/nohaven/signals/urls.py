"""Links: normalised URLs (``url``) and registered domains (``domain``), matched exactly.

URLs are strings here: nothing is ever fetched or resolved. :func:`normalize_url` turns the
many spellings of one address into one matching key:

* ``http`` becomes ``https`` (the same content in practice; a bank entry written with either
  finds both), other schemes are lower-cased; an address without a scheme
  (``example.com/x``, ``//example.com/x``) gets ``https``;
* the host is lower-cased, internationalised names become their ASCII (``xn--``) form
  (IDNA 2008 with UTS 46 mapping), a trailing dot is dropped, IP addresses take their
  standard form, and a leading ``www.`` label is dropped (``www.example.com`` and
  ``example.com`` serve the same pages in practice);
* user name and password are dropped, and so is the scheme's default port;
* in the path, ``.`` and ``..`` segments are resolved, escapes of unreserved characters are
  decoded (``%7E`` -> ``~``), other escapes upper-cased, and characters that must be escaped
  (spaces, non-ASCII) are escaped as UTF-8; an empty path becomes ``/``;
* query parameters that only track clicks are dropped (``utm_*``, ``fbclid``, ``gclid`` and
  the others in :data:`TRACKING_PARAMETERS`), the rest are sorted by name (stable) and keep
  their values; an empty query is dropped;
* the fragment is dropped, except a ``#!`` fragment (old single-page sites keep the path
  there).

A registered domain is the part of a host that someone registers: one label under a public
suffix, from the Public Suffix List snapshot bundled with tldextract, read offline. Private
suffixes count (``user.github.io`` and ``name.blogspot.com`` are registered domains of their
own), so a bank can name one blog without naming the host of thousands. An IP address is its
own domain; a host with no registered domain (``localhost``) has no ``domain`` signal.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import SplitResult, quote, unquote, unquote_plus, urlsplit

import idna
import tldextract

from nohaven.signals.base import ContentKind, MatchSettings, Signal, SignalError, SignalType
from nohaven.signals.exact import ExactIndex

__all__ = [
    "DOMAIN",
    "TRACKING_PARAMETERS",
    "URL",
    "DomainType",
    "UrlType",
    "normalize_url",
    "registered_domain",
    "signal_types",
    "url_signals",
]

#: Query parameters dropped from URLs (compared case-insensitively), besides ``utm_*``.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
    }
)
_TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
#: Characters left as they are (beyond unreserved ones) in a path and in a query parameter.
_PATH_SAFE = "/:@!$&'()*+,;="
_QUERY_SAFE = "/?:@!$&'()*+,;="
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ASCII_LABEL = re.compile(r"^[a-z0-9_-]+$")
_REMOVED_CHARACTERS = str.maketrans("", "", "\t\n\r")
_IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _error(value: str, reason: str) -> SignalError:
    return SignalError(f"url {value[:100]!r}", reason)


def _escape(component: str, safe: str) -> str:
    """Percent-encoding normalised: unreserved escapes decoded, the rest upper-cased."""

    def fold(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    component = _STRAY_PERCENT.sub("%25", component)
    component = _ESCAPE.sub(fold, component)
    return quote(component, safe=safe + "%")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: ``/a/./b/../c`` -> ``/a/c``."""
    output: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _host(raw: str, value: str) -> str:
    """The canonical host: IP address, or lower-case ASCII labels without ``www.``."""
    host = unquote(raw).translate(_IDEOGRAPHIC_DOTS).rstrip(".").lower()
    if not host:
        raise _error(value, "no host")
    if ":" in host:
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise _error(value, f"invalid IPv6 address {host!r}") from None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        pass
    labels: list[str] = []
    for label in host.split("."):
        if label.isascii():
            if not _ASCII_LABEL.match(label):
                raise _error(value, f"invalid host name {host!r}")
            labels.append(label)
        else:
            try:
                labels.append(idna.encode(label, uts46=True, transitional=False).decode("ascii"))
            except idna.IDNAError as exc:
                raise _error(value, f"invalid host name {host!r}: {exc}") from None
    if len(labels) > 2 and labels[0] == "www":
        labels = labels[1:]
    return ".".join(labels)


def _query(query: str) -> str:
    kept: list[tuple[str, str]] = []
    for parameter in query.split("&"):
        if not parameter:
            continue
        name = unquote_plus(parameter.partition("=")[0]).lower()
        if name in TRACKING_PARAMETERS or name.startswith(_TRACKING_PREFIXES):
            continue
        kept.append((name, _escape(parameter, _QUERY_SAFE)))
    kept.sort(key=lambda item: item[0])
    return "&".join(text for _, text in kept)


def _split(value: str) -> SplitResult:
    text = value.strip().translate(_REMOVED_CHARACTERS)
    if not text:
        raise _error(value, "empty URL")
    scheme = _SCHEME.match(text)
    if text.startswith("//"):
        text = "https:" + text
    elif scheme is None or "://" not in text[: scheme.end() + 2]:
        # No scheme, or "host:port/...": a bare address. "mailto:", "javascript:" and other
        # schemes without a host are not web addresses.
        if scheme is not None and not text[scheme.end() :][:1].isdigit():
            raise _error(value, f"not a web address (scheme {scheme.group(1).lower()!r})")
        text = "https://" + text
    try:
        return urlsplit(text)
    except ValueError as exc:
        raise _error(value, str(exc)) from None


def normalize_url(value: str) -> str:
    """The canonical form of a URL (see the module's help); :class:`SignalError` if malformed."""
    parts = _split(value)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        raise _error(value, "invalid port") from None
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.startswith("["):
        raw_host = netloc[1 : netloc.find("]")] if "]" in netloc else netloc[1:]
    else:
        raw_host = netloc.partition(":")[0]
    host = _host(raw_host, value)
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if scheme == "http":
        scheme = "https"
    path = _remove_dot_segments(_escape(parts.path, _PATH_SAFE)) if parts.path else "/"
    url = f"{scheme}://{host}{path}"
    query = _query(parts.query)
    if query:
        url += "?" + query
    if parts.fragment.startswith("!"):
        url += "#" + _escape(parts.fragment, _QUERY_SAFE + "#")
    return url


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # The bundled Public Suffix List snapshot: no download, no cache written.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def _host_of(canonical_url: str) -> str:
    return canonical_url.split("://", 1)[1].split("/", 1)[0]


def _registered(host: str) -> str | None:
    bare = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    if bare.startswith("[") or re.fullmatch(r"[0-9.]+", bare):
        return bare  # an IP address is its own domain
    domain = _extractor()(bare).top_domain_under_public_suffix
    return domain or None


def registered_domain(value: str) -> str | None:
    """The registered domain of a URL or host name (``None`` for ``localhost`` and the like).

    :class:`SignalError` when ``value`` is not a URL or host name.
    """
    return _registered(_host_of(normalize_url(value)))


def url_signals(url: str) -> list[Signal]:
    """The ``url`` signal of a URL, and its ``domain`` signal where it has a registered domain.

    :class:`SignalError` when ``url`` is not a web address.
    """
    canonical = normalize_url(url)
    signals = [Signal(URL.name, canonical)]
    domain = _registered(_host_of(canonical))
    if domain is not None:
        signals.append(Signal(DOMAIN.name, domain))
    return signals


class UrlType:
    """The ``url`` signal type: normalised URLs, matched exactly."""

    name: str = "url"
    kind: ContentKind = ContentKind.URL
    threatexchange_name: str | None = "url"

    def canonical(self, value: str) -> str:
        """:func:`normalize_url` of ``value``."""
        return normalize_url(value)

    def new_index(self, settings: MatchSettings) -> ExactIndex:
        """An exact-match index."""
        return ExactIndex()


class DomainType:
    """The ``domain`` signal type: registered domains (or IP addresses), matched exactly.

    A bank value must be a registered domain itself: a subdomain is refused with the
    registered domain named, since matching it as its registered domain would widen the
    entry to every host under it. ``www.`` is dropped first.
    """

    name: str = "domain"
    kind: ContentKind = ContentKind.URL
    threatexchange_name: str | None = None

    def canonical(self, value: str) -> str:
        """The ASCII, lower-case registered domain; :class:`SignalError` otherwise."""
        where = f"domain {value[:100]!r}"
        url = normalize_url(value.strip())
        host = _host_of(url)
        if not url.endswith(f"://{host}/"):
            raise SignalError(where, "a domain has no path, query or fragment")
        domain = _registered(host)
        if domain is None:
            raise SignalError(where, "no registered domain (a public suffix, or not under one)")
        if domain != host:
            raise SignalError(
                where,
                f"{host} is not a registered domain (its registered domain is {domain}); "
                "use a url entry for addresses under it",
            )
        return domain

    def new_index(self, settings: MatchSettings) -> ExactIndex:
        """An exact-match index."""
        return ExactIndex()


#: The URL signal type.
URL = UrlType()
#: The registered-domain signal type.
DOMAIN = DomainType()


def signal_types() -> list[SignalType]:
    """The signal types this module defines."""
    return [URL, DOMAIN]
