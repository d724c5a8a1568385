"""The overview of a larger graph is legible at first sight, in headless Debian chromium.

A deterministic synthetic graph of 300 organisations (the views benchmark's
generator) plus a few organisations that no article links to is loaded into
the real Neo4j, and the site written from it.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from extract.records import ArticleMeta, Evidence, Organisation, Record
from kg.store import db
from kg.store.load import Loader
from kg.views import write_site
from tests._browser import CHROMIUM, SCREENSHOTS, Watched, launched, overlap_ratio

ROOT = Path(__file__).resolve().parent.parent
N_ORGS = 300
N_ALONE = 5

if not CHROMIUM.exists():
    pytest.skip("Debian chromium is missing: run scripts/install-browser", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="run scripts/install-browser")

pytestmark = pytest.mark.neo4j


def synthetic_records(n: int) -> list[Record]:
    spec = importlib.util.spec_from_file_location(
        "bench_views", ROOT / "benchmarks" / "bench_views.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    records = bench.synthetic_records(n)
    for i in range(N_ALONE):
        name = f"Lonely Institute {i}"
        sentence = f"{name} published a report on cyber security."
        records.append(
            Record(
                article=ArticleMeta(
                    id=f"alone-{i}",
                    title=f"Report by {name}",
                    url=f"https://news.example.org/alone/{i}",
                    published="2020-01-01",
                    publisher="Example Times",
                    language="en",
                ),
                organisations=[
                    Organisation(name, "academic", evidence=[Evidence(sentence, 0, len(sentence))])
                ],
            )
        )
    return records


@pytest.fixture(scope="module")
def site(driver: neo4j.Driver, neo4j_settings, tmp_path_factory) -> Path:
    database = db.database(neo4j_settings)
    db.empty(driver, database)
    Loader(driver, database=database).load(synthetic_records(N_ORGS))
    return write_site(driver, neo4j_settings, tmp_path_factory.mktemp("site"), database)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with launched() as b:
        yield b


@pytest.fixture
def desk(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield Watched(context.new_page())
    context.close()


def test_at_first_sight_many_labels_and_none_overlapping(desk, site):
    desk.open(site)
    boxes = desk.labels()
    assert len(boxes) >= 15
    worst = max(
        (overlap_ratio(a, b), a["id"], b["id"]) for a, b in itertools.combinations(boxes, 2)
    )
    assert worst[0] <= 0.2, worst
    width, height = desk.page.evaluate(
        "(n => [n.clientWidth, n.clientHeight])(document.getElementById('network'))"
    )
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= width and 0 <= b["y"] <= height for b in boxes)
    # the most connected organisations are among them
    ranked = desk.page.evaluate(
        "window.cyberkgView.visibleNodeIds().map(id => window.cyberkgView.nodeById.get(id))"
        ".filter(n => n.kind === 'organisation').sort((a, b) => a.rank - b.rank)"
        ".slice(0, 5).map(n => n.id)"
    )
    assert set(ranked) <= {b["id"] for b in boxes}
    assert desk.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desk.page.screenshot(path=str(SCREENSHOTS / "views-overview-1440x900.png"))


def test_zooming_in_shows_more_labels_still_apart(desk, site):
    desk.open(site)
    before = {b["id"] for b in desk.labels()}
    desk.page.evaluate(
        "window.cyberkgView.network.moveTo({scale: window.cyberkgView.network.getScale() * 3})"
    )
    desk.page.wait_for_timeout(200)
    after = desk.labels()
    assert {b["id"] for b in after} - before
    assert max(overlap_ratio(a, b) for a, b in itertools.combinations(after, 2)) <= 0.2


def test_headline_says_what_the_graph_shows_and_from_how_many_articles(desk, site):
    desk.open(site)
    text = desk.page.inner_text("#headline")
    match = re.fullmatch(
        r"Who cooperates with whom on cyber security: ([\d,]+) organisations linked by ([\d,]+) "
        r"cooperations and ([\d,]+) agreements, from ([\d,]+) articles, (\d{4})–(\d{4})\.",
        text,
    )
    assert match, text
    assert int(match[1].replace(",", "")) == N_ORGS
    assert int(match[4].replace(",", "")) == int(N_ORGS * 1.2) + N_ALONE
    years = sorted(r.article.published[:4] for r in synthetic_records(N_ORGS))
    assert (match[5], match[6]) == (years[0], years[-1])


def test_isolated_organisations_wait_behind_a_counted_toggle(desk, site):
    desk.open(site)
    page = desk.page
    alone = {f"lonely-institute-{i}" for i in range(N_ALONE)}
    assert not alone & desk.visible()
    label = page.locator("label", has=page.locator("#filter-isolated")).inner_text()
    assert f"({N_ALONE})" in label
    page.check("#filter-isolated")
    assert alone <= desk.visible()
    assert "isolated=1" in page.input_value("#share-url")


def test_clicking_a_node_focuses_it_fades_the_rest_and_zooms(desk, site):
    desk.open(site)
    page = desk.page
    scale = page.evaluate("window.cyberkgView.network.getScale()")
    hub = page.evaluate(
        "(v => v.visibleNodeIds().find(id => v.nodeById.get(id).rank === 3))(window.cyberkgView)"
    )
    desk.click_node(hub)
    desk.wait_still()
    kept = set(page.evaluate("window.cyberkgView.focusedIds()"))
    neighbours = set(
        page.evaluate(f"window.cyberkgView.network.getConnectedNodes({json.dumps(hub)})")
    )
    assert kept == neighbours | {hub}
    opacity = page.evaluate(
        "Object.fromEntries(window.cyberkgView.visibleNodeIds().map(id => "
        "[id, window.cyberkgView.network.body.data.nodes.get(id).opacity ?? 1]))"
    )
    assert all(opacity[n] == 1 for n in kept)
    assert all(opacity[n] < 0.3 for n in set(opacity) - kept)
    assert page.evaluate("window.cyberkgView.network.getScale()") > scale
    labelled = {b["id"] for b in desk.labels()}
    assert hub in labelled and labelled <= kept
    assert page.evaluate("window.cyberkgView.network.getSelectedNodes()") == [hub]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "views-focused-node.png"))
    empty = page.evaluate(
        """(() => {
          const n = window.cyberkgView.network;
          const r = document.getElementById('network').getBoundingClientRect();
          for (let y = 120; y < r.height - 150; y += 17) {
            for (let x = 10; x < r.width - 10; x += 23) {
              const on = document.elementFromPoint(r.left + x, r.top + y);
              if (on && on.tagName === 'CANVAS' && n.getNodeAt({x, y}) === undefined
                  && n.getEdgeAt({x, y}) === undefined) {
                return [r.left + x, r.top + y];
              }
            }
          }
        })()"""
    )
    page.mouse.move(*empty)  # away from the hub, so its tooltip goes
    page.wait_for_timeout(300)
    page.mouse.click(*empty)
    page.wait_for_function("window.cyberkgView.focusedIds().length === 0", timeout=5000)


def test_the_legend_is_fully_visible_at_1366x768(browser, site):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(site.as_uri())
    page.wait_for_selector("html[data-settled=true]", state="attached")
    legend = page.locator("#legend")
    box = legend.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 768 and box["x"] + box["width"] <= 1366
    assert legend.evaluate(
        "l => l.scrollHeight <= l.clientHeight && l.scrollWidth <= l.clientWidth"
    )
    for item in legend.locator("li, .note").all():
        b = item.bounding_box()
        assert b and b["y"] + b["height"] <= box["y"] + box["height"] + 0.5, item.inner_text()
        assert b["x"] + b["width"] <= box["x"] + box["width"] + 0.5, item.inner_text()
    context.close()


def test_large_organisation_pages_have_contents_and_collapsed_mentions(desk, site):
    hub = desk_hub_page(site)
    desk.page.goto(hub.as_uri())
    toc = desk.page.locator("nav.toc")
    assert toc.count() == 1
    assert [a.get_attribute("href") for a in toc.locator("a").all()] == [
        "#neighbourhood",
        "#agreements",
        "#timeline",
    ]
    mentions = desk.page.locator("details.mentions")
    assert mentions.count() > 5
    assert not any(m.evaluate("d => d.open") for m in mentions.all())
    folded = desk.page.evaluate("document.documentElement.scrollHeight")
    mentions.evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert desk.page.evaluate("document.documentElement.scrollHeight") > folded


def desk_hub_page(site: Path) -> Path:
    """The organisation page with the most timeline entries."""
    pages = sorted(
        (site.parent / "org").glob("*.html"), key=lambda p: -p.read_text().count("<time>")
    )
    return pages[0]
