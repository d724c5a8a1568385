"""Partnerships read past article structure: datelines, nested subjects, organisers."""

from tests._extract_nlp import record


def pairs(rels):
    return {tuple(sorted((r.source, r.target))) for r in rels}


def test_dateline_publisher_is_no_partner():
    rec = record(
        "LIMA, 4 May 2024 (Andes Press Agency) — Peru's National Police hosted a cyber "
        "exercise in cooperation with the Organization of American States."
    )
    got = pairs(rec.partnerships)
    assert not any("Andes Press Agency" in p for p in got), got


def test_agency_named_of_its_state_is_not_its_partner():
    rec = record(
        "Chile and Norway signed a memorandum of understanding on cyber security. The "
        "memorandum was signed by the Ministry of Defence of Chile and Norway's National "
        "Security Authority."
    )
    got = pairs(rec.partnerships)
    assert ("Chile", "Ministry of Defence of Chile") not in got, got
    assert ("Ministry of Defence of Chile", "National Security Authority") in got, got
