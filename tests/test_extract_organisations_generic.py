"""Generic words name no one body; a descriptive name is a body's name only as a name."""

from tests._extract_nlp import record


def orgs(text: str) -> dict[str, str | None]:
    return {o.name: o.country for o in record(text).organisations}


def test_a_descriptive_name_modifying_a_noun_is_no_body():
    found = orgs(
        "Both institutions will set a minimum certification for Computer Emergency Response "
        "Team staff, the Ministry of Interior said."
    )
    assert not any("Response Team" in n for n in found), found


def test_a_descriptive_name_after_an_adjective_is_no_body():
    found = orgs("Safetech runs the first private Computer Emergency Response Team in Romania.")
    assert not any("Response Team" in n for n in found), found


def test_a_descriptive_name_after_a_states_possessive_is_that_states_body():
    found = orgs(
        "Australia will fund Tonga's newly launched Computer Emergency Response Team this year."
    )
    assert any("Tonga" in n and found[n] == "Tonga" for n in found if n != "Tonga"), found


def test_generic_words_alone_name_no_body():
    found = orgs("The Working Group met after the AGM, and the Community thanked the Forum.")
    assert not found.keys() & {"Working Group", "AGM", "Community", "Forum"}, found


def test_a_generic_short_name_is_the_body_named_before_in_full():
    rec = record(
        "The Pacific Telecom Executive Committee met in Suva on Monday. The Executive Committee "
        "approved the new members."
    )
    found = {o.name for o in rec.organisations}
    assert "Executive Committee" not in found, found
    assert any(n.endswith("Executive Committee") for n in found), found
