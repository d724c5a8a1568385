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


def test_people_from_an_agency_working_with_others_pair_the_agency():
    rec = record(
        "Investigators from the Kenya Police Service worked with the Uganda Police Force "
        "and the Tanzania Police Force to trace the stolen funds."
    )
    got = pairs(rec.partnerships)
    assert ("Kenya Police Service", "Uganda Police Force") in got, got
    assert ("Kenya Police Service", "Tanzania Police Force") in got, got


def test_event_co_organised_with_pairs_its_organiser():
    rec = record(
        "The Caribbean Cyber Security Centre held its annual meeting in Kingston this week. "
        "The meeting was organised with Microsoft and supported by the World Bank."
    )
    got = pairs(rec.partnerships)
    assert ("Caribbean Cyber Security Centre", "Microsoft") in got, got
    assert ("Caribbean Cyber Security Centre", "World Bank") in got, got


def test_event_organised_with_support_and_partnership_pairs_its_organiser():
    rec = record(
        "The Caribbean Cyber Security Centre held a two-day workshop on incident response. "
        "The workshop, organised with the support of the Government of Japan and in "
        "partnership with the World Bank, brought together 30 officials."
    )
    got = pairs(rec.partnerships)
    assert ("Caribbean Cyber Security Centre", "Japan") in got, got
    assert ("Caribbean Cyber Security Centre", "World Bank") in got, got
    assert ("Japan", "World Bank") not in got, got


def test_unit_that_operates_under_the_organiser_is_not_its_partner():
    rec = record(
        "Ghana's Cyber Security Authority hosted a regional cyber exercise this week. "
        "The exercise was run by the Ghana Computer Emergency Response Team, which operates "
        "under the Cyber Security Authority."
    )
    got = pairs(rec.partnerships)
    assert ("Cyber Security Authority", "Ghana Computer Emergency Response Team") not in got, got
