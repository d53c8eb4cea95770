"""Write the interaction graph for Gephi (GEXF 1.3) or as JSON.

Edges are aggregated by (source, target, kind): one edge with the number of interactions as
its ``weight``. Nodes carry the account's platform, id, handle, community, PageRank and risk
when known. Every value from the data is XML-escaped, and characters XML 1.0 cannot hold
(control characters, lone surrogates) are removed, so hostile handles cannot break the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

import numpy as np
import orjson

from nohaven.network.centrality import NodeMetrics
from nohaven.network.communities import Communities
from nohaven.network.graph import KINDS, InteractionGraph, NodeKey

__all__ = ["EXPORT_FORMATS", "GraphView", "write_gexf", "write_graph", "write_json", "xml_text"]

GEXF_NS: Final = "http://gexf.net/1.3"
EXPORT_FORMATS: Final = (".gexf", ".json")

_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES: Final = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}
_ESCAPE: Final = re.compile("[&<>\"'\t\n\r]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def xml_text(value: str) -> str:
    """``value`` safe inside a double-quoted XML attribute: escaped, invalid characters removed.

    Tabs and line breaks become character references, so they survive attribute parsing.
    """
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], _NOT_XML.sub("", value))


@dataclass(frozen=True, slots=True)
class GraphView:
    """What to write: the graph and whatever has been computed on it."""

    graph: InteractionGraph
    communities: Communities | None = None
    metrics: NodeMetrics | None = None
    risk: Mapping[NodeKey, float] | None = None

    def node_rows(self) -> Iterator[dict[str, object]]:
        """One dict per node: id, label, platform, account_id, handle, and the measures."""
        graph = self.graph
        for node, (platform, account) in enumerate(graph.nodes):
            handle = graph.handles.get((platform, account))
            row: dict[str, object] = {
                "id": f"n{node}",
                "label": _unicode(graph.label(node)),
                "platform": _unicode(platform),
                "account_id": _unicode(account),
                "handle": None if handle is None else _unicode(handle),
            }
            if self.communities is not None:
                row["community"] = int(self.communities.labels[node])
            if self.metrics is not None:
                row["pagerank"] = float(self.metrics.pagerank[node])
                row["in_weight"] = int(self.metrics.in_weight[node])
                row["out_weight"] = int(self.metrics.out_weight[node])
            if self.risk is not None:
                value = self.risk.get((platform, account))
                row["risk"] = None if value is None else float(value)
            yield row

    def edge_rows(self) -> Iterator[tuple[int, int, str, int]]:
        """(source, target, kind, weight) per distinct directed edge and kind, in key order."""
        graph = self.graph
        if graph.edge_count == 0:
            return
        table = np.stack([graph.source, graph.target, graph.kind.astype(np.int64)], axis=1)
        unique, counts = np.unique(table, axis=0, return_counts=True)
        for (src, dst, kind), weight in zip(unique.tolist(), counts.tolist(), strict=True):
            yield src, dst, KINDS[kind].value, weight


_NODE_ATTRIBUTES: Final = (
    ("platform", "string"),
    ("account_id", "string"),
    ("handle", "string"),
    ("community", "integer"),
    ("pagerank", "double"),
    ("in_weight", "integer"),
    ("out_weight", "integer"),
    ("risk", "double"),
)


def write_gexf(view: GraphView, handle: IO[str], *, description: str = "") -> None:
    """Write GEXF 1.3 (directed, static) that Gephi opens; node and edge attributes declared."""
    write = handle.write
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(
        f'<gexf xmlns="{GEXF_NS}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
        'version="1.3">\n'
    )
    write("  <meta>\n    <creator>nohaven</creator>\n")
    write(f"    <description>{_element_text(description)}</description>\n  </meta>\n")
    write('  <graph defaultedgetype="directed" mode="static">\n')
    write('    <attributes class="node">\n')
    for i, (title, kind) in enumerate(_NODE_ATTRIBUTES):
        write(f'      <attribute id="{i}" title="{title}" type="{kind}"/>\n')
    write('    </attributes>\n    <attributes class="edge">\n')
    write('      <attribute id="0" title="kind" type="string"/>\n    </attributes>\n')
    write("    <nodes>\n")
    for row in view.node_rows():
        write(f'      <node id="{row["id"]}" label="{xml_text(str(row["label"]))}">\n')
        write("        <attvalues>\n")
        for i, (title, _) in enumerate(_NODE_ATTRIBUTES):
            value = row.get(title)
            if value is None:
                continue
            text = repr(value) if isinstance(value, float) else str(value)
            write(f'          <attvalue for="{i}" value="{xml_text(text)}"/>\n')
        write("        </attvalues>\n      </node>\n")
    write("    </nodes>\n    <edges>\n")
    for number, (src, dst, kind, weight) in enumerate(view.edge_rows()):
        write(
            f'      <edge id="e{number}" source="n{src}" target="n{dst}" kind="{kind}" '
            f'weight="{weight}" label="{kind}">\n'
            f'        <attvalues><attvalue for="0" value="{kind}"/></attvalues>\n'
            "      </edge>\n"
        )
    write("    </edges>\n  </graph>\n</gexf>\n")


def write_json(view: GraphView, handle: IO[bytes]) -> None:
    """Write ``{"nodes": [...], "edges": [...], "communities": [...]}`` as JSON."""
    communities: list[dict[str, object]] = []
    if view.communities is not None:
        sizes = view.communities.sizes()
        communities = [{"id": c, "size": int(size)} for c, size in enumerate(sizes.tolist())]
    doc = {
        "directed": True,
        "nodes": list(view.node_rows()),
        "edges": [
            {"source": f"n{s}", "target": f"n{t}", "kind": k, "weight": w}
            for s, t, k, w in view.edge_rows()
        ],
        "communities": communities,
        "modularity": None if view.communities is None else view.communities.modularity,
    }
    handle.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")


def write_graph(view: GraphView, path: Path, *, description: str = "") -> None:
    """Write ``path`` as GEXF or JSON by its suffix (``.gexf`` or ``.json``)."""
    suffix = path.suffix.lower()
    if suffix == ".gexf":
        with path.open("w", encoding="utf-8", newline="\n") as text:
            write_gexf(view, text, description=description)
    elif suffix == ".json":
        with path.open("wb") as binary:
            write_json(view, binary)
    else:
        raise ValueError(
            f"{path}: unknown graph format {suffix or '(no suffix)'!r}; "
            f"use one of {', '.join(EXPORT_FORMATS)}"
        )


def _unicode(value: str) -> str:
    """``value`` without lone surrogates, which no UTF-8 file can hold."""
    return _SURROGATE.sub("", value)


def _element_text(value: str) -> str:
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
