"""The overview network, built with pyvis and rendered through the site's own template.

pyvis builds the node and edge records and the vis-network options; the page is
rendered by our Jinja template (autoescaped, nothing from a CDN), never by
pyvis's own, and no tooltip carries HTML: titles are plain text, which
vis-network 9 shows with ``innerText``. Provenance panels are built in the page
with ``textContent``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyvis.network import Network

import ontology
from kg.views.data import SiteGraph

NODE_BUDGET = 1500
DASHES = {"solid": False, "dashed": [8, 6], "dotted": [2, 5]}


@dataclass
class Overview:
    """The pyvis network and what it leaves out."""

    network: Network
    shown_orgs: list[str]
    shown_agreements: list[str]
    total_orgs: int
    total_agreements: int

    @property
    def truncated(self) -> bool:
        return (
            len(self.shown_orgs) < self.total_orgs
            or len(self.shown_agreements) < self.total_agreements
        )


def edge_style(rel: ontology.RelType) -> dict:
    """vis-network edge options for a relationship type, from its ontology annotations."""
    return {
        "color": {"color": rel.colour, "highlight": rel.colour, "hover": rel.colour},
        "dashes": DASHES.get(rel.dashes or "solid", False),
    }


def select(graph: SiteGraph, budget: int = NODE_BUDGET) -> tuple[list[str], list[str]]:
    """Organisations and agreements to draw: all of them, or the most connected within budget."""
    orgs = sorted(graph.organisations)
    agreements = sorted(graph.agreements)
    if len(orgs) + len(agreements) <= budget:
        return orgs, agreements
    degree = {o: len(graph.by_org.get(o, [])) + len(graph.agreements_of.get(o, [])) for o in orgs}
    ranked = sorted(orgs, key=lambda o: (-degree[o], graph.organisations[o].name.lower(), o))
    return sorted(ranked[:budget]), []


def physics_options(n_nodes: int) -> dict:
    """Stabilise off screen within a bounded number of iterations; the page then freezes it."""
    iterations = max(100, min(1000, 150_000 // max(n_nodes, 1)))
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.2,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif"},
            "scaling": {
                "min": 8,
                "max": 42,
                "label": {"enabled": True, "min": 11, "max": 26, "drawThreshold": 7},
            },
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "scaling": {"min": 1, "max": 6},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_nodes > 500,
            "hideEdgesOnZoom": n_nodes > 1000,
            "multiselect": False,
        },
    }


def build(graph: SiteGraph, pages: dict[str, str], budget: int = NODE_BUDGET) -> Overview:
    """The overview network: organisations by type and partners, agreements, typed edges."""
    ont = ontology.load()
    orgs, agreements = select(graph, budget)
    shown = set(orgs)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    other = ont.org_types.get("other")
    for oid in orgs:
        org = graph.organisations[oid]
        concept = ont.org_types.get(org.type, other)
        partners = len(graph.partners(oid))
        net.add_node(
            oid,
            label=org.name,
            shape=ont.classes["Organisation"].shape or "dot",
            color=concept.colour if concept else None,
            value=partners + 1,
            title=f"{org.name} ({concept.label if concept else org.type}) — "
            f"{partners} partner{'s' if partners != 1 else ''}",
            kind="organisation",
            orgType=org.type,
            country=org.country,
            page=pages[oid],
        )
    party = ont.relations["partyTo"]
    for aid in agreements:
        agr = graph.agreements[aid]
        net.add_node(
            aid,
            label=agr.name,
            shape=ont.classes["Agreement"].shape or "diamond",
            color=party.colour,
            size=11,
            title=f"{agr.name} ({agr.date or 'undated'})",
            kind="agreement",
            page=pages[aid],
            areas=agr.areas,
            dates=_agreement_dates(graph, aid),
            font={"size": 11, "color": "#555555"},
        )
        dates = _agreement_dates(graph, aid)
        for oid in agr.parties:
            if oid in shown:
                net.add_edge(
                    oid,
                    aid,
                    id=f"{party.type}|{oid}|{aid}",
                    prop="partyTo",
                    areas=agr.areas,
                    dates=dates,
                    arrows="",
                    width=1,
                    title=f"{graph.organisations[oid].name} {party.label} {agr.name}",
                    **edge_style(party),
                )
    for link in graph.links.values():
        if link.source not in shown or link.target not in shown:
            continue
        rel = ont.relations[link.prop]
        a, b = graph.organisations[link.source].name, graph.organisations[link.target].name
        n = len({q.article for q in link.quotes})
        net.add_edge(
            link.source,
            link.target,
            id=link.key,
            prop=link.prop,
            areas=graph.link_areas(link),
            dates=graph.link_dates(link),
            arrows="" if rel.symmetric else "to",
            value=link.weight or n or 1,
            title=f"{a} — {rel.label} — {b} ({n} article{'s' if n != 1 else ''}; click for quotes)",
            **edge_style(rel),
        )
    net.options = physics_options(len(net.nodes))
    return Overview(net, orgs, agreements, len(graph.organisations), len(graph.agreements))


def _agreement_dates(graph: SiteGraph, aid: str) -> list[str]:
    agr = graph.agreements[aid]
    dates = {graph.articles[q.article].published for q in agr.quotes}
    if agr.date:
        dates.add(agr.date)
    return sorted(d for d in dates if d)
