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


def test_general_phrasings_of_areas():
    doc = extractor().nlp(
        "The two agencies value experience sharing and will strengthen the region's "
        "cybersecurity capacity. They backed a new international convention on cybercrime."
    )
    labels = {s.label_ for s in doc.spans["cyberkg_areas"]}
    assert {"information-sharing", "capacity-building", "policy-and-law"} <= labels


def test_trigger_inside_an_organisation_name_is_not_an_area():
    rec = record(
        "Chile's National Cybercrime Directorate and Peru's Digital Security Agency signed "
        "an agreement on awareness campaigns."
    )
    assert any("Cybercrime Directorate" in o.name for o in rec.organisations)
    assert "cybercrime" not in {a.area for a in rec.areas}
    assert "awareness" in {a.area for a in rec.areas}
