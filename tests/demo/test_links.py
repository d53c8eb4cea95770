"""Outlinks: defanging and the network's link plan over time."""

from __future__ import annotations

import random

import pytest

from nohaven.demo.links import LinkPlan, SynthLink, obfuscate
from nohaven.demo.truth import LinkCategory


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        pytest.param("https://t.me/demo_xy", "t[.]me/demo_xy", id="odd-path-drops-scheme"),
        pytest.param("https://t.me/demo_x", "hxxps://t[.]me/demo_x", id="even-path-hxxps"),
        pytest.param("https://chat.whatsapp.com/AbC", "chat[.]whatsapp[.]com/AbC", id="every-dot"),
    ],
)
def test_obfuscate(url: str, shown: str) -> None:
    assert obfuscate(url) == shown
    link = SynthLink(url, LinkCategory.MESSAGING, obfuscated=True)
    assert link.shown == shown and "://" not in shown.replace("hxxps://", "")


@pytest.mark.parametrize("progress", [0.0, 0.5, 1.0], ids=["start", "middle", "end"])
def test_weights_are_a_distribution(progress: float) -> None:
    weights = LinkPlan.weights(progress)
    assert sum(weights) == pytest.approx(1.0) and min(weights) > 0


def test_plan_grows() -> None:
    assert LinkPlan.link_share(1.0) > LinkPlan.link_share(0.0)
    assert LinkPlan.obfuscation_share(1.0) > LinkPlan.obfuscation_share(0.0)
    assert sum(LinkPlan.weights(1.0)[:2]) > sum(LinkPlan.weights(0.0)[:2])


def test_channel_links_point_at_existing_messages() -> None:
    plan = LinkPlan(("demo_a",))
    rng = random.Random(1)
    urls = [plan.messaging(rng, {"demo_a": 40}).url for _ in range(300)]
    numbered = [u for u in urls if u.startswith("https://t.me/demo_a/")]
    assert numbered and all(10 <= int(u.rsplit("/", 1)[1]) <= 40 for u in numbered)
