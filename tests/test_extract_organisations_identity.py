"""One body, one name within an article: governments are their states, short names and
acronyms resolve in the article's states first, aliases never cross states."""

from tests._extract_nlp import record


def orgs(text: str) -> dict[str, str | None]:
    """Every name and alias of the article's organisations -> the organisation's country."""
    return {n: o.country for o in record(text).organisations for n in (o.name, *o.aliases)}


def names(text: str) -> dict[str, str | None]:
    """The article's organisations by name only -> country."""
    return {o.name: o.country for o in record(text).organisations}


def test_a_government_is_its_state():
    found = names(
        "The Government of Fiji, the UAE Government and the German Federal Government signed "
        "a memorandum on cybercrime."
    )
    assert {"Fiji", "United Arab Emirates", "Germany"} <= found.keys(), found
    assert not any("Government" in n for n in found), found


def test_a_demonym_before_government_is_the_state():
    assert "Kenya" in orgs("The Kenyan government welcomed the partnership with Microsoft.")


def test_an_acronym_resolves_to_the_body_of_its_articles_state():
    ghana = orgs("In Accra, Ghana's regulators met. The CSA said Ghana will train 500 officers.")
    singapore = orgs(
        "Singapore hosted the drill. The CSA said Singapore will train 500 officers with ASEAN."
    )
    assert ghana.get("Cyber Security Authority of Ghana") == "Ghana", ghana
    assert singapore.get("Cyber Security Agency of Singapore") == "Singapore", singapore


def test_another_states_body_never_takes_a_known_bodys_name():
    found = orgs("The Czech National Security Agency met officials of the FBI in Prague.")
    assert found.get("Czech National Security Agency") == "Czechia", found
    assert "National Security Agency" not in found, found


def test_a_generic_name_is_the_body_of_the_articles_state():
    found = orgs(
        "UK and Dutch officials met in London. The Home Office will lead the UK delegation."
    )
    assert found.get("UK Home Office") == "United Kingdom", found


def test_a_generic_name_two_of_the_articles_states_have_stays_as_written():
    found = orgs(
        "Japan and South Korea agreed to share data. The National Police Agency will host the "
        "first meeting in Tokyo, Japan and Seoul, South Korea."
    )
    assert "National Police Agency" in found, found


def test_a_known_body_and_a_word_for_its_members_is_that_body():
    found = orgs("The Conti group attacked hospitals, and the GFCE Community met in The Hague.")
    assert "Conti" in found and "Conti group" not in found, found
    assert "Global Forum on Cyber Expertise" in found, found


def test_a_known_body_after_its_parent_is_that_body():
    found = orgs("The United Nations International Telecommunication Union trained 40 officers.")
    assert "International Telecommunication Union" in found, found


def test_an_acronym_the_article_defines_beats_the_gazetteers():
    found = orgs(
        "The Space Climate Observatory (SCO) signed with France. SCO will share satellite data."
    )
    assert "Shanghai Cooperation Organisation" not in found, found


def test_an_acronym_of_a_body_named_in_full_is_that_body():
    rec = record(
        "The Authority of Information Security met Microsoft on Monday. AIS will host the "
        "next drill."
    )
    assert [o.name for o in rec.organisations if "AIS" in [o.name, *o.aliases]] != ["AIS"]
    assert "AIS" not in {o.name for o in rec.organisations}


def test_a_short_name_after_the_full_one_is_the_same_body():
    found = names(
        "The Africa CCB Coordination Committee met online. The CCB Coordination Committee "
        "agreed to meet again in Addis Ababa."
    )
    assert "CCB Coordination Committee" not in found, found
    assert "Africa CCB Coordination Committee" in found, found


def test_a_state_body_without_a_state_belongs_to_the_articles_state():
    found = orgs(
        "Kenya launched a cyber strategy. The Ministry of Information and Communications "
        "said Kenya will train 1,000 officers."
    )
    assert found.get("Ministry of Information and Communications") == "Kenya", found


def test_a_portfolio_ministry_and_its_full_name_are_one_body():
    found = names(
        "The Ministry of Foreign Affairs hosted the talks in Jakarta. The Foreign Ministry said "
        "Indonesia will sign the letter."
    )
    assert "Foreign Ministry" not in found, found


def test_two_states_governments_are_the_two_states():
    found = orgs("The U.S. and Botswana Governments will host the workshop with Symantec.")
    assert "Botswana" in found and not any("Governments" in n for n in found), found


def test_a_citys_possessive_names_no_body():
    found = orgs("Seoul's National Intelligence Service said South Korea joined the centre.")
    assert "Seoul" not in found, found


def test_an_office_of_an_office_is_one_body():
    found = orgs("Ukraine's Prosecutor General's Office thanked the FBI for its help.")
    assert any(n.startswith("Prosecutor General's Office") for n in found), found
    assert "Prosecutor General" not in found, found


def test_a_capital_acting_is_its_state_and_a_capital_as_place_is_nothing():
    found = orgs("Seoul sought to join the centre in 2019. The talks were held in Tokyo.")
    assert "South Korea" in found and "Japan" not in found, found


def test_a_body_after_and_shares_the_state_of_the_body_before():
    found = orgs(
        "Officials came from the UK Cabinet Office and from the Dutch Ministry of Foreign "
        "Affairs and National Cyber Security Centre."
    )
    assert found.get("NCSC-NL") == "Netherlands", found


def test_an_office_holder_is_the_office_named_before():
    found = orgs(
        "Ukraine's Prosecutor General's Office thanked the FBI. The Prosecutor General decided "
        "to extradite him."
    )
    assert "Prosecutor General" not in found, found


def test_a_capitals_dateline_is_a_place():
    found = orgs("SEOUL, Feb. 10 (Yonhap) -- South Korea and Japan agreed to share data.")
    assert "South Korea" in found and not any(n.upper() == "SEOUL" for n in found), found


def test_a_body_in_a_list_shares_the_state_of_the_body_before():
    found = orgs(
        "The UK and the Netherlands met. Officials came from the UK Cabinet Office, National "
        "Cyber Security Centre and the Dutch Ministry of Foreign Affairs."
    )
    assert found.get("UK National Cyber Security Centre") == "United Kingdom", found
