"""The seed corpus end to end: articles → extraction → Neo4j, traceable and idempotent."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import neo4j
import pytest

from kg.build import build_graph
from kg.settings import PROJECT_ROOT, Settings
from kg.store.load import graph_counts

pytestmark = pytest.mark.neo4j
CORPUS = PROJECT_ROOT / "corpus"


def _settings(base: Settings, tmp_path: Path) -> Settings:
    return dataclasses.replace(base, var=tmp_path / "var", corpus=CORPUS)


def _read(driver: neo4j.Driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, routing_=neo4j.RoutingControl.READ)
    return [r.data() for r in records]


@pytest.fixture
def seed_graph(clean_db: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> neo4j.Driver:
    report = build_graph(_settings(neo4j_settings, tmp_path), clean_db, processes=1)
    assert report.errors == []
    assert report.articles == 2
    return clean_db


def test_seed_countries_and_agencies(seed_graph: neo4j.Driver) -> None:
    rows = _read(
        seed_graph,
        "MATCH (o:Organisation) RETURN o.name AS name, o.type AS type, labels(o) AS labels, "
        "o.aliases AS aliases",
    )
    by_name = {n: r for r in rows for n in [r["name"], *(r["aliases"] or [])]}
    for country in ("Kenya", "Romania"):
        assert by_name[country]["type"] == "country"
        assert "Country" in by_name[country]["labels"]
    for agency in (
        "National Computer and Cybercrimes Coordination Committee",
        "National Cyber Security Directorate",
    ):
        assert by_name[agency]["type"] == "government-agency"
        assert "GovernmentAgency" in by_name[agency]["labels"]
    agencies = {
        by_name[a]["name"]
        for a in (
            "National Computer and Cybercrimes Coordination Committee",
            "National Computer and Cybercrime Coordination Committee",
            "NC4",
        )
    }
    assert len(agencies) == 1, "one node for Kenya's agency across both articles"
    assert "Gitau" not in by_name and "William Gitau" not in by_name
    assert "Bucharest" not in by_name


def test_seed_mou_with_parties_areas_and_evidence(seed_graph: neo4j.Driver) -> None:
    rows = _read(
        seed_graph,
        "MATCH (g:Agreement {type: 'mou'})<-[:PARTY_TO]-(o:Organisation) "
        "WITH g, collect(o.name) AS parties "
        "OPTIONAL MATCH (g)-[:COVERS]->(c:CommitmentArea) "
        "WITH g, parties, collect(c.id) AS areas "
        "MATCH (e:Evidence {fact: g.id})-[:STATED_IN]->(a:Article) "
        "RETURN g.id AS id, parties, areas, collect(DISTINCT a.id) AS articles, "
        "collect(e.quote) AS quotes",
    )
    mou = next(r for r in rows if {"Kenya", "Romania"} <= set(r["parties"]))
    assert "kenya-romania-mou" in mou["articles"]
    assert {"information-sharing", "incident-response", "capacity-building"} <= set(mou["areas"])
    assert any("Memorandum of Understanding" in q for q in mou["quotes"])


def test_seed_quotes_are_the_article_sentences(seed_graph: neo4j.Driver) -> None:
    """Each evidence quote is exactly the article text at its offsets."""
    from kg.corpus import read_article

    text = read_article(CORPUS / "kenya-romania-mou.md").text
    rows = _read(
        seed_graph,
        "MATCH (e:Evidence {article: 'kenya-romania-mou'}) RETURN e.quote AS q, e.start AS s, "
        "e.end AS e",
    )
    assert rows
    for r in rows:
        assert text[r["s"] : r["e"]] == r["q"]


def test_partnership_traceable_to_its_sentence(seed_graph: neo4j.Driver) -> None:
    rows = _read(
        seed_graph,
        "MATCH (a:Organisation {name: 'Kenya'})-[r:COOPERATES_WITH]-(b:Organisation "
        "{name: 'Romania'}) MATCH (e:Evidence {fact: r.key})-[:STATED_IN]->(art:Article) "
        "RETURN r.weight AS weight, e.quote AS quote, art.id AS article",
    )
    assert rows
    assert rows[0]["weight"] >= 1
    assert {r["article"] for r in rows} >= {"kenya-romania-mou"}


def test_second_build_changes_nothing(
    seed_graph: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    before = graph_counts(seed_graph)
    report = build_graph(_settings(neo4j_settings, tmp_path), seed_graph, processes=1)
    assert report.unchanged == 2 and report.extracted == 0
    assert graph_counts(seed_graph) == before
    report = build_graph(_settings(neo4j_settings, tmp_path), seed_graph, processes=1, full=True)
    assert report.cached == 2
    assert graph_counts(seed_graph) == before
