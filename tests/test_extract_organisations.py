"""Whole names, acronyms, possessives, demonyms, places and people."""

from tests._extract_nlp import record


def names(rec):
    return {o.name for o in rec.organisations}


def test_whole_name_with_and_and_possessive_country():
    rec = record(
        "Peru's National Telecommunications and Cybercrime Prevention Committee met on Friday. "
        "Officials said the committee would publish a report."
    )
    org = next(o for o in rec.organisations if "Committee" in o.name)
    assert org.name == "National Telecommunications and Cybercrime Prevention Committee"
    assert org.country == "Peru"
    assert org.type == "government-agency"


def test_acronym_defined_in_text_is_an_alias():
    rec = record(
        "The Ministry of Digital Affairs (MODA) launched a review. "
        "MODA will also work with Japan on the review."
    )
    org = next(o for o in rec.organisations if o.name.startswith("Ministry"))
    assert "MODA" in org.aliases
    assert "MODA" not in names(rec)


def test_places_and_people_are_not_actors():
    rec = record(
        "Thailand and Vietnam agreed to cooperate on cybercrime. Minister Somchai Wong observed "
        "the signing in Hanoi. A firm based in Singapore, with offices in Brazil and Canada, "
        "trained the staff."
    )
    got = names(rec)
    assert {"Thailand", "Viet Nam"} <= got or {"Thailand", "Vietnam"} <= got
    assert not got & {"Singapore", "Brazil", "Canada", "Hanoi", "Somchai Wong"}


def test_demonym_for_a_state_actor():
    rec = record("The Peruvian government and Chile will share threat intelligence.")
    assert "Peru" in names(rec)


def test_events_are_not_organisations():
    rec = record("Delegates met at the Regional Cyber Summit in Lima to discuss norms.")
    assert not any("Summit" in n for n in names(rec))


def test_body_named_for_what_it_secures_is_an_organisation():
    rec = record(
        "Senegal's National Agency for Information Systems Security met Benin's officials "
        "on Tuesday to discuss cooperation."
    )
    org = next(o for o in rec.organisations if "Agency" in o.name)
    assert org.name == "National Agency for Information Systems Security"
    assert org.country == "Senegal"


def test_company_named_in_apposition_and_its_office_countries():
    rec = record(
        "Officials from Ecuador visited Andes Innovations, a cybersecurity firm based in Chile "
        "with offices in Peru, Colombia, and the United Arab Emirates."
    )
    org = next(o for o in rec.organisations if o.name == "Andes Innovations")
    assert org.type == "company"
    assert not names(rec) & {"Chile", "Peru", "Colombia", "United Arab Emirates"}


def test_dateline_city_is_a_place():
    rec = record(
        "Abuja, Nigeria: The Mauritius Research and Innovation Council signed an "
        "agreement with Microsoft on cyber skills."
    )
    assert not {n for n in names(rec) if "Abuja" in n or n == "Nigeria"}
    assert "Microsoft" in names(rec)


def test_one_entity_listing_several_names_is_split():
    rec = record("Partners including Trend Micro and Check Point provided threat intelligence.")
    names = {o.name for o in rec.organisations}
    assert "Trend Micro and Check Point" not in names


def test_country_list_keeps_names_with_and_whole():
    rec = record(
        "Officials from Antigua and Barbuda, Barbados, Saint Kitts and Nevis and Grenada attended."
    )
    names = {o.name for o in rec.organisations}
    assert {"Antigua and Barbuda", "Barbados", "Saint Kitts and Nevis", "Grenada"} <= names


def test_topic_after_convention_on_is_not_split_into_bodies():
    rec = record(
        "Senegal ratified the Malabo Convention on Cyber Security and Personal Data Protection."
    )
    assert "Personal Data Protection" not in {o.name for o in rec.organisations}


def test_acronym_in_parentheses_is_not_part_of_the_name():
    rec = record(
        "The training is delivered by the Nordic Cyber Capacity Building Centre (NCCBC), "
        "which opened in Oslo."
    )
    org = next(o for o in rec.organisations if "Centre" in o.name)
    assert org.name == "Nordic Cyber Capacity Building Centre"
    assert "NCCBC" in org.aliases


def test_short_country_names_resolve():
    rec = record("Brunei and Cape Verde signed a cybersecurity cooperation agreement.")
    assert {"Brunei", "Cabo Verde"} <= {o.name for o in rec.organisations}


def test_country_prefix_before_a_known_body_gives_the_body():
    rec = record(
        "The U.S. Cybersecurity and Infrastructure Security Agency and Chile's CSIRT agreed to "
        "share threat indicators."
    )
    names = {o.name for o in rec.organisations}
    assert "Cybersecurity and Infrastructure Security Agency" in names
    assert "U.S. Cybersecurity and Infrastructure Security Agency" not in names


def test_national_cert_keeps_its_demonym():
    rec = record("The Kenyan Computer Incident Response Team will train officials in Lesotho.")
    names = {o.name for o in rec.organisations}
    assert "Computer Incident Response Team" not in names


def test_response_team_names_are_organisations_not_people():
    rec = record(
        "Malawi's team, CERT Malawi, and the Lesotho team LsCSIRT met ZamCERT and CERT-LS "
        "in Lilongwe to exchange incident reports."
    )
    got = {o.name: o.type for o in rec.organisations}
    for name in ("CERT Malawi", "LsCSIRT", "ZamCERT", "CERT-LS"):
        assert got.get(name) == "cert", (name, got)
    assert "CERT" not in got


def test_ministry_with_a_list_of_portfolios_is_one_agency():
    rec = record(
        "Portugal's Ministry of Economy, Maritime Affairs and Tourism will work with Cape Verde."
    )
    got = {o.name: o.type for o in rec.organisations}
    assert got.get("Ministry of Economy, Maritime Affairs and Tourism") == "government-agency", got
    rec = record("The Ministry of Foreign Affairs, European Union and Cooperation met Chile.")
    got = {o.name: o.type for o in rec.organisations}
    assert "European Union" not in got, got
