"""Real bodies in the gazetteer: the longest known name wins over a body it contains."""

from ontology.gazetteer import load_gazetteer
from tests._extract_nlp import record


def test_centre_named_after_nato_is_not_nato():
    rec = record("Chile joined the NATO CCDCOE in Tallinn as a contributing participant.")
    names = {o.name for o in rec.organisations}
    assert "NATO Cooperative Cyber Defence Centre of Excellence" in names
    assert "NATO" not in names


def test_national_agencies_known_by_acronym():
    gaz = load_gazetteer()
    assert gaz["ANSSI"].country == "FR"
    assert gaz["INCIBE"].type == "government-agency"
    assert gaz["JPCERT/CC"].type == "cert"
    assert gaz["AICTO"].type == "intergovernmental"
    assert gaz["EC3"].name == "European Cybercrime Centre"  # Europol's centre, a body of its own
