"""Hosts: the fast canonical URL agrees with normalize_url; TLD lists are real TLDs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.links.hosts import (
    BARE_TLDS,
    WEAK_TLDS,
    canonical_url,
    is_tld,
    public_suffix,
    registered,
)
from nohaven.signals.base import SignalError
from nohaven.signals.urls import normalize_url

_HOSTS = st.sampled_from(
    ["example.com", "www.example.co.uk", "www.com", "a-b.org", "x.y.z.net", "t.me", "www.t.me"]
)
_PATH_CHARS = st.sampled_from([*"aZ09-._~!$'()*,;=:@/?&#%+ é", "utm_source=x", "fbclid=1"])


def _expected(scheme: str, host: str, path: str) -> str | None:
    try:
        return normalize_url(f"{scheme}://{host}{path}")
    except SignalError:
        return None


@settings(max_examples=3000, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https", "ftp"]),
    host=_HOSTS,
    path=st.lists(_PATH_CHARS, max_size=12).map("".join),
)
def test_canonical_url_is_normalize_url(scheme: str, host: str, path: str) -> None:
    if path and path[0] not in "/?#":
        path = "/" + path
    assert canonical_url(scheme, host, "", path) == _expected(scheme, host, path)


def test_canonical_url_with_port_and_ip() -> None:
    assert canonical_url("https", "example.com", ":8443", "/x") == "https://example.com:8443/x"
    assert canonical_url("http", "example.com", ":80", "/x") == "https://example.com/x"
    assert canonical_url("http", "192.168.0.1", "", "") == "https://192.168.0.1/"
    assert canonical_url("https", "exa mple.com", "", "") is None


def test_tld_lists_hold_real_tlds() -> None:
    assert all(is_tld(tld) for tld in BARE_TLDS | WEAK_TLDS)
    for word_like in ("it", "me", "to", "de", "py", "zip", "mov", "md", "sh", "la", "now"):
        assert is_tld(word_like)
        assert word_like not in BARE_TLDS
    assert not is_tld("pdf")
    assert is_tld("COM")


def test_public_suffix_and_registered() -> None:
    assert public_suffix("news.bbc.co.uk") == "co.uk"
    assert public_suffix("co.uk") is None
    assert public_suffix("report.pdf") is None
    assert public_suffix("github.io") == "io"  # ICANN section only
    assert registered("user.github.io") == "user.github.io"  # private suffixes count
    assert registered("localhost") is None
