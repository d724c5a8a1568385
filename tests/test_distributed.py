"""`kg build --cluster`: extraction on a Dask cluster gives the graph a local build gives."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import time
from pathlib import Path

import neo4j
import pytest

from kg.build import build_graph
from kg.distributed import ClusterError, extract_on_cluster
from kg.settings import PROJECT_ROOT, Settings
from kg.store.load import graph_counts

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import synth  # noqa: E402

pytestmark = pytest.mark.neo4j
ARTICLES = 80  # three chunks of work: more tasks than workers


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    path = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")) if p)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
        env={"PYTHONPATH": path},
    ) as c:
        yield c.scheduler_address


def snapshot(driver: neo4j.Driver, database: str | None) -> dict:
    def rows(query: str) -> list:
        records, _, _ = driver.execute_query(
            query, database_=database, routing_=neo4j.RoutingControl.READ
        )
        return sorted(tuple(map(repr, r.values())) for r in records)

    return {
        "counts": graph_counts(driver, database),
        "nodes": rows("MATCH (n) RETURN labels(n), n.id"),
        "relationships": rows(
            "MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, r.key, r.weight, r.areas, "
            "r.first_seen, r.last_seen"
        ),
    }


def test_cluster_build_equals_local_build(
    cluster: str, neo4j_settings: Settings, clean_db: neo4j.Driver, tmp_path: Path
) -> None:
    for art in synth.generate(ARTICLES, seed=21):
        synth.write_article(art, tmp_path / "synthetic")
    corpus = tmp_path / "synthetic" / "articles"
    database = neo4j_settings.neo4j_database

    local = dataclasses.replace(neo4j_settings, var=tmp_path / "local", corpus=corpus)
    start = time.perf_counter()
    report = build_graph(local, clean_db, processes=1)
    local_seconds = time.perf_counter() - start
    assert (report.extracted, report.errors) == (ARTICLES, [])
    expected = snapshot(clean_db, database)
    assert expected["counts"]["node:Organisation"] > 20

    with clean_db.session(database=database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    remote = dataclasses.replace(neo4j_settings, var=tmp_path / "remote", corpus=corpus)
    start = time.perf_counter()
    report = build_graph(remote, clean_db, processes=1, cluster=cluster)
    cluster_seconds = time.perf_counter() - start
    assert (report.extracted, report.errors) == (ARTICLES, [])
    assert snapshot(clean_db, database) == expected
    print(
        f"\n{ARTICLES} articles: local build, 1 process {local_seconds:.1f} s; "
        f"Dask LocalCluster, 2 worker processes {cluster_seconds:.1f} s"
    )

    # the same record cache: a rebuild of the cluster's var extracts nothing
    with clean_db.session(database=database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    again = build_graph(remote, clean_db, processes=1, cluster=cluster)
    assert (again.extracted, again.cached) == (0, ARTICLES)
    assert snapshot(clean_db, database) == expected


def test_an_extraction_error_costs_its_article_only(cluster: str) -> None:
    from extract.records import ArticleMeta
    from kg.cache import pipeline_fingerprint
    from kg.settings import get_settings

    model = get_settings().model
    arts = list(synth.generate(3, seed=2))
    items = [(ArticleMeta(id=a.id), a.text) for a in arts]
    items[1] = (ArticleMeta(id="broken"), None)  # not a text: spaCy refuses it
    out = list(
        extract_on_cluster(items, model=model, address=cluster, version=pipeline_fingerprint(model))
    )
    assert [getattr(o, "article", None) and o.article.id for o in out] == [
        arts[0].id,
        None,
        arts[2].id,
    ]
    assert "broken: extraction failed" in str(out[1])


def test_another_pipeline_on_the_workers_stops_the_build(cluster: str) -> None:
    from extract.records import ArticleMeta
    from kg.settings import get_settings

    items = [(ArticleMeta(id="a"), "Kenya and Romania signed a memorandum.")]
    with pytest.raises(ClusterError, match="a worker runs pipeline .* this build other"):
        list(
            extract_on_cluster(items, model=get_settings().model, address=cluster, version="other")
        )


def test_no_scheduler_is_one_line_saying_how_to_start_one() -> None:
    from extract.records import ArticleMeta

    with pytest.raises(
        ClusterError, match=r"no Dask scheduler at tcp://127.0.0.1:9 .*dask scheduler"
    ):
        list(
            extract_on_cluster(
                [(ArticleMeta(id="a"), "text")],
                model="m",
                address="tcp://127.0.0.1:9",
                version="v",
                timeout="2s",
            )
        )
