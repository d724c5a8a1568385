"""Publication dates where the front matter has none: the URL, a dateline, a "Published" line.

Each date keeps its precision and where it came from, so a month from a URL is
never shown as a day.
"""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from extract.records import Record
from kg.cli import main
from kg.corpus import publication_date, read_article

BODY = (
    "Ghana and Rwanda signed a memorandum of understanding on cyber security on Monday. "
    "The two countries agreed to share information on threats and to train experts.\n"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/news/2017/07/12/kenya-mou", ("2017-07-12", "day")),
        ("https://example.org/news/2017/07/kenya-mou", ("2017-07", "month")),
        ("https://example.org/news/2017-07-12/kenya-mou", ("2017-07-12", "day")),
        ("https://example.org/press/pr20170712.html", ("2017-07-12", "day")),
        ("https://example.org/news/2017/kenya-mou", ("2017", "year")),
    ],
)
def test_a_date_in_the_url_is_the_publication_date(url: str, expected: tuple) -> None:
    assert publication_date(None, url, BODY) == (*expected, "url")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/news/12345678/kenya",  # no month 34
        "https://example.org/item/2017",  # a number, not a folder of dates
        "https://example.org/news/2017/13/kenya",
        None,
    ],
)
def test_numbers_that_are_no_date_are_not_taken(url: str | None) -> None:
    assert publication_date(None, url, BODY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nNAIROBI, July 12, 2017 — " + BODY, ("2017-07-12", "day", "dateline")),
        (
            "GENEVA, Switzerland, 3 March 2021 - " + BODY,
            ("2021-03-03", "day", "dateline"),
        ),
        ("Title\nPublished: 3 March 2021\n\n" + BODY, ("2021-03-03", "day", "published-line")),
        ("**Posted on** 2020-01-05\n\n" + BODY, ("2020-01-05", "day", "published-line")),
        ("The meeting ended on July 12, 2017 — " + BODY, None),  # no capitalised place
        (BODY * 40 + "\nPublished: 3 March 2021\n", None),  # not near the top
    ],
)
def test_a_dateline_or_published_line_near_the_top(text: str, expected: tuple | None) -> None:
    assert publication_date(None, None, text) == expected


def test_the_front_matter_wins_and_says_so() -> None:
    url = "https://example.org/news/2017/07/12/kenya-mou"
    assert publication_date("2019-05", url, BODY) == ("2019-05", "month", "front-matter")


def test_the_reader_fills_the_date_its_precision_and_source(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: A\nurl: https://example.org/2017/07/a-story\n---\n" + BODY, encoding="utf-8"
    )
    meta = read_article(path).meta
    assert (meta.published, meta.published_precision, meta.published_source) == (
        "2017-07",
        "month",
        "url",
    )


def test_a_cached_record_without_the_new_fields_still_loads() -> None:
    record = Record.from_dict({"article": {"id": "old", "published": "2017-07-12"}})
    assert record.article.published_precision is None
    assert record.article.published_source is None


@pytest.mark.neo4j
def test_an_article_whose_url_holds_a_date_gets_it_in_the_graph(
    clean_db: neo4j.Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dated.md").write_text(
        "---\ntitle: Dated\nurl: https://example.org/news/2017/07/12/ghana-rwanda\n---\n" + BODY,
        encoding="utf-8",
    )
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    result = CliRunner().invoke(main, ["build", "--processes", "1", "--no-views", "--no-queries"])
    assert result.exit_code == 0, result.output
    records, _, _ = clean_db.execute_query(
        "MATCH (a:Article {id: 'dated'}) RETURN a.published AS published"
    )
    assert [r["published"] for r in records] == ["2017-07-12"]
