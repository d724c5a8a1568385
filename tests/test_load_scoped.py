"""The loader on the real server: scoped upkeep, shared facts, and the neo4j:// routing scheme."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import neo4j
import pytest

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record, Relation
from kg.settings import Settings
from kg.store import db, neo4j_server
from kg.store.load import Loader, graph_counts

pytestmark = pytest.mark.neo4j
SENT = "Kenya and Romania signed a memorandum of understanding."


def _ev(text: str = SENT) -> list[Evidence]:
    return [Evidence(sentence=text, start=0, end=len(text))]


def _record(article: str, published: str, *, extra: bool = False) -> Record:
    orgs = [
        Organisation("Kenya", "country", evidence=_ev()),
        Organisation("Romania", "country", evidence=_ev()),
    ]
    rels = [Relation("Kenya", "Romania", _ev())]
    agreements = []
    if extra:
        text = "Ghana and Rwanda signed a treaty."
        orgs += [
            Organisation("Ghana", "country", evidence=_ev(text)),
            Organisation("Rwanda", "country", evidence=_ev(text)),
        ]
        agreements.append(
            Agreement(
                "treaty", parties=["Ghana", "Rwanda"], areas=["cybercrime"], evidence=_ev(text)
            )
        )
    return Record(
        article=ArticleMeta(id=article, title=article, published=published, sha256=article * 4),
        organisations=orgs,
        partnerships=rels,
        agreements=agreements,
        pipeline="test",
    )


def _read(driver: neo4j.Driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, routing_=neo4j.RoutingControl.READ)
    return [r.data() for r in records]


def _edge(driver: neo4j.Driver) -> dict:
    rows = _read(
        driver,
        "MATCH (:Organisation {id: 'kenya'})-[r:COOPERATES_WITH]-(:Organisation {id: 'romania'}) "
        "RETURN r.weight AS w, r.first_seen AS f, r.last_seen AS l",
    )
    assert len(rows) == 1
    return rows[0]


def test_removal_keeps_shared_facts_and_updates_weights(clean_db: neo4j.Driver) -> None:
    loader = Loader(clean_db, batch_size=2)  # small batches: several transactions per step
    loader.load([_record("a", "2020-01-01", extra=True), _record("b", "2021-05-05")])
    assert _edge(clean_db) == {"w": 2, "f": "2020-01-01", "l": "2021-05-05"}
    assert graph_counts(clean_db)["rel:COOPERATES_WITH"] == 2
    pruned = loader.remove_articles(["a"])
    assert pruned > 0
    assert _edge(clean_db) == {"w": 1, "f": "2021-05-05", "l": "2021-05-05"}
    names = {r["n"] for r in _read(clean_db, "MATCH (o:Organisation) RETURN o.name AS n")}
    assert names == {"Kenya", "Romania"}
    assert _read(clean_db, "MATCH (g:Agreement) RETURN g") == []
    assert graph_counts(clean_db)["rel:COOPERATES_WITH"] == 1


def test_reload_is_idempotent_and_replaces_an_edited_article(clean_db: neo4j.Driver) -> None:
    loader = Loader(clean_db)
    loader.load([_record("a", "2020-01-01", extra=True), _record("b", "2021-05-05")])
    counts = graph_counts(clean_db)
    loader.load([_record("a", "2020-01-01", extra=True)])
    assert graph_counts(clean_db) == counts
    loader.load([_record("a", "2020-01-01")])  # the edit drops the Ghana–Rwanda treaty
    assert {r["n"] for r in _read(clean_db, "MATCH (o:Organisation) RETURN o.name AS n")} == {
        "Kenya",
        "Romania",
    }
    assert _edge(clean_db)["w"] == 2


def test_scoped_prune_matches_a_global_one(clean_db: neo4j.Driver) -> None:
    loader = Loader(clean_db)
    loader.load([_record("a", "2020-01-01", extra=True), _record("b", "2021-05-05")])
    loader.remove_articles(["a"])
    assert loader.prune() == 0  # the global scan finds nothing the scoped one missed


def _routing_uri(settings: Settings) -> str:
    parts = urlsplit(settings.uri)
    return urlunsplit(("neo4j", parts.netloc, parts.path, parts.query, parts.fragment))


def test_loading_through_the_routing_scheme(neo4j_settings: Settings, clean_db) -> None:
    """neo4j:// (as for a cluster or Aura) works against a single server, unchanged."""
    password = (
        neo4j_server.get_password(neo4j_settings, create=False)
        if neo4j_settings.managed
        else neo4j_settings.neo4j_password
    )
    auth = (neo4j_settings.neo4j_user, password) if password else None
    with neo4j.GraphDatabase.driver(_routing_uri(neo4j_settings), auth=auth) as routed:
        routed.verify_connectivity()
        loader = Loader(routed, database=db.database(neo4j_settings))
        loader.load([_record("a", "2020-01-01", extra=True), _record("b", "2021-05-05")])
        assert graph_counts(routed, db.database(neo4j_settings))["node:Article"] == 2
    assert _edge(clean_db)["w"] == 2
