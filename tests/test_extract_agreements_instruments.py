"""Named instruments from ontology/reference/instruments.yaml; unnamed agreements' identity."""

from __future__ import annotations

from ontology import instruments
from tests._extract_nlp import record


def test_the_gazetteer_folds_aliases_to_one_canonical_name() -> None:
    assert instruments.find("the Budapest Convention").name == "Convention on Cybercrime"
    assert instruments.find("Malabo Convention").name == (
        "African Union Convention on Cyber Security and Personal Data Protection"
    )
    assert instruments.find("Paris Call").body == "other"
    assert instruments.find("Treaty of Nowhere") is None


def test_an_alias_is_written_as_the_canonical_name() -> None:
    rec = record("Ghana and Tonga acceded to the Budapest Convention in March 2024.")
    names = {a.name for a in rec.agreements}
    assert "Convention on Cybercrime" in names


def test_states_acceding_to_an_open_convention_are_not_partners() -> None:
    rec = record("Ghana, Tonga and Peru have acceded to the Convention on Cybercrime.")
    ag = next(a for a in rec.agreements if a.name == "Convention on Cybercrime")
    assert {"Ghana", "Tonga", "Peru"} <= set(ag.parties)
    assert not rec.partnerships


def test_an_instrument_is_never_its_own_party() -> None:
    rec = record(
        "Chile joined the International Counter Ransomware Initiative (CRI) in 2023, "
        "the Chilean government said."
    )
    for ag in rec.agreements:
        assert "CRI" not in ag.parties


def test_a_generic_title_names_no_instrument() -> None:
    rec = record(
        "Kenya and Ghana signed a Memorandum of Understanding on cybersecurity in Accra "
        "on 3 May 2024."
    )
    (ag,) = rec.agreements
    assert ag.name is None
    assert ag.date == "2024-05-03"


def test_a_headline_restates_the_body_agreement() -> None:
    rec = record(
        "Peru, Chile Sign Cybersecurity Cooperation Declaration\n\n"
        "Peru and Chile signed a declaration on cooperation in cybersecurity on Monday."
    )
    assert len(rec.agreements) == 1
    assert set(rec.agreements[0].parties) == {"Peru", "Chile"}
    assert rec.agreements[0].name is None


def test_a_plural_set_of_memoranda_is_one_instrument_per_partner() -> None:
    rec = record(
        "Previously, Kenya's ICT Authority had signed Memoranda of Understanding with "
        "Ghana, Peru and Chile."
    )
    sets = sorted(tuple(sorted(a.parties)) for a in rec.agreements)
    assert len(sets) == 3
    assert all(len(s) == 2 for s in sets)
    assert ("Chile", "Peru") not in {tuple(sorted(p)) for p in _pairs(rec)}


def test_a_trade_deal_in_passing_is_no_agreement() -> None:
    rec = record(
        "The United States and China continue to negotiate a deal to end the trade war "
        "between the two nations, the president said."
    )
    assert not rec.agreements
    assert not rec.partnerships


def test_according_to_is_not_an_accord() -> None:
    rec = record(
        "Kenya and Ghana did not respond to requests for comment, according to the report."
    )
    assert not rec.agreements
    assert not rec.partnerships


def test_an_agreement_ratified_by_parliament_is_a_treaty() -> None:
    rec = record(
        "Peru's Congress ratified an information security agreement signed with Chile last year."
    )
    assert [a.type for a in rec.agreements] == ["treaty"]
    assert "Chile" in rec.agreements[0].parties


def _pairs(rec):
    return [(r.source, r.target) for r in rec.partnerships]


def test_a_description_in_apposition_is_the_same_agreement() -> None:
    rec = record(
        "In 2015, the EAC established the EAC Cybersecurity Framework, a collaborative "
        "initiative aimed at addressing cross-border threats."
    )
    assert len(rec.agreements) == 1


def test_dialogue_partners_is_a_status_not_an_agreement() -> None:
    rec = record("Turkey, Sri Lanka and Nepal are dialogue partners of the SCO.")
    assert not rec.agreements
    states = {"Turkey", "Sri Lanka", "Nepal"}
    assert not [r for r in rec.partnerships if {r.source, r.target} <= states]


def test_parties_named_in_the_purpose_of_an_mou() -> None:
    rec = record(
        "The cabinet approved the signing of an MoU to strengthen cooperation in the field of "
        "cybersecurity between Ghana's Cyber Security Authority and Kenya's ICT Authority."
    )
    (ag,) = rec.agreements
    assert {"Cyber Security Authority of Ghana", "ICT Authority"} <= set(ag.parties)


def test_statements_signed_by_several_with_one_are_one_each() -> None:
    rec = record(
        "Kenya's ICT Authority and Kenya's Communications Authority have signed joint "
        "statements with Ghana's Cyber Security Authority."
    )
    sets = sorted(tuple(sorted(a.parties)) for a in rec.agreements)
    assert len(sets) == 2
    assert all("Cyber Security Authority of Ghana" in s and len(s) == 2 for s in sets)


def test_a_legislature_ratifies_for_its_state() -> None:
    rec = record(
        "On Tuesday, Peru's National Assembly ratified a security agreement signed with Chile."
    )
    (ag,) = rec.agreements
    assert set(ag.parties) == {"Peru", "Chile"}


def test_mentions_of_one_mou_are_one_agreement() -> None:
    rec = record(
        "India and the United States signed an MoU on cyber security on 11 January 2017. "
        "The MoU between India and the United States was signed by CERT-In and the "
        "Department of Homeland Security on 11 January 2017."
    )
    assert len(rec.agreements) == 1


def test_an_organ_named_after_the_convention_is_not_its_party() -> None:
    rec = record(
        "The Cybercrime Convention Committee met to discuss the Budapest Convention with Ghana."
    )
    for ag in rec.agreements:
        assert "Cybercrime Convention Committee" not in ag.parties


def test_a_line_opening_name_stays_in_its_sentence() -> None:
    rec = record(
        "Ghana and Peru sign agreement on cyber security\n\n"
        "GhanaCERT and PeruCERT have signed a strategic agreement to enhance cyber security."
    )
    ev = [e.sentence for a in rec.agreements for e in a.evidence]
    assert any(s.startswith("GhanaCERT and PeruCERT") for s in ev)


def test_signing_a_call_presented_as_a_body_is_a_membership() -> None:
    rec = record("Canada has signed up for the Paris Call for Trust and Security in Cyberspace.")
    assert "Paris Call for Trust and Security in Cyberspace" in {o.name for o in rec.organisations}
    assert ("Canada", "Paris Call for Trust and Security in Cyberspace") in {
        (r.source, r.target) for r in rec.memberships
    }
    assert not rec.partnerships


def test_a_counted_set_and_its_first_member_are_one_agreement() -> None:
    rec = record(
        "Singapore and US sign three cybersecurity MOUs\n\n"
        "Singapore and the United States have signed three Memorandums of Understanding to "
        "deepen cooperation in cybersecurity. The first MOU covers information exchange. "
        "This MOU will strengthen incident response."
    )
    assert len(rec.agreements) == 1
    (ag,) = rec.agreements
    assert ag.name is None
    assert set(ag.parties) == {"Singapore", "United States"}


def test_the_members_of_an_accord_are_its_parties() -> None:
    rec = record(
        "The Cybersecurity Tech Accord was praised by its signatories.\n\n"
        "The list of companies includes: Cisco, Nokia and Oracle."
    )
    ag = next(a for a in rec.agreements if a.name == "Cybersecurity Tech Accord")
    assert {"Cisco", "Oracle"} <= set(ag.parties)
    assert not rec.partnerships


def test_a_bodys_own_document_is_no_agreement() -> None:
    rec = record(
        "Europol's Stakeholders Group advises the Director on the yearly Work Programme "
        "and priorities of Ghana's Cyber Security Authority."
    )
    assert not rec.agreements
