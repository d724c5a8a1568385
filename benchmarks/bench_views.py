"""Views benchmark: site generation time and time to a settled overview in Chromium.

For graphs of 100, 1,000 and 5,000 organisations, synthetic records (made here,
deterministic) are loaded with the project's Loader into Neo4j, the site is
written (the layout is computed then, with igraph), and headless Debian chromium
(Playwright, /usr/bin/chromium) opens index.html from file:// until the first
frame is drawn with its labels: the settled render, after which nothing moves.

THIS EMPTIES THE DATABASE it talks to: run it against your own server, e.g.
    CYBERKG_VAR=/tmp/kg-bench CYBERKG_BOLT_PORT=7731 CYBERKG_HTTP_PORT=7431 \\
        .venv/bin/python benchmarks/bench_views.py --wipe
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

from extract.records import Record  # noqa: E402
from kg.settings import get_settings  # noqa: E402
from kg.store import db  # noqa: E402
from kg.store.load import Loader  # noqa: E402
from kg.views import render_site  # noqa: E402
from kg.views.data import read_graph  # noqa: E402

SIZES = (100, 1_000, 5_000)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def synthetic_records(n_orgs: int, seed: int = 1) -> list[Record]:
    """About 1.2 articles per organisation over a pool of ``n_orgs`` (``benchmarks/synth.py``)."""
    return synth.records(int(n_orgs * 1.2), seed, pool=n_orgs)


def settle_in_chromium(index: Path) -> tuple[float, float, int, int]:
    """(ms from navigation start to the settled render, wall seconds, drawn nodes, labels)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        began = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_selector("html[data-settled=true]", state="attached", timeout=600_000)
        wall = time.perf_counter() - began
        settled_ms = page.evaluate("window.cyberkgView.settledAt")
        drawn = page.evaluate("window.cyberkgView.drawnNodeCount()")
        labels = page.evaluate("window.cyberkgView.labelBoxes().length")
        browser.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return settled_ms, wall, drawn, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wipe", action="store_true", help="confirm: the database is emptied")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    settings = get_settings()
    if not args.wipe:
        sys.exit(f"This empties the database at {settings.uri}; pass --wipe to go on.")
    driver = db.ensure_database(settings)
    database = db.database(settings)
    rows = []
    try:
        for n in args.sizes:
            db.empty(driver, database)
            records = synthetic_records(n)
            t0 = time.perf_counter()
            Loader(driver, database=database).load(records)
            load_s = time.perf_counter() - t0
            with tempfile.TemporaryDirectory(prefix="kg-bench-site-") as tmp:
                t0 = time.perf_counter()
                graph = read_graph(driver, database)
                read_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                index = render_site(graph, Path(tmp))
                render_s = time.perf_counter() - t0
                size_mb = index.stat().st_size / 1e6
                pages = sum(1 for _ in Path(tmp).rglob("*.html"))
                settled_ms, wall, drawn, labels = settle_in_chromium(index)
            rows.append(
                (
                    n,
                    len(graph.links),
                    len(graph.agreements),
                    load_s,
                    read_s,
                    render_s,
                    pages,
                    size_mb,
                    drawn,
                    labels,
                    settled_ms / 1000,
                    wall,
                )
            )
            print(f"done {n}", file=sys.stderr, flush=True)
    finally:
        driver.close()
    head = (
        "| orgs | links | agreements | load s | read s | write s | pages | index MB "
        "| drawn nodes | labels | settled render s | wall s |"
    )
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for r in rows:
        print(
            f"| {r[0]:,} | {r[1]:,} | {r[2]:,} | {r[3]:.1f} | {r[4]:.2f} | {r[5]:.2f} | {r[6]:,} "
            f"| {r[7]:.2f} | {r[8]:,} | {r[9]:,} | {r[10]:.2f} | {r[11]:.2f} |"
        )


if __name__ == "__main__":
    main()
