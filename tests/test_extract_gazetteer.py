"""The gazetteer data, its lookup, and the ruler's to_disk/from_disk round trip."""

import spacy

from extract.gazetteer_ruler import GazetteerRuler
from ontology.gazetteer import load_gazetteer


def test_lookup_short_forms_and_aliases():
    gaz = load_gazetteer()
    assert gaz.lookup("the U.S.").name == "United States"
    assert gaz.lookup("US").name == gaz.lookup("United States of America").name
    assert gaz.lookup("the UAE").name == "United Arab Emirates"
    assert gaz.lookup("UK").name == "United Kingdom"
    assert gaz.lookup("ASEAN").type == "intergovernmental"
    assert gaz.lookup("INTERPOL").type == "law-enforcement"
    assert gaz.lookup("Nowhere Land") is None


def test_demonyms_resolve_to_countries():
    gaz = load_gazetteer()
    assert gaz.demonym("Kenyan").name == "Kenya"
    assert gaz.demonym("British").name == "United Kingdom"


def test_ruler_round_trip(tmp_path):
    nlp = spacy.blank("en")
    ruler = GazetteerRuler(nlp, load_reference=False)
    ruler.add_patterns([{"id": "Andean Community", "type": "intergovernmental", "pattern": "CAN"}])
    ruler.to_disk(tmp_path / "gaz")
    again = GazetteerRuler(nlp, load_reference=False).from_disk(tmp_path / "gaz")
    doc = again(nlp("Peru joined the CAN, but we can wait."))
    spans = doc.spans["cyberkg_gazetteer"]
    assert [(s.text, s.kb_id_, s.label_) for s in spans] == [
        ("CAN", "Andean Community", "intergovernmental")
    ]
