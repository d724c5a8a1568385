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


def _labels(text: str) -> set[str]:
    doc = extractor().nlp(text)
    return {s.label_ for s in doc.spans["cyberkg_areas"]}


def test_phrases_with_modifiers_between_their_words():
    assert "incident-response" in _labels(
        "The pact lets the two teams respond quickly to incidents on their networks."
    )
    assert "information-sharing" in _labels("Both regulators will share sensitive information.")
    assert "incident-response" in _labels(
        "Officers trained on responding to a phishing incident at a hospital."
    )


def test_hyphenated_phrases_match():
    labels = _labels("The bloc drafted an incident-handling manual and an early-warning system.")
    assert {"incident-response", "threat-intelligence"} <= labels


def test_new_general_phrasings():
    assert "information-sharing" in _labels("The two police forces will exchange intelligence.")
    assert "threat-intelligence" in _labels(
        "The agencies will trade information on threats and vulnerabilities."
    )
    assert "capacity-building" in _labels("The authority offers mentoring to young teams.")


def test_forensics_and_bare_fraud_are_not_cybercrime():
    labels = _labels(
        "Students learn digital forensics and research the detection of fraud in payments."
    )
    assert "cybercrime" not in labels
    assert "cybercrime" in _labels("The ministers discussed online fraud and cybercrime.")


def test_law_enforcement_names_no_policy_area():
    from tests._extract_nlp import record

    rec = record("Kenya and Ghana agreed to cooperate with law enforcement on cybercrime cases.")
    assert "policy-and-law" not in {a.area for a in rec.areas}
    rec = record("Kenya and Ghana agreed to cooperate on cyber law and policy harmonisation.")
    assert "policy-and-law" in {a.area for a in rec.areas}


def test_raising_capacity_is_capacity_building():
    from tests._extract_nlp import record

    rec = record("The partnership with Ghana will help increase the capacity of Kenya's CERT.")
    assert "capacity-building" in {a.area for a in rec.areas}


def test_an_area_outside_the_agreements_scope_is_not_named():
    from tests._extract_nlp import record

    rec = record(
        "Kenya and Ghana signed an agreement on incident response. The agreement does not "
        "cover the exchange of personal data."
    )
    got = {a.area for a in rec.areas}
    assert "incident-response" in got
    assert "data-protection" not in got


def test_a_threat_that_names_no_body_does_not_hide_an_area():
    from tests._extract_nlp import record

    rec = record(
        "Israel and the UAE rolled out a cyber threat intelligence platform to counter ransomware."
    )
    assert "threat-intelligence" in {a.area for a in rec.areas}


def test_a_conflict_article_without_cooperation_names_no_area():
    from tests._extract_nlp import record

    rec = record(
        "China hacked the Kenyan ministry of finance, officials said.\n\n"
        "The attackers stole data on cybercrime investigations and incident response plans."
    )
    assert not rec.areas


def test_policy_research_and_a_products_life_cycle_name_no_research_area():
    from tests._extract_nlp import record

    rec = record(
        "The pillar, led by Kenya and Ghana, undertakes policy research and produces "
        "recommendations on ransomware with Interpol."
    )
    assert "research-and-innovation" not in {a.area for a in rec.areas}
    rec = record(
        "Kenya and Ghana agreed to cooperate on joint research into ransomware with Interpol."
    )
    assert "research-and-innovation" in {a.area for a in rec.areas}


def test_human_resource_development_is_training():
    from tests._extract_nlp import record

    rec = record(
        "Kenya and Ghana signed an MoU to cooperate on cybersecurity and human resource "
        "development in both institutions."
    )
    assert "training" in {a.area for a in rec.areas}
