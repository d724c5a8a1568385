"""Membership statements, one construction each, on sentences written for the test."""

from __future__ import annotations

from tests._extract_nlp import record


def members(text: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in record(text).memberships}


def test_states_named_before_the_y_member_nations() -> None:
    got = members("Laos, Cambodia, Vietnam and Myanmar are the ASEAN member nations.")
    body = "Association of Southeast Asian Nations"
    assert {("Laos", body), ("Cambodia", body), ("Vietnam", body), ("Myanmar", body)} <= got


def test_y_member_states_listed_after_a_colon() -> None:
    got = members(
        "Today, 3 OAS Member States have established a national CSIRT: Peru, Chile and Ecuador."
    )
    body = "Organization of American States"
    assert {("Peru", body), ("Chile", body), ("Ecuador", body)} <= got


def test_members_along_with_the_subject() -> None:
    got = members(
        "Chile along with Peru, Ecuador and ten other nations is a member of the "
        "Organization of American States."
    )
    body = "Organization of American States"
    assert {("Chile", body), ("Peru", body), ("Ecuador", body)} <= got


def test_among_the_y_members_present() -> None:
    got = members("Ghana, Kenya and Rwanda were among the African Union members present.")
    assert {("Ghana", "African Union"), ("Kenya", "African Union")} <= got


def test_attracted_as_members() -> None:
    got = members(
        "The Global Forum on Cyber Expertise has attracted Kenya, Ghana and Peru as members."
    )
    assert ("Kenya", "Global Forum on Cyber Expertise") in got
    assert ("Peru", "Global Forum on Cyber Expertise") in got


def test_states_of_a_kind_a_body_names() -> None:
    got = members("Interpol is assisting other Commonwealth countries such as Botswana and Ghana.")
    assert {b for _m, b in got} and all(m in ("Botswana", "Ghana") for m, _b in got)
    assert len(got) == 2


def test_the_owner_of_the_body_is_not_what_a_member_joins() -> None:
    got = members(
        "Japan has become the first Asian member state of NATO's Cooperative Cyber Defence "
        "Centre of Excellence."
    )
    assert got
    assert ("Japan", "NATO") not in got


def test_a_member_of_the_organisation_named_in_apposition() -> None:
    got = members(
        "Kenya's national CERT has become a full member of the organization FIRST "
        "(Forum of Incident Response and Security Teams)."
    )
    assert any(b.startswith("Forum of Incident") or b == "FIRST" for _m, b in got)


def test_the_signatory_list_of_an_accord() -> None:
    got = members(
        "The Cybersecurity Tech Accord was praised by its signatories.\n\n"
        "The list of companies includes: Cisco, Nokia, Oracle and VMware."
    )
    assert {("Cisco", "Cybersecurity Tech Accord"), ("Oracle", "Cybersecurity Tech Accord")} <= got


def test_a_list_of_companies_without_an_accord_is_no_membership() -> None:
    assert not members("The list of companies includes: Cisco, Nokia, Oracle and VMware.")


def test_part_of_a_board_is_a_seat_on_it() -> None:
    rec = record("ENISA is part of the Europol Programme Board.")
    got = {(r.source, r.target) for r in rec.memberships}
    assert any(b.endswith("Programme Board") for _m, b in got)
    assert not rec.partnerships
