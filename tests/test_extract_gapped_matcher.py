"""The fast gapped-phrase matcher finds exactly what spaCy's Matcher finds with all patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._extract_nlp import extractor

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(FIXTURES.glob("heldout*/*.txt")) + sorted(
    (Path(__file__).parent.parent / "corpus").glob("*.md")
)
WRITTEN = [
    "Both agencies will respond faster to incidents and share sensitive threat information.",
    "The centre trains officers in incident-handling and early-warning, and runs exercises.",
    "They agreed to exchange actionable intelligence on ransomware groups.",
]


def _gapped():
    nlp = extractor().nlp
    return nlp, nlp.get_pipe("cyberkg_areas").matcher.gapped


@pytest.mark.parametrize(
    "source", [*TEXTS, *WRITTEN], ids=lambda s: s.name if isinstance(s, Path) else s[:30]
)
def test_gapped_matcher_equals_the_full_matcher(source: Path | str) -> None:
    nlp, gapped = _gapped()
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    doc = nlp(text)
    assert set(gapped(doc)) == set(gapped.full(doc))


def test_the_written_sentences_do_match() -> None:
    nlp, gapped = _gapped()
    assert all(gapped(nlp(text)) for text in WRITTEN)
