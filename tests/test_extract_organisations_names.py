"""Whole names of bodies, however the parser reads their inside."""

from spacy.tokens import Doc

from tests._extract_nlp import extractor


def test_body_head_noun_names_it_when_the_parse_roots_a_plural():
    # the parser may hang "Technologies" elsewhere and make it the span's root
    nlp = extractor().nlp
    words = ["Ministry", "of", "Transport", "and", "Communications", "Technologies", "met", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        tags=["NNP", "IN", "NNP", "CC", "NNPS", "NNPS", "VBD", "."],
        heads=[5, 0, 1, 2, 2, 6, 6, 6],
        deps=["compound", "prep", "pobj", "cc", "conj", "nsubj", "ROOT", "punct"],
    )
    finder = nlp.get_pipe("cyberkg_organisations")
    heading = [False] * len(doc)
    assert doc[0:6].root.text == "Technologies"
    assert finder._plausible(doc[0:6], heading)
    assert not finder._plausible(doc[2:6], heading)  # a plural without a body's head noun
