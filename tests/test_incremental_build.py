"""Incremental builds on the real server: only changed articles are extracted and loaded."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

import neo4j
import pytest

import kg.build
import kg.settings
from extract.records import ArticleMeta
from kg.build import BuildReport, build_graph, extract_records
from kg.settings import PROJECT_ROOT, Settings
from kg.store.load import graph_counts

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import synth  # noqa: E402

pytestmark = pytest.mark.neo4j


@pytest.fixture(autouse=True)
def pinned_pipeline(monkeypatch: pytest.MonkeyPatch) -> str:
    """The pipeline version, fixed for the test even while the extractor's files are edited."""
    version = kg.build.pipeline_fingerprint(kg.settings.get_settings().model)
    monkeypatch.setattr(kg.build, "pipeline_fingerprint", lambda model: version)
    return version


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "synthetic"
    for art in synth.generate(6, seed=1):
        synth.write_article(art, folder)
    return folder / "articles"


@pytest.fixture
def settings(neo4j_settings: Settings, tmp_path: Path, corpus: Path) -> Settings:
    return dataclasses.replace(neo4j_settings, var=tmp_path / "var", corpus=corpus)


def _build(settings: Settings, driver: neo4j.Driver, **kw) -> BuildReport:
    report = build_graph(settings, driver, processes=1, **kw)
    assert report.errors == []
    return report


def _read(driver: neo4j.Driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, routing_=neo4j.RoutingControl.READ)
    return [r.data() for r in records]


def test_second_build_changes_nothing(settings: Settings, clean_db: neo4j.Driver) -> None:
    first = _build(settings, clean_db)
    assert (first.articles, first.extracted, first.loaded, first.unchanged) == (6, 6, 6, 0)
    counts = graph_counts(clean_db)
    assert counts["node:Article"] == 6
    second = _build(settings, clean_db)
    assert (second.extracted, second.cached, second.loaded, second.unchanged) == (0, 0, 0, 6)
    assert graph_counts(clean_db) == counts
    full = _build(settings, clean_db, full=True)  # records from the cache, graph unchanged
    assert (full.extracted, full.cached, full.loaded) == (0, 6, 6)
    assert graph_counts(clean_db) == counts


def test_adding_one_article_extracts_only_it(
    settings: Settings, clean_db: neo4j.Driver, corpus: Path
) -> None:
    _build(settings, clean_db)
    synth.write_article(synth.make_article(6, seed=1), corpus.parent)
    report = _build(settings, clean_db)
    assert (report.articles, report.extracted, report.loaded, report.unchanged) == (7, 1, 1, 6)
    assert graph_counts(clean_db)["node:Article"] == 7


def test_editing_an_article_reextracts_it_and_front_matter_alone_does_not(
    settings: Settings, clean_db: neo4j.Driver, corpus: Path
) -> None:
    _build(settings, clean_db)
    path = sorted(corpus.glob("*.md"))[2]
    path.write_text(path.read_text() + "\nThe officials met again a week later.\n")
    report = _build(settings, clean_db)
    assert (report.extracted, report.cached, report.loaded, report.unchanged) == (1, 0, 1, 5)
    path.write_text(path.read_text().replace('publisher: "', 'publisher: "New '))
    report = _build(settings, clean_db)
    assert (report.extracted, report.cached, report.loaded) == (0, 1, 1)
    rows = _read(clean_db, "MATCH (a:Article {id: $id}) RETURN a.publisher AS p", id=path.stem)
    assert rows[0]["p"].startswith("New ")


def test_a_new_pipeline_version_reextracts_everything(
    settings: Settings, clean_db: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(settings, clean_db)
    monkeypatch.setattr(kg.build, "pipeline_fingerprint", lambda model: "upgraded-model-2.0")
    report = _build(settings, clean_db)
    assert (report.extracted, report.loaded, report.unchanged) == (6, 6, 0)
    rows = _read(clean_db, "MATCH (a:Article) RETURN DISTINCT a.pipeline AS v")
    assert [r["v"].split("+corrections-")[0] for r in rows] == ["upgraded-model-2.0"]


def test_removing_an_article_removes_only_its_facts(
    settings: Settings, clean_db: neo4j.Driver, corpus: Path
) -> None:
    _build(settings, clean_db)
    gone = sorted(corpus.glob("*.md"))[0]
    before = _read(
        clean_db,
        "MATCH (e:Evidence) WITH e.fact AS fact, collect(DISTINCT e.article) AS arts "
        "RETURN fact, arts",
    )
    only_gone = {r["fact"] for r in before if r["arts"] == [gone.stem]}
    shared = {r["fact"] for r in before if gone.stem in r["arts"] and len(r["arts"]) > 1}
    assert only_gone
    gone.unlink()
    report = _build(settings, clean_db)
    assert (report.removed, report.extracted, report.unchanged) == (1, 0, 5)
    assert _read(clean_db, "MATCH (e:Evidence {article: $a}) RETURN e", a=gone.stem) == []
    left = {
        r["k"]
        for r in _read(
            clean_db,
            "MATCH (n) WHERE n:Organisation OR n:Agreement RETURN n.id AS k "
            "UNION MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN r.key AS k",
        )
    }
    assert not (only_gone & left), "facts only the removed article stated are still there"
    assert shared <= left
    unsupported = _read(
        clean_db,
        "MATCH ()-[r]->() WHERE r.key IS NOT NULL "
        "AND NOT EXISTS { MATCH (e:Evidence {fact: r.key}) } RETURN r.key AS k",
    )
    assert unsupported == []


def test_bad_article_is_reported_and_the_rest_still_build(
    settings: Settings, clean_db: neo4j.Driver, corpus: Path
) -> None:
    (corpus / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\ntext\n")
    report = build_graph(settings, clean_db, processes=1)
    assert [Path(e.path).name for e in report.errors] == ["broken.md"]
    assert report.loaded == 6


class FailingOn:
    """A stand-in extractor that fails on one text: the build must survive it."""

    def __init__(self, real, bad: str) -> None:
        self.real, self.bad = real, bad

    def extract(self, items, **kw):
        items = list(items)
        if any(text == self.bad for _, text in items):
            raise ValueError("cannot parse")
        return self.real.extract(items, **kw)


def test_extraction_error_costs_one_article_and_keeps_order() -> None:
    from extract import Extractor

    arts = list(synth.generate(8, seed=9))
    items = [(ArticleMeta(id=a.id, path=f"{a.id}.md"), a.text) for a in arts]
    real = Extractor(kg.settings.get_settings().model)
    out = list(extract_records(items, model="", extractor=FailingOn(real, arts[3].text)))
    assert [getattr(o, "article", None) and o.article.id for o in out[:3]] == [
        a.id for a in arts[:3]
    ]
    assert str(out[3]).endswith("extraction failed: ValueError: cannot parse")
    assert [o.article.id for o in out[4:]] == [a.id for a in arts[4:]]


def test_two_processes_give_the_same_records_in_order(tmp_path: Path) -> None:
    arts = list(synth.generate(kg.build.MIN_PARALLEL + 6, seed=4))
    items = [(ArticleMeta(id=a.id), a.text) for a in arts]
    model = kg.settings.get_settings().model
    one = [r.to_dict() for r in extract_records(items[:10], model=model, processes=1)]
    two = [r.to_dict() for r in extract_records(items, model=model, processes=2)]
    assert [r["article"]["id"] for r in two] == [a.id for a in arts]
    assert two[:10] == one


def test_copy_of_corpus_elsewhere_reuses_the_record_cache(
    settings: Settings, clean_db: neo4j.Driver, corpus: Path, tmp_path: Path
) -> None:
    """The cache is keyed by content, not path: a moved corpus extracts nothing."""
    _build(settings, clean_db)
    moved = tmp_path / "moved"
    shutil.copytree(corpus, moved)
    with clean_db.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
    report = _build(dataclasses.replace(settings, corpus=moved), clean_db)
    assert (report.extracted, report.cached, report.loaded) == (0, 6, 6)
