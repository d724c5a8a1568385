"""Bodies and facilities made together are partnerships; "the governments of A and B"."""

from tests._extract_nlp import record


def test_a_working_group_two_states_establish_is_their_partnership():
    rec = record(
        "Chile and Norway will establish a bilateral Digital Security Working Group to "
        "coordinate their cyber policies."
    )
    got = [a for a in rec.agreements if a.type == "partnership"]
    assert got, rec.agreements
    assert {"Chile", "Norway"} <= set(got[0].parties)


def test_an_unnamed_platform_rolled_out_together_is_a_partnership():
    rec = record(
        "In March, Peru and Ecuador rolled out a shared malware analysis platform for their "
        "national CERTs."
    )
    got = [a for a in rec.agreements if {"Peru", "Ecuador"} <= set(a.parties)]
    assert got and got[0].type == "partnership", rec.agreements


def test_partnering_with_a_list_to_create_a_fund():
    rec = record(
        "The Asian Development Bank has partnered with three countries: Chile, Norway and "
        "Peru to create a new trust fund for cybersecurity."
    )
    got = [a for a in rec.agreements if a.type == "partnership"]
    assert got, rec.agreements
    assert {"Asian Development Bank", "Chile", "Norway", "Peru"} <= set(got[0].parties)


def test_partnering_for_the_establishment_of_a_centre():
    rec = record(
        "The Ministry of Communications of Peru and the Ministry of Digital Affairs of Chile "
        "are partnering for the establishment of a Pacific Cyber Skills Centre in Lima."
    )
    got = [a for a in rec.agreements if a.type == "partnership"]
    assert got, rec.agreements
    assert len(got[0].parties) >= 2, got[0].parties


def test_a_body_one_party_creates_is_no_partnership():
    rec = record("Peru established a national cyber incident response platform in 2021.")
    assert not [a for a in rec.agreements if a.type == "partnership"], rec.agreements


def test_the_governments_of_two_states_issue_a_statement():
    rec = record(
        "The governments of Chile and Norway have issued a joint statement on cooperation "
        "against ransomware."
    )
    got = [a for a in rec.agreements if a.type == "declaration"]
    assert got, rec.agreements
    assert {"Chile", "Norway"} <= set(got[0].parties)


def test_a_heading_that_is_only_a_name_names_a_partnership():
    rec = record(
        "Chile works with several partners.\n\n"
        "b) The Chile-Norway Digital Security Partnership\n\n"
        "The partnership trains analysts of both countries' CERTs."
    )
    got = [a for a in rec.agreements if a.name]
    assert got, rec.agreements
    assert {"Chile", "Norway"} <= set(got[0].parties)


def test_a_pair_glued_after_an_abbreviation_names_both_parties():
    rec = record(
        "Peru has long worked with the United States.\n\n"
        "The U.S.-Peru Cyber Resilience Partnership\n\n"
        "The partnership trains analysts."
    )
    got = [a for a in rec.agreements if a.name]
    assert got, rec.agreements
    assert {"United States", "Peru"} <= set(got[0].parties)


def test_a_headline_with_a_verb_names_nothing():
    rec = record("Chile, Norway Sign Cyber Pact\n\nThe two countries agreed to share data.")
    assert not [a for a in rec.agreements if a.name], rec.agreements


def test_a_body_made_together_brings_the_area_its_name_names():
    rec = record("Chile and Norway will establish a Cyber Capacity Building Centre in Santiago.")
    areas = {a.area for a in rec.areas}
    assert "capacity-building" in areas, rec.areas


def test_a_body_alone_names_no_area():
    rec = record("The Cybercrime Unit of Chile met Norway's police to discuss cooperation.")
    assert "cybercrime" not in {a.area for a in rec.areas}, rec.areas


def test_confidence_building_measures_are_policy():
    rec = record(
        "The OSCE participating States adopted new cyber confidence-building measures in Vienna."
    )
    assert "policy-and-law" in {a.area for a in rec.areas}, rec.areas
