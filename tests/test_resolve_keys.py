"""Node ids: spelling variants of one body meet in one node; proper names stay as they are."""

from __future__ import annotations

from extract.records import ArticleMeta, Evidence, Organisation, Record
from kg.corrections import Corrections
from kg.names import node_key
from kg.resolve import Resolver


def test_variants_fold_to_one_key() -> None:
    assert node_key("National Cybercrimes Unit") == node_key("National Cybercrime Unit")
    assert node_key("Cyber-Security Centre") == node_key("Cybersecurity Center")
    assert node_key("Regional Organisation for Defence") == node_key(
        "Regional Organization for Defense"
    )
    assert node_key("Ministry of Foreign Affairs") != node_key("Ministry of Defence")


def _record(doc: str, name: str, org_type: str) -> Record:
    ev = Evidence(sentence=f"{name} acted.", start=0, end=len(name) + 7)
    return Record(
        article=ArticleMeta(id=doc, sha256=doc),
        organisations=[Organisation(name=name, type=org_type, evidence=[ev])],
    )


def test_two_articles_one_agency_node() -> None:
    rows = Resolver(Corrections()).resolve(
        [
            _record("a", "Ghana Cybercrimes Coordination Unit", "government-agency"),
            _record("b", "Ghana Cybercrime Coordination Unit", "government-agency"),
        ]
    )
    assert len(rows.organisations) == 1


def test_company_and_country_ids_are_their_names() -> None:
    rows = Resolver(Corrections()).resolve(
        [_record("a", "Acme Innovations", "company"), _record("b", "Bahamas", "country")]
    )
    assert {"acme-innovations", "bahamas"} <= set(rows.organisations)


def test_an_acronym_alias_finds_the_gazetteer_body_of_the_same_country() -> None:
    rec = Record(
        article=ArticleMeta(id="a", sha256="a"),
        organisations=[
            Organisation(
                "National Cybersecurity Institute", "government-agency", ["INCIBE"], "Spain"
            ),
        ],
    )
    rows = Resolver(Corrections()).resolve([rec])
    (node,) = rows.organisations.values()
    assert (node["name"], node["country"]) == ("INCIBE", "Spain")


def test_a_shared_acronym_alone_does_not_merge_two_bodies() -> None:
    rec = Record(
        article=ArticleMeta(id="a", sha256="a"),
        organisations=[
            Organisation("Cyber Security Authority", "government-agency", ["ANSSI"], "Ghana"),
        ],
    )
    rows = Resolver(Corrections()).resolve([rec])
    assert [n["name"] for n in rows.organisations.values()] == ["Cyber Security Authority"]


def test_gazetteer_bodies_carry_their_country_name_not_its_code() -> None:
    rows = Resolver(Corrections()).resolve([_record("a", "ANSSI", "government-agency")])
    (node,) = rows.organisations.values()
    assert node["country"] == "France"
