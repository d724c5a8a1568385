"""Bodies acting together are partners; a body named after its state is not its partner."""

from __future__ import annotations

from tests._extract_nlp import record


def pairs(text: str) -> set[tuple[str, str]]:
    return {tuple(sorted((r.source, r.target))) for r in record(text).partnerships}


def test_bodies_that_launch_a_project_together() -> None:
    got = pairs("Ghana, Togo and the European Union have launched a new cyber resilience project.")
    assert {("Ghana", "Togo"), ("European Union", "Ghana"), ("European Union", "Togo")} <= got


def test_bodies_that_establish_a_working_group() -> None:
    got = pairs("Peru and Chile will establish a bilateral Cyber Policy Working Group.")
    assert ("Chile", "Peru") in got


def test_jointly_pairs_the_subjects_and_their_with_partner() -> None:
    got = pairs("Kenya and Ghana will jointly spearhead the initiative with Interpol.")
    assert {("Ghana", "Kenya"), ("Interpol", "Kenya"), ("Ghana", "Interpol")} <= got


def test_a_joint_advisory_pairs_its_issuers() -> None:
    got = pairs("Japan and Australia on Friday issued a joint advisory on ransomware actors.")
    assert ("Australia", "Japan") in got


def test_co_leaders_of_one_thing() -> None:
    got = pairs("The capacity building pillar is led by Germany and Nigeria.")
    assert ("Germany", "Nigeria") in got


def test_a_body_named_after_its_state_is_not_its_partner() -> None:
    got = pairs("CERT NZ and New Zealand signed an agreement with Samoa on incident response.")
    assert ("CERT NZ", "New Zealand") not in got
    assert ("CERT NZ", "Samoa") in got


def test_the_members_a_named_body_is_composed_of() -> None:
    rec = record(
        "The initiative is led by the CRI Steering Committee comprised of Australia, "
        "Germany and Singapore."
    )
    got = {(r.source, r.target) for r in rec.memberships}
    body = {b for _m, b in got}
    assert len(body) == 1 and "Steering Committee" in next(iter(body))
    assert {m for m, _b in got} == {"Australia", "Germany", "Singapore"}


def test_listed_partner_nations_are_the_bodys_partners() -> None:
    got = pairs(
        "The exercise involved experts from 30 NATO member states and four partner nations "
        "(Georgia, Ireland, Japan and Ukraine)."
    )
    assert {("Georgia", "NATO"), ("Japan", "NATO"), ("NATO", "Ukraine")} <= got
    assert ("Georgia", "Japan") not in got


def test_a_joint_security_advisory_pairs_its_issuers() -> None:
    got = pairs(
        "Intelligence agencies of Japan and Australia on Friday issued a joint security "
        "advisory on ransomware."
    )
    assert ("Australia", "Japan") in got


def test_support_for_the_articles_operation_pairs_its_holder_with_the_givers() -> None:
    got = pairs(
        "Interpol said the operation was a success. Interpol thanked the police. "
        "The operation received support from multiple private cybersecurity firms, including "
        "Fortinet, Group-IB and Kaspersky."
    )
    assert {("Fortinet", "Interpol"), ("Group-IB", "Interpol"), ("Interpol", "Kaspersky")} <= got
    assert ("Fortinet", "Kaspersky") not in got


def test_a_unit_is_not_its_bodys_partner() -> None:
    for text in (
        "Kenya's CERT under the Ministry of ICT signed an MoU with Ghana's Cyber Security "
        "Authority.",
        "The director of the Stakeholder Engagement Division at CISA praised the cooperation "
        "with Vietnam.",
        "The African Union and the African Union Cybersecurity Centre will cooperate with Kenya.",
    ):
        got = pairs(text)
        assert ("CERT", "Ministry of ICT") not in got, text
        assert not any(
            {a, b} in ({"African Union", "African Union Cybersecurity Centre"},)
            or ("Division" in a + b and "Cybersecurity and Infrastructure" in a + b)
            for a, b in got
        ), (text, got)


def test_a_body_alongside_the_subject_acts_with_it() -> None:
    got = pairs(
        "Kenya's ICT Authority, alongside the Kenya Bankers Association, has signed a joint "
        "statement with Ghana's Cyber Security Authority."
    )
    # the merged organisations step names a state's generic body after its state
    assert ("Cyber Security Authority of Ghana", "Kenya Bankers Association") in got


def test_the_with_partner_inside_one_item_of_a_list_of_objects() -> None:
    got = pairs(
        "Kenya's ICT Authority had signed an MoU with Peru, a Joint Declaration on "
        "cybersecurity cooperation with Germany, as well as an MoC with Japan."
    )
    assert {("Germany", "ICT Authority"), ("ICT Authority", "Japan")} <= got


def test_the_involvement_of_companies_in_a_states_field() -> None:
    got = pairs(
        "The involvement of technology companies, such as Microsoft, Google, and Cisco, in "
        "Ghana's cybersecurity landscape is also vital."
    )
    assert {("Ghana", "Microsoft"), ("Cisco", "Ghana")} <= got
    assert ("Google", "Microsoft") not in got


def test_the_authors_of_a_joint_work_are_partners() -> None:
    got = pairs(
        "The joint report by the Dutch National Cyber Security Centre, and the U.S. National "
        "Security Agency and the Federal Bureau of Investigation warned of phishing campaigns."
    )
    assert {
        ("Federal Bureau of Investigation", "National Security Agency"),
    } <= got
    assert len(got) == 3


def test_a_work_that_is_not_joint_pairs_nobody() -> None:
    got = pairs(
        "The report by the National Security Agency and the Federal Bureau of Investigation "
        "warned of phishing campaigns."
    )
    assert ("Federal Bureau of Investigation", "National Security Agency") not in got


def test_people_a_partnership_is_with_stand_for_their_bodies() -> None:
    got = pairs(
        "The course was delivered by trainers from Europol, in partnership with experts "
        "from the Royal Canadian Mounted Police, the Colombian National Police and Microsoft."
    )
    assert {
        ("Europol", "Royal Canadian Mounted Police"),
        ("Colombian National Police", "Europol"),
        ("Europol", "Microsoft"),
    } <= got
    assert ("Microsoft", "Royal Canadian Mounted Police") not in got


def test_accords_in_place_between_a_body_and_listed_firms() -> None:
    got = pairs(
        "MoUs are also in place between Europol and several security firms, including "
        "Trend Micro, McAfee, and Kaspersky."
    )
    assert {("Europol", "Trend Micro"), ("Europol", "McAfee"), ("Europol", "Kaspersky")} <= got
    assert ("McAfee", "Trend Micro") not in got


def test_people_of_two_states_who_agree_make_the_states_partners() -> None:
    got = pairs(
        "The police chiefs of Brazil and Chile agreed Tuesday to enhance their countries' "
        "joint efforts to curb the spread of cybercrimes."
    )
    assert ("Brazil", "Chile") in got


def test_people_of_two_states_after_a_dateline_make_the_states_partners() -> None:
    got = pairs(
        "LIMA, The police chiefs of Brazil and Chile agreed Tuesday to enhance their "
        "countries' joint efforts to curb the spread of cybercrimes."
    )
    assert ("Brazil", "Chile") in got


def test_a_project_named_after_two_bodies_and_its_funder() -> None:
    got = pairs(
        "The committee grew out of the ITU's flagship project, the EU-ITU Cyber Capacity "
        "Building project funded by the Bill and Melinda Gates Foundation."
    )
    assert {
        ("European Union", "International Telecommunication Union"),
        ("Bill and Melinda Gates Foundation", "International Telecommunication Union"),
    } <= got


def test_a_partnership_with_the_company_named_before() -> None:
    got = pairs(
        "Huawei will train 200 officers in Kenya. The Kenya Cyber Directorate is leading the "
        "training in partnership with the tech company."
    )
    assert ("Huawei", "Kenya Cyber Directorate") in got
