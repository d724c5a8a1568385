"""The views site in a real headless browser: Debian's chromium driven by Playwright.

Install both with scripts/install-browser. The page must load from file:// with
no console error and no request outside file://, draw every node of the graph,
react to filters, search and clicks, and never run code that an article carries.
A screenshot is saved under out/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from extract.records import Record
from kg.store import db
from kg.store.load import Loader
from kg.views import write_site
from tests._browser import SCREENSHOTS, Watched, launched, offline_context

FIXTURE = Path(__file__).parent / "fixtures" / "views_records.jsonl"

pytestmark = pytest.mark.neo4j


def load_fixture(driver: neo4j.Driver, settings) -> None:
    db.empty(driver, db.database(settings))
    records = [Record.from_dict(json.loads(line)) for line in FIXTURE.read_text().splitlines()]
    Loader(driver, database=db.database(settings)).load(records)


@pytest.fixture(scope="module")
def site(driver: neo4j.Driver, neo4j_settings, tmp_path_factory) -> Path:
    load_fixture(driver, neo4j_settings)
    return write_site(
        driver, neo4j_settings, tmp_path_factory.mktemp("site"), db.database(neo4j_settings)
    )


@pytest.fixture(scope="module")
def graph_size(driver: neo4j.Driver, neo4j_settings, site) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Organisation OR n:Agreement RETURN count(n) AS n",
        database_=db.database(neo4j_settings),
        routing_=neo4j.RoutingControl.READ,
    )
    return records[0]["n"]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with launched() as b:
        yield b


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = offline_context(browser, viewport={"width": 1400, "height": 900})
    yield Watched(context.new_page())
    context.close()


def test_index_loads_offline_without_errors_and_draws_every_node(watched, site, graph_size):
    watched.open(site)
    assert watched.errors == []
    outside = [u for u in watched.requests if not u.startswith(("file://", "data:"))]
    assert outside == []
    assert any(u.endswith("vis-network.min.js") for u in watched.requests)
    assert len(watched.drawn()) == graph_size == 10
    assert watched.page.locator("#loading").is_hidden()
    # the layout is frozen: physics is off and nothing moves any more
    before = watched.page.evaluate("JSON.stringify(window.cyberkgView.network.getPositions())")
    watched.page.wait_for_timeout(500)
    after = watched.page.evaluate("JSON.stringify(window.cyberkgView.network.getPositions())")
    assert before == after
    assert watched.page.evaluate("window.cyberkgView.network.physics.physicsEnabled === false")


def test_filters_change_what_is_drawn(watched, site):
    watched.open(site)
    page = watched.page
    page.select_option("#filter-area", "training")
    assert watched.drawn() == {
        "ghana",
        "kenya",
        "safetech-innovations",
        "kenya/national-computer-and-cybercrime-coordination-committee",
    }
    assert "Showing 4 of 8 organisations" in page.inner_text("#counts")
    page.click("#filter-reset")
    assert len(watched.drawn()) == 10
    page.uncheck(".filter-type[value=country]")
    assert not {"kenya", "romania", "ghana"} & watched.drawn()
    page.click("#filter-reset")
    page.fill("#filter-from", "2022-01-01")
    page.dispatch_event("#filter-from", "change")
    drawn = watched.drawn()
    assert "ghana" not in drawn and {"kenya", "romania"} <= drawn  # 2019 vs 2022 reports
    page.click("#filter-reset")
    page.select_option("#filter-place", "region:african-union")
    drawn = watched.drawn()
    assert {"ghana", "kenya", "african-union"} <= drawn  # members, the body, their partners
    assert not [n for n in drawn if "cyber-agency" in n or n.startswith("agreement/img")]
    assert watched.errors == []


def test_hovering_an_edge_previews_its_quotes(watched, site):
    watched.open(site)
    watched.page.mouse.move(*watched.edge_point("COOPERATES_WITH|ghana|kenya"))
    watched.page.locator("#details", has_text="joint cyber drills").wait_for(timeout=5000)
    assert "Ghana and Kenya plan joint cyber drills" in watched.page.inner_text("#details")


def test_clicking_an_edge_shows_its_quotes_and_sources(watched, site):
    watched.open(site)
    watched.click_edge("COOPERATES_WITH|kenya|romania")
    details = watched.page.locator("#details")
    text = details.inner_text()
    assert "Kenya and Romania signed a memorandum of understanding" in text
    assert "Kenya and Romania sign cyber security MoU · 2022-10-04 · Example Times" in text
    link = details.locator("a", has_text="Kenya and Romania sign cyber security MoU").first
    assert link.get_attribute("href") == "https://news.example.org/kenya-romania-mou"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(SCREENSHOTS / "views-overview.png"))


def test_clicking_an_agreement_shows_parties_areas_date_and_place(watched, site):
    watched.open(site)
    agreement = watched.page.evaluate(
        "window.cyberkgView.visibleNodeIds().find(id => id.startsWith('agreement/kenya'))"
    )
    watched.click_node(agreement)
    text = watched.page.inner_text("#details")
    for expected in (
        "Kenya–Romania Cyber Security MoU",
        "Memorandum of understanding",
        "2022-10-03",
        "Nairobi",
        "Kenya",
        "Romania",
        "Information sharing",
        "Capacity building",
        "The agreement covers information sharing",
    ):
        assert expected in text


def test_search_finds_and_focuses_an_organisation(watched, site):
    watched.open(site)
    page = watched.page
    page.fill("#search", "nc4")  # an alias
    page.press("#search", "Enter")
    nc4 = "kenya/national-computer-and-cybercrime-coordination-committee"
    assert page.evaluate("window.cyberkgView.network.getSelectedNodes()") == [nc4]
    assert "National Computer and Cybercrimes Coordination Committee" in page.inner_text("#details")
    page.fill("#search", "safe")
    page.click("#search-results button.result")
    assert page.evaluate("window.cyberkgView.network.getSelectedNodes()") == [
        "safetech-innovations"
    ]


def test_the_xss_probe_never_runs(watched, site):
    page = watched.page
    watched.open(site)
    assert watched.xss() == "undefined"
    probe_edge = page.evaluate(
        "window.cyberkgView.visibleEdgeIds().find(k => k.includes('script-window') && "
        "k.startsWith('COOPERATES_WITH'))"
    )
    watched.click_edge(probe_edge)
    page.wait_for_timeout(200)  # an injected <img onerror> would have fired by now
    assert watched.xss() == "undefined"
    text = page.inner_text("#details")
    assert "<script>window.__xss=1</script>" in text  # shown as text
    assert '<img src=x onerror="window.__xss=1">' in text
    assert page.locator("#details a[href^='javascript']").count() == 0
    assert page.locator("#details img, #details script").count() == 0
    agreement = page.evaluate(
        "window.cyberkgView.visibleNodeIds().find(id => id.startsWith('agreement/img'))"
    )
    watched.click_node(agreement)
    assert "</script>" in page.inner_text("#details")
    page.hover("#network")
    page.fill("#search", "<img")
    page.press("#search", "Enter")
    page.fill("#search", "<script")
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert watched.xss() == "undefined"
    for probe in sorted((site.parent / "org").glob("*xss*.html")) + sorted(
        (site.parent / "agreement").glob("*xss*.html")
    ):
        watched.open(probe) if probe.parent.name == "org" else page.goto(probe.as_uri())
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        assert watched.xss() == "undefined", probe.name
    assert watched.errors == []


def test_organisation_page_draws_its_neighbourhood(watched, site):
    watched.open(site.parent / "org" / "kenya.html")
    page = watched.page
    assert watched.errors == []
    assert page.evaluate("window.cyberkgEgo.network.body.nodeIndices.length") == 5
    assert page.locator("table.links tbody tr").count() == 4
    page.locator("details").first.evaluate("d => d.open = true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "views-organisation.png"), full_page=True)
    page.click("a.org >> text=Romania")
    assert page.url.endswith("/org/romania.html")


def test_overview_hash_focuses_an_organisation(watched, site):
    watched.open(site, "#ghana")
    assert watched.page.evaluate("window.cyberkgView.network.getSelectedNodes()") == ["ghana"]
