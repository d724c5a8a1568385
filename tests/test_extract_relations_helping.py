"""Who helps or hosts with whom, and who is no partner: an opponent, or a body's own organ."""

from tests._extract_nlp import record


def partners(text: str) -> set[frozenset[str]]:
    return {frozenset((p.source, p.target)) for p in record(text).partnerships}


def test_the_subject_of_the_helped_clause_is_the_partner():
    assert frozenset(("Fortinet", "Interpol")) in partners(
        "Fortinet helped Interpol dismantle the botnet."
    )


def test_helping_against_someone_makes_no_partner():
    assert not partners("The United States helped Ukraine defend itself against Russia.")


def test_a_body_and_its_secretariat_are_no_partners():
    got = partners(
        "The Pacific Cyber Forum and the Pacific Cyber Forum Secretariat signed an agreement "
        "with Chile on incident response."
    )
    assert frozenset(("Pacific Cyber Forum", "Pacific Cyber Forum Secretariat")) not in got
    assert frozenset(("Chile", "Pacific Cyber Forum Secretariat")) in got


def test_co_hosts_of_an_event_are_partners():
    assert frozenset(("Ghana", "Kenya")) in partners(
        "Ghana and Kenya will host a cybercrime workshop in Nairobi."
    )
    assert frozenset(("Ghana", "Togo")) in partners(
        "Ghana held a cyber exercise with Kenya and Togo."
    )


def test_one_host_alone_has_no_partner():
    assert not partners("Ghana hosted a cybercrime workshop in Accra.")
