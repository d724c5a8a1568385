"""The overview network, built with pyvis and rendered through the site's own template.

Positions are computed here (:mod:`kg.views.layout`), so the page draws at once.

pyvis builds the node and edge records and the vis-network options; the page is
rendered by our Jinja template (autoescaped, nothing from a CDN), never by
pyvis's own, and no tooltip carries HTML: titles are plain text, which
vis-network 9 shows with ``innerText``. Provenance panels are built in the page
with ``textContent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyvis.network import Network

import ontology
from kg.views.data import SiteGraph
from kg.views.layout import layout
from kg.views.safe import page_stem

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
    isolated: set[str] = field(default_factory=set)

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


def view_options(n_nodes: int) -> dict:
    """vis-network options: positions come from :mod:`kg.views.layout`, so no physics.

    Labels are drawn by the page itself (a budget of non-overlapping labels, most
    connected first), so vis-network draws none.
    """
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif"},
            "scaling": {"min": 10, "max": 44, "label": {"enabled": False}},
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
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
    }


def drawn_radii(partners: dict[str, int]) -> dict[str, float]:
    """Each organisation's radius as vis-network draws it (value = partners + 1, scaled
    linearly between the ``scaling`` min and max of :func:`view_options`), for the layout."""
    scaling = view_options(0)["nodes"]["scaling"]
    low, high = scaling["min"], scaling["max"]
    if not partners:
        return {}
    vmin, vmax = min(partners.values()), max(partners.values())
    if vmax == vmin:
        return {oid: (low + high) / 2 for oid in partners}
    return {oid: low + (high - low) * (n - vmin) / (vmax - vmin) for oid, n in partners.items()}


def isolated(graph: SiteGraph) -> set[str]:
    """Organisations with no relationship and no agreement: hidden until asked for."""
    return {
        oid
        for oid in graph.organisations
        if not graph.by_org.get(oid) and not graph.agreements_of.get(oid)
    }


def build(graph: SiteGraph, pages: dict[str, str], budget: int = NODE_BUDGET) -> Overview:
    """The overview network: organisations by type and partners, agreements, typed edges."""
    ont = ontology.load()
    orgs, agreements = select(graph, budget)
    shown = set(orgs)
    lonely = isolated(graph) & shown
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    other = ont.org_types.get("other")
    pairs: list[tuple[str, str]] = []
    party = ont.relations["partyTo"]
    for aid in agreements:
        pairs.extend((oid, aid) for oid in graph.agreements[aid].parties if oid in shown)
    links = [link for link in graph.links.values() if link.source in shown and link.target in shown]
    pairs.extend((link.source, link.target) for link in links)
    partners = {oid: len(graph.partners(oid)) for oid in orgs}
    positions = layout([*orgs, *agreements], pairs, lonely, drawn_radii(partners))
    degree = {
        oid: len(graph.by_org.get(oid, [])) + len(graph.agreements_of.get(oid, [])) for oid in orgs
    }
    ranked = sorted(
        orgs, key=lambda o: (-partners[o], -degree[o], graph.organisations[o].name.lower(), o)
    )
    rank = {oid: i for i, oid in enumerate(ranked)}
    for oid in orgs:
        org = graph.organisations[oid]
        concept = ont.org_types.get(org.type, other)
        n = partners[oid]
        x, y = positions[oid]
        net.add_node(
            oid,
            label=org.name,
            shape=ont.classes["Organisation"].shape or "dot",
            color=concept.colour if concept else None,
            value=n + 1,
            title=f"{org.name} ({concept.label if concept else org.type}) — "
            f"{n} partner{'s' if n != 1 else ''}",
            kind="organisation",
            orgType=org.type,
            country=org.country,
            page=pages[oid],
            rank=rank[oid],
            isolated=oid in lonely,
            x=round(x, 1),
            y=round(y, 1),
        )
    for i, aid in enumerate(agreements):
        agr = graph.agreements[aid]
        span = graph.agreement_span(agr)
        x, y = positions[aid]
        net.add_node(
            aid,
            label=agr.name,
            shape=ont.classes["Agreement"].shape or "diamond",
            color=party.colour,
            size=9,
            title=f"{agr.name} ({agr.date or 'undated'})",
            kind="agreement",
            page=pages[aid],
            areas=agr.areas,
            span=[span.first, span.last] if span.first else None,
            rank=len(orgs) + i,
            x=round(x, 1),
            y=round(y, 1),
        )
        for oid in agr.parties:
            if oid in shown:
                net.add_edge(
                    oid,
                    aid,
                    id=f"{party.type}|{oid}|{aid}",
                    prop="partyTo",
                    areas=agr.areas,
                    span=[span.first, span.last] if span.first else None,
                    arrows="",
                    width=1,
                    title=f"{graph.organisations[oid].name} {party.label} {agr.name}",
                    **edge_style(party),
                )
    for link in links:
        rel = ont.relations[link.prop]
        a, b = graph.organisations[link.source].name, graph.organisations[link.target].name
        n = graph.articles_of(link)
        span = graph.link_span(link)
        net.add_edge(
            link.source,
            link.target,
            id=link.key,
            prop=link.prop,
            areas=graph.link_areas(link),
            span=[span.first, span.last] if span.first else None,
            dateSource=span.source,
            articles=n,
            permalink=f"{pages[link.source]}#{anchor(link.key)}",
            arrows="" if rel.symmetric else "to",
            value=link.weight or n or 1,
            title=f"{a} — {rel.label} — {b} ({n} article{'s' if n != 1 else ''}; click for quotes)",
            **edge_style(rel),
        )
    net.options = view_options(len(net.nodes))
    return Overview(net, orgs, agreements, len(graph.organisations), len(graph.agreements), lonely)


def anchor(key: str) -> str:
    """The fragment id of a relationship's row on its organisation pages: its permalink."""
    return "rel-" + page_stem(key)
