"""Onion addresses: v2 by form, v3 by checksum."""

from __future__ import annotations

import hashlib

import pytest

from nohaven.links.onion import onion_service, onion_v3_address

DDG = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad"


@pytest.mark.parametrize(
    ("host", "service"),
    [
        pytest.param(f"{DDG}.onion", f"{DDG}.onion", id="v3"),
        pytest.param(f"www.{DDG}.onion", f"{DDG}.onion", id="v3-subdomain"),
        pytest.param("expyuzz4wqqyqhjn.onion", "expyuzz4wqqyqhjn.onion", id="v2"),
        pytest.param(f"{DDG[:-1]}e.onion", None, id="v3-version-changed"),
        pytest.param(f"{DDG[:5]}a{DDG[6:]}.onion", None, id="v3-key-changed"),
        pytest.param("abcdefghij.onion", None, id="wrong-length"),
        pytest.param("expyuzz4wqqyqhj1.onion", None, id="not-base32"),
        pytest.param(f"{DDG}.org", None, id="not-onion"),
        pytest.param("onion", None, id="bare-suffix"),
    ],
)
def test_onion_service(host: str, service: str | None) -> None:
    assert onion_service(host) == service


def test_v3_address_round_trip() -> None:
    address = onion_v3_address(hashlib.sha256(b"tide").digest())
    assert onion_service(address) == address
    with pytest.raises(ValueError, match="32 bytes"):
        onion_v3_address(b"short")
