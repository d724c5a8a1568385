"""Article ids come from the path relative to the corpus; links that lead nowhere are reported.

Two files of one name in two folders are two articles; two files that would
still share an id (``same.md`` and ``same.txt``) are refused in one line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.corpus import article_id, iter_articles
from kg.errors import ArticleError

TEXTS = {
    "ghana": (
        "Ghana and Rwanda signed a memorandum of understanding on cyber security on Monday. "
        "The two countries agreed to share information on threats and to train experts.\n"
    ),
    "chile": (
        "Chile and Colombia signed an agreement on cybercrime in Bogota on Tuesday. "
        "Both governments will exchange information on incidents and train investigators.\n"
    ),
    "japan": (
        "Japan and Singapore agreed to cooperate on incident response and capacity building. "
        "Their national CERTs will hold a joint exercise every year from now on.\n"
    ),
}


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    for name, key in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXTS[key], encoding="utf-8")
    return corpus


def _ids(driver: neo4j.Driver) -> list[str]:
    records, _, _ = driver.execute_query("MATCH (a:Article) RETURN a.id AS id ORDER BY id")
    return [r["id"] for r in records]


def _build(monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path):
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    return CliRunner().invoke(main, ["build", "--processes", "1", "--no-views", "--no-queries"])


def test_the_id_is_the_path_relative_to_the_corpus() -> None:
    assert article_id("corpus/kenya-romania-mou.md", "corpus") == "kenya-romania-mou"
    assert article_id("corpus/sub1/same.md", "corpus") == "sub1/same"
    assert article_id("corpus/a/b/note.txt", "corpus") == "a/b/note"
    assert article_id("corpus/a/note.meta.json", "corpus") == "a/note"
    assert article_id("elsewhere/one.md", "corpus") == "one"
    assert article_id("one.md") == "one"


def test_the_reader_gives_two_files_of_one_name_two_ids(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"sub1/same.md": "ghana", "sub2/same.md": "chile"})
    errors: list[ArticleError] = []
    assert [a.meta.id for a in iter_articles([corpus], errors)] == ["sub1/same", "sub2/same"]
    assert errors == []


@pytest.mark.neo4j
def test_one_name_in_two_folders_builds_two_articles(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(
        tmp_path, {"top.md": "japan", "sub1/same.md": "ghana", "sub2/same.md": "chile"}
    )
    result = _build(monkeypatch, corpus, tmp_path)
    assert result.exit_code == 0, result.output
    counts = re.search(r"Articles: 3 \((\d) extracted, (\d) from cache, 0 unchanged", result.output)
    assert counts and int(counts[1]) + int(counts[2]) == 3, result.output  # none kept as one
    assert _ids(clean_db) == ["sub1/same", "sub2/same", "top"]
    again = _build(monkeypatch, corpus, tmp_path)
    assert "Articles: 3 (0 extracted, 0 from cache, 3 unchanged" in again.output


@pytest.mark.neo4j
def test_two_files_with_one_id_are_refused_in_one_line(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path, {"same.md": "ghana", "same.txt": "chile", "other.md": "japan"})
    result = _build(monkeypatch, corpus, tmp_path)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: [E200] {corpus / 'same.txt'}: same article id 'same' as {corpus / 'same.md'} "
        "(rename one of the two files)"
    ]
    assert _ids(clean_db) == ["other", "same"]  # the rest builds


@pytest.mark.neo4j
def test_a_link_loop_and_a_dangling_link_are_one_line_each(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path, {"good.md": "ghana", "sub/inner.md": "chile"})
    os.symlink("..", corpus / "sub" / "up")
    os.symlink("gone.md", corpus / "dangling.md")
    result = _build(monkeypatch, corpus, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: [E200] {corpus / 'dangling.md'}: a symbolic link to gone.md, which does not "
        "exist (skipped; remove the link or restore its target)",
        f"Error: [E200] {corpus / 'sub' / 'up'}: a symbolic link back into a folder it is in "
        "(a loop; skipped)",
    ]
    assert _ids(clean_db) == ["good", "sub/inner"]
