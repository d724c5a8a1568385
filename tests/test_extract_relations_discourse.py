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
