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
