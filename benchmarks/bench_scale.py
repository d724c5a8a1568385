#!/usr/bin/env python3
"""Scale benchmark: extraction, loading and incremental builds on synthetic corpora.

usage: python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--force] [--sample N]

For each size it prints: extraction words/s and articles/s with 1 and 2
processes beside the bare model's ``nlp.pipe`` on the first ``--sample``
articles; a build from scratch (``build_graph`` in a fresh process, as ``kg build``
runs it) with its peak memory and the time of each of its stages; the
one-article incremental rebuild; a no-op rebuild; the extraction F1 against the
truth the generator planted and load relationships/s for the batched loader
beside one ``MERGE`` per row, both on the first ``--subset`` articles. With
several sizes it ends with the growth of every figure from the smallest size to
the largest beside the growth of the corpus, flagging what grows worse than
linearly, and checks the targets for 100,000 articles (from scratch < 30 min,
peak memory < 2 GiB, one-article and no-change rebuilds < 5 s).

Nothing in it holds the whole corpus in memory: only the sample and the subset
are read back, so the benchmark process stays small at 100,000 articles. For
that size give its Neo4j more page cache (CYBERKG_NEO4J_PAGECACHE=1g before
``kg neo4j start``): the graph no longer fits in the default 256m.

It EMPTIES the Neo4j database it is pointed at (refusing unless the database
is empty or --force is given): run it on a server of its own, e.g.
CYBERKG_VAR=/tmp/kg-bench CYBERKG_BOLT_PORT=7750 CYBERKG_HTTP_PORT=7450.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import neo4j  # noqa: E402
import synth  # noqa: E402

from extract.records import Record  # noqa: E402
from kg.build import LOAD_BATCH, PIPE_BATCH, extract_records  # noqa: E402
from kg.cache import RecordCache, pipeline_fingerprint  # noqa: E402
from kg.corpus import read_article  # noqa: E402
from kg.settings import get_settings  # noqa: E402
from kg.store import db  # noqa: E402
from kg.store.load import Loader, graph_counts  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
PER_ROW_ARTICLES = 1000

# The build as `kg build` runs it, in a process of its own so that its start-up,
# wall time and peak memory are its own. The pipeline version is pinned to the
# benchmark's, so concurrent edits of the extractor cannot turn a one-article
# rebuild into a full one halfway through.
BUILD_SCRIPT = """
import dataclasses, json, os, resource, sys, time
from pathlib import Path
import kg.build
from kg.store import db
from kg.settings import get_settings
corpus, var, version, processes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
kg.build.pipeline_fingerprint = lambda model: version
stages = {}
def timed(owner, name, label):
    fn = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            stages[label] = stages.get(label, 0.0) + time.perf_counter() - start
    setattr(owner, name, wrapper)
timed(kg.build, "scan_corpus", "scan corpus")
timed(kg.build, "graph_articles", "read graph's articles")
timed(kg.build.Loader, "load", "load")
timed(kg.build.Loader, "remove_articles", "remove")
timed(kg.build.Manifest, "__init__", "manifest read")
timed(kg.build.Manifest, "save", "manifest write")
base = get_settings()
settings = dataclasses.replace(base, var=Path(var), corpus=Path(corpus))
driver = db.connect(base)
start = time.perf_counter()
report = kg.build.build_graph(settings, driver, processes=processes)
stages["build_graph"] = time.perf_counter() - start
driver.close()
out = dataclasses.asdict(report)
out["stages"] = stages
out["errors"] = [str(e) for e in report.errors]
out["maxrss_self_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out["maxrss_children_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps(out))
"""


def say(*parts: object) -> None:
    print(*parts, flush=True)


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s" if seconds > 0 else "-"


# ---------------------------------------------------------------------- extraction
def bare_model(model: str, texts: list[str]) -> float:
    """Seconds for the bare spaCy model's nlp.pipe over the texts (one process)."""
    import spacy

    nlp = spacy.load(model)
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=PIPE_BATCH):
        pass
    return time.perf_counter() - start


def ours(model: str, items: list, processes: int) -> tuple[float, list[Record]]:
    """Seconds and records for the project's extraction with N processes (model load included)."""
    start = time.perf_counter()
    out = list(extract_records(items, model=model, processes=processes))
    seconds = time.perf_counter() - start
    return seconds, [r for r in out if isinstance(r, Record)]


def f1(records: list[Record], truth: Path, work: Path) -> dict | None:
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    preds = work / "predictions.jsonl"
    preds.write_text("".join(json.dumps(r.to_eval()) + "\n" for r in records), encoding="utf-8")
    return score.score(truth, preds)


# ---------------------------------------------------------------------- loading
class PerRowLoader(Loader):
    """The same queries, one ``MERGE`` per row, each row in a transaction of its own:
    what a loader without batching does. Neo4j reads committed data, so the batched
    loader's reads in its own transaction see these rows as they are written."""

    @staticmethod
    def _single(query: str) -> str:
        return re.sub(r"^UNWIND \$rows AS (\w+)", r"WITH $row AS \1", query)

    def _run(self, tx, query, rows, **params):
        if rows is None:
            return super()._run(tx, query, rows, **params)
        single = self._single(query)
        out = []
        with self.driver.session(database=self.database) as session:
            for row in rows:
                out.extend(
                    session.execute_write(
                        lambda t, r=row: [x.data() for x in t.run(single, row=r, **params)]
                    )
                )
        return out


def wipe(driver: neo4j.Driver, database: str | None) -> None:
    db.empty(driver, database)


def relationships(driver: neo4j.Driver, database: str | None) -> int:
    return sum(v for k, v in graph_counts(driver, database).items() if k.startswith("rel:"))


def timed_load(loader: Loader, records: list[Record], batch: int = LOAD_BATCH) -> float:
    start = time.perf_counter()
    for i in range(0, len(records), batch):
        loader.load(records[i : i + batch])
    return time.perf_counter() - start


def load_bench(driver, database, records: list[Record], repeats: int = 3) -> dict:
    """Both loaders on the same records into an empty graph, after a warm-up of each.

    The batched load is timed ``repeats`` times (best kept: a checkpoint or another
    job on the machine can stall one run); the per-row one, a minute long, once.
    """
    subset = records[:PER_ROW_ARTICLES]
    out: dict = {}
    for name, cls, runs in (("batched", Loader, repeats), ("per-row", PerRowLoader, 1)):
        times = []
        for _ in range(runs):
            wipe(driver, database)
            cls(driver, database=database).load(records[-10:])  # query plans, JIT
            wipe(driver, database)
            loader = cls(driver, database=database)
            loader.ensure_schema()  # set-up, not loading: outside the timing
            times.append(timed_load(loader, subset))
        out[name] = (min(times), relationships(driver, database), times)
    wipe(driver, database)
    loader = Loader(driver, database=database)
    loader.ensure_schema()
    seconds = timed_load(loader, records)
    out["batched-all"] = (seconds, relationships(driver, database))
    wipe(driver, database)
    return out


# ---------------------------------------------------------------------- builds
def run_build(corpus: Path, var: Path, version: str, processes: int) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(corpus), str(var), version, str(processes)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr}")
    return seconds, json.loads(proc.stdout.strip().splitlines()[-1])


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def stage_line(report: dict) -> str:
    """Where the build's time went: its stages, and extraction with the rest."""
    stages = dict(report["stages"])
    total = stages.pop("build_graph")
    parts = [f"{k} {v:.2f}" for k, v in stages.items() if v >= 0.005]
    # the scan and the graph read run side by side: the longer of the two is the time spent
    side_by_side = ("scan corpus", "read graph's articles")
    spent = sum(v for k, v in stages.items() if k not in side_by_side)
    spent += max((stages.get(k, 0.0) for k in side_by_side), default=0.0)
    return f"{', '.join(parts)}, extraction and the rest {total - spent:.2f} (s)"


def read_first(articles: Path, k: int) -> list:
    """The first k articles in file order: the sample and the subset, never the whole corpus."""
    paths = sorted(articles.glob("*.md"))[:k]
    return [read_article(p) for p in paths]


def truth_subset(truth: Path, ids: list[str], work: Path) -> Path:
    """A truth folder holding only the articles scored, so the scorer sees no missing ones."""
    out = work / "truth-subset"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    out.mkdir(parents=True)
    for doc_id in ids:
        (out / f"{doc_id}.json").write_bytes((truth / f"{doc_id}.json").read_bytes())
    return out


def bench_size(n: int, args, driver, database, version: str) -> dict:
    """Every figure for one corpus size; returns them for the growth table."""
    settings = get_settings()
    work = Path(args.work) / f"synth-{n}"
    articles = work / "articles"
    figures: dict = {"articles": n}
    if sum(1 for _ in articles.glob("*.md")) != n:
        start = time.perf_counter()
        synth.write_corpus(n, work, seed=args.seed)
        say(f"  generated {n:,} articles in {time.perf_counter() - start:.1f} s ({work})")
    extra = articles / f"{synth.make_article(n, args.seed).id}.md"
    extra.unlink(missing_ok=True)
    truth = work / "truth"
    (truth / f"{extra.stem}.json").unlink(missing_ok=True)
    sample_n = min(n, args.sample or n)
    subset_n = min(n, args.subset or n)
    docs = read_first(articles, max(sample_n, subset_n))
    sample = docs[:sample_n]
    texts = [d.text for d in sample]
    items = [(d.meta, d.text) for d in sample]
    words = sum(len(t.split()) for t in texts)
    say(f"\n== {n:,} synthetic articles (about {words / len(texts):.0f} words each) ==")
    if sample_n < n:
        say(f"  extraction figures on the first {sample_n:,} articles ({words:,} words)")

    if not args.skip_extraction:
        bare = bare_model(settings.model, texts)
        say(
            f"  bare model nlp.pipe, 1 process : {rate(words, bare)} words, "
            f"{rate(len(texts), bare)} articles ({bare:.1f} s)"
        )
        one, _ = ours(settings.model, items, 1)
        say(
            f"  extraction, 1 process          : {rate(words, one)} words, "
            f"{rate(len(texts), one)} articles ({one:.1f} s) = {bare / one:.2f}x the bare rate"
        )
        two, _ = ours(settings.model, items, 2)
        say(
            f"  extraction, 2 processes        : {rate(words, two)} words, "
            f"{rate(len(texts), two)} articles ({two:.1f} s) = {bare / two:.2f}x the bare "
            f"rate, {one / two:.2f}x one process (target >= 1.6x)"
        )
    if args.only_extraction:
        return figures

    wipe(driver, database)
    var = work / "var"
    subprocess.run(["rm", "-rf", str(var)], check=True)
    seconds, report = run_build(articles, var, version, args.processes)
    counts = graph_counts(driver, database)
    rels = sum(v for k, v in counts.items() if k.startswith("rel:"))
    figures |= {
        "from scratch (s)": seconds,
        "peak memory, main (MiB)": report["maxrss_self_kib"] / 1024,
        "peak memory, worker (MiB)": report["maxrss_children_kib"] / 1024,
        "evidence nodes": counts.get("node:Evidence", 0),
        "relationships": rels,
    }
    figures |= {f"scratch: {k} (s)": v for k, v in report["stages"].items() if k != "build_graph"}
    say(
        f"  build from scratch, {args.processes} processes: {seconds:.1f} s "
        f"(target < 1,800 s for 100,000) = {n / seconds:.1f} articles/s: "
        f"{report['extracted']:,} extracted, {report['loaded']:,} loaded, "
        f"{len(report['errors'])} errors; {counts.get('node:Organisation', 0):,} organisations, "
        f"{counts.get('node:Evidence', 0):,} evidence, {rels:,} relationships"
    )
    say(f"    stages: {stage_line(report)}")
    say(
        f"  peak memory of the build       : {mib(report['maxrss_self_kib'])} main process, "
        f"{mib(report['maxrss_children_kib'])} largest worker (target < 2 GiB)"
    )
    synth.write_article(synth.make_article(n, args.seed), work)
    seconds, report = run_build(articles, var, version, args.processes)
    figures["one-article rebuild (s)"] = seconds
    figures |= {f"one-article: {k} (s)": v for k, v in report["stages"].items()}
    say(
        f"  add one article, rebuild       : {seconds:.2f} s wall incl. start-up "
        f"(target < 5 s): {report['extracted']} extracted, {report['loaded']} loaded, "
        f"{report['unchanged']:,} unchanged"
    )
    say(f"    stages: {stage_line(report)}")
    seconds, report = run_build(articles, var, version, args.processes)
    figures["no-change rebuild (s)"] = seconds
    say(
        f"  rebuild, nothing changed       : {seconds:.2f} s wall incl. start-up "
        f"(target < 5 s): {report['extracted']} extracted, {report['unchanged']:,} unchanged"
    )
    say(f"    stages: {stage_line(report)}")
    extra.unlink()
    (truth / f"{extra.stem}.json").unlink(missing_ok=True)
    seconds, report = run_build(articles, var, version, args.processes)
    figures["remove-one rebuild (s)"] = seconds
    say(
        f"  remove that article, rebuild   : {seconds:.2f} s wall incl. start-up: "
        f"{report['removed']} removed"
    )

    # the build's own records, from its cache: the F1 and the loader comparison use them
    subset = docs[:subset_n]
    store = RecordCache(var / "cache" / "records", version)
    records = [store.get(d.meta.id, d.meta.sha256 or "") for d in subset]
    records = [r for r in records if r is not None]
    del docs, sample, texts, items
    scored = truth_subset(truth, [r.article.id for r in records], work)
    scores = f1(records, scored, work)
    if scores:
        parts = " ".join(f"{k}={v['f1']:.3f}" for k, v in scores.items())
        say(f"  extraction F1 vs planted truth : {parts} ({len(records):,} articles)")
    if not args.skip_load:
        res = load_bench(driver, database, records)
        (bs, br, runs), (ps, pr, _) = res["batched"], res["per-row"]
        k = min(len(records), PER_ROW_ARTICLES)
        say(
            f"  load, batched UNWIND, {k} art. : {br:,} relationships in {bs:.2f} s = "
            f"{rate(br, bs)} (best of {', '.join(f'{t:.2f}' for t in runs)} s)"
        )
        say(
            f"  load, one MERGE per row, same  : {pr:,} relationships in {ps:.2f} s = "
            f"{rate(pr, ps)} -> batched is {ps / bs:.1f}x faster (target >= 20x)"
        )
        s_all, r_all = res["batched-all"]
        say(
            f"  load, batched, {len(records):,} articles: {r_all:,} relationships in "
            f"{s_all:.1f} s = {rate(r_all, s_all)}"
        )
    return figures


TARGETS_100K = {
    "from scratch (s)": 1800,
    "peak memory, main (MiB)": 2048,
    "peak memory, worker (MiB)": 2048,
    "one-article rebuild (s)": 5,
    "no-change rebuild (s)": 5,
}


def growth(results: list[dict]) -> None:
    """Each figure at every size, and its growth against the corpus's growth.

    A per-article growth near 1.0 is linear; above 1.3 it grows worse than linearly.
    Fixed costs (start-up, loading the model) make small figures grow less than linearly.
    """
    first, last = results[0], results[-1]
    factor = last["articles"] / first["articles"]
    sizes = " ".join(f"{r['articles']:>12,}" for r in results)
    say(f"\n== growth from {first['articles']:,} to {last['articles']:,} articles (x{factor:g}) ==")
    say(f"  {'figure':<44}{sizes}   growth  per article")
    for key in first:
        if key == "articles" or not all(key in r for r in results):
            continue
        values = " ".join(f"{r[key]:>12,.2f}" for r in results)
        g = last[key] / first[key] if first[key] else float("nan")
        note = "  <- worse than linear" if g / factor > 1.3 else ""
        say(f"  {key:<44}{values}   x{g:<7.1f}{g / factor:>6.2f}{note}")
    if last["articles"] >= 100_000:
        for key, limit in TARGETS_100K.items():
            if key in last:
                ok = "met" if last[key] < limit else "MISSED"
                say(f"  target at {last['articles']:,}: {key} < {limit:,}: {ok} ({last[key]:,.1f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated, e.g. 1000,10000")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes of the from-scratch build (default: the cores)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="measure extraction throughput on the first N articles (0: all; default 2000)",
    )
    parser.add_argument(
        "--subset",
        type=int,
        default=10_000,
        help="F1 and loader comparison on the first N articles' records (0: all; default 10000)",
    )
    parser.add_argument("--skip-load", action="store_true", help="skip the loader comparison")
    parser.add_argument(
        "--skip-extraction", action="store_true", help="skip the extraction throughput figures"
    )
    parser.add_argument(
        "--only-extraction", action="store_true", help="only the extraction throughput figures"
    )
    parser.add_argument("--work", default=None, help="folder for corpora (default: $VAR/bench)")
    parser.add_argument("--force", action="store_true", help="empty a non-empty database")
    args = parser.parse_args(argv)
    settings = get_settings()
    args.work = args.work or str(settings.var / "bench")
    database = db.database(settings)
    driver = db.ensure_database(settings)
    with driver:
        if not args.force and graph_counts(driver, database).get("node:Article"):
            parser.error(f"the database at {settings.uri} has articles: use --force to empty it")
        version = pipeline_fingerprint(settings.model)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "extract"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        say(
            f"CyberKG scale benchmark — commit {commit}{' (extract/ modified)' if dirty else ''}, "
            f"model {settings.model}, pipeline {version}"
        )
        say(
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, Neo4j {settings.uri}"
            + (
                f" (heap {settings.neo4j_heap}, page cache {settings.neo4j_pagecache})"
                if settings.managed
                else ""
            )
        )
        results = [
            bench_size(n, args, driver, database, version)
            for n in sorted(int(x) for x in args.sizes.split(","))
        ]
        wipe(driver, database)
        if len(results) > 1 and not args.only_extraction:
            growth(results)
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    say(f"\nbenchmark process peak memory: {mib(ru)}; load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
