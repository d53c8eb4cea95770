"""Ground-truth records and the manifest's JSON round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from nohaven.demo import (
    AccountTruth,
    Exchange,
    MonthLinkMix,
    ResurgencePair,
    Role,
    TelegramChannelTruth,
    WorldFile,
    WorldManifest,
)

T0 = datetime(2024, 2, 1, 12, tzinfo=UTC)
T1 = datetime(2024, 2, 2, 18, tzinfo=UTC)


def _manifest() -> WorldManifest:
    return WorldManifest(
        seed=1,
        start=date(2024, 1, 1),
        months=2,
        files=(WorldFile("twitter/v1/a.jsonl", "twitter-v1", "posts", 2, 10, "ab"),),
        accounts=(
            AccountTruth(
                "twitter",
                "1",
                "Base",
                "Name",
                Role.NETWORK,
                "ar",
                T0,
                T1,
                "persona-01",
                1,
                None,
                "2",
                5,
            ),
            AccountTruth(
                "twitter",
                "2",
                "Base2",
                "Name",
                Role.NETWORK,
                "ar",
                T1,
                None,
                "persona-01",
                2,
                "1",
                None,
                3,
            ),
            AccountTruth(
                "telegram",
                "user9",
                "",
                "Sam",
                Role.ORDINARY,
                "en",
                T0,
                None,
                None,
                None,
                None,
                None,
                1,
                same_person="7",
            ),
        ),
        resurgence=(ResurgencePair("twitter", "persona-01", "1", "Base", "2", "Base2", T0, T1),),
        exchanges=(Exchange("twitter", "persona-01", ("1", "2"), "7", T0, T1, 4, 5),),
        link_mix=(MonthLinkMix("2024-01", "network", 10, 4, 2, 1, 1, 1),),
        telegram=(TelegramChannelTruth("55", "demo_x", "X", "public_channel", "ar", None, 3),),
    )


def test_round_trip() -> None:
    manifest = _manifest()
    assert WorldManifest.from_json(manifest.to_json()) == manifest
    assert manifest.to_json() == _manifest().to_json()


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        pytest.param(b"[]", "world manifest", id="not-an-object"),
        pytest.param(b'{"version": 99}', "world manifest", id="future-version"),
    ],
)
def test_rejects_foreign_documents(doc: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorldManifest.from_json(doc)


def test_derived_values() -> None:
    manifest = _manifest()
    assert manifest.resurgence[0].gap_hours == pytest.approx(30.0)
    assert manifest.link_mix[0].link_share == pytest.approx(0.4)
    assert manifest.link_mix[0].messaging_file_host_share == pytest.approx(0.75)
    assert [a.status for a in manifest.accounts] == ["suspended", "active", "active"]
    assert manifest.role_of("2") is Role.NETWORK and manifest.role_of("404") is None
    assert b'"status": "suspended"' in manifest.to_json()
