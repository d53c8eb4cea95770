"""GEXF and JSON export: parseable, attributes round-trip, hostile text escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nohaven.network import (
    GraphView,
    InteractionGraph,
    detect_communities,
    node_metrics,
    write_graph,
)
from nohaven.network.export import xml_text

from .graphs import K, interaction

NS = {"g": "http://gexf.net/1.3"}
HOSTILE = 'قناة <الطقس> & "rain"\'s\nnext\tline'


def _view() -> GraphView:
    graph = InteractionGraph.from_interactions(
        [
            interaction("u1", "u2", K.REPOST),
            interaction("u1", "u2", K.REPOST, hours=1),
            interaction("u1", "u2", K.REPLY, hours=2),
            interaction("u2", "u3", K.MENTION, hours=3),
        ],
        handles={("twitter", "u1"): HOSTILE, ("twitter", "u2"): "bad\x00\x1b[31mname\ud800"},
    )
    return GraphView(
        graph, detect_communities(graph), node_metrics(graph), {("twitter", "u1"): 0.75}
    )


def _attvalues(element: ET.Element, titles: dict[str, str]) -> dict[str, str]:
    return {
        titles[v.attrib["for"]]: v.attrib["value"]
        for v in element.iterfind("g:attvalues/g:attvalue", NS)
    }


def test_gexf_parses_and_round_trips_attributes(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_graph(_view(), path, description="a <test> & more")
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.attrib["version"] == "1.3"
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.attrib["defaultedgetype"] == "directed"
    titles = {
        a.attrib["id"]: a.attrib["title"]
        for a in graph.iterfind("g:attributes[@class='node']/g:attribute", NS)
    }
    nodes = {n.attrib["id"]: n for n in graph.iterfind("g:nodes/g:node", NS)}
    first = _attvalues(nodes["n0"], titles)
    assert nodes["n0"].attrib["label"] == "@" + HOSTILE
    assert first["handle"] == HOSTILE
    assert first["risk"] == "0.75" and first["account_id"] == "u1"
    assert float(first["pagerank"]) > 0 and first["community"].isdigit()
    assert "risk" not in _attvalues(nodes["n1"], titles)
    assert _attvalues(nodes["n1"], titles)["handle"] == "bad[31mname"
    edges = [
        (e.attrib["source"], e.attrib["target"], e.attrib["kind"], e.attrib["weight"])
        for e in graph.iterfind("g:edges/g:edge", NS)
    ]
    assert edges == [
        ("n0", "n1", "repost", "2"),
        ("n0", "n1", "reply", "1"),
        ("n1", "n2", "mention", "1"),
    ]
    assert root.findtext("g:meta/g:description", namespaces=NS) == "a <test> & more"


def test_json_export(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_graph(_view(), path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["nodes"][0]["handle"] == HOSTILE and doc["nodes"][0]["risk"] == 0.75
    assert doc["nodes"][1]["risk"] is None
    assert {"source": "n0", "target": "n1", "kind": "repost", "weight": 2} in doc["edges"]
    assert sum(c["size"] for c in doc["communities"]) == 3
    assert isinstance(doc["modularity"], float)


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"graph\.csv: unknown graph format '\.csv'"):
        write_graph(_view(), tmp_path / "graph.csv")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        pytest.param('<a href="x">&', "&lt;a href=&quot;x&quot;&gt;&amp;", id="markup"),
        pytest.param("a\x00b\x07c\x1f", "abc", id="controls-removed"),
        pytest.param("tab\tnew\nline\r", "tab&#9;new&#10;line&#13;", id="whitespace-kept"),
        pytest.param("مرحبا \U0001f600", "مرحبا \U0001f600", id="arabic-emoji"),
        pytest.param("\ud800\ufffe", "", id="surrogate-nonchar"),
    ],
)
def test_xml_text(value: str, escaped: str) -> None:
    assert xml_text(value) == escaped
