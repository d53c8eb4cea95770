"""The network job end to end on a small scanned demo world."""

from __future__ import annotations

import orjson

from nohaven.demo import Role
from nohaven.network import NetworkSettings, network_report
from nohaven.network.evaluation import role_risk
from nohaven.store import open_store

from .conftest import ScannedWorld


def test_report_with_ground_truth_risk(small_world: ScannedWorld) -> None:
    manifest = small_world.manifest
    with open_store(small_world.db_url) as store:
        report = network_report(store, risk=role_risk(manifest), settings=NetworkSettings(top=5))
    assert report.risk_source == "given"
    assert report.nodes == report.view.graph.node_count and report.edges > 0
    assert sum(report.by_kind.values()) == report.edges
    assert report.communities >= 2 and 0.0 < report.modularity < 1.0
    assert len(report.communicators) == 5
    assert report.flagged_communities, "the network's own community is flagged"
    roles_by_key = {("twitter", a.id): a.role for a in manifest.accounts}
    assert len(report.flagged_communicators) == 5
    # The whole network's communicators are led by news accounts; its flagged part's by the
    # network (members of its community that the world does not describe may follow).
    flagged_roles = [
        roles_by_key.get((c.platform, c.account_id)) for c in report.flagged_communicators
    ]
    assert flagged_roles[:3] == [Role.NETWORK] * 3
    assert Role.NEWS not in flagged_roles and Role.COUNTER not in flagged_roles
    roles = {a.id: a.role for a in manifest.accounts}
    assert all(roles.get(c.flagged_account) is Role.NETWORK for c in report.contacts)
    assert {c.contact_account for c in report.contacts} == {
        e.ordinary_account for e in manifest.exchanges
    }
    doc = report.to_json()
    parsed = orjson.loads(orjson.dumps(doc))
    assert parsed["review"] == "human"
    assert [c["account_id"] for c in parsed["flagged_communicators"]] == [
        c.account_id for c in report.flagged_communicators
    ]
    assert set(report.seconds) == {
        "graph",
        "risk",
        "communities",
        "centrality",
        "communicators and bridges",
        "reciprocity",
    }


def test_report_without_risk_uses_account_scores_then_post_scores(
    small_world: ScannedWorld,
) -> None:
    """The scan scored the accounts: their scores are the risk; for a model that scored
    nothing, the mean post score stands in."""
    with open_store(small_world.db_url) as store:
        report = network_report(store, platform="twitter")
        fallback = network_report(store, platform="twitter", account_model="no-such-model")
    assert report.risk_source.startswith("account scores (default ")
    assert fallback.risk_source == "mean post score"
    assert {c.platform for c in report.communicators} == {"twitter"}
