"""Commitment areas by lemma: inflected forms match the ontology's triggers."""

from tests._extract_nlp import extractor, record


def test_lemma_matching_of_triggers():
    doc = extractor().nlp("The agencies shared information and trained staff in incident handling.")
    labels = {s.label_ for s in doc.spans["cyberkg_areas"]}
    assert {"information-sharing", "training", "incident-response"} <= labels


def test_areas_attached_to_agreement():
    rec = record(
        "Chile and Peru signed a memorandum of understanding on cybercrime and capacity building."
    )
    assert rec.agreements
    assert {"cybercrime", "capacity-building"} <= set(rec.agreements[0].areas)
    assert {"cybercrime", "capacity-building"} <= {a.area for a in rec.areas}
