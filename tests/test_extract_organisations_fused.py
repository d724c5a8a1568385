"""Two bodies written side by side are two names; one body's name is not cut short."""

from tests._extract_nlp import record


def names(text: str) -> set[str]:
    return {o.name for o in record(text).organisations}


def test_a_ministry_after_and_is_a_second_ministry():
    found = names(
        "Representatives came from the Ministry of Foreign Affairs, Ministry of Defense, and "
        "Ministry of Justice and Human Rights."
    )
    assert {"Ministry of Defense", "Ministry of Justice and Human Rights"} <= found, found


def test_a_court_after_a_ministry_and_a_comma_is_a_second_body():
    found = names(
        "The Federal Ministry of Justice, and Federal High Court signed the protocol in Abuja."
    )
    assert not any("Ministry" in n and "Court" in n for n in found), found
    assert "Federal Ministry of Justice" in found, found


def test_a_body_named_after_and_a_demonym_body_is_a_second_body():
    found = names(
        "Delegates came from the Dutch Ministry of Foreign Affairs and National Cyber Security "
        "Centre to London."
    )
    assert not any("Affairs and" in n for n in found), found


def test_a_portfolio_word_the_model_reads_as_a_place_stays_in_the_name():
    found = names(
        "The cabinet, on the recommendation of the Ministry of Information Technology and "
        "Telecom, approved the memorandum."
    )
    assert "Ministry of Information Technology and Telecom" in found, found


def test_a_portfolio_list_before_another_body_keeps_its_last_item():
    found = names(
        "Officials came from the Department of Digital Culture, Media and Sport and Home Office."
    )
    assert "Home Office" in found, found
    assert not any("Sport and Home" in n for n in found), found


def test_a_dateline_place_before_a_dash_is_no_part_of_the_body():
    found = names(
        "Gaborone, Botswana - The U.S. Department of State will host a cybercrime workshop."
    )
    assert "U.S. Department of State" in found, found
    assert not any(n.startswith("Botswana -") for n in found), found


def test_a_name_the_model_cuts_after_for_goes_on_over_its_complement():
    found = names(
        "The National Agency for the Prohibition of Trafficking in Persons met the Ministry of "
        "Justice in Abuja."
    )
    assert "National Agency for the Prohibition of Trafficking in Persons" in found, found
    assert not any("Abuja" in n for n in found), found


def test_an_acronym_glued_to_a_name_is_its_definition():
    rec = record("The National Cyber and Crypto Agency(BSSN) met the FBI in Jakarta.")
    bssn = [o for o in rec.organisations if "BSSN" in o.aliases]
    assert bssn and "(" not in bssn[0].name, [o.name for o in rec.organisations]


def test_a_groups_short_name_is_the_group_not_its_head_noun():
    found = names("India and Japan met in Tokyo, and the Quad will share threat data.")
    assert "Quadrilateral Security Dialogue" in found, found
    assert "Group" not in found, found
