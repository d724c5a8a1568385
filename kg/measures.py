"""Network measures of the cooperation graph, computed with networkx.

The cooperation graph is undirected: every organisation is a node, every
COOPERATES_WITH edge a link weighted by its number of distinct articles. For
the whole graph and for each year (the network as known at the end of that
year: links first seen up to then) each organisation gets its degree, weighted
degree, betweenness and eigenvector centrality, its Louvain community and its
connected component. No algorithm is written here: networkx computes them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

import ontology
from kg.tables import Tables, write_rows

LOUVAIN_SEED = 42  # Louvain is randomised: a fixed seed makes the communities reproducible
MEASURE_COLUMNS = [
    "scope",
    "id",
    "name",
    "type",
    "country",
    "degree",
    "weighted_degree",
    "betweenness",
    "eigenvector",
    "community",
    "component",
    "component_size",
]
SUMMARY_COLUMNS = [
    "scope",
    "nodes",
    "edges",
    "density",
    "components",
    "largest_component",
    "communities",
    "modularity",
]


@dataclass
class Measures:
    """One row per organisation and scope ('all' or a year), and one summary per scope."""

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]


def cooperation_graph(tables: Tables, until: int | None = None) -> nx.Graph:
    """Organisations and their cooperation links (first seen up to ``until``, if given)."""
    coop = ontology.load().rel("cooperatesWith")
    g = nx.Graph()
    if until is None:
        for n in tables.nodes:
            if n["kind"] == "Organisation":
                g.add_node(n["id"])
    for e in tables.edges:
        if e["type"] != coop:
            continue
        if until is not None and not (e["first_seen"] and int(e["first_seen"][:4]) <= until):
            continue
        g.add_edge(e["source"], e["target"], weight=int(e["weight"] or 1))
    return g


def _numbered(groups: list[set[str]]) -> dict[str, int]:
    """Group number per node: largest group first (ties by smallest id), numbered from 1."""
    ordered = sorted(groups, key=lambda s: (-len(s), min(s)))
    return {node: i for i, group in enumerate(ordered, start=1) for node in group}


def _eigenvector(g: nx.Graph) -> dict[str, float | None]:
    if g.number_of_edges() == 0:
        return dict.fromkeys(g, 0.0)
    try:
        return nx.eigenvector_centrality(g, max_iter=10_000, tol=1e-9, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return dict.fromkeys(g)  # reported as empty, never as a made-up number


def measure(g: nx.Graph, scope: str, info: dict[str, dict[str, Any]]) -> Measures:
    """The measures of one graph, labelled with its scope."""
    betweenness = nx.betweenness_centrality(g, normalized=True)
    eigen = _eigenvector(g)
    components = [set(c) for c in nx.connected_components(g)]
    communities = (
        [set(c) for c in nx.community.louvain_communities(g, weight="weight", seed=LOUVAIN_SEED)]
        if g.number_of_nodes()
        else []
    )
    component_of, community_of = _numbered(components), _numbered(communities)
    size = {node: len(c) for c in components for node in c}
    rows = []
    for node in sorted(g, key=lambda n: (info[n]["name"].casefold(), n)):
        rows.append(
            {
                "scope": scope,
                "id": node,
                "name": info[node]["name"],
                "type": info[node]["type"],
                "country": info[node]["country"],
                "degree": g.degree(node),
                "weighted_degree": g.degree(node, weight="weight"),
                "betweenness": round(betweenness[node], 6),
                "eigenvector": None if eigen[node] is None else round(eigen[node], 6),
                "community": community_of[node],
                "component": component_of[node],
                "component_size": size[node],
            }
        )
    summary = {
        "scope": scope,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "density": round(nx.density(g), 6) if g.number_of_nodes() > 1 else 0.0,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "communities": len(communities),
        "modularity": round(nx.community.modularity(g, communities, weight="weight"), 6)
        if g.number_of_edges()
        else 0.0,
    }
    return Measures(rows, [summary])


def compute(tables: Tables) -> Measures:
    """The measures of the whole cooperation graph ('all'), then of each year's graph."""
    info = {n["id"]: n for n in tables.nodes if n["kind"] == "Organisation"}
    out = measure(cooperation_graph(tables), "all", info)
    coop = ontology.load().rel("cooperatesWith")
    years = sorted(
        {int(e["first_seen"][:4]) for e in tables.edges if e["type"] == coop and e["first_seen"]}
    )
    for year in years:
        m = measure(cooperation_graph(tables, until=year), str(year), info)
        out.rows += m.rows
        out.summary += m.summary
    return out


def to_json(measures: Measures, tables: Tables) -> str:
    """The measures as one JSON document with the build record, for the views and notebooks."""
    doc = {
        "build": tables.record.as_dict() if tables.record else None,
        "summary": measures.summary,
        "organisations": measures.rows,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False, default=str)


def write(measures: Measures, tables: Tables, folder: Path) -> list[Path]:
    """``measures.csv`` (one row per organisation and scope), ``measures-summary.csv`` and
    ``measures.json`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_rows(folder / "measures.csv", MEASURE_COLUMNS, measures.rows, tables.record)
    write_rows(folder / "measures-summary.csv", SUMMARY_COLUMNS, measures.summary, tables.record)
    (folder / "measures.json").write_text(to_json(measures, tables) + "\n", encoding="utf-8")
    return [folder / n for n in ("measures.csv", "measures-summary.csv", "measures.json")]


def load_measures(path: Path) -> dict[str, Any] | None:
    """The ``measures.json`` a build wrote, for the views; None when there is none."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
