"""Ranks, titles and persons are no organisations; a body's name ends where an office begins."""

from tests._extract_nlp import record


def names(text: str) -> set[str]:
    return {o.name for o in record(text).organisations}


def test_a_states_permanent_representative_is_an_office():
    found = names(
        "U.S. Permanent Representative to the OSCE, Ambassador Jane Roe, welcomed the decision."
    )
    assert not any("Representative" in n for n in found), found
    assert "Organization for Security and Co-operation in Europe" in found, found


def test_a_coordinator_of_a_state_is_an_office():
    found = names(
        "Lieutenant General Ravi Kumar, the National Cyber Security Coordinator of India, "
        "opened the meeting with Microsoft."
    )
    assert not any("Coordinator" in n or "Lieutenant" in n for n in found), found
    assert "Microsoft" in found, found


def test_a_title_after_a_body_ends_its_name():
    found = names(
        "The U.S. Department of State Coordinator for Cyber Issues will lead the delegation."
    )
    assert "U.S. Department of State" in found, found
    assert not any("Coordinator" in n for n in found), found


def test_the_office_of_another_body_after_and_ends_the_name():
    found = names(
        "“We must work together,” said Kofi Mensah, Director General of the Cyber Security "
        "Authority of Ghana and ANCA Chairman."
    )
    assert "Cyber Security Authority of Ghana" in found, found
    assert not any("ANCA" in n for n in found), found


def test_a_title_after_and_is_no_part_of_a_committee():
    found = names(
        "Deputy Chairman of the State Committee for National Security and Director of the "
        "Coordination Center Jan Dovlet met the head of Kaspersky."
    )
    assert not any(n.endswith("and Director") for n in found), found


def test_a_name_after_a_title_and_a_comma_is_a_person_even_in_capitals():
    found = names("German Ambassador, Greta MULLER, said the programme would continue.")
    assert not any("MULLER" in n.upper() and "Greta" in n for n in found), found


def test_part_of_a_persons_full_name_is_that_person():
    found = names(
        "Home Minister Datuk Seri Amran Bakar Ismail attended the signing at the Royal Malaysia "
        "Police college. The MoU was witnessed by Amran Bakar."
    )
    assert "Amran Bakar" not in found, found
    assert "Royal Malaysia Police" in found, found
