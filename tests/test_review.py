"""`kg review`: what one article yields, each finding with its sentence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from kg import corrections
from kg.cli.maint import review as review_cmd
from kg.errors import ArticleError
from kg.resolve import Resolver
from kg.review import find_article, render, review_record

ROOT = Path(__file__).resolve().parent.parent


def rendered(review) -> str:
    out = io.StringIO()
    render(review, Console(file=out, width=200, color_system=None))
    return out.getvalue()


def test_every_kind_of_finding_is_shown_with_its_sentence(tmp_path):
    from test_corrections import record

    text = rendered(review_record(record(), Resolver(corrections=corrections.NO_CORRECTIONS)))
    assert "5 organisations, 1 agreements, 1 partnerships, 1 memberships, 0 part-of" in text
    for title in ("Organisations", "Agreements", "Partnerships", "Memberships"):
        assert title in text
    assert "Safetech" in text and "Kenya Safetech MoU" in text
    assert "“The Republic of Kenya and Safetech signed an MoU with Monday on training.”" in text
    assert "“Kenya cooperates with Interpol and is a member of the African Union.”" in text
    assert "intergovernmental" in text and "training" in text


def test_review_shows_what_corrections_do(tmp_path):
    from test_corrections import EXAMPLE, record, write

    fixes = corrections.parse(write(tmp_path, EXAMPLE))
    review = review_record(record(), Resolver(corrections=fixes))
    assert review.resolved["Monday"] is None
    assert review.resolved["Safetech"] == "safetech-innovations"
    text = rendered(review)
    assert "rejected by corrections" in text
    assert "safetech-innovations" in text


def test_find_article_by_path_or_id(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("x")
    assert find_article("a", corpus) == corpus / "a.md"
    assert find_article(str(corpus / "a.md"), corpus) == corpus / "a.md"
    with pytest.raises(ArticleError, match="no article with this id"):
        find_article("../a", corpus / "sub")


def test_cli_reviews_a_real_article_with_the_real_extractor():
    result = CliRunner().invoke(
        review_cmd,
        ["kenya-romania-mou"],
        env={"CYBERKG_CORPUS": str(ROOT / "corpus"), "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Kenya and Romania sign a Memorandum of Understanding")
    assert "Organisations" in result.output
    assert "Kenya" in result.output and "Romania" in result.output
    assert "“Kenya and Romania are strengthening their relationship" in result.output


def test_cli_unknown_article_is_one_line():
    result = CliRunner().invoke(review_cmd, ["no-such-article"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E200] no-such-article: no such file")
    assert result.output.count("\n") == 1
