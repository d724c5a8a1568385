"""Evidence offsets index the article body: ``body[start:end] == quote`` for every evidence.

The body is the file's text after the front matter as written, leading blank
line included (``kg add`` writes one after the closing ``---``), so a researcher
who cuts the front matter off the file finds every quote at its offsets.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import neo4j
import pytest

from kg.build import build_graph
from kg.corpus import FRONT_MATTER, read_article
from kg.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.neo4j
CORPUS = PROJECT_ROOT / "corpus"
ADDED = (
    "---\ntitle: Ghana and Estonia sign a cyber MoU\npublished: 2024-03-05\nlanguage: en\n---\n\n"
    "Ghana and Estonia signed a memorandum of understanding on cyber security in Accra.\n"
    "The Cyber Security Authority of Ghana will work with Estonia on incident response.\n"
)


def file_body(path: Path) -> str:
    """The file's text with its front matter cut off, as a researcher would read it."""
    content = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(content)
    return content[match.end() :] if match else content


@pytest.fixture
def built(clean_db: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "ghana-estonia.md").write_text(ADDED, encoding="utf-8")
    settings = dataclasses.replace(neo4j_settings, var=tmp_path / "var", corpus=corpus)
    report = build_graph(settings, clean_db, processes=1)
    assert report.errors == []
    return corpus


def test_every_offset_finds_its_quote(built: Path, clean_db: neo4j.Driver) -> None:
    records, _, _ = clean_db.execute_query(
        "MATCH (e:Evidence) RETURN e.article AS article, e.start AS start, e.end AS end, "
        "e.quote AS quote"
    )
    assert len(records) > 50
    assert {r["article"] for r in records} >= {"ghana-estonia", "kenya-romania-mou"}
    wrong = []
    for r in records:
        path = built / f"{r['article']}.md"
        text = read_article(path).text
        body = file_body(path)
        if text[r["start"] : r["end"]] != r["quote"] or body[r["start"] : r["end"]] != r["quote"]:
            wrong.append((r["article"], r["start"], r["quote"][:40]))
    assert wrong == []


def test_body_keeps_the_blank_line_after_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ADDED, encoding="utf-8")
    text = read_article(path).text
    assert text.startswith("\nGhana and Estonia")
    assert text == file_body(path)
