"""Links: URL normalisation and registered domains, offline."""

from __future__ import annotations

import socket

import pytest

from nohaven.signals import urls
from nohaven.signals.base import ContentKind, MatchSettings, Signal, SignalError, SignalType
from nohaven.signals.urls import (
    DOMAIN,
    URL,
    normalize_url,
    registered_domain,
    signal_types,
    url_signals,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://example.com/a", "https://example.com/a", id="already-canonical"),
        pytest.param("HTTPS://EXAMPLE.COM/Path", "https://example.com/Path", id="case"),
        pytest.param("http://example.com/", "https://example.com/", id="http-is-https"),
        pytest.param("https://www.example.com/", "https://example.com/", id="www"),
        pytest.param("https://www2.example.com/", "https://www2.example.com/", id="www2-kept"),
        pytest.param("https://example.com", "https://example.com/", id="empty-path"),
        pytest.param("https://example.com:443/x", "https://example.com/x", id="default-port"),
        pytest.param("http://example.com:80/x", "https://example.com/x", id="http-default-port"),
        pytest.param("https://example.com:8443/x", "https://example.com:8443/x", id="port-kept"),
        pytest.param("https://user:pw@example.com/x", "https://example.com/x", id="userinfo"),
        pytest.param("https://example.com./x", "https://example.com/x", id="trailing-dot"),
        pytest.param("https://example.com/x#section-2", "https://example.com/x", id="fragment"),
        pytest.param("https://example.com/#!/page", "https://example.com/#!/page", id="hashbang"),
        pytest.param("https://example.com/a/./b/../c", "https://example.com/a/c", id="dots"),
        pytest.param("https://example.com/%7euser", "https://example.com/~user", id="unreserved"),
        pytest.param("https://example.com/a%2fb", "https://example.com/a%2Fb", id="escape-case"),
        pytest.param("https://example.com/a b", "https://example.com/a%20b", id="space"),
        pytest.param("https://example.com/100%", "https://example.com/100%25", id="stray-percent"),
        pytest.param(
            "https://example.com/x?utm_source=feed&utm_medium=social&id=7",
            "https://example.com/x?id=7",
            id="utm",
        ),
        pytest.param(
            "https://example.com/x?fbclid=abc&gclid=def&UTM_Campaign=g",
            "https://example.com/x",
            id="only-tracking",
        ),
        pytest.param("https://example.com/x?b=2&a=1", "https://example.com/x?a=1&b=2", id="sort"),
        pytest.param("https://example.com/x?q=a+b", "https://example.com/x?q=a+b", id="plus"),
        pytest.param(
            "https://example.com/x?&&a=1&", "https://example.com/x?a=1", id="empty-params"
        ),
        pytest.param("https://example.com/x?", "https://example.com/x", id="empty-query"),
        pytest.param("example.com/recipes", "https://example.com/recipes", id="no-scheme"),
        pytest.param(
            "//example.com/recipes", "https://example.com/recipes", id="no-scheme-slashes"
        ),
        pytest.param("example.com:8080/x", "https://example.com:8080/x", id="no-scheme-port"),
        pytest.param("  https://example.com/x\n", "https://example.com/x", id="whitespace"),
        pytest.param("https://exa\tmple.com/x", "https://example.com/x", id="tab-inside"),
        pytest.param(
            "https://bücher.example/straße",
            "https://xn--bcher-kva.example/stra%C3%9Fe",
            id="idna-and-utf8-path",
        ),
        pytest.param(
            "https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/", id="punycode-kept"
        ),
        pytest.param("https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/", id="cyrillic-idn"),
        pytest.param("https://[2001:DB8:0::1]:443/", "https://[2001:db8::1]/", id="ipv6"),
        pytest.param("http://192.0.2.7/feed", "https://192.0.2.7/feed", id="ipv4"),
        pytest.param(
            "https://t.me/s/weather_channel", "https://t.me/s/weather_channel", id="messaging-link"
        ),
        pytest.param("ftp://files.example.com:21/a", "ftp://files.example.com/a", id="ftp"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected
    assert normalize_url(expected) == expected  # idempotent
    assert URL.canonical(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        pytest.param("", "empty URL", id="empty"),
        pytest.param("   ", "empty URL", id="blank"),
        pytest.param("mailto:chef@example.com", "not a web address", id="mailto"),
        pytest.param("javascript:void(0)", "not a web address", id="javascript"),
        pytest.param("https://exa mple.com/", "invalid host name", id="space-in-host"),
        pytest.param("https://a..b/", "invalid host name", id="empty-label"),
        pytest.param("https://example.com:99999/", "invalid port", id="port-range"),
        pytest.param("https://example.com:http/", "invalid port", id="port-text"),
        pytest.param("https:///path-only", "no host", id="no-host"),
        pytest.param("https://[zz::1]/", "IPv6", id="bad-ipv6"),
        pytest.param("https://[::1", "IPv6", id="unclosed-bracket"),
    ],
)
def test_malformed_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(SignalError, match=reason) as caught:
        normalize_url(url)
    assert caught.value.where.startswith("url ")


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        pytest.param("https://news.example.co.uk/x", "example.co.uk", id="two-level-suffix"),
        pytest.param("https://a.b.example.com/", "example.com", id="subdomains"),
        pytest.param("https://weather.blogspot.com/", "weather.blogspot.com", id="private-suffix"),
        pytest.param("https://cook.github.io/r", "cook.github.io", id="github-io"),
        pytest.param("https://t.me/x", "t.me", id="short"),
        pytest.param("https://пример.рф/", "xn--e1afmkfd.xn--p1ai", id="idn"),
        pytest.param("http://192.0.2.7/", "192.0.2.7", id="ipv4"),
        pytest.param("http://[2001:db8::1]/", "[2001:db8::1]", id="ipv6"),
        pytest.param("abcdefghijklmnop.onion/page", "abcdefghijklmnop.onion", id="onion"),
        pytest.param("http://localhost:8000/", None, id="localhost"),
    ],
)
def test_registered_domain(url: str, domain: str | None) -> None:
    assert registered_domain(url) == domain
    expected = [Signal("url", normalize_url(url))]
    if domain is not None:
        expected.append(Signal("domain", domain))
    assert url_signals(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Example.COM", "example.com", id="case"),
        pytest.param("www.example.com", "example.com", id="www"),
        pytest.param("https://example.com", "example.com", id="as-url"),
        pytest.param("cook.github.io", "cook.github.io", id="private-suffix"),
        pytest.param("bücher.de", "xn--bcher-kva.de", id="idn"),
        pytest.param("192.0.2.7", "192.0.2.7", id="ip"),
    ],
)
def test_canonical_domain(value: str, expected: str) -> None:
    assert DOMAIN.canonical(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("files.example.com", "its registered domain is example.com", id="subdomain"),
        pytest.param("co.uk", "no registered domain", id="public-suffix"),
        pytest.param("localhost", "no registered domain", id="localhost"),
        pytest.param("example.com/path", "no path", id="with-path"),
        pytest.param("mailto:x@example.com", "not a web address", id="not-a-host"),
    ],
)
def test_malformed_domains_are_refused(value: str, reason: str) -> None:
    with pytest.raises(SignalError, match=reason):
        DOMAIN.canonical(value)


def test_exact_indexes() -> None:
    index = URL.new_index(MatchSettings())
    index.add([(1, URL.canonical("http://www.example.com/a?utm_source=x")), (2, "other")])
    assert [h.key for h in index.query(normalize_url("https://example.com/a"))] == [1]
    domains = DOMAIN.new_index(MatchSettings())
    domains.add([(5, DOMAIN.canonical("example.com"))])
    (_, domain) = url_signals("https://media.example.com/clip")
    assert [h.key for h in domains.query(domain.value)] == [5]


def test_no_network_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    urls._extractor.cache_clear()  # build the suffix list again, with the network refused
    try:
        assert registered_domain("https://a.example.org/") == "example.org"
    finally:
        urls._extractor.cache_clear()


def test_module_exposes_its_types() -> None:
    assert signal_types() == [URL, DOMAIN]
    for signal_type in (URL, DOMAIN):
        assert isinstance(signal_type, SignalType)
        assert signal_type.kind is ContentKind.URL
    assert (URL.name, URL.threatexchange_name) == ("url", "url")
    assert (DOMAIN.name, DOMAIN.threatexchange_name) == ("domain", None)
