"""The whole graph as RDF: the ontology's IRIs, and PROV-O provenance for every fact.

Organisations, agreements, articles and evidence get IRIs under
``ontology.DATA``; commitment areas and organisation and agreement types are
the ontology's own concepts. Each relationship is one triple with the
ontology's property and, reified as an ``rdf:Statement``, the articles and
sentences it comes from. Every fact ``prov:wasDerivedFrom`` its articles and
its evidence sentences; a sentence ``prov:wasQuotedFrom`` its article.
Cooperation statements also carry their weight, commitment areas, first and
last dates with precision and source, and the pipeline version; the build
that produced the graph is a ``ckg:Build`` activity every statement
``prov:wasGeneratedBy``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import neo4j
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

import ontology
from kg.buildinfo import BuildRecord
from kg.dates import PRECISION
from ontology import CKG, DATA

OA = Namespace("http://www.w3.org/ns/oa#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"
FORMATS = {"turtle": "turtle", "jsonld": "json-ld"}
PREFIXES = {
    "ckg": CKG,
    "data": DATA,
    "dct": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "oa": OA,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WIKIDATA,
}
DATE_TYPES = (
    (r"\d{4}", XSD.gYear),
    (r"\d{4}-\d{2}", XSD.gYearMonth),
    (r"\d{4}-\d{2}-\d{2}", XSD.date),
)


def date_literal(value: str | None) -> Literal | None:
    """An ISO date of any precision as a typed literal (gYear, gYearMonth, date)."""
    if not value:
        return None
    for pattern, datatype in DATE_TYPES:
        if re.fullmatch(pattern, value):
            return Literal(value, datatype=datatype)
    return Literal(value)


class Exporter:
    """Reads the graph through read transactions and builds an rdflib Graph."""

    def __init__(
        self, driver: neo4j.Driver, database: str | None = None, record: BuildRecord | None = None
    ) -> None:
        self.driver = driver
        self.database = database
        self.record = record
        self.build_iri: URIRef | None = None
        self.ont = ontology.load()
        self.L = {name: c.label for name, c in self.ont.classes.items()}

    # ------------------------------------------------------------------ IRIs
    def node_iri(self, cls: str, node_id: str) -> URIRef:
        """The IRI of a node: an ontology concept for areas, else under ontology.DATA."""
        if cls == "CommitmentArea" and node_id in self.ont.areas:
            return self.ont.areas[node_id].iri
        prefix = cls.lower()
        local = node_id.removeprefix(f"{prefix}/")
        return DATA[f"{prefix}/{quote(local, safe='/-._~')}"]

    def statement_iri(self, key: str) -> URIRef:
        return DATA[f"statement/{quote(key, safe='-._~')}"]

    # ------------------------------------------------------------------ reading
    def _read(self, query: str) -> list[neo4j.Record]:
        records, _, _ = self.driver.execute_query(
            query, database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        return records

    def _nodes(self, cls: str) -> list[dict]:
        return [r["n"] for r in self._read(f"MATCH (n:{self.L[cls]}) RETURN n {{.*}} AS n")]

    # ------------------------------------------------------------------ building
    def graph(self) -> Graph:
        """The whole graph as RDF."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        derived: dict[str, set[URIRef]] = defaultdict(set)  # fact -> articles and sentences
        self._build(g)
        self._areas(g)
        articles = self._articles(g)
        self._evidence(g, articles, derived)
        self._organisations(g, derived)
        self._agreements(g, derived)
        self._relationships(g, derived)
        return g

    def _build(self, g: Graph) -> None:
        """The build record as a ckg:Build activity (a prov:Activity)."""
        if self.record is None:
            return
        rec = self.record
        name = rec.commit or rec.built or "unknown"
        iri = self.build_iri = DATA[f"build/{quote(f'{name}-{rec.articles}', safe='-._~+')}"]
        g.add((iri, RDF.type, CKG.Build))
        g.add((iri, RDF.type, PROV.Activity))
        if rec.commit:
            g.add((iri, CKG.gitCommit, Literal(rec.commit)))
        if rec.pipeline:
            g.add((iri, CKG.pipelineVersion, Literal(rec.pipeline)))
        if rec.built:
            g.add((iri, CKG.builtAt, Literal(rec.built, datatype=XSD.dateTime)))
        g.add((iri, CKG.articleCount, Literal(rec.articles)))
        if rec.version:
            g.add((iri, CKG.softwareVersion, Literal(rec.version)))

    def _areas(self, g: Graph) -> None:
        for area in self._nodes("CommitmentArea"):
            iri = self.node_iri("CommitmentArea", area["id"])
            g.add((iri, RDF.type, CKG.CommitmentArea))
            g.add((iri, RDF.type, SKOS.Concept))
            g.add((iri, SKOS.notation, Literal(area["id"])))
            g.add((iri, SKOS.prefLabel, Literal(area.get("label") or area["id"], lang="en")))
            if area.get("definition"):
                g.add((iri, SKOS.definition, Literal(area["definition"], lang="en")))

    def _articles(self, g: Graph) -> dict[str, URIRef]:
        out = {}
        for art in self._nodes("Article"):
            iri = out[art["id"]] = self.node_iri("Article", art["id"])
            g.add((iri, RDF.type, CKG.Article))
            g.add((iri, RDF.type, PROV.Entity))
            g.add((iri, DCTERMS.identifier, Literal(art["id"])))
            if art.get("title"):
                g.add((iri, DCTERMS.title, Literal(art["title"])))
            if art.get("url"):
                g.add((iri, DCTERMS.source, URIRef(quote(art["url"], safe=URL_SAFE))))
            if art.get("published"):
                g.add((iri, DCTERMS.issued, date_literal(art["published"])))
            if art.get("publisher"):
                g.add((iri, DCTERMS.publisher, Literal(art["publisher"])))
            if art.get("language"):
                g.add((iri, DCTERMS.language, Literal(art["language"])))
        return out

    def _evidence(
        self, g: Graph, articles: dict[str, URIRef], derived: dict[str, set[URIRef]]
    ) -> None:
        stated_in = self.ont.rel("statedIn")
        query = (
            f"MATCH (e:{self.L['Evidence']})-[:{stated_in}]->(a:{self.L['Article']}) "
            "RETURN e {.*} AS e, a.id AS article"
        )
        for rec in self._read(query):
            ev, art = rec["e"], articles.get(rec["article"])
            if art is None:
                continue
            iri = self.node_iri("Evidence", ev["id"])
            g.add((iri, RDF.type, CKG.Evidence))
            g.add((iri, RDF.type, PROV.Entity))
            g.add((iri, PROV.value, Literal(ev.get("quote") or "")))
            if ev.get("start") is not None:
                g.add((iri, OA.start, Literal(int(ev["start"]))))
            if ev.get("end") is not None:
                g.add((iri, OA.end, Literal(int(ev["end"]))))
            g.add((iri, self.ont.relations["statedIn"].iri, art))
            g.add((iri, PROV.wasQuotedFrom, art))
            derived[ev["fact"]].update((art, iri))

    def _provenance(self, g: Graph, iri: URIRef, sources: set[URIRef]) -> None:
        for source in sorted(sources):
            g.add((iri, PROV.wasDerivedFrom, source))

    def _organisations(self, g: Graph, derived: dict[str, set[URIRef]]) -> None:
        # an organisation a relationship names, with no sentence of its own, is
        # derived from the sentences of its relationships
        via = defaultdict(set)
        query = (
            f"MATCH (o:{self.L['Organisation']})-[r]-() WHERE r.key IS NOT NULL "
            "RETURN o.id AS id, collect(DISTINCT r.key) AS keys"
        )
        for rec in self._read(query):
            for key in rec["keys"]:
                via[rec["id"]] |= derived.get(key, set())
        for org in self._nodes("Organisation"):
            iri = self.node_iri("Organisation", org["id"])
            g.add((iri, RDF.type, CKG.Organisation))
            g.add((iri, DCTERMS.identifier, Literal(org["id"])))
            g.add((iri, RDFS.label, Literal(org.get("name") or org["id"])))
            for alias in org.get("aliases") or []:
                g.add((iri, SKOS.altLabel, Literal(alias)))
            concept = self.ont.org_types.get(org.get("type") or "")
            g.add((iri, DCTERMS.type, concept.iri if concept else Literal(org.get("type") or "")))
            if org.get("country"):
                g.add((iri, DCTERMS.spatial, Literal(org["country"])))
            if org.get("wikidata"):
                g.add((iri, OWL.sameAs, WIKIDATA[org["wikidata"]]))
            self._provenance(g, iri, derived.get(org["id"]) or via.get(org["id"], set()))

    def _agreements(self, g: Graph, derived: dict[str, set[URIRef]]) -> None:
        for agr in self._nodes("Agreement"):
            iri = self.node_iri("Agreement", agr["id"])
            g.add((iri, RDF.type, CKG.Agreement))
            g.add((iri, DCTERMS.identifier, Literal(agr["id"])))
            g.add((iri, RDFS.label, Literal(agr.get("name") or agr["id"])))
            concept = self.ont.agreement_types.get(agr.get("type") or "")
            g.add((iri, DCTERMS.type, concept.iri if concept else Literal(agr.get("type") or "")))
            if agr.get("date"):
                g.add((iri, DCTERMS.date, date_literal(agr["date"])))
            if agr.get("place"):
                g.add((iri, DCTERMS.spatial, Literal(agr["place"])))
            self._provenance(g, iri, derived.get(agr["id"], set()))

    def _relationships(self, g: Graph, derived: dict[str, set[URIRef]]) -> None:
        for rel in self.ont.relations.values():
            if rel.name == "statedIn":
                continue  # exported with the evidence
            query = (
                f"MATCH (a:{self.L[rel.domain]})-[r:{rel.type}]->(b:{self.L[rel.range]}) "
                "RETURN a.id AS source, b.id AS target, r.key AS key, r {.*} AS props"
            )
            for rec in self._read(query):
                s = self.node_iri(rel.domain, rec["source"])
                o = self.node_iri(rel.range, rec["target"])
                g.add((s, rel.iri, o))
                if rec["key"] is None:
                    continue
                stmt = self.statement_iri(rec["key"])
                g.add((stmt, RDF.type, RDF.Statement))
                g.add((stmt, RDF.subject, s))
                g.add((stmt, RDF.predicate, rel.iri))
                g.add((stmt, RDF.object, o))
                g.add((stmt, DCTERMS.identifier, Literal(rec["key"])))
                if rel.name == "cooperatesWith":
                    self._cooperation(g, stmt, rec["props"], derived.get(rec["key"], set()))
                self._provenance(g, stmt, derived.get(rec["key"], set()))

    def _cooperation(self, g: Graph, stmt: URIRef, props: dict, sources: set[URIRef]) -> None:
        """Weight, areas, dates with precision and source, pipeline version of a partnership."""
        articles = {s for s in sources if "/article/" in str(s)}
        weight = props.get("weight")
        g.add((stmt, CKG.weight, Literal(int(weight if weight is not None else len(articles)))))
        for area in props.get("areas") or []:
            g.add((stmt, CKG.area, self.node_iri("CommitmentArea", area)))
        for prop, pred in (
            ("first_seen", CKG.firstSeen),
            ("last_seen", CKG.lastSeen),
        ):
            if props.get(prop):
                g.add((stmt, pred, date_literal(props[prop])))
                precision = props.get(f"{prop}_precision") or PRECISION.get(len(props[prop]))
                if precision:
                    g.add((stmt, pred + "Precision", Literal(precision)))
        if props.get("date_source"):
            g.add((stmt, CKG.dateSource, Literal(props["date_source"])))
        if self.record is not None and self.record.pipeline:
            g.add((stmt, CKG.pipelineVersion, Literal(self.record.pipeline)))
        if self.build_iri is not None:
            g.add((stmt, PROV.wasGeneratedBy, self.build_iri))


def export_graph(
    driver: neo4j.Driver, database: str | None = None, record: BuildRecord | None = None
) -> Graph:
    """The graph in Neo4j as an rdflib Graph (see ``Exporter``), naming its build."""
    return Exporter(driver, database, record).graph()


def serialise(graph: Graph, fmt: str) -> str:
    """Turtle or JSON-LD text of the graph (JSON-LD compacted with the prefixes)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=1)
    return graph.serialize(format="turtle")


def write(graph: Graph, fmt: str, output: Path | None) -> str | None:
    """Write to ``output`` atomically (or return the text when no file is given)."""
    text = serialise(graph, fmt)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    return None
