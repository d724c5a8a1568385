"""The ontology as data: read ``*.ttl`` once and derive every name the code uses.

Labels, relationship types, keys, indexes, organisation and agreement types,
commitment areas and their trigger phrases come from here and nowhere else, so
extending the vocabulary means editing Turtle, not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

HERE = Path(__file__).resolve().parent
CKG = Namespace("https://w3id.org/cyberkg/ontology#")
DATA = Namespace("https://w3id.org/cyberkg/id/")
ONTOLOGY_FILES = ("cyberkg.ttl",)


class OntologyError(ValueError):
    """The Turtle files disagree with what the code expects of them."""


@dataclass(frozen=True)
class NodeClass:
    """An OWL class that becomes a Neo4j node label."""

    iri: URIRef
    name: str
    label: str
    key: str
    indexed: tuple[str, ...] = ()
    fulltext: tuple[str, ...] = ()
    shape: str | None = None


@dataclass(frozen=True)
class RelType:
    """An object property that becomes a Neo4j relationship type."""

    iri: URIRef
    name: str
    type: str
    domain: str
    range: str
    label: str
    symmetric: bool = False
    colour: str | None = None
    dashes: str | None = None


@dataclass(frozen=True)
class Concept:
    """A SKOS concept: an organisation type, an agreement type or a commitment area."""

    iri: URIRef
    id: str
    label: str
    definition: str = ""
    neo4j_label: str | None = None
    colour: str | None = None
    triggers: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    key_scope: str | None = None


@dataclass(frozen=True)
class Ontology:
    """Everything the code needs to know about the vocabulary, read from Turtle."""

    graph: Graph = field(repr=False)
    classes: dict[str, NodeClass]
    relations: dict[str, RelType]
    org_types: dict[str, Concept]
    agreement_types: dict[str, Concept]
    areas: dict[str, Concept]
    # classes marked ckg:internal (the build lock): constrained, never part of the graph's content
    internal: dict[str, NodeClass] = field(default_factory=dict)

    def label(self, cls: str) -> str:
        """The Neo4j label of a class given by its local name ('Organisation')."""
        try:
            return self.classes[cls].label
        except KeyError:
            raise KeyError(f"No such class in the ontology: {cls}") from None

    def rel(self, prop: str) -> str:
        """The Neo4j relationship type of a property given by its local name ('partyTo')."""
        try:
            return self.relations[prop].type
        except KeyError:
            raise KeyError(f"No such relationship in the ontology: {prop}") from None

    def org_label(self, org_type: str) -> str | None:
        """The extra Neo4j label of an organisation type ('cert' -> 'CERT'), if any."""
        concept = self.org_types.get(org_type)
        return concept.neo4j_label if concept else None

    def schema_statements(self) -> list[str]:
        """Cypher that creates every constraint and index, idempotently."""
        stmts = []
        for c in [*self.classes.values(), *self.internal.values()]:
            stmts.append(
                f"CREATE CONSTRAINT {c.label.lower()}_{c.key} IF NOT EXISTS "
                f"FOR (n:{c.label}) REQUIRE n.{c.key} IS UNIQUE"
            )
            for prop in c.indexed:
                stmts.append(
                    f"CREATE INDEX {c.label.lower()}_{prop} IF NOT EXISTS "
                    f"FOR (n:{c.label}) ON (n.{prop})"
                )
            if c.fulltext:
                props = ", ".join(f"n.{p}" for p in c.fulltext)
                stmts.append(
                    f"CREATE FULLTEXT INDEX {c.label.lower()}_search IF NOT EXISTS "
                    f"FOR (n:{c.label}) ON EACH [{props}]"
                )
        for r in self.relations.values():
            stmts.append(
                f"CREATE INDEX rel_{r.type.lower()}_key IF NOT EXISTS "
                f"FOR ()-[r:{r.type}]-() ON (r.key)"
            )
        return stmts


def _str(g: Graph, s: URIRef, p: URIRef) -> str | None:
    value = g.value(s, p)
    return str(value) if value is not None else None


def _strs(g: Graph, s: URIRef, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal)))


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _concepts(g: Graph, scheme: URIRef) -> dict[str, Concept]:
    out = {}
    for s in sorted(g.subjects(SKOS.inScheme, scheme)):
        notation = _str(g, s, SKOS.notation)
        if not notation:
            raise OntologyError(f"Concept without skos:notation: {s}")
        out[notation] = Concept(
            iri=s,
            id=notation,
            label=_str(g, s, SKOS.prefLabel) or notation,
            definition=_str(g, s, SKOS.definition) or "",
            neo4j_label=_str(g, s, CKG.neo4jLabel),
            colour=_str(g, s, CKG.colour),
            triggers=_strs(g, s, CKG.trigger),
            cues=_strs(g, s, CKG.cue),
            key_scope=_str(g, s, CKG.keyScope),
        )
    if not out:
        raise OntologyError(f"Empty concept scheme: {scheme}")
    return out


def parse(paths: list[Path] | None = None) -> Ontology:
    """Parse the Turtle files and cross-check them."""
    g = Graph()
    g.bind("ckg", CKG)
    g.bind("skos", SKOS)
    for path in paths or [HERE / name for name in ONTOLOGY_FILES]:
        try:
            g.parse(path, format="turtle")
        except Exception as err:  # rdflib raises many kinds
            raise OntologyError(f"{path}: not valid Turtle: {err}") from err
    classes = {}
    internal = {}
    for s in sorted(g.subjects(RDF.type, OWL.Class)):
        label = _str(g, s, CKG.neo4jLabel)
        if label is None:
            continue
        key = _str(g, s, CKG.key)
        if key is None:
            raise OntologyError(f"Class {s} has a Neo4j label but no ckg:key")
        is_internal = (s, CKG.internal, Literal(True)) in g
        (internal if is_internal else classes)[_local(s)] = NodeClass(
            iri=s,
            name=_local(s),
            label=label,
            key=key,
            indexed=_strs(g, s, CKG.indexed),
            fulltext=_strs(g, s, CKG.fulltext),
            shape=_str(g, s, CKG.shape),
        )
    by_iri = {c.iri: c.name for c in classes.values()}
    relations = {}
    for s in sorted(g.subjects(RDF.type, OWL.ObjectProperty)):
        rtype = _str(g, s, CKG.neo4jType)
        if rtype is None:
            continue
        domain, range_ = g.value(s, RDFS.domain), g.value(s, RDFS.range)
        if domain not in by_iri or range_ not in by_iri:
            raise OntologyError(f"Missing edge end for {s}: domain {domain}, range {range_}")
        relations[_local(s)] = RelType(
            iri=s,
            name=_local(s),
            type=rtype,
            domain=by_iri[domain],
            range=by_iri[range_],
            label=_str(g, s, RDFS.label) or rtype,
            symmetric=(s, RDF.type, OWL.SymmetricProperty) in g,
            colour=_str(g, s, CKG.colour),
            dashes=_str(g, s, CKG.shape),
        )
    return Ontology(
        graph=g,
        classes=classes,
        relations=relations,
        org_types=_concepts(g, CKG.OrganisationTypes),
        agreement_types=_concepts(g, CKG.AgreementTypes),
        areas=_concepts(g, CKG.CommitmentAreas),
        internal=internal,
    )


@cache
def load() -> Ontology:
    """The project's ontology, parsed once per process."""
    return parse()


@dataclass(frozen=True)
class PropertyDef:
    """A property of nodes or relationships, with the definition the codebook prints."""

    iri: URIRef
    name: str
    owners: tuple[str, ...]
    range: str
    definition: str


def properties(ont: Ontology) -> list[PropertyDef]:
    """Every property the ontology defines (``ckg:propertyOf``), in the order of the file."""
    g = ont.graph
    out = []
    for s in g.subjects(CKG.propertyOf, None):
        if any(p.iri == s for p in out):
            continue
        range_ = g.value(s, RDFS.range)
        out.append(
            PropertyDef(
                iri=s,
                name=_str(g, s, CKG.neo4jProperty) or _local(s),
                owners=tuple(sorted(_local(o) for o in g.objects(s, CKG.propertyOf))),
                range=_local(range_) if range_ is not None else "",
                definition=_str(g, s, RDFS.comment) or "",
            )
        )
    return out


def definition(ont: Ontology, iri: URIRef) -> str:
    """The skos:definition (else rdfs:comment) of a term, or ''."""
    return _str(ont.graph, iri, SKOS.definition) or _str(ont.graph, iri, RDFS.comment) or ""
