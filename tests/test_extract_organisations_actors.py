"""Organisations must name bodies: generic phrases, people and publishers are not actors."""

from tests._extract_nlp import record


def _names(text: str) -> set[str]:
    return {o.name for o in record(text).organisations}


def test_generic_capitalised_phrase_is_no_organisation():
    names = _names(
        "Chile and Peru signed a memorandum to build a Digital Economy and a free and open "
        "Indo-Pacific, said the Chilean Cybersecurity Agency."
    )
    assert "Digital Economy" not in names
    assert "Indo-Pacific" not in names
    assert {"Chile", "Peru"} <= names


def test_name_of_unknown_type_kept_as_subject_or_partner():
    assert "Andes Digital Trust" in _names("Peru signed an agreement with the Andes Digital Trust.")
    assert "Andes Digital Trust" in _names("The Andes Digital Trust signed an agreement with Peru.")


def test_person_with_honorific_or_role_is_no_organisation():
    names = _names(
        '"We will train our analysts," said Dr Tamsin Okafor Adeyemi, Director-General of '
        "the Ghana Cyber Security Authority. Kwame Asante Boateng, Secretary-General of the "
        "African Union, welcomed the plan."
    )
    assert not any("Okafor" in n or "Boateng" in n for n in names)


def test_publisher_of_dateline_is_no_actor():
    names = _names(
        "LIMA, 3 May 2024 (Andean Press Agency) — Peru and Chile signed an agreement on cybercrime."
    )
    assert not any("Press Agency" in n for n in names)
    assert {"Peru", "Chile"} <= names


def test_national_body_keeps_its_demonym():
    rec = record(
        "The Chilean Digital Security Directorate signed an agreement with Peru. "
        "The Digital Security Directorate will train analysts."
    )
    org = next(o for o in rec.organisations if "Directorate" in o.name)
    assert org.name == "Chilean Digital Security Directorate"
    assert org.country == "Chile"
    assert "Digital Security Directorate" in org.aliases
    assert sum("Directorate" in o.name for o in rec.organisations) == 1


def test_surname_of_a_person_is_not_a_country():
    names = _names(
        "Peru and Chile signed an agreement on cybercrime, said Deputy Minister Laura Jordan. "
        "Jordan added that both police forces would train together."
    )
    assert "Jordan" not in names
    assert {"Peru", "Chile"} <= names


def test_states_listed_after_a_two_word_state_are_states_not_places():
    from tests._extract_nlp import record as _record

    rec = _record(
        "Iran and Mongolia are observer countries, while Turkey, Sri Lanka, Azerbaijan, "
        "Armenia, Cambodia and Nepal are dialogue partners. Australia works with Canada, "
        "New Zealand, the UK, and the US."
    )
    names = {o.name for o in rec.organisations}
    assert {"Azerbaijan", "Armenia", "Cambodia", "Nepal", "United Kingdom"} <= names, names
