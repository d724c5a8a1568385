"""Edits and removals on the real server: an edited article replaces its old facts; a
removed article's facts leave, while facts other articles support stay.

Each test compares the graph after the change with a clean load of the same final
corpus: same nodes, relationships, keys, evidence and weights.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import neo4j
import pytest

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record, Relation
from kg.store import db as store_db
from kg.store.load import Loader

pytestmark = pytest.mark.neo4j
DEV = Path("/work/shared/eval/dev")


def snapshot(driver: neo4j.Driver, database: str | None) -> dict:
    """Everything that identifies the graph's content."""

    def rows(query: str) -> list:
        records, _, _ = driver.execute_query(
            query, database_=database, routing_=neo4j.RoutingControl.READ
        )
        return sorted(tuple(r.values()) for r in records)

    return {
        "nodes": rows(
            "MATCH (n) WHERE NOT n:Evidence RETURN labels(n) AS l, n.id AS id, "
            "n.name AS name, n.type AS type"
        ),
        "relationships": rows(
            "MATCH (a)-[r]->(b) WHERE r.key IS NOT NULL "
            "RETURN type(r), r.key, a.id, b.id, r.weight, r.areas"
        ),
        "evidence": rows("MATCH (e:Evidence)-[:STATED_IN]->(a) RETURN e.id, e.fact, a.id"),
    }


def ev(text: str, start: int = 0) -> list[Evidence]:
    return [Evidence(text, start, start + len(text))]


def article(aid: str, sha: str) -> ArticleMeta:
    return ArticleMeta(id=aid, sha256=sha * 64, published="2024-01-01")


def a_v1() -> Record:
    s1 = "Kenya and Romania signed an MoU."
    s2 = "Kenya works with Ghana."
    return Record(
        article=article("a", "1"),
        organisations=[
            Organisation("Kenya", "country", evidence=ev(s1) + ev(s2, 40)),
            Organisation("Romania", "country", evidence=ev(s1)),
            Organisation("Ghana", "country", evidence=ev(s2, 40)),
        ],
        agreements=[
            Agreement(
                "mou", name="Kenya Romania MoU", parties=["Kenya", "Romania"], evidence=ev(s1)
            )
        ],
        partnerships=[Relation("Kenya", "Ghana", ev(s2, 40))],
    )


def a_v2() -> Record:
    s = "Kenya now cooperates with Nigeria."
    return Record(
        article=article("a", "2"),
        organisations=[
            Organisation("Kenya", "country", evidence=ev(s)),
            Organisation("Nigeria", "country", evidence=ev(s)),
        ],
        partnerships=[Relation("Kenya", "Nigeria", ev(s))],
    )


def b() -> Record:
    s = "Kenya and Romania cooperate, and Kenya is a member of Interpol."
    return Record(
        article=article("b", "3"),
        organisations=[
            Organisation("Kenya", "country", evidence=ev(s)),
            Organisation("Romania", "country", evidence=ev(s)),
            Organisation("Interpol", "law-enforcement", evidence=ev(s)),
        ],
        partnerships=[Relation("Kenya", "Romania", ev(s))],
        memberships=[Relation("Kenya", "Interpol", ev(s))],
    )


def clean_load(driver, db, records) -> dict:
    store_db.empty(driver, db)
    Loader(driver, database=db).load(records)
    return snapshot(driver, db)


def test_an_edited_article_replaces_its_facts_and_keeps_what_others_state(clean_db, neo4j_settings):
    db = neo4j_settings.neo4j_database
    loader = Loader(clean_db, database=db)
    loader.load([a_v1(), b()])
    before = snapshot(clean_db, db)
    assert ("COOPERATES_WITH", "COOPERATES_WITH|kenya|romania") in {
        r[:2] for r in before["relationships"]
    }
    loader.load([a_v2()])  # the edited article alone, as a build loads a changed file
    after = snapshot(clean_db, db)
    ids = {n[1] for n in after["nodes"]}
    assert "ghana" not in ids  # only the old text of a said it
    assert "agreement/kenya-romania-mou" not in ids
    assert {"kenya", "romania", "interpol", "nigeria"} <= ids  # b still says them
    coop = {r[1]: r for r in after["relationships"] if r[0] == "COOPERATES_WITH"}
    assert set(coop) == {"COOPERATES_WITH|kenya|nigeria", "COOPERATES_WITH|kenya|romania"}
    assert coop["COOPERATES_WITH|kenya|romania"][4] == 1  # weight: only b now
    assert after == clean_load(clean_db, db, [a_v2(), b()])


def test_a_removed_article_takes_only_its_own_facts(clean_db, neo4j_settings):
    db = neo4j_settings.neo4j_database
    loader = Loader(clean_db, database=db)
    loader.load([a_v1(), b()])
    loader.remove_articles(["b"])
    after = snapshot(clean_db, db)
    ids = {n[1] for n in after["nodes"]}
    assert "interpol" not in ids and "b" not in ids
    assert {"kenya", "romania", "ghana", "agreement/kenya-romania-mou"} <= ids
    coop = {r[1]: r for r in after["relationships"] if r[0] == "COOPERATES_WITH"}
    assert coop["COOPERATES_WITH|kenya|romania"][4] == 1  # the MoU of a still says it
    assert after == clean_load(clean_db, db, [a_v1()])


@pytest.mark.skipif(not DEV.is_dir(), reason="needs the shared dev articles")
def test_build_follows_edited_and_removed_files(clean_db, neo4j_settings, tmp_path, monkeypatch):
    from kg.build import build_graph

    db = neo4j_settings.neo4j_database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    names = ("11-ghana-rwanda-mozambique-mou", "12-nitda-kaspersky-mou", "01-kenya-romania-mou")
    for name in names:
        shutil.copy(DEV / f"{name}.txt", corpus / f"{name}.md")
    build_graph(neo4j_settings, clean_db, paths=[corpus])
    full = snapshot(clean_db, db)

    # edit: keep the first half of one article
    edited = corpus / f"{names[0]}.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text[: len(text) // 2].rsplit(".", 1)[0] + ".\n", encoding="utf-8")
    report = build_graph(neo4j_settings, clean_db, paths=[corpus])
    assert report.errors == [] and report.unchanged == 2
    after_edit = snapshot(clean_db, db)
    assert after_edit != full

    # remove another
    (corpus / f"{names[1]}.md").unlink()
    report = build_graph(neo4j_settings, clean_db, paths=[corpus])
    assert report.removed == 1
    after_removal = snapshot(clean_db, db)

    store_db.empty(clean_db, db)
    build_graph(neo4j_settings, clean_db, paths=[corpus])
    assert after_removal == snapshot(clean_db, db)
