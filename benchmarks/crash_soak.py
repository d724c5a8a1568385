#!/usr/bin/env python3
"""Crash soak: kill `kg build` or Neo4j with SIGKILL mid-build; the next build must heal.

usage: python benchmarks/crash_soak.py [--articles 2000] [--points 20] [--processes 1]

On a synthetic corpus (``benchmarks/synth.py``) in a var of its own, on a Neo4j
of its own (``--var``, ``--bolt-port``, ``--http-port``), each kill point:

1. changes the corpus: adds, edits (another text under the same file name) and
   removes ``--change`` articles each;
2. runs ``kg build`` as a subprocess and, once the build reaches the stage the
   point aims at (extract, load or remove: read from the server's running
   transactions), SIGKILLs the build or the Neo4j server a random moment later,
   and restarts the server if it was the one killed;
3. runs ``kg build`` again, which must finish (exit 0), and ``kg check``, which
   must pass (exit 0);
4. empties the database and the build manifest, builds the same corpus clean,
   and compares the two graphs (``kg.store.dump``: every node and relationship
   with all properties, lists as sets).

It prints one row per point: when the kill came (seconds into the build), the
stage that was running, what was killed, and whether the graph converged. The
exit code is 0 only if every point converged. The database of the server at
``--var`` is emptied: never point it at a graph you want to keep.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import neo4j  # noqa: E402
import synth  # noqa: E402

from kg.settings import Settings, get_settings  # noqa: E402
from kg.store import db, neo4j_server  # noqa: E402
from kg.store.dump import diff_dumps, dump_graph  # noqa: E402

KG = [str(Path(sys.executable).with_name("kg"))]
STAGES = ("extract", "load", "remove")
EDIT_SEED_OFFSET = 1000  # edited texts come from another seed's articles: never a copy


# ---------------------------------------------------------------------- stages
def classify(query: str) -> str:
    """The build stage a running query belongs to: 'write' for the steps load and removal
    share (forgetting evidence, pruning, deriving), 'other' for what no stage owns."""
    if "DETACH DELETE a" in query:
        return "remove"
    loads = (
        "MERGE (a:Article",
        "CREATE (e:Evidence",
        "MERGE (o:",
        "a.sha256 = row.sha256",
        "MATCH (a:Article {id: row.",  # the article's areas
    )
    if any(s in query for s in loads):
        return "load"
    shared = (
        ":Evidence {article: id}",
        "NOT EXISTS { MATCH (e:Evidence",
        ":Evidence {fact: f}",
        "= row.name",
        "SET r.areas = row.areas",
    )
    if any(s in query for s in shared):
        return "write"
    if "WITH properties(a) AS p" in query or "RETURN b.format" in query:
        return "scan"
    if "MERGE (c:CommitmentArea" in query or "CONSTRAINT" in query or "INDEX" in query:
        return "schema"
    if "MERGE (b:Build" in query:
        return "stamp"
    return "other"


class Watcher(threading.Thread):
    """Follows a build's stage through the server's running transactions (SHOW TRANSACTIONS).

    With no transaction open after the build has read the graph's articles, it
    extracts (or reads cached records) until the loads are over. A transaction
    seen only in the steps load and removal share (forgetting evidence, pruning,
    deriving) is a removal once a load transaction has ended (a soak changes
    fewer articles than one load batch), else a load.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(daemon=True)
        self.settings = settings
        self.started = time.monotonic()
        self.stage = "start"
        self.kinds: dict[str, str] = {}  # transaction id → stage
        self.loads_ended = False
        self.seen: set[str] = set()
        self.timeline: list[tuple[float, str]] = []
        self.changed = threading.Condition()
        self.stopped = threading.Event()

    def run(self) -> None:
        driver = None
        while not self.stopped.is_set():
            try:
                if driver is None:
                    driver = db.connect(self.settings)
                self._poll(driver)
            except Exception:  # noqa: BLE001 - the server may be down: try again
                if driver is not None:
                    driver.close()
                driver = None
                time.sleep(0.2)
            time.sleep(0.02)
        if driver is not None:
            driver.close()

    def _poll(self, driver: neo4j.Driver) -> None:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery AS q "
            "WHERE NOT q STARTS WITH 'SHOW' RETURN id, q",
            database_="system",
        )
        open_now: set[str] = set()
        for r in records:
            kind = classify(r["q"] or "")
            if kind in ("load", "remove"):
                self.kinds.setdefault(r["id"], kind)
            open_now.add(self.kinds.get(r["id"], kind))
        ids = {r["id"] for r in records}
        if any(k == "load" and i not in ids for i, k in self.kinds.items()):
            self.loads_ended = True
        if "write" in open_now:  # the first steps of a load or a removal
            open_now.add("remove" if self.loads_ended else "load")
        order = ("remove", "load", "stamp", "scan", "schema")
        stage = next((k for k in order if k in open_now), None)
        if stage is None:
            if open_now:  # something no stage owns: no change
                stage = self.stage
            elif self.stage in ("scan", "load"):
                stage = "extract"
            else:
                stage = self.stage
        with self.changed:
            if stage != self.stage:
                self.timeline.append((time.monotonic() - self.started, stage))
            self.stage = stage
            self.seen.add(stage)
            self.changed.notify_all()

    def wait_for(self, stage: str, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: stage in self.seen, timeout=timeout)


# ---------------------------------------------------------------------- the corpus
class Corpus:
    """The synthetic corpus on disk and the supply of new and edited texts."""

    def __init__(self, folder: Path, articles: int, seed: int) -> None:
        self.folder = folder
        self.seed = seed
        self.next_new = articles
        self.next_edit = 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for art in synth.generate(articles, seed=seed):
            self._write(art.id, art.markdown())

    def _write(self, article_id: str, text: str) -> None:
        (self.folder / f"{article_id}.md").write_text(text, encoding="utf-8")

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.md"))

    def change(self, rng: random.Random, n: int) -> tuple[int, int, int]:
        """Add n new articles, give n others another text, remove n more."""
        present = self.ids()
        chosen = rng.sample(present, min(len(present), 2 * n))
        edit, remove = chosen[:n], chosen[n:]
        for article_id in edit:
            other = synth.make_article(self.next_edit, seed=self.seed + EDIT_SEED_OFFSET)
            self.next_edit += 1
            self._write(article_id, other.markdown())
        for article_id in remove:
            (self.folder / f"{article_id}.md").unlink()
        for art in synth.generate(n, seed=self.seed, start=self.next_new):
            self._write(art.id, art.markdown())
        self.next_new += n
        return n, len(edit), len(remove)


# ---------------------------------------------------------------------- running
@dataclass
class Point:
    number: int
    victim: str
    target: str
    killed_at: float | None = None
    stage: str = "-"
    build_rc: int | None = None
    recover_rc: int | None = None
    check_rc: int | None = None
    converged: bool = False
    note: str = ""


def kg(*args: str, log: Path, timeout: float = 3600) -> int:
    with log.open("a") as out:
        out.write(f"\n$ kg {' '.join(args)}\n")
        out.flush()
        return subprocess.run(
            [*KG, *args], stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False
        ).returncode


def build_args(processes: int) -> list[str]:
    return ["build", "--processes", str(processes), "--no-views", "--no-queries"]


def wipe(settings: Settings) -> None:
    """An empty database and no manifest: the next build is a clean one."""
    with db.connect(settings) as driver:
        db.empty(driver, settings.neo4j_database)
    (settings.var / "cache" / "manifest.json").unlink(missing_ok=True)


def snapshot(settings: Settings):
    with db.connect(settings) as driver:
        return dump_graph(driver, settings.neo4j_database)


def killed_build(
    settings: Settings, point: Point, rng: random.Random, processes: int, log: Path
) -> bool:
    """Run `kg build`, kill the victim once the target stage is reached, restart the server.

    Returns whether the kill came before the build ended.
    """
    watcher = Watcher(settings)
    watcher.start()
    with log.open("a") as out:
        out.write(f"\n$ kg {' '.join(build_args(processes))}  # point {point.number}\n")
        out.flush()
        proc = subprocess.Popen(
            [*KG, *build_args(processes)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes every process
        )
        watcher.started = started = time.monotonic()
        # wait for the target stage (or the end of the build), then a moment into it
        while proc.poll() is None and not watcher.wait_for(point.target, timeout=0.2):
            pass
        if proc.poll() is None:
            time.sleep(rng.uniform(0, 2.0 if point.target == "extract" else 0.3))
        killed = proc.poll() is None
        if killed:
            point.stage = watcher.stage
            point.killed_at = time.monotonic() - started
            if point.victim == "build":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                neo4j_server.kill(settings)
        try:
            point.build_rc = proc.wait(timeout=5 if point.victim == "neo4j" else 900)
        except subprocess.TimeoutExpired:  # retrying its transaction: the server comes back
            neo4j_server.start(settings)
            try:
                point.build_rc = proc.wait(timeout=900)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                point.build_rc = proc.wait()
                point.note = "the build hung after the server came back"
        if killed and point.victim == "neo4j":
            neo4j_server.start(settings)
    watcher.stopped.set()
    watcher.join()
    with log.open("a") as out:
        steps = ", ".join(f"{t:.1f} s {stage}" for t, stage in watcher.timeline)
        out.write(f"# stages seen: {steps}\n")
    return killed


def run_point(
    settings: Settings,
    corpus: Corpus,
    point: Point,
    rng: random.Random,
    args: argparse.Namespace,
    change: int,
    log: Path,
) -> None:
    """Change the corpus, kill a build, build again, check, and compare with a clean build."""
    t0 = time.monotonic()
    added = edited = removed = 0
    for attempt in range(1, 4):  # a build that ends before its stage came: change again
        a, e, r = corpus.change(rng, change)
        added, edited, removed = added + a, edited + e, removed + r
        if killed_build(settings, point, rng, args.processes, log):
            break
        point.note = f"{attempt} build(s) ended before the kill"
    point.recover_rc = kg(*build_args(args.processes), log=log)
    recovered = snapshot(settings)
    point.check_rc = kg("check", log=log)
    wipe(settings)
    clean_rc = kg(*build_args(args.processes), log=log)
    differences = diff_dumps(recovered, snapshot(settings), limit=10)
    point.converged = not differences and point.recover_rc == point.check_rc == clean_rc == 0
    if differences:
        with log.open("a") as out:
            out.write("\n".join(["differences from the clean build:", *differences, ""]))
    print(
        f"point {point.number}: +{added} ~{edited} -{removed}, {point.victim} killed at "
        f"{point.killed_at or 0:.1f} s ({point.stage}); converged: "
        f"{'yes' if point.converged else 'NO'} ({time.monotonic() - t0:.0f} s)",
        flush=True,
    )


def soak(args: argparse.Namespace) -> int:
    var = args.var.resolve()
    os.environ.pop("NEO4J_URI", None)
    os.environ.update(
        CYBERKG_VAR=str(var),
        CYBERKG_BOLT_PORT=str(args.bolt_port),
        CYBERKG_HTTP_PORT=str(args.http_port),
        CYBERKG_CORPUS=str(var / "corpus"),
        CYBERKG_OUT=str(var / "out"),
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    settings = get_settings()
    log = var / "soak.log"
    var.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    rng = random.Random(args.seed)
    change = args.change or max(1, args.articles // 20)

    print(f"Neo4j at {settings.uri} in {var}; log in {log}", flush=True)
    neo4j_server.start(settings)
    try:
        corpus = Corpus(settings.corpus, args.articles, args.seed)
        wipe(settings)
        started = time.monotonic()
        if kg(*build_args(args.processes), log=log) != 0:
            print(f"the first build failed: see {log}")
            return 1
        took = time.monotonic() - started
        print(f"first build of {args.articles} articles: {took:.0f} s", flush=True)

        points: list[Point] = []
        victims = (["build", "neo4j"] * args.points)[: args.points]  # as many of each
        rng.shuffle(victims)
        try:
            for number in range(1, args.points + 1):
                point = Point(number, victims[number - 1], STAGES[(number - 1) % len(STAGES)])
                run_point(settings, corpus, point, rng, args, change, log)
                points.append(point)
        except KeyboardInterrupt:  # Ctrl-C: the table of the points so far
            print(f"interrupted during point {len(points) + 1}", flush=True)
        print_table(points, args, change)
        return 0 if all(p.converged for p in points) else 1
    finally:
        if not args.keep_server:
            neo4j_server.stop(settings)


def print_table(points: list[Point], args: argparse.Namespace, change: int) -> None:
    print(
        f"\nCrash soak: {args.articles} articles, {args.points} kill points, "
        f"each adding, editing and removing {change} articles, --processes {args.processes}\n"
    )
    header = ("point", "killed at", "stage", "killed", "build rc", "rebuild", "check", "converged")
    rows = [
        (
            str(p.number),
            f"{p.killed_at:.1f} s" if p.killed_at is not None else "-",
            p.stage,
            p.victim if p.killed_at is not None else f"none ({p.note})",
            str(p.build_rc),
            str(p.recover_rc),
            str(p.check_rc),
            "yes" if p.converged else "NO",
        )
        for p in points
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(f"\n{sum(p.converged for p in points)} of {len(points)} points converged.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--change", type=int, default=0, help="default: articles / 20")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "soak")
    parser.add_argument("--bolt-port", type=int, default=7778)
    parser.add_argument("--http-port", type=int, default=7478)
    parser.add_argument("--keep-server", action="store_true", help="leave Neo4j running")
    return soak(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
