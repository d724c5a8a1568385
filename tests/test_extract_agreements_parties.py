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


def test_later_signing_by_both_agencies_adds_them_to_the_states_memorandum():
    rec = record(
        "Chile and Norway signed a memorandum of understanding on cyber security on Monday. "
        "The memorandum was signed in Oslo by Chile's Undersecretariat of Telecommunications "
        "(SUBTEL) and Norway's National Security Authority during a state visit."
    )
    assert len(rec.agreements) == 1, rec.agreements
    assert {
        "Chile",
        "Norway",
        "Undersecretariat of Telecommunications",
        "National Security Authority",
    } <= set(rec.agreements[0].parties)


def test_under_the_agreement_its_actors_are_parties():
    rec = record(
        "Chile and Norway signed a memorandum of understanding on cyber security on Monday. "
        "Under the agreement, the Chilean Army and the Norwegian Cyber Defence Force will hold "
        "joint exercises every year."
    )
    assert len(rec.agreements) == 1, rec.agreements
    assert len(rec.agreements[0].parties) == 4, rec.agreements[0].parties


def test_definite_mention_refers_to_the_latest_agreement_of_its_type():
    rec = record(
        "Chile and Norway signed a memorandum of understanding on cyber security. "
        "Chile and Estonia also adopted the Tallinn Cyber Framework. "
        "The memorandum was signed by Chile's Undersecretariat of Telecommunications and "
        "Norway's National Security Authority."
    )
    mou = next(a for a in rec.agreements if a.type == "mou")
    assert "National Security Authority" in mou.parties, rec.agreements
    others = [a for a in rec.agreements if a.type != "mou"]
    assert all("National Security Authority" not in a.parties for a in others), rec.agreements


def test_the_signature_of_an_mou_between_two_bodies_is_an_agreement():
    rec = record(
        "The project is celebrating the signature of the Memorandum of Understanding (MoU) "
        "between the National Cyber Agency of Chile and the Estonian Information System "
        "Authority."
    )
    got = parties(rec)
    assert {"National Cyber Agency of Chile", "Estonian Information System Authority"} in got


def test_a_list_of_parties_goes_on_after_a_long_name_and_its_acronym():
    rec = record(
        "Officials signed the Memorandum of Understanding (MoU) between the Agency for the "
        "Development of Electronic Government Management and Information and Knowledge "
        "Society of the Eastern Republic of Uruguay (AGESIC) and the Estonian Information "
        "System Authority (RIA)."
    )
    got = parties(rec)
    assert got, rec.agreements
    assert "Estonian Information System Authority" in got[0]
    assert len(got[0]) >= 2


def test_a_body_alongside_the_signers_signs_its_own_statement():
    rec = record(
        "The Kenya ICT Authority and the Communications Authority of Kenya, alongside the "
        "Kenya Bankers Association, have signed joint statements with the Cyber Security "
        "Authority (CSA)."
    )
    got = parties(rec)
    assert {"Kenya Bankers Association", "Cyber Security Authority"} in got
    assert len(got) == 3
