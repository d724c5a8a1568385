"""Every fact's evidence is a verbatim slice of the article: text[start:end] == sentence."""

from tests._extract_nlp import record

TEXT = (
    "Finland, Estonia sign cyber MoU\n\n"
    "  Finland's Transport and Communications Agency and Estonia's Information System "
    "Authority signed a memorandum of understanding on incident response on Monday.  \n"
    "The two agencies will share threat intelligence.\n\n"
    "Estonia is a member of NATO.\n"
)


def test_evidence_sentences_are_exact_slices():
    rec = record(TEXT, published="2024-06-05")
    evidence = [e for o in rec.organisations for e in o.evidence]
    evidence += [e for a in rec.agreements for e in a.evidence]
    evidence += [e for r in rec.partnerships + rec.memberships + rec.part_of for e in r.evidence]
    evidence += [e for a in rec.areas for e in a.evidence]
    assert rec.agreements and rec.memberships and rec.areas
    assert len(evidence) > 5
    for e in evidence:
        assert e.sentence == TEXT[e.start : e.end]
        assert e.sentence == e.sentence.strip() and e.sentence
