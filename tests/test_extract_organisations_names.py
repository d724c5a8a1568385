"""Whole names of bodies, however the parser reads their inside."""

from spacy.tokens import Doc

from tests._extract_nlp import extractor, record


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


def test_comma_list_of_portfolios_before_the_head_is_one_body():
    rec = record(
        "The operation was funded by the United Kingdom's Foreign, Commonwealth and Development "
        "Office under the Cyber Resilience project, which aims to train African police."
    )
    names = {o.name for o in rec.organisations}
    assert "Foreign, Commonwealth and Development Office" in names
    assert not {"Development Office", "Commonwealth of Nations"} & names


def test_list_of_named_bodies_before_a_body_stays_a_list():
    rec = record("Interpol, Europol and the National Crime Agency took part in the operation.")
    assert {"Interpol", "Europol", "National Crime Agency"} <= {o.name for o in rec.organisations}


def test_word_inside_a_programme_name_is_no_short_mention_of_a_body():
    rec = record(
        "The U.S. Department of Justice charged two men on Tuesday. On the same day, the "
        "State Department's Rewards for Justice programme offered up to $5 million for "
        "information on them."
    )
    second = "On the same day"
    justice = next(o for o in rec.organisations if o.name == "U.S. Department of Justice")
    assert all(second not in ev.sentence for ev in justice.evidence), justice.evidence
    assert not rec.partnerships, rec.partnerships


def test_state_possessive_before_a_capitalised_body_head_names_the_body():
    rec = record(
        "The Federal Police of Brazil and Portugal's Judiciary Police signed a cooperation "
        "agreement on Monday to combat cybercrime."
    )
    names = {o.name for o in rec.organisations}
    assert "Judiciary Police" in names, names
    assert rec.agreements and "Judiciary Police" in rec.agreements[0].parties, rec.agreements


def test_untagged_body_of_a_state_after_a_dateline_is_one_body():
    # after a dateline the model may tag only the state in "the <Body> of <State>"
    rec = record(
        "Lisbon, 22 April 2024 - The Federal Police of Brazil and Portugal's Judiciary Police "
        "(Polícia Judiciária) signed on Monday a cooperation agreement to combat cybercrime."
    )
    names = {o.name for o in rec.organisations}
    assert "Federal Police of Brazil" in names, names
    got = {tuple(sorted((r.source, r.target))) for r in rec.partnerships}
    assert ("Federal Police of Brazil", "Judiciary Police") in got, got


def test_lowercase_words_before_of_a_state_name_no_body():
    rec = record("Officials from the police of Brazil met their counterparts in Lisbon.")
    names = {o.name for o in rec.organisations}
    assert not any(n.endswith("of Brazil") for n in names), names


def test_country_name_inside_a_region_is_no_state():
    rec = record(
        "According to the Organization of American States (OAS), Latin America and the "
        "Caribbean will need more than 600,000 additional cybersecurity professionals by 2025."
    )
    names = {o.name for o in rec.organisations}
    assert "Organization of American States" in names, names
    assert "United States" not in names, names
    assert not rec.partnerships, rec.partnerships
