"""Conflict, crime and other domains never make partners."""

from __future__ import annotations

from tests._extract_nlp import record


def pairs(rec):
    return {tuple(sorted((r.source, r.target))) for r in rec.partnerships}


def test_criminal_groups_are_never_partners() -> None:
    rec = record(
        "The operators of the Conti ransomware joined the Maze gang. Conti could still "
        "benefit by sharing tactics and intelligence with Maze and Hive."
    )
    assert not pairs(rec)
    assert not rec.memberships


def test_cooperation_on_another_domain_is_not_cyber_partnership() -> None:
    rec = record("Japan and Mexico are working on a trade deal to cut tariffs on cars.")
    assert not pairs(rec)


def test_a_joint_undertaking_pairs_its_two_bodies() -> None:
    rec = record(
        "The United Kingdom, jointly with INTERPOL, is setting up a new operations hub "
        "in Africa to fight cybercrime."
    )
    assert ("INTERPOL", "United Kingdom") in pairs(rec) or ("Interpol", "United Kingdom") in pairs(
        rec
    )


def test_no_partner_across_a_conflict_predicate() -> None:
    for text in (
        "The United States will continue to help Ukraine defend itself against Russia.",
        "The group has ties to Russian intelligence, and Germany charged two members "
        "working with the FSB.",
        "Australia has joined the United States in banning Huawei and ZTE from its networks.",
        "Canada and the United Kingdom sanctioned Iran's cyber command and accused China "
        "of supporting it.",
    ):
        rec = record(text)
        got = pairs(rec)
        for villain in ("Russia", "FSB", "Huawei", "ZTE", "Iran", "China"):
            assert not any(villain in p for p in got), (text, got)
        assert not rec.memberships, text
