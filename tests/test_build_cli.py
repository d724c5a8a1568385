"""`kg build` end to end: graph, saved-query results and the views, from one command."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import PROJECT_ROOT

pytestmark = pytest.mark.neo4j


def test_build_writes_graph_queries_and_views(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CYBERKG_CORPUS", str(PROJECT_ROOT / "corpus"))
    monkeypatch.setenv("CYBERKG_OUT", str(tmp_path / "out"))
    result = CliRunner().invoke(main, ["build", "--processes", "1"])
    assert result.exit_code == 0, result.output
    counts = re.search(r"Articles: 2 \((\d) extracted, (\d) from cache", result.output)
    assert counts and int(counts[1]) + int(counts[2]) == 2, result.output
    queries = sorted(p.stem for p in (PROJECT_ROOT / "queries").glob("*.cypher"))
    written = sorted(p.stem for p in (tmp_path / "out" / "queries").glob("*.csv"))
    assert written == queries
    partners = (tmp_path / "out" / "queries" / "most-connected.csv").read_text()
    assert "Kenya" in partners
    index = tmp_path / "out" / "site" / "index.html"
    assert index.is_file()
    assert "Kenya" in index.read_text()

    again = CliRunner().invoke(main, ["build", "--processes", "1", "--no-views", "--no-queries"])
    assert again.exit_code == 0, again.output
    assert "Articles: 2 (0 extracted, 0 from cache, 2 unchanged" in again.output


def test_build_reports_bad_articles_and_builds_the_rest(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(
        (PROJECT_ROOT / "corpus" / "kenya-romania-mou.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (corpus / "empty.md").write_text("", encoding="utf-8")
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    result = CliRunner().invoke(main, ["build", "--no-views", "--no-queries"])
    assert result.exit_code == 0, result.output
    assert "empty.md: empty article" in result.output
    records, _, _ = clean_db.execute_query("MATCH (a:Article) RETURN a.id AS id")
    assert [r["id"] for r in records] == ["good"]


def _seed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (PROJECT_ROOT / "corpus" / "kenya-romania-mou.md").read_text(encoding="utf-8")
    (corpus / "mou.md").write_text(text, encoding="utf-8")
    return corpus


def _names(driver: neo4j.Driver) -> set[str]:
    records, _, _ = driver.execute_query("MATCH (o:Organisation) RETURN o.name AS name")
    return {r["name"] for r in records}


def test_changed_corrections_apply_on_the_next_build(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _seed_corpus(tmp_path)
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    args = ["build", "--no-views", "--no-queries"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "Romania" in _names(clean_db)
    (corpus / "corrections.yaml").write_text(
        "corrections:\n  - rename: Romania\n    to: Republic of Romania\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "0 extracted, 1 from cache" in result.output
    names = _names(clean_db)
    assert "Republic of Romania" in names and "Romania" not in names


def test_a_duplicate_file_is_reported_and_not_counted_twice(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _seed_corpus(tmp_path)
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    args = ["build", "--no-views", "--no-queries"]
    assert CliRunner().invoke(main, args).exit_code == 0
    weights, _, _ = clean_db.execute_query("MATCH ()-[r:COOPERATES_WITH]->() RETURN r.weight AS w")
    (corpus / "mou-copy.md").write_bytes((corpus / "mou.md").read_bytes())
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "mou-copy.md: same text as" in result.output
    again, _, _ = clean_db.execute_query("MATCH ()-[r:COOPERATES_WITH]->() RETURN r.weight AS w")
    assert sorted(r["w"] for r in again) == sorted(r["w"] for r in weights)
    articles, _, _ = clean_db.execute_query("MATCH (a:Article) RETURN a.id AS id")
    assert [r["id"] for r in articles] == ["mou"]
