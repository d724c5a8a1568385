"""Agreements: type, parties, date and place from the parse."""

from tests._extract_nlp import record


def test_mou_with_parties_date_and_place():
    rec = record(
        "Indonesia and Australia signed a memorandum of understanding on cyber security "
        "in Jakarta on 4 March 2024.",
    )
    (ag,) = rec.agreements
    assert ag.type == "mou"
    assert set(ag.parties) == {"Indonesia", "Australia"}
    assert ag.date == "2024-03-04"
    assert ag.place == "Jakarta"
    assert ag.evidence and "memorandum" in ag.evidence[0].sentence


def test_signed_with():
    rec = record("The Ministry of Communications of Ghana signed an agreement with Microsoft.")
    (ag,) = rec.agreements
    assert "Microsoft" in ag.parties and len(ag.parties) == 2


def test_generic_plural_is_not_an_agreement():
    rec = record("Partnerships and strategies matter for every country.")
    assert rec.agreements == []


def test_possessor_of_a_signing_agency_is_not_a_signatory():
    rec = record(
        "Canada's Communications Security Establishment and the Dutch National Cyber Security "
        "Centre will complete their work on a joint project on threat intelligence."
    )
    (ag,) = rec.agreements
    assert ag.type == "partnership"
    assert "Canada" not in ag.parties
    assert "Communications Security Establishment" in ag.parties


def test_parties_listed_around_a_bracketed_date():
    rec = record(
        "The Chilean National Cybersecurity Agency (ANCI), the Peruvian Digital Security "
        "Secretariat (SSD), and the Cyber Security Bureau of Ecuador signed, Friday (May 5), "
        "a memorandum of understanding on incident response."
    )
    (ag,) = rec.agreements
    assert len(ag.parties) == 3
    assert "Cyber Security Bureau of Ecuador" in ag.parties


def test_headline_agreement_merges_with_the_body_one():
    rec = record(
        "Chile, Peru sign cybersecurity MoU\n\n"
        "Chile's National Cybersecurity Agency and Peru's Digital Security Secretariat signed "
        "a memorandum of understanding on Tuesday.",
        published="2024-05-09",
    )
    (ag,) = rec.agreements
    assert {"Chile", "Peru", "National Cybersecurity Agency"} <= set(ag.parties)
    assert ag.date == "2024-05-07"
    assert ("Chile", "Peru") in {tuple(sorted((r.source, r.target))) for r in rec.partnerships}


def test_the_government_refers_to_the_state_named_before():
    rec = record(
        "Vietnam has tightened its cyber laws this year. Last month the government signed "
        "an agreement with Japan to train prosecutors."
    )
    (ag,) = rec.agreements
    assert set(ag.parties) == {"Viet Nam", "Japan"} or set(ag.parties) == {"Vietnam", "Japan"}


def test_an_indefinite_government_refers_to_no_one():
    rec = record(
        "Vietnam has tightened its cyber laws this year. A government signed an agreement "
        "with Japan, a report said."
    )
    assert all("Vietnam" not in a.parties and "Viet Nam" not in a.parties for a in rec.agreements)


def test_the_statement_names_its_issuing_states():
    rec = record(
        "The Gulf Cooperation Council issued a joint statement with its member states on "
        "Tuesday. In the statement, Saudi Arabia, Qatar, Kuwait and Oman affirmed that "
        "international law applies to cyberspace."
    )
    assert len(rec.agreements) == 1
    assert {"Saudi Arabia", "Qatar", "Kuwait", "Oman"} <= set(rec.agreements[0].parties)
    assert len(rec.agreements[0].evidence) == 2


def test_a_convention_and_its_known_as_name_are_one_agreement():
    rec = record(
        "Brazil acceded to the Council of Europe Convention on Cybercrime, known as the "
        "Budapest Convention, in 2023."
    )
    assert len(rec.agreements) == 1
    assert "Brazil" in rec.agreements[0].parties


def test_two_mous_with_different_partners_stay_apart():
    rec = record(
        "Ghana signed a memorandum of understanding with Rwanda and a memorandum of "
        "understanding with Kenya."
    )
    assert len(rec.agreements) == 2
