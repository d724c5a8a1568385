"""Agreement parties: whole trigger phrases, datelines, states with their agencies."""

from tests._extract_nlp import record


def parties(rec):
    return [set(a.parties) for a in rec.agreements]


def test_memorandum_of_understanding_with_a_list_takes_every_partner():
    rec = record(
        "The Ghana Cyber Security Authority has signed a memorandum of understanding with "
        "Kwame Nkrumah University, Kumasi, and Ericsson to train analysts."
    )
    got = parties(rec)
    assert got, rec.agreements
    assert {"Kwame Nkrumah University", "Ericsson"} <= got[0]


def test_dateline_country_is_no_party():
    rec = record(
        "ACCRA, Ghana, 3 March 2024 — The Ghana Cyber Security Authority (CSA) has signed a "
        "memorandum of understanding with Ericsson to train analysts."
    )
    got = parties(rec)
    assert got and "Ghana" not in got[0]
