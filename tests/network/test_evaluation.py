"""Evaluation of contacts for review against the demo world's true exchanges."""

from __future__ import annotations

from datetime import UTC, datetime

from nohaven.demo import WorldManifest
from nohaven.network import InteractionGraph, ReciprocitySettings, contacts_for_review, store_links
from nohaven.network.evaluation import evaluate_exchanges, role_risk
from nohaven.network.reciprocity import ContactReview
from nohaven.store import open_store

from .conftest import ScannedWorld


def test_small_world_exchanges_are_found(small_world: ScannedWorld) -> None:
    manifest = small_world.manifest
    assert manifest.exchanges, "the small world should hold sustained exchanges"
    with open_store(small_world.db_url) as store:
        graph = InteractionGraph.from_store(store)
        contacts = contacts_for_review(graph, role_risk(manifest), links=store_links(store))
    result = evaluate_exchanges(contacts, manifest)
    assert result.recall == 1.0
    assert result.extra == 0
    assert result.to_json()["true_exchanges"] == len(manifest.exchanges)
    assert any(c.links for c in contacts), "invitations to a messenger enter some exchanges"


def test_stricter_settings_lose_recall(small_world: ScannedWorld) -> None:
    with open_store(small_world.db_url) as store:
        graph = InteractionGraph.from_store(store)
    settings = ReciprocitySettings(min_each_way=50)
    contacts = contacts_for_review(graph, role_risk(small_world.manifest), settings)
    assert evaluate_exchanges(contacts, small_world.manifest).recall == 0.0


def _review(flagged: str, contact: str) -> ContactReview:
    when = datetime(2024, 3, 1, tzinfo=UTC)
    return ContactReview(
        "twitter", flagged, flagged, contact, contact, 1.0, 0.0, 3, 3, when, when,
        "flagged", 0, 0, (), None, 3.0,
    )  # fmt: skip


def test_extras_are_split_by_role(small_world: ScannedWorld) -> None:
    manifest: WorldManifest = small_world.manifest
    network = [a.id for a in manifest.accounts if a.role.value == "network"]
    ordinary = [a.id for a in manifest.accounts if a.role.value == "ordinary"]
    true = manifest.exchanges[0]
    listed = [
        _review(true.network_accounts[0], true.ordinary_account),
        _review(network[0], network[1]),
        _review(ordinary[0], ordinary[1]),
    ]
    result = evaluate_exchanges(listed, manifest)
    assert (result.found, result.matching, result.extra) == (1, 1, 2)
    assert (result.extra_by_network_account, result.extra_within_network) == (1, 1)
    assert result.precision == 1 / 3
