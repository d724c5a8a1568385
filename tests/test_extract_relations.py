"""Partnerships from cooperation, never from conflict; memberships; part_of."""

from tests._extract_nlp import record


def pairs(rels):
    return {tuple(sorted((r.source, r.target))) for r in rels}


def test_cooperation_predicate_pairs_subject_and_partner():
    rec = record("Brazil will cooperate with Portugal on cyber defence training.")
    assert ("Brazil", "Portugal") in pairs(rec.partnerships)
    assert rec.partnerships[0].evidence


def test_conflict_is_not_cooperation():
    rec = record(
        "The United Kingdom and Canada publicly blamed Russia for a cyberattack on Ukraine's "
        "power grid and sanctioned Russia's military intelligence."
    )
    got = pairs(rec.partnerships)
    assert not any("Russia" in p for p in got)


def test_member_of():
    rec = record("Uganda is a member of the East African Community.")
    assert ("Uganda", "East African Community") in {(r.source, r.target) for r in rec.memberships}


def test_agency_is_part_of_its_state_not_a_partner():
    rec = record(
        "Norway's National Security Authority and Sweden's Civil Contingencies Agency "
        "signed an agreement to collaborate."
    )
    got = pairs(rec.partnerships)
    assert ("National Security Authority", "Norway") not in got
    assert ("Norway", "National Security Authority") not in got


def test_forming_a_partnership_pairs_its_subjects():
    rec = record(
        "France and its partners, namely the World Bank and Stanford University, have established "
        "such a relationship with Senegal, the report said."
    )
    got = pairs(rec.partnerships)
    assert ("France", "World Bank") in got
    assert ("France", "Stanford University") in got


def test_receiving_support_from_pairs_giver_and_receiver():
    rec = record(
        "Zambia received training and funding from the World Bank in 2023, "
        "while Malawi hosted the regional meeting."
    )
    assert pairs(rec.partnerships) == {("World Bank", "Zambia")}


def test_receiving_threats_is_not_cooperation():
    rec = record("Zambia received threats from a hacking group linked to Russia last year.")
    assert not pairs(rec.partnerships)


def members(rec):
    return {(r.source, r.target) for r in rec.memberships}


def test_whose_members_are_lists_the_members():
    rec = record("The Andean Community, whose members are Bolivia, Colombia and Peru, met in Lima.")
    got = members(rec)
    assert {("Bolivia", "Andean Community"), ("Peru", "Andean Community")} <= got


def test_whose_member_states_include_lists_the_members():
    rec = record(
        "The African Union, whose member states include Senegal and Zambia, adopted a strategy."
    )
    assert ("Senegal", "African Union") in members(rec)
    assert ("Zambia", "African Union") in members(rec)


def test_joined_the_network_refers_to_the_network_named_before():
    rec = record(
        "Delegates met at the assembly of the Baltic Incident Response Network. "
        "The Lithuanian Computer Emergency Response Team joined the network in May."
    )
    assert (
        "Lithuanian Computer Emergency Response Team",
        "Baltic Incident Response Network",
    ) in members(rec) or any(
        r.target == "Baltic Incident Response Network" and "Emergency" in r.source
        for r in rec.memberships
    )


def test_joined_a_network_without_antecedent_gives_nothing():
    rec = record("The Lithuanian Computer Emergency Response Team joined the network in May.")
    assert not rec.memberships


def _members(rec):
    return {(r.source, r.target) for r in rec.memberships}


def test_both_countries_are_members_takes_the_two_states_of_the_article():
    rec = record(
        "Chile and Norway signed a cyber agreement in Oslo. Chile will host the first meeting "
        "and Norway will fund it. Both countries are members of the Organisation for Economic "
        "Co-operation and Development."
    )
    got = _members(rec)
    assert ("Chile", "Organisation for Economic Co-operation and Development") in got
    assert ("Norway", "Organisation for Economic Co-operation and Development") in got


def test_members_listed_after_a_colon_or_as_the_next_subjects():
    rec = record(
        "The member states of the Southern African Development Community met in Gaborone: "
        "Botswana, Zambia and Namibia sent ministers."
    )
    assert ("Zambia", "Southern African Development Community") in _members(rec)
    rec = record(
        "The member states of the East African Community issued a statement on Friday. "
        "In it, Kenya, Uganda and Tanzania pledged to share threat data."
    )
    assert ("Uganda", "East African Community") in _members(rec)


def test_members_counted_then_listed_and_its_members_include():
    rec = record(
        "The Organization of American States trained officials from three member states. "
        "The officials came from Belize, Guyana and Suriname."
    )
    assert ("Guyana", "Organization of American States") in _members(rec)
    rec = record(
        "The African Union is a continental body based in Addis Ababa. "
        "Its member states include Egypt, Nigeria and Senegal."
    )
    assert ("Senegal", "African Union") in _members(rec)


def test_admitted_as_members_of_the_body_named_just_before():
    rec = record(
        "Three teams became members of AfricaCERT this week. "
        "ZamCERT, bwCSIRT and CERT-LS were admitted as full members after a review."
    )
    assert ("ZamCERT", "AfricaCERT") in _members(rec)
    assert ("CERT-LS", "AfricaCERT") in _members(rec)


def test_subject_of_a_conflict_verb_with_no_named_target_still_cooperates():
    rec = record(
        "The South African Police Service has arrested 34 suspects during an operation "
        "coordinated by Interpol and Afripol."
    )
    got = pairs(rec.partnerships)
    assert ("Interpol", "South African Police Service") in got


def test_conflict_verb_naming_a_body_blocks_its_subject():
    rec = record("The European Union sanctioned Russia and worked with Interpol.")
    assert not any("Russia" in p for p in pairs(rec.partnerships))


def test_threat_partners_work_against_does_not_block_the_pair():
    rec = record(
        "The Federal Bureau of Investigation and India's Central Bureau of Investigation "
        "(CBI) discussed cooperation on cybercrime investigations, in particular ransomware "
        "and fraud targeting American citizens."
    )
    got = pairs(rec.partnerships)
    assert ("Central Bureau of Investigation", "Federal Bureau of Investigation") in got


def test_acceding_to_a_bodys_convention_is_no_partnership_with_it():
    rec = record("Brazil acceded to the Council of Europe Convention on Cybercrime in 2023.")
    assert ("Brazil", "Council of Europe") not in pairs(rec.partnerships)
    assert any(a.name == "Convention on Cybercrime" for a in rec.agreements)


def test_owner_in_a_description_of_a_body_is_not_a_partner():
    rec = record(
        "The Kenya Police Service worked with Afripol, the African Union's mechanism for "
        "police cooperation, on the case."
    )
    got = pairs(rec.partnerships)
    assert ("Afripol", "Kenya Police Service") in got
    assert not any("African Union" in p for p in got)


def test_state_is_not_the_partner_of_its_possessed_body():
    # the headline's short name makes both mentions one body; its state is still no partner
    rec = record(
        "Microsoft and Colombia's ICT Ministry to train 20,000 people in cybersecurity\n\n"
        "BOGOTÁ, Colombia — March 5, 2024 — Microsoft and Colombia's Ministry of Information "
        "and Communications Technologies (MinTIC) announced today a partnership to train "
        "20,000 Colombians in cybersecurity skills."
    )
    got = pairs(rec.partnerships)
    assert ("Microsoft", "Ministry of Information and Communications Technologies") in got, got
    assert ("Colombia", "Ministry of Information and Communications Technologies") not in got, got


def test_joining_a_body_is_membership_not_partnership():
    rec = record(
        "Rw-CSIRT also joined the Forum of Incident Response and Security Teams (FIRST), "
        "the global association of incident response teams, earlier this year."
    )
    assert not pairs(rec.partnerships), rec.partnerships
    got = {(r.source, r.target) for r in rec.memberships}
    assert ("Rw-CSIRT", "Forum of Incident Response and Security Teams") in got, got


def test_supervising_body_is_not_the_partner_of_the_body_it_oversees():
    rec = record(
        "The initiative forms part of the 3 Million Technical Talent programme of the Federal "
        "Ministry of Communications, Innovation and Digital Economy, which supervises the "
        "National Information Technology Development Agency."
    )
    got = pairs(rec.partnerships)
    assert not any("National Information Technology Development Agency" in p for p in got), got
