"""Crash safety on the real server: SIGKILL Neo4j in the middle of a large load.

A thread loads a few thousand synthetic records in build-sized batches while the
main thread kills the server. After a restart, the articles the graph does not
mark as loaded (``Article.sha256``) are loaded again, as ``kg build`` does; the
graph must then equal a clean load: same nodes, relationships, keys, evidence,
weights, and no duplicates.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable

import neo4j
import pytest

from extract.records import Record
from kg.settings import PROJECT_ROOT
from kg.store import db, neo4j_server
from kg.store.load import Loader, graph_counts

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import synth  # noqa: E402

pytestmark = pytest.mark.neo4j
ARTICLES = 2000
BATCH = 200  # as kg build loads


def synthetic(n: int, seed: int = 6) -> list[Record]:
    """Records over a pool of 400 organisations, so articles share many facts."""
    return synth.records(n, seed, pool=400)


def snapshot(driver: neo4j.Driver, database: str | None) -> dict:
    def rows(query: str) -> list:
        records, _, _ = driver.execute_query(
            query, database_=database, routing_=neo4j.RoutingControl.READ
        )
        return sorted(tuple(r.values()) for r in records)

    return {
        "counts": graph_counts(driver, database),
        "nodes": rows("MATCH (n) WHERE n.id IS NOT NULL RETURN head(labels(n)), n.id"),
        "relationships": rows(
            "MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN type(r), r.key, r.weight, "
            "r.first_seen, r.last_seen"
        ),
        "loaded": rows("MATCH (a:Article) RETURN a.id, a.sha256"),
    }


def duplicates(driver: neo4j.Driver, database: str | None) -> list:
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE r.key IS NOT NULL WITH r.key AS k, count(*) AS n "
        "WHERE n > 1 RETURN k, n LIMIT 5 "
        "UNION ALL MATCH (n) WHERE n.id IS NOT NULL WITH head(labels(n)) AS k, n.id AS id, "
        "count(*) AS n WHERE n > 1 RETURN k + ':' + id AS k, n LIMIT 5",
        database_=database,
    )
    return [tuple(r.values()) for r in records]


def load_batches(
    driver: neo4j.Driver,
    database: str | None,
    records: list[Record],
    done: Callable[[int], None] | None = None,
) -> None:
    loader = Loader(driver, database=database)
    for n, i in enumerate(range(0, len(records), BATCH), start=1):
        loader.load(records[i : i + BATCH])
        if done:
            done(n)


def not_loaded(driver: neo4j.Driver, database: str | None, records: list[Record]) -> list[Record]:
    """The records whose article the graph does not mark as loaded with this text."""
    rows, _, _ = driver.execute_query(
        "MATCH (a:Article) RETURN a.id AS id, a.sha256 AS sha", database_=database
    )
    marked = {r["id"]: r["sha"] for r in rows}
    return [r for r in records if marked.get(r.article.id) != r.article.sha256]


def test_kill_during_a_large_load_then_reload_equals_a_clean_load(clean_db, neo4j_settings):
    if not neo4j_settings.managed:
        pytest.skip("kills the project's own server only")
    database = neo4j_settings.neo4j_database
    records = synthetic(ARTICLES)

    started = time.monotonic()
    load_batches(clean_db, database, records)
    clean_seconds = time.monotonic() - started
    reference = snapshot(clean_db, database)
    assert reference["counts"]["node:Article"] == ARTICLES
    db.empty(clean_db, database)

    failure: list[BaseException] = []
    batches = -(-ARTICLES // BATCH)
    third = threading.Event()

    def load() -> None:
        try:
            with db.connect(neo4j_settings) as driver:
                load_batches(driver, database, records, lambda n: n == 3 and third.set())
        except BaseException as err:  # the kill surfaces as a driver error
            failure.append(err)

    loader = threading.Thread(target=load)
    loader.start()
    assert third.wait(timeout=600), "the load never got to its third batch"
    time.sleep(clean_seconds / batches / 2)  # into the fourth batch
    assert neo4j_server.kill(neo4j_settings), "no server to kill"
    loader.join(timeout=600)
    assert not loader.is_alive()
    assert failure, "the load finished before the kill"
    print(
        f"\nclean load of {ARTICLES} articles: {clean_seconds:.1f} s; "
        f"killed during batch 4 of {batches}: {type(failure[0]).__name__}"
    )

    neo4j_server.start(neo4j_settings)
    with db.connect(neo4j_settings) as driver:
        todo = not_loaded(driver, database, records)
        print(f"after restart: {ARTICLES - len(todo)} articles marked loaded, {len(todo)} to load")
        assert 0 < len(todo) < ARTICLES
        load_batches(driver, database, todo)
        assert not_loaded(driver, database, records) == []
        assert duplicates(driver, database) == []
        assert snapshot(driver, database) == reference
