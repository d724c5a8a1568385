"""The graph as the site needs it, read from Neo4j in a handful of read queries.

Plain dataclasses keyed by node id and relationship key, so the overview and the
pages render from the same data without going back to the database. Labels and
relationship types come from the ontology.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import neo4j
from neo4j import RoutingControl

import ontology


@dataclass
class Article:
    id: str
    title: str | None
    url: str | None
    published: str | None
    publisher: str | None
    areas: list[str] = field(default_factory=list)


DATE_SOURCES = ("event", "publication")


class Span(NamedTuple):
    """First and last date of a fact, and whether they are event or publication dates."""

    first: str | None
    last: str | None
    source: str | None


@dataclass
class Quote:
    """A sentence of an article that states a fact."""

    article: str
    text: str
    start: int


@dataclass
class Organisation:
    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str]
    wikidata: str | None
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Link:
    """A relationship between two organisations (cooperation, membership, part of)."""

    key: str
    prop: str
    source: str
    target: str
    areas: list[str]
    weight: int | None
    first_seen: str | None
    last_seen: str | None
    date_source: str | None = None
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Agreement:
    """An agreement; ``name`` is its display label, ``named`` whether the text names it."""

    id: str
    name: str
    type: str
    date: str | None
    place: str | None
    parties: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    named: bool = True


@dataclass
class SiteGraph:
    """Everything the site shows, with the indexes the pages need."""

    organisations: dict[str, Organisation]
    agreements: dict[str, Agreement]
    links: dict[str, Link]
    articles: dict[str, Article]
    by_org: dict[str, list[str]] = field(default_factory=dict)
    agreements_of: dict[str, list[str]] = field(default_factory=dict)

    def partners(self, org_id: str) -> set[str]:
        """Organisations this one cooperates with (the overview sizes nodes by this)."""
        out = set()
        for key in self.by_org.get(org_id, []):
            link = self.links[key]
            if link.prop == "cooperatesWith":
                out.add(link.target if link.source == org_id else link.source)
        return out

    def link_areas(self, link: Link) -> list[str]:
        """Areas of a cooperation: its agreements' areas and those its articles name.

        Membership and part-of are not cooperation in an area, so only stored areas count.
        """
        areas = set(link.areas)
        if link.prop != "cooperatesWith":
            return sorted(areas)
        for q in link.quotes:
            art = self.articles.get(q.article)
            if art:
                areas.update(art.areas)
        return sorted(areas)

    def link_dates(self, link: Link) -> list[str]:
        """Publication dates of the articles that state a link."""
        dates = {
            self.articles[q.article].published for q in link.quotes if q.article in self.articles
        }
        return sorted(d for d in dates if d)

    def link_span(self, link: Link) -> Span:
        """When a link holds: its event dates where the graph knows them, else its reports'."""
        if link.first_seen or link.last_seen:
            first = link.first_seen or link.last_seen
            source = link.date_source if link.date_source in DATE_SOURCES else "publication"
            return Span(first, link.last_seen or first, source)
        dates = self.link_dates(link)
        return Span(dates[0], dates[-1], "publication") if dates else Span(None, None, None)

    def agreement_span(self, agr: Agreement) -> Span:
        """An agreement's own date when stated, else the dates of the articles reporting it."""
        if agr.date:
            return Span(agr.date, agr.date, "event")
        dates = sorted(
            {self.articles[q.article].published for q in agr.quotes if q.article in self.articles}
            - {None}
        )
        return Span(dates[0], dates[-1], "publication") if dates else Span(None, None, None)

    def articles_of(self, link: Link) -> int:
        """How many distinct articles state a link."""
        return len({q.article for q in link.quotes})


def _date(value: Any) -> str | None:
    """A date property as ISO text, whether stored as a string or a Neo4j date."""
    if value is None:
        return None
    text = value.iso_format() if hasattr(value, "iso_format") else str(value)
    return text[:10] or None


def _read(driver: neo4j.Driver, database: str | None, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(
        query, params, routing_=RoutingControl.READ, database_=database
    )
    return [r.data() for r in records]


def read_graph(driver: neo4j.Driver, database: str | None = None) -> SiteGraph:
    """Read organisations, agreements, their relationships, quotes and articles."""
    ont = ontology.load()
    L = {name: c.label for name, c in ont.classes.items()}
    org_props = [p for p, r in ont.relations.items() if r.domain == r.range == "Organisation"]
    types = "|".join(ont.rel(p) for p in org_props)
    prop_of = {ont.rel(p): p for p in org_props}

    articles = {
        r["id"]: Article(
            r["id"],
            r["props"].get("title"),
            r["props"].get("url"),
            _date(r["props"].get("published")),
            r["props"].get("publisher"),
            r["areas"],
        )
        for r in _read(
            driver,
            database,
            f"MATCH (a:{L['Article']}) "
            f"OPTIONAL MATCH (a)-[:{ont.rel('mentionsArea')}]->(c:{L['CommitmentArea']}) "
            "WITH a, collect(c.id) AS areas "
            "RETURN a.id AS id, properties(a) AS props, areas",
        )
    }
    orgs = {
        r["id"]: Organisation(
            r["id"],
            r["props"].get("name") or r["id"],
            r["props"].get("type") or "other",
            r["props"].get("country"),
            list(r["props"].get("aliases") or []),
            r["props"].get("wikidata"),
        )
        for r in _read(
            driver,
            database,
            # properties(): an older graph may lack some; read them without warnings
            f"MATCH (o:{L['Organisation']}) RETURN o.id AS id, properties(o) AS props",
        )
    }
    links = {
        r["key"]: Link(
            r["key"],
            prop_of[r["type"]],
            r["source"],
            r["target"],
            list(r["props"].get("areas") or []),
            r["props"].get("weight"),
            _date(r["props"].get("first_seen")),
            _date(r["props"].get("last_seen")),
            r["props"].get("date_source"),
        )
        for r in _read(
            driver,
            database,
            # properties(r): older graphs lack some properties; read them without warnings
            f"MATCH (a:{L['Organisation']})-[r:{types}]->(b:{L['Organisation']}) "
            "RETURN r.key AS key, type(r) AS type, a.id AS source, b.id AS target, "
            "properties(r) AS props",
        )
    }
    agreements = {
        r["id"]: Agreement(
            r["id"],
            r["props"].get("label") or r["props"].get("name") or r["id"],
            r["props"].get("type") or "other",
            _date(r["props"].get("date")),
            r["props"].get("place"),
            sorted(r["parties"]),
            sorted(r["areas"]),
            named=bool(r["props"].get("name")),
        )
        for r in _read(
            driver,
            database,
            f"MATCH (g:{L['Agreement']}) "
            f"CALL (g) {{ OPTIONAL MATCH (o:{L['Organisation']})-[:{ont.rel('partyTo')}]->(g) "
            "RETURN collect(o.id) AS parties } "
            f"CALL (g) {{ OPTIONAL MATCH (g)-[:{ont.rel('covers')}]->(c:{L['CommitmentArea']}) "
            "RETURN collect(c.id) AS areas } "
            "RETURN g.id AS id, properties(g) AS props, parties, areas",
        )
    }
    graph = SiteGraph(orgs, agreements, links, articles)
    _attach_quotes(graph, driver, database, L, ont)
    by_org: dict[str, list[str]] = defaultdict(list)
    for link in links.values():
        by_org[link.source].append(link.key)
        by_org[link.target].append(link.key)
    agreements_of: dict[str, list[str]] = defaultdict(list)
    for agr in agreements.values():
        for party in agr.parties:
            agreements_of[party].append(agr.id)
    graph.by_org, graph.agreements_of = dict(by_org), dict(agreements_of)
    return graph


def _attach_quotes(graph: SiteGraph, driver, database, L: dict, ont) -> None:
    """Evidence sentences of organisations, agreements and org-org links."""
    rows = _read(
        driver,
        database,
        f"MATCH (e:{L['Evidence']})-[:{ont.rel('statedIn')}]->(a:{L['Article']}) "
        "WHERE e.kind <> $skip "
        "RETURN e.fact AS fact, e.quote AS quote, e.start AS start, a.id AS article "
        "ORDER BY a.published, a.id, e.start",
        skip=ont.rel("mentionsArea"),
    )
    for r in rows:
        target = (
            graph.links.get(r["fact"])
            or graph.agreements.get(r["fact"])
            or graph.organisations.get(r["fact"])
        )
        if target is None:
            continue
        quote = Quote(r["article"], r["quote"] or "", r["start"] or 0)
        if not any(q.article == quote.article and q.text == quote.text for q in target.quotes):
            target.quotes.append(quote)
