#!/usr/bin/env python3
"""How fast the saved queries answer on a graph of N synthetic articles.

usage: python benchmarks/bench_queries.py [--articles 10000] [--runs 20] [--seed 7]
                                          [--reuse] [--wipe] [--only NAME ...]

Builds the graph from synthetic extraction *records* (no spaCy): the records a
perfect extractor gives for the synthetic articles of ``benchmarks/synth.py`` —
real country, agency, body and company names, agreements of every type and
date precision, partnerships, memberships, agencies of states, area mentions. The fixture
corpus of the query tests is loaded too, so every query's example call finds
its names. Then each saved query runs ``--runs`` times with its example
parameters (after two warm-up runs) and p50/p95 in milliseconds are printed.

It empties the database first: run it against a Neo4j of its own, e.g.
``CYBERKG_VAR=/tmp/kg-bench CYBERKG_BOLT_PORT=7712 CYBERKG_HTTP_PORT=7412``.
It refuses to empty a database holding articles it did not write unless
``--wipe`` is given. ``--reuse`` keeps a graph an earlier run built with the
same number of articles and seed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import neo4j  # noqa: E402
import synth  # noqa: E402

from extract.records import Record  # noqa: E402
from kg.queries import coerce_params, list_queries, run_query  # noqa: E402
from kg.settings import get_settings  # noqa: E402
from kg.store import db  # noqa: E402
from kg.store.load import Loader, graph_counts  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "query_records.jsonl"
SYNTH_PREFIX = "synth-"


def synthetic_records(n: int, seed: int) -> list[Record]:
    """The records of synthetic articles 0 … n-1 (``benchmarks/synth.py``)."""
    return synth.records(n, seed)


def fixture_records() -> list[Record]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Record.from_dict(json.loads(line)) for line in lines if line.strip()]


def article_ids(driver: neo4j.Driver, database: str | None) -> tuple[int, int]:
    """(synthetic articles, other articles) in the graph."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Article) RETURN a.id STARTS WITH $p AS synth, count(*) AS n",
        p=SYNTH_PREFIX,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    counts = {r["synth"]: r["n"] for r in records}
    return counts.get(True, 0), counts.get(False, 0)


def build(driver: neo4j.Driver, database: str | None, n: int, seed: int, wipe: bool) -> float:
    synth, other = article_ids(driver, database)
    fixture_ids = {r.article.id for r in fixture_records()}
    if other > len(fixture_ids) and not wipe:
        sys.exit(
            f"error: the database holds {other} articles this benchmark did not write; "
            "point it at a Neo4j of its own (CYBERKG_VAR/CYBERKG_BOLT_PORT) or pass --wipe"
        )
    db.empty(driver, database)
    started = time.perf_counter()
    records = synthetic_records(n, seed)
    loader = Loader(driver, database=database)
    batch = 1000
    for i in range(0, len(records), batch):
        loader.load(records[i : i + batch])
        print(f"  loaded {min(i + batch, n)}/{n} articles", file=sys.stderr)
    loader.load(fixture_records())
    with driver.session(database=database) as session:
        session.run("CALL db.awaitIndexes(300)").consume()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a graph of the same size")
    parser.add_argument("--wipe", action="store_true", help="empty a database of other articles")
    parser.add_argument("--only", nargs="*", help="only these queries")
    args = parser.parse_args()

    settings = get_settings()
    database = db.database(settings)
    driver = db.ensure_database(settings)
    with driver:
        synth, _ = article_ids(driver, database)
        if args.reuse and synth == args.articles:
            print(f"reusing the graph of {synth} synthetic articles", file=sys.stderr)
        else:
            secs = build(driver, database, args.articles, args.seed, args.wipe)
            print(f"built the graph of {args.articles} articles in {secs:.0f} s", file=sys.stderr)
        counts = graph_counts(driver, database)
        print("graph: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        print(f"{'query':<26} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for query in list_queries(settings.queries):
            if args.only and query.name not in args.only:
                continue
            params = coerce_params(query, query.example_params())
            times = []
            rows = 0
            for i in range(args.runs + 2):
                started = time.perf_counter()
                result = run_query(driver, query, params, database)
                if i >= 2:  # two warm-up runs: plan cache and page cache
                    times.append((time.perf_counter() - started) * 1000)
                rows = len(result.rows)
            print(
                f"{query.name:<26} {rows:>6} {statistics.median(times):>8.1f} "
                f"{percentile(times, 0.95):>8.1f}"
            )


if __name__ == "__main__":
    main()
