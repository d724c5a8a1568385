"""Long texts: extracted in sections of whole paragraphs, with offsets into the whole text.

spaCy refuses a text over ``nlp.max_length`` and its memory grows with the
text, so an article longer than a section is cut at paragraph breaks; every
piece of evidence must still point at its sentence in the article.
"""

from __future__ import annotations

import random
import time

import pytest
from _extract_nlp import extractor

import kg.add
import kg.corpus
from extract.pipeline import SECTION_CHARS, sections
from extract.records import ArticleMeta
from kg.corpus import read_article
from kg.errors import ArticleError

PAIRS = [("Ghana", "Rwanda"), ("Chile", "Colombia"), ("Japan", "Singapore"), ("Kenya", "Estonia")]


def _paragraph(a: str, b: str, year: int) -> str:
    return (
        f"{a} and {b} signed a memorandum of understanding on cyber security in {year}. "
        f"The two countries agreed to share information on threats and to train experts.\n\n"
    )


@pytest.mark.parametrize("limit", [50, 200, 1000])
def test_sections_cover_the_text_and_respect_the_limit(limit: int) -> None:
    rng = random.Random(limit)
    text = "".join(_paragraph(*rng.choice(PAIRS), 2000 + i) for i in range(40))
    text += "word" * 300  # a part with no space at all is cut inside it
    parts = list(sections(text, limit))
    assert "".join(part for _, part in parts) == text
    for offset, part in parts:
        assert len(part) <= limit
        assert text[offset : offset + len(part)] == part


def test_sections_end_at_paragraph_breaks_where_there_are_some() -> None:
    text = "".join(_paragraph(a, b, 2020) for a, b in PAIRS * 20)
    parts = list(sections(text, 1000))
    assert len(parts) > 1
    assert all(part.endswith("\n\n") for _, part in parts[:-1])


def test_a_text_over_one_section_gives_one_record_with_offsets_into_the_whole() -> None:
    filler = "Officials met again to review the plans and to discuss the budget of the year.\n\n"
    text = _paragraph("Ghana", "Rwanda", 2019)
    text += filler * (SECTION_CHARS // len(filler) + 10)  # well past the first section
    text += _paragraph("Chile", "Colombia", 2021)
    assert len(text) > SECTION_CHARS
    record = next(extractor().extract([(ArticleMeta(id="long"), text)]))
    names = {o.name for o in record.organisations}
    assert {"Ghana", "Rwanda", "Chile", "Colombia"} <= names
    facts = [*record.organisations, *record.agreements, *record.partnerships, *record.areas]
    evidence = [e for fact in facts for e in fact.evidence]
    assert evidence
    for e in evidence:
        assert text[e.start : e.end] == e.sentence
    chile = next(o for o in record.organisations if o.name == "Chile")
    assert all(e.start > SECTION_CHARS for e in chile.evidence)
    assert len({(r.source, r.target) for r in record.partnerships}) == len(record.partnerships)


def test_a_long_text_without_punctuation_is_cut_into_sentences_quickly() -> None:
    rng = random.Random(3)
    words = [
        "cyber",
        "security",
        "cooperation",
        "between",
        "ghana",
        "and",
        "rwanda",
        "on",
        "sharing",
        "training",
    ]
    text = " ".join(rng.choice(words) for _ in range(30_000))  # about 200,000 characters
    nlp = extractor().nlp
    started = time.monotonic()
    doc = nlp(text[:SECTION_CHARS])
    seconds = time.monotonic() - started
    assert max(len(s) for s in doc.sents) <= 150
    assert seconds < 60, seconds


def test_kg_add_and_the_build_share_one_limit(tmp_path) -> None:
    assert kg.add.MAX_BYTES is kg.corpus.MAX_BYTES
    block = "Ghana and Rwanda agreed to cooperate on cyber security. " * 20 + "\n\n"
    text = block * (kg.corpus.MAX_BYTES // len(block) + 1)
    corpus = tmp_path / "corpus"
    with pytest.raises(ArticleError, match="the text is too large"):
        # fits alone, not with its front matter: the build would refuse the file
        kg.add.add_article(text[: kg.corpus.MAX_BYTES - 20].encode(), corpus, label="big.md")
    assert not corpus.exists() or not list(corpus.iterdir())
    added = kg.add.add_article(text[:4_900_000].encode(), corpus, label="big.md")
    assert read_article(added.path).meta.id == added.path.stem  # what kg add takes, builds read
