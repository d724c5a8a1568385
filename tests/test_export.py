"""`kg export`: the graph as RDF with the ontology's IRIs and PROV-O provenance (real server)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, PROV

import ontology
from extract.records import (
    Agreement,
    AreaMention,
    ArticleMeta,
    Evidence,
    Organisation,
    Record,
    Relation,
)
from kg.cli.maint import export as export_cmd
from kg.export import OA, export_graph, serialise
from kg.store.load import Loader
from ontology import CKG, DATA

pytestmark = pytest.mark.neo4j
S1 = "Kenya and Romania signed an MoU on information sharing in Bucharest."
S2 = "Kenya is a member of the African Union."


def records() -> list[Record]:
    ev1, ev2 = [Evidence(S1, 0, len(S1))], [Evidence(S2, 100, 100 + len(S2))]
    return [
        Record(
            article=ArticleMeta(
                id="kenya-romania",
                title="Kenya and Romania sign an MoU",
                url="https://example.org/kenya-romania",
                published="2023-10-02",
                publisher="Example",
                language="en",
                sha256="a" * 64,
            ),
            organisations=[
                Organisation("Kenya", "country", evidence=ev1 + ev2),
                Organisation("Romania", "country", evidence=ev1),
                Organisation("African Union", "intergovernmental", evidence=ev2),
            ],
            agreements=[
                Agreement(
                    "mou",
                    name="Kenya–Romania cyber MoU",
                    parties=["Kenya", "Romania"],
                    areas=["information-sharing"],
                    date="2023-10",
                    place="Bucharest",
                    evidence=ev1,
                )
            ],
            memberships=[Relation("Kenya", "African Union", ev2)],
            areas=[AreaMention("information-sharing", ev1)],
        )
    ]


@pytest.fixture
def loaded(clean_db, neo4j_settings):
    Loader(clean_db, database=neo4j_settings.neo4j_database).load(records())
    return export_graph(clean_db, neo4j_settings.neo4j_database)


def org(node_id: str) -> URIRef:
    return DATA[f"organisation/{node_id}"]


def test_nodes_use_data_iris_and_the_ontologys_classes_and_types(loaded):
    ont = ontology.load()
    g = loaded
    assert (org("kenya"), RDF.type, CKG.Organisation) in g
    assert (org("kenya"), RDFS.label, Literal("Kenya")) in g
    assert (org("kenya"), DCTERMS.type, ont.org_types["country"].iri) in g
    agreement = DATA["agreement/kenya-romania-cyber-mou"]
    assert (agreement, RDF.type, CKG.Agreement) in g
    assert (agreement, DCTERMS.type, ont.agreement_types["mou"].iri) in g
    assert (agreement, DCTERMS.date, Literal("2023-10", datatype=namespace.XSD.gYearMonth)) in g
    article = DATA["article/kenya-romania"]
    assert (article, DCTERMS.issued, Literal("2023-10-02", datatype=namespace.XSD.date)) in g
    assert (article, DCTERMS.source, URIRef("https://example.org/kenya-romania")) in g
    area = ont.areas["information-sharing"].iri
    assert (area, RDF.type, CKG.CommitmentArea) in g
    assert len(set(g.subjects(RDF.type, CKG.CommitmentArea))) == len(ont.areas)


def test_relationships_are_triples_with_the_ontologys_properties(loaded):
    ont = ontology.load()
    g = loaded
    rel = {name: r.iri for name, r in ont.relations.items()}
    agreement = DATA["agreement/kenya-romania-cyber-mou"]
    assert (org("kenya"), rel["cooperatesWith"], org("romania")) in g
    assert (org("kenya"), rel["memberOf"], org("african-union")) in g
    assert (org("romania"), rel["partyTo"], agreement) in g
    assert (agreement, rel["covers"], ont.areas["information-sharing"].iri) in g
    assert (
        DATA["article/kenya-romania"],
        rel["mentionsArea"],
        ont.areas["information-sharing"].iri,
    ) in g


def test_every_fact_is_derived_from_its_article_and_evidence_quotes_it(loaded):
    g = loaded
    article = DATA["article/kenya-romania"]
    facts = [
        *g.subjects(RDF.type, CKG.Organisation),
        *g.subjects(RDF.type, CKG.Agreement),
        *g.subjects(RDF.type, RDF.Statement),
    ]
    # 3 organisations, 1 agreement; 2 party-to, covers, cooperates, member-of, mentions-area
    assert len(facts) == 3 + 1 + 6
    for fact in facts:
        assert (fact, PROV.wasDerivedFrom, article) in g, fact
    stmt = DATA["statement/COOPERATES_WITH%7Ckenya%7Cromania"]
    assert (stmt, RDF.subject, org("kenya")) in g
    assert (stmt, RDF.predicate, CKG.cooperatesWith) in g
    assert (stmt, RDF.object, org("romania")) in g
    sentences = set(g.objects(stmt, PROV.wasDerivedFrom)) - {article}
    assert len(sentences) == 1
    (sentence,) = sentences
    assert (sentence, PROV.value, Literal(S1)) in g
    assert (sentence, PROV.wasQuotedFrom, article) in g
    assert (sentence, CKG.statedIn, article) in g
    assert (sentence, OA.start, Literal(0)) in g
    assert (sentence, OA.end, Literal(len(S1))) in g


def test_turtle_and_jsonld_read_back_to_the_same_graph(loaded):
    turtle = Graph().parse(data=serialise(loaded, "turtle"), format="turtle")
    jsonld_text = serialise(loaded, "jsonld")
    assert json.loads(jsonld_text)["@context"]["ckg"] == str(CKG)
    jsonld = Graph().parse(data=jsonld_text, format="json-ld")
    assert len(turtle) == len(jsonld) == len(loaded)
    assert (org("kenya"), CKG.cooperatesWith, org("romania")) in jsonld


def test_metacharacters_survive_the_export(clean_db, neo4j_settings):
    from test_bad_input import NASTY, nasty_record

    Loader(clean_db, database=neo4j_settings.neo4j_database).load([nasty_record()])
    g = Graph().parse(
        data=serialise(export_graph(clean_db, neo4j_settings.neo4j_database), "turtle"),
        format="turtle",
    )
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert set(NASTY) <= labels


def test_cli_writes_a_file_or_stdout(loaded, tmp_path):
    out = tmp_path / "graph.jsonld"
    result = CliRunner().invoke(export_cmd, ["--format", "jsonld", "--output", str(out)])
    assert result.exit_code == 0, result.output
    written = Graph().parse(out, format="json-ld")
    assert result.output == f"Wrote {len(written):,} triples to {out}\n"
    assert set(loaded) <= set(written)  # and the build record the command adds
    assert (None, RDF.type, CKG.Build) in written
    result = CliRunner().invoke(export_cmd, [])
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.output, format="turtle")) == len(written)
