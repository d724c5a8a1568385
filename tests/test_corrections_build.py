"""Corrections on the real server: the loader (through the resolver) applies corrections.yaml."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import neo4j
import pytest

from kg.store.load import Loader

pytestmark = pytest.mark.neo4j
DEV = Path("/work/shared/eval/dev")


def ids(driver: neo4j.Driver, db: str | None) -> set[str]:
    records, _, _ = driver.execute_query("MATCH (o:Organisation) RETURN o.id AS id", database_=db)
    return {r["id"] for r in records}


def rel_keys(driver: neo4j.Driver, db: str | None) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN r.key AS key", database_=db
    )
    return {r["key"] for r in records}


def test_loader_applies_the_corpus_corrections_file(
    clean_db, neo4j_settings, tmp_path, monkeypatch
):
    from test_corrections import EXAMPLE, record

    db = neo4j_settings.neo4j_database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    Loader(clean_db, database=db).load([record()])
    assert {"monday", "safetech"} <= ids(clean_db, db)

    (corpus / "corrections.yaml").write_text(EXAMPLE, encoding="utf-8")
    Loader(clean_db, database=db).load([record()])  # the next build of the same article
    assert ids(clean_db, db) == {"kenya", "safetech-innovations", "interpol", "african-union"}
    records, _, _ = clean_db.execute_query(
        "MATCH (o:Organisation {id: 'safetech-innovations'}) RETURN o.type AS t, labels(o) AS l",
        database_=db,
    )
    assert records[0]["t"] == "company" and "Company" in records[0]["l"]
    keys = rel_keys(clean_db, db)
    assert not [k for k in keys if "monday" in k or "interpol" in k]
    assert "MEMBER_OF|kenya|african-union" in keys

    (corpus / "corrections.yaml").write_text("corrections: []\n", encoding="utf-8")
    Loader(clean_db, database=db).load([record()])  # corrections removed: back as extracted
    assert {"monday", "safetech"} <= ids(clean_db, db)
    assert "safetech-innovations" not in ids(clean_db, db)


def test_a_bad_corrections_file_stops_the_load_before_anything_changes(
    clean_db, neo4j_settings, tmp_path, monkeypatch
):
    from test_corrections import record

    from kg.corrections import CorrectionsError
    from kg.store.load import graph_counts

    db = neo4j_settings.neo4j_database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    Loader(clean_db, database=db).load([record()])
    before = graph_counts(clean_db, db)
    bad = corpus / "corrections.yaml"
    bad.write_text("corrections:\n  - retype: Monday\n    type: weekday\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"entry 1 \(line 2\), retype: unknown"):
        Loader(clean_db, database=db).load([record()])
    assert graph_counts(clean_db, db) == before


@pytest.mark.skipif(not DEV.is_dir(), reason="needs the shared dev articles")
def test_kg_build_full_applies_corrections(clean_db, neo4j_settings, tmp_path, monkeypatch):
    from kg.build import build_graph

    db = neo4j_settings.neo4j_database
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    # the build reads the corrections of the settings' corpus
    neo4j_settings = dataclasses.replace(neo4j_settings, corpus=corpus)
    for name in ("11-ghana-rwanda-mozambique-mou", "01-kenya-romania-mou"):
        shutil.copy(DEV / f"{name}.txt", corpus / f"{name}.md")
    build_graph(neo4j_settings, clean_db, paths=[corpus])
    records, _, _ = clean_db.execute_query(
        "MATCH (o:Organisation)-[r:COOPERATES_WITH]-() "
        "RETURN o.id AS id, o.name AS name, count(r) AS n ORDER BY n DESC, id LIMIT 2",
        database_=db,
    )
    assert len(records) == 2
    (drop, _, _), (renamed, name, n) = (tuple(r.values()) for r in records)
    (corpus / "corrections.yaml").write_text(
        f"corrections:\n  - reject: {drop}\n  - rename: {name}\n    to: Renamed Body\n"
        "  - retype: Renamed Body\n    type: ngo\n",
        encoding="utf-8",
    )
    build_graph(neo4j_settings, clean_db, paths=[corpus], full=True)
    now = ids(clean_db, db)
    assert drop not in now and renamed not in now
    assert "renamed-body" in now
    assert not [k for k in rel_keys(clean_db, db) if f"|{drop}|" in k or k.endswith(f"|{drop}")]
    records, _, _ = clean_db.execute_query(
        "MATCH (o:Organisation {id: 'renamed-body'}) RETURN o.type AS t, o.aliases AS a",
        database_=db,
    )
    assert records[0]["t"] == "ngo" and name in records[0]["a"]
