"""Assembly into one graph: one node per real thing, whatever the articles have in common.

Each case is built into the real Neo4j, from records written for the test (the
extractor's own behaviour is tested elsewhere) or, where the phrasing matters,
from article texts through the whole build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import neo4j
import pytest

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record
from kg import corrections
from kg.build import build_graph
from kg.resolve import Resolver, derive_agreement, derive_organisation, derive_relationship
from kg.settings import Settings
from kg.store.load import Loader

pytestmark = pytest.mark.neo4j


def _ev(sentence: str) -> list[Evidence]:
    return [Evidence(sentence, 0, len(sentence))]


def _read(driver: neo4j.Driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, routing_=neo4j.RoutingControl.READ)
    return [r.data() for r in records]


def _mou(doc: str, a: str, b: str, date: str | None = None) -> Record:
    s = f"{a} and {b} signed a memorandum of understanding on cyber security."
    return Record(
        article=ArticleMeta(id=doc, sha256=doc * 8, published="2023-05-01"),
        organisations=[
            Organisation(a, "country", evidence=_ev(s)),
            Organisation(b, "country", evidence=_ev(s)),
        ],
        agreements=[
            Agreement(
                "mou",
                name="Memorandum of Understanding",
                parties=[a, b],
                date=date,
                areas=["training"],
                evidence=_ev(s),
            )
        ],
    )


def test_unnamed_mous_of_two_articles_are_two_agreements(clean_db: neo4j.Driver) -> None:
    Loader(clean_db).load([_mou("a", "Kenya", "Romania"), _mou("b", "Ghana", "Rwanda")])
    rows = _read(
        clean_db,
        "MATCH (o:Organisation)-[:PARTY_TO]->(g:Agreement) "
        "RETURN g.id AS id, g.name AS name, g.label AS label, collect(o.name) AS parties",
    )
    assert len(rows) == 2
    assert sorted(sorted(r["parties"]) for r in rows) == [["Ghana", "Rwanda"], ["Kenya", "Romania"]]
    # "Memorandum of Understanding" names no instrument: no name, a label that says what it is
    assert all(r["name"] is None for r in rows)
    assert {r["label"] for r in rows} == {
        "Memorandum of understanding: Ghana – Rwanda",
        "Memorandum of understanding: Kenya – Romania",
    }
    pairs = _read(clean_db, "MATCH (a)-[r:COOPERATES_WITH]->(b) RETURN a.name AS a, b.name AS b")
    assert len(pairs) == 2  # no Kenya–Ghana cooperation through a merged agreement


def test_the_same_dated_mou_reported_twice_is_one_agreement(clean_db: neo4j.Driver) -> None:
    Loader(clean_db).load(
        [_mou("a", "Kenya", "Romania", "2023-05-01"), _mou("b", "Romania", "Kenya", "2023-05-01")]
    )
    (row,) = _read(clean_db, "MATCH (g:Agreement) RETURN g.date AS date, g.date_precision AS p")
    assert row == {"date": "2023-05-01", "p": "day"}


def _convention(doc: str, state: str, name: str) -> Record:
    s = f"{state} ratified the {name}."
    return Record(
        article=ArticleMeta(id=doc, sha256=doc * 8),
        organisations=[Organisation(state, "country", evidence=_ev(s))],
        agreements=[Agreement("treaty", name=name, parties=[state], evidence=_ev(s))],
    )


def test_two_articles_naming_one_convention_give_one_node(clean_db: neo4j.Driver) -> None:
    Loader(clean_db).load(
        [
            _convention("a", "Ghana", "Budapest Convention"),
            _convention("b", "Kenya", "the Convention on Cybercrime"),
        ]
    )
    rows = _read(
        clean_db,
        "MATCH (o)-[:PARTY_TO]->(g:Agreement) RETURN g.name AS name, collect(o.name) AS parties",
    )
    assert len(rows) == 1
    # one instrument under its two names: the gazetteer's canonical name
    assert rows[0]["name"] == "Convention on Cybercrime"
    assert sorted(rows[0]["parties"]) == ["Ghana", "Kenya"]


def _agency(doc: str, state: str, acronym: str) -> Record:
    s = f"{state}'s {acronym} will lead the response, officials in {state} said."
    return Record(
        article=ArticleMeta(id=doc, sha256=doc * 8),
        organisations=[
            Organisation(state, "country", evidence=_ev(s) * 2),
            Organisation(acronym, "government-agency", evidence=_ev(s)),
        ],
    )


def test_an_acronym_of_two_countries_agencies_resolves_in_each_article(
    clean_db: neo4j.Driver,
) -> None:
    Loader(clean_db).load([_agency("gh", "Ghana", "CSA"), _agency("sg", "Singapore", "CSA")])
    rows = _read(
        clean_db,
        "MATCH (o:Organisation {name: 'CSA'}) MATCH (e:Evidence {fact: o.id}) "
        "RETURN o.id AS id, o.country AS country, collect(DISTINCT e.article) AS articles "
        "ORDER BY id",
    )
    assert [(r["country"], r["articles"]) for r in rows] == [
        ("Ghana", ["gh"]),
        ("Singapore", ["sg"]),
    ]


def test_a_state_body_named_with_and_without_its_country_is_one_node() -> None:
    s = "The agency met."
    rows = Resolver(corrections.NO_CORRECTIONS).resolve(
        [
            Record(
                article=ArticleMeta(id="a", sha256="a"),
                organisations=[
                    Organisation(
                        "Ghanaian Cyber Security Authority", "government-agency", evidence=_ev(s)
                    )
                ],
            ),
            Record(
                article=ArticleMeta(id="b", sha256="b"),
                organisations=[
                    Organisation(
                        "Cyber Security Authority",
                        "government-agency",
                        country="Ghana",
                        evidence=_ev(s),
                    )
                ],
            ),
        ]
    )
    assert list(rows.organisations) == ["ghana/cybersecurity-authority"]


@pytest.mark.parametrize(
    "name", ["Government of Fiji", "the Fiji government", "Fiji Government", "Fiji"]
)
def test_a_government_is_its_country(name: str) -> None:
    rows = Resolver(corrections.NO_CORRECTIONS).resolve(
        [
            Record(
                article=ArticleMeta(id="a", sha256="a"),
                organisations=[Organisation(name, "country", evidence=_ev("x"))],
            )
        ]
    )
    assert list(rows.organisations) == ["fiji"]


def test_an_alias_never_joins_bodies_of_two_countries() -> None:
    """A Czech agency whose name is the US NSA's spelled out is not the NSA."""
    rows = Resolver(corrections.NO_CORRECTIONS).resolve(
        [
            Record(
                article=ArticleMeta(id="a", sha256="a"),
                organisations=[
                    Organisation(
                        "Czech National Security Agency",
                        "government-agency",
                        aliases=["NSA"],
                        evidence=_ev("x"),
                    )
                ],
            )
        ]
    )
    (node,) = rows.organisations.values()
    assert node["country"] == "Czechia"
    assert node["id"].startswith("czechia/")


def test_a_split_gives_two_nodes_each_with_its_own_evidence(
    clean_db: neo4j.Driver, tmp_path: Path
) -> None:
    path = tmp_path / "corrections.yaml"
    path.write_text(
        "corrections:\n"
        "  - split: Cyber Security Body\n"
        "    into: Singapore Cyber Security Agency\n"
        "    articles: [sg]\n"
        "    country: Singapore\n",
        encoding="utf-8",
    )
    fixes = corrections.parse(path)

    def record(doc: str) -> Record:
        s = f"The Cyber Security Body spoke in article {doc}."
        return Record(
            article=ArticleMeta(id=doc, sha256=doc * 8),
            organisations=[Organisation("Cyber Security Body", "other", evidence=_ev(s))],
        )

    rows = Resolver(fixes).resolve([record("gh"), record("sg")])
    assert len(rows.organisations) == 2
    Loader(clean_db, resolver=Resolver(fixes)).load([record("gh"), record("sg")])
    found = _read(
        clean_db,
        "MATCH (o:Organisation) MATCH (e:Evidence {fact: o.id}) "
        "RETURN o.name AS name, o.country AS country, collect(e.article) AS articles "
        "ORDER BY name",
    )
    # the split's target is a body the gazetteer knows: it takes the gazetteer's name
    assert found == [
        {"name": "Cyber Security Agency of Singapore", "country": "Singapore", "articles": ["sg"]},
        {"name": "Cyber Security Body", "country": None, "articles": ["gh"]},
    ]


# ---------------------------------------------------------------------- derivation
def test_an_organisation_takes_the_gazetteer_then_the_most_stated_values() -> None:
    import ontology

    ont = ontology.load()
    claims = [
        ({"name": "Kenya Police", "type": "law-enforcement", "source": "text"}, 3),
        (
            {"name": "National Police Service", "type": "government-agency", "source": "gazetteer"},
            1,
        ),
        ({"name": "Kenya Police Service", "type": "law-enforcement", "source": "text"}, 3),
    ]
    row = derive_organisation(claims, ont)
    assert (row["name"], row["type"]) == ("National Police Service", "government-agency")
    # without the gazetteer: the most stated name, ties broken by the least
    row = derive_organisation([c for c in claims if c[0]["source"] == "text"], ont)
    assert row["name"] == "Kenya Police"
    assert row["aliases"] == ["Kenya Police Service"]


def test_agreement_dates_prefer_most_articles_then_precision() -> None:
    row = derive_agreement([({"date": "2017-04"}, 2), ({"date": "2017-04-12"}, 2), ({}, 5)])
    assert (row["date"], row["date_precision"]) == ("2017-04-12", "day")
    assert row["name"] is None


def test_relationship_dates_are_event_dates_where_known() -> None:
    row = derive_relationship(
        [
            ({"areas": ["training"], "date": "2019-03", "published": "2019-04-02"}, 1),
            ({"areas": ["cybercrime"], "date": None, "published": "2024-01-20"}, 2),
        ]
    )
    assert row["areas"] == ["cybercrime", "training"]
    assert row["weight"] == 3
    assert (row["first_seen"], row["first_seen_source"], row["first_seen_precision"]) == (
        "2019-03",
        "event",
        "month",
    )
    assert (row["last_seen"], row["last_seen_source"]) == ("2024-01-20", "publication")
    assert row["date_source"] == "mixed"


def test_an_edited_article_takes_its_old_areas_with_it(
    neo4j_settings: Settings, clean_db: neo4j.Driver, tmp_path: Path
) -> None:
    """Areas and names shrink when their support goes: an edit replaces, never adds."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = dataclasses.replace(neo4j_settings, var=tmp_path / "var", corpus=corpus)
    article = corpus / "peru.md"
    article.write_text(
        "---\ntitle: Peru and Chile\npublished: 2024-03-01\n---\n"
        "Peru and Chile signed a memorandum of understanding on cybercrime and data protection.\n",
        encoding="utf-8",
    )
    build_graph(settings, clean_db, processes=1)
    query = "MATCH (:Organisation {name: 'Peru'})-[r:COOPERATES_WITH]-() RETURN r.areas AS areas"
    assert set(_read(clean_db, query)[0]["areas"]) == {"cybercrime", "data-protection"}
    article.write_text(
        "---\ntitle: Peru and Chile\npublished: 2024-03-01\n---\n"
        "Peru and Chile signed a memorandum of understanding on training and awareness.\n",
        encoding="utf-8",
    )
    build_graph(settings, clean_db, processes=1)
    assert set(_read(clean_db, query)[0]["areas"]) == {"training", "awareness"}


def _working_group(doc: str, a: str, b: str) -> Record:
    s = f"{a} and {b} will establish a Cyber Policy Working Group."
    return Record(
        article=ArticleMeta(id=doc, sha256=doc * 8),
        organisations=[
            Organisation(a, "country", evidence=_ev(s)),
            Organisation(b, "country", evidence=_ev(s)),
            Organisation("Cyber Policy Working Group", "intergovernmental", evidence=_ev(s)),
        ],
        agreements=[
            Agreement(
                "partnership", name="Cyber Policy Working Group", parties=[a, b], evidence=_ev(s)
            )
        ],
    )


def test_bodies_of_one_name_made_by_two_pairs_are_two_partnerships(
    clean_db: neo4j.Driver,
) -> None:
    Loader(clean_db).load(
        [
            _working_group("a", "United States", "Argentina"),
            _working_group("b", "United States", "Brazil"),
            _working_group("c", "Argentina", "United States"),  # the first pair again
        ]
    )
    rows = _read(
        clean_db,
        "MATCH (o)-[:PARTY_TO]->(g:Agreement) "
        "RETURN g.id AS id, g.name AS name, collect(DISTINCT o.name) AS parties",
    )
    assert sorted(sorted(r["parties"]) for r in rows) == [
        ["Argentina", "United States"],
        ["Brazil", "United States"],
    ]
    assert {r["name"] for r in rows} == {"Cyber Policy Working Group"}
    # no Argentina-Brazil cooperation through a merged agreement
    assert not _read(
        clean_db,
        "MATCH (a {name: 'Argentina'})-[:COOPERATES_WITH]-(b {name: 'Brazil'}) RETURN a",
    )
