"""Founders are a body's first members; "non-X-led" names who is not meant."""

from tests._extract_nlp import record


def pairs(text: str) -> set[tuple[str, str]]:
    return {(m.source, m.target) for m in record(text).memberships}


def test_founding_members_misread_as_a_verb():
    got = pairs("Chile and Peru are founding members of the Pacific Cyber Forum.")
    assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got


def test_founded_by_before_the_body():
    got = pairs(
        "Founded in 2019 by Chile and Peru, the Pacific Cyber Forum now meets twice a year."
    )
    assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got


def test_founded_by_after_the_body():
    got = pairs("The Pacific Cyber Forum, founded by Chile and Peru, met in Lima.")
    assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got


def test_bodies_that_found_a_body():
    got = pairs("Chile and Peru co-founded the Pacific Cyber Forum in 2019.")
    assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got


def test_a_name_after_non_is_no_member():
    got = pairs(
        "Chile and the other non-US-led countries are contributing participants of the "
        "Pacific Cyber Forum."
    )
    assert ("United States", "Pacific Cyber Forum") not in got
    assert ("Chile", "Pacific Cyber Forum") in got


def test_joiners_and_the_original_co_founders():
    got = pairs(
        "Chile and Peru have joined the Pacific Cyber Forum, following the original "
        "co-founders Norway and Denmark."
    )
    assert {(s, "Pacific Cyber Forum") for s in ("Chile", "Peru", "Norway", "Denmark")} <= got


def test_new_members_listed_along_with_one_more():
    got = pairs(
        "The Pacific Cyber Forum welcomed three new members: Chile, Peru and Norway, "
        "along with the Asian Development Bank."
    )
    assert ("Asian Development Bank", "Pacific Cyber Forum") in got
    assert ("Norway", "Pacific Cyber Forum") in got


def test_members_from_a_list():
    got = pairs("The Pacific Cyber Forum comprises members from Chile, Peru and Norway.")
    assert {(s, "Pacific Cyber Forum") for s in ("Chile", "Peru", "Norway")} <= got


def test_admitted_as_members_active_and_passive():
    active = pairs("The Pacific Cyber Forum admitted Chile and Peru as new members.")
    passive = pairs("New members Chile and Peru were admitted to the Pacific Cyber Forum.")
    for got in (active, passive):
        assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got


def test_a_country_admitting_something_makes_no_member():
    got = pairs("Chile admitted that Peru had helped its CERT after the attack.")
    assert not got


def test_a_body_that_comprises_a_list():
    got = pairs("The Pacific Cyber Forum comprises Chile, Peru, Norway and Denmark.")
    assert {(s, "Pacific Cyber Forum") for s in ("Chile", "Peru", "Norway", "Denmark")} <= got


def test_a_body_that_makes_a_state_something_has_no_member():
    got = pairs("The Pacific Cyber Forum made Chile its priority for training.")
    assert not got


def test_with_a_list_as_its_members():
    got = pairs(
        "The Pacific Cyber Forum was launched on Monday, with Chile and Peru as its founding "
        "members."
    )
    assert {("Chile", "Pacific Cyber Forum"), ("Peru", "Pacific Cyber Forum")} <= got
