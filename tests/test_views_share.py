"""The site for sharing and citing, on a phone and by keyboard, in headless Debian chromium.

The graph is the hand-written fixture of tests/fixtures/views_records.jsonl (with
its hostile names), loaded into the real Neo4j; one relationship is then given
event dates and another loses every date, as the graph contract allows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from extract.records import Record
from kg.store import db
from kg.store.load import Loader
from kg.views import write_site
from tests._browser import (
    CHROMIUM,
    SCREENSHOTS,
    Watched,
    axe_serious,
    data_url,
    launched,
    png_size,
)

FIXTURE = Path(__file__).parent / "fixtures" / "views_records.jsonl"
KENYA_ROMANIA = "COOPERATES_WITH|kenya|romania"
GHANA_KENYA = "COOPERATES_WITH|ghana|kenya"
NC4 = "kenya/national-computer-and-cybercrime-coordination-committee"

if not CHROMIUM.exists():
    pytest.skip("Debian chromium is missing: run scripts/install-browser", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="run scripts/install-browser")
pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def site(driver: neo4j.Driver, neo4j_settings, tmp_path_factory) -> Path:
    database = db.database(neo4j_settings)
    db.empty(driver, database)
    records = [Record.from_dict(json.loads(line)) for line in FIXTURE.read_text().splitlines()]
    Loader(driver, database=database).load(records)
    # Kenya–Romania: reported 2022-10-04, but the event is dated 2021-05-01.
    driver.execute_query(
        "MATCH ()-[r:COOPERATES_WITH {key: $key}]->() "
        "SET r.first_seen = '2021-05-01', r.last_seen = '2021-05-01', r.date_source = 'event'",
        {"key": KENYA_ROMANIA},
        database_=database,
    )
    # Ghana–Kenya: no date at all (its article lost its date, and so did its links).
    driver.execute_query(
        "MATCH (e:Evidence {article: 'views-ghana-kenya'}) MATCH ()-[r {key: e.fact}]->() "
        "REMOVE r.first_seen, r.last_seen "
        "WITH count(*) AS done MATCH (a:Article {id: 'views-ghana-kenya'}) REMOVE a.published",
        database_=database,
    )
    return write_site(driver, neo4j_settings, tmp_path_factory.mktemp("site"), database)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with launched() as b:
        yield b


def _page(browser, width: int, height: int, **extra) -> Iterator[Watched]:
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True, **extra
    )
    page = context.new_page()
    try:
        yield Watched(page)
    finally:
        context.close()


@pytest.fixture
def desk(browser) -> Iterator[Watched]:
    yield from _page(browser, 1440, 900)


@pytest.fixture
def phone(browser) -> Iterator[Watched]:
    yield from _page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)


# ---------------------------------------------------------------- URL state and sharing
def test_the_copied_link_reopens_the_same_filters_search_and_selection(desk, browser, site):
    desk.open(site)
    page = desk.page
    page.select_option("#filter-area", "information-sharing")
    page.uncheck(".filter-type[value=company]")
    page.fill("#filter-from", "2020-01-01")
    page.dispatch_event("#filter-from", "change")
    page.fill("#search", "rom")
    page.evaluate("window.cyberkgView.focus('romania')")
    page.click("#copy-link")
    link = page.input_value("#share-url")
    assert "area=information-sharing" in link and "sel=romania" in link and "q=rom" in link
    assert page.url == link  # the address bar follows the state
    before = desk.state()
    assert before["types"] and "company" not in before["types"]
    for other in _page(browser, 1440, 900):
        other.open(link)
        assert other.state() == before
        assert other.page.evaluate("window.cyberkgView.network.getSelectedNodes()") == ["romania"]
        assert other.page.evaluate("window.cyberkgView.focusedIds()")
        assert other.page.input_value("#search") == "rom"
        assert "Romania" in other.page.inner_text("#search-results")
        assert other.visible() == desk.visible()
        assert other.errors == []


def test_a_selected_link_is_in_the_address_too(desk, browser, site):
    desk.open(site)
    desk.page.evaluate(f"window.cyberkgView.focusEdge({json.dumps(GHANA_KENYA)})")
    link = desk.page.input_value("#share-url")
    assert "sel=edge%3A" in link
    for other in _page(browser, 1440, 900):
        other.open(link)
        assert "Ghana and Kenya plan joint cyber drills" in other.page.inner_text("#details")


def test_an_address_changed_by_hand_sets_the_view(desk, site):
    desk.open(site)
    page = desk.page
    page.evaluate("window.location.hash = 'area=training&sel=ghana'")
    page.wait_for_function("window.cyberkgView.state().sel === 'ghana'")
    assert desk.state()["area"] == "training"
    assert page.input_value("#filter-area") == "training"
    assert page.evaluate("window.cyberkgView.network.getSelectedNodes()") == ["ghana"]


def test_older_links_to_an_organisation_still_focus_it(desk, site):
    desk.open(site, "#ghana")
    assert desk.page.evaluate("window.cyberkgView.network.getSelectedNodes()") == ["ghana"]


def test_embed_snippet_is_an_iframe_of_this_view_without_the_chrome(desk, browser, site):
    desk.open(site)
    desk.page.select_option("#filter-area", "training")
    desk.page.click("#show-embed")
    code = desk.page.input_value("#embed-code")
    match = re.fullmatch(r'<iframe src="([^"]+)" title="[^"<>]+" [^<>]*></iframe>', code)
    assert match, code
    src = match[1].replace("&amp;", "&")
    assert "area=training" in src and src.endswith("embed=1")
    for other in _page(browser, 800, 600):
        other.open(src)
        assert other.page.locator(".sidebar").is_hidden()
        assert other.page.locator(".top").is_hidden()
        assert other.page.locator("#network").is_visible()
        assert other.page.locator("#legend").is_visible()
        assert other.state()["area"] == "training"


# ---------------------------------------------------------------- exports
def test_png_export_is_a_valid_image_with_the_legend_and_source_line(desk, site):
    desk.open(site)
    page = desk.page
    with page.expect_download() as info:
        page.click("#export-png")
    download = info.value
    assert download.suggested_filename == "cyberkg-overview.png"
    data = Path(download.path()).read_bytes()
    width, height = png_size(data)
    canvas = page.evaluate("document.querySelector('#network canvas').width")
    assert width == canvas and height > page.evaluate(
        "document.querySelector('#network canvas').height"
    )
    line = page.evaluate("window.cyberkgView.sourceLine()")
    build = page.evaluate("window.cyberkgView.site.build")
    assert line.startswith(
        f"Source: CyberKG {build['version']}, built {build['date']}, from 4 articles"
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", build["date"])
    # the image decodes, and its last strip (the source line) has light text on the dark band
    dark, light = page.evaluate(
        """async (url) => {
          const img = new Image(); img.src = url; await img.decode();
          const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
          const strip = ctx.getImageData(0, img.height - 20, img.width, 14).data;
          let dark = 0, light = 0;
          for (let i = 0; i < strip.length; i += 4) {
            const v = strip[i] + strip[i + 1] + strip[i + 2];
            if (v < 200) dark++; else if (v > 600) light++;
          }
          return [dark, light];
        }""",
        data_url(data, "image/png"),
    )
    assert dark > 1000 and light > 100


def test_svg_export_has_the_legend_the_source_line_and_escaped_names(desk, site):
    desk.open(site)
    page = desk.page
    with page.expect_download() as info:
        page.click("#export-svg")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    root = ET.fromstring(text)
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("Source: CyberKG") and "4 articles" in t for t in texts)
    assert {"Country", "cooperates with", "Agreement"} <= set(texts)
    titles = [t.text for t in root.findall(".//s:circle/s:title", ns)]
    assert "<script>window.__xss=1</script> Cyber Agency" in titles  # as text, escaped in the file
    assert "<script>" not in text and "<img" not in text
    orgs = [n for n in desk.visible() if not n.startswith("agreement/")]
    assert len(root.findall("./s:g[@id='nodes']/s:circle", ns)) == len(orgs)
    # opened on its own, the SVG runs nothing
    page.goto(data_url(text.encode("utf-8"), "image/svg+xml"))
    assert desk.xss() == "undefined"


def test_csv_download_is_what_is_shown(desk, site):
    desk.open(site)
    page = desk.page
    page.select_option("#filter-area", "training")
    with page.expect_download() as info:
        page.click("#export-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    shown = page.evaluate("window.cyberkgView.visibleEdgeIds()")
    assert len(rows) == len(shown) > 0
    assert all("training" in r["areas"] for r in rows)
    pairs = {(r["source"], r["relationship"], r["target"]) for r in rows}
    assert ("Ghana", "cooperates with", "Kenya") in pairs
    # spreadsheet formulas cannot hide in a name
    page.click("#filter-reset")
    with page.expect_download() as info:
        page.click("#export-csv")
    every = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in every for cell in row)
    assert any("<script>window.__xss=1</script> Cyber Agency" in row for row in every)


# ---------------------------------------------------------------- finding things
def test_date_filter_uses_event_dates_and_counts_the_undated(desk, site):
    desk.open(site)
    page = desk.page
    page.fill("#filter-from", "2022-01-01")
    page.dispatch_event("#filter-from", "change")
    edges = set(page.evaluate("window.cyberkgView.visibleEdgeIds()"))
    assert KENYA_ROMANIA not in edges  # reported in 2022, but the event is of 2021
    assert GHANA_KENYA in edges  # undated: included while the box is ticked
    assert page.inner_text("#undated-count") == "3"  # the article's three links
    page.uncheck("#filter-undated")
    assert GHANA_KENYA not in set(page.evaluate("window.cyberkgView.visibleEdgeIds()"))
    assert "undated=0" in page.input_value("#share-url")
    page.fill("#filter-from", "2021-01-01")
    page.fill("#filter-to", "2021-12-31")
    page.dispatch_event("#filter-to", "change")
    assert KENYA_ROMANIA in set(page.evaluate("window.cyberkgView.visibleEdgeIds()"))
    desk.page.evaluate(f"window.cyberkgView.focusEdge({json.dumps(KENYA_ROMANIA)})")
    assert "Dated 2021-05-01" in page.inner_text("#details")


def test_filters_and_search_zoom_to_and_label_their_result_or_say_there_is_none(desk, site):
    desk.open(site)
    page = desk.page
    scale = page.evaluate("window.cyberkgView.network.getScale()")
    page.select_option("#filter-area", "training")
    desk.wait_still()
    shown = {n for n in desk.visible() if not n.startswith("agreement/")}
    assert {b["id"] for b in desk.labels()} >= shown
    assert page.evaluate("window.cyberkgView.network.getScale()") != scale
    for box in page.locator(".filter-type").all():
        box.uncheck()
    assert page.locator("#empty").is_visible()
    assert "Nothing matches these filters" in page.inner_text("#empty")
    page.click("#empty-reset")
    assert page.locator("#empty").is_hidden()
    page.fill("#search", "Atlantis")
    page.press("#search", "Enter")
    assert page.inner_text("#search-results") == "No organisation matches “Atlantis”."
    page.fill("#search", "safet")
    page.press("#search", "Enter")
    desk.wait_still()
    assert "safetech-innovations" in {b["id"] for b in desk.labels()}


def test_part_of_reads_from_the_organisation_in_view(desk, site):
    desk.open(site)
    page = desk.page
    page.evaluate("window.cyberkgView.focus('kenya')")
    links = page.inner_text("#details ul.links")
    assert "has part National Computer and Cybercrimes Coordination Committee" in links
    assert "part of National" not in links
    page.evaluate(f"window.cyberkgView.focus({json.dumps(NC4)})")
    assert "part of Kenya" in page.inner_text("#details ul.links")


def test_the_overview_works_from_the_keyboard(desk, site):
    desk.open(site)
    page = desk.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("ghan")
    page.keyboard.press("Tab")  # the note is not focusable; the first result is
    assert page.evaluate("document.activeElement.dataset.id") == "ghana"
    page.keyboard.press("Enter")
    assert page.evaluate("window.cyberkgView.network.getSelectedNodes()") == ["ghana"]
    page.keyboard.press("Escape")
    assert page.evaluate("window.cyberkgView.focusedIds()") == []
    for _ in range(30):  # every control of the sidebar is reachable with Tab
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "export-csv":
            break
    else:
        pytest.fail("Tab never reached the CSV button")


# ---------------------------------------------------------------- pages
def test_agreement_pages_have_readable_addresses(site):
    names = sorted(p.name for p in (site.parent / "agreement").glob("*.html"))
    assert "kenya-romania-cyber-security-mou.html" in names
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", n) for n in names), names
    html = site.read_text()
    assert "agreement/kenya-romania-cyber-security-mou.html" in html


def test_a_relationship_permalink_opens_its_quotes(desk, site):
    desk.open(site)
    page = desk.page
    page.evaluate(f"window.cyberkgView.focusEdge({json.dumps(GHANA_KENYA)})")
    href = page.get_attribute("#details a.permalink-text", "href")
    assert href.startswith("org/ghana.html#rel-")
    page.goto((site.parent / href.split("#")[0]).as_uri() + "#" + href.split("#")[1])
    row = page.locator("tr.targeted")
    assert row.count() == 1
    assert row.locator("details").evaluate("d => d.open")
    assert "Ghana and Kenya plan joint cyber drills" in row.inner_text()


def test_about_page_says_what_how_how_well_from_what_and_how_to_cite(desk, site):
    page = desk.page
    page.goto((site.parent / "about.html").as_uri())
    text = page.inner_text("main")
    for heading in (
        "What the data is",
        "How it is made",
        "Measured accuracy",
        "Sources",
        "How to cite",
    ):
        assert heading in text
    # the measured accuracy, as recorded in the one file the codebook also reads
    from kg.views import accuracy

    orgs = accuracy()["scores"]["organisations"]
    row = rf"Organisations\s+{orgs['precision']:.0%}\s+{orgs['recall']:.0%}\s+{orgs['f1']:.2f}"
    assert re.search(row, text), row
    build = re.search(r"built on (\d{4}-\d{2}-\d{2}) with CyberKG (\S+) from 4 articles", text)
    assert build, text[:400]
    rows = page.locator("table.sources-table tbody tr")
    assert rows.count() == 4
    first = rows.filter(has_text="Kenya and Romania sign cyber security MoU")
    assert "2022-10-04" in first.inner_text() and "Example Times" in first.inner_text()
    assert first.locator("a").get_attribute("href") == "https://news.example.org/kenya-romania-mou"
    assert f"version {build[2]}, built {build[1]}" in page.inner_text("#citation")
    assert desk.xss() == "undefined"
    assert page.locator("table.sources-table a[href^='javascript']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "views-about.png"), full_page=True)


def test_every_page_says_when_and_by_what_it_was_built(site):
    for name in ("index.html", "organisations.html", "about.html", "org/kenya.html"):
        html = (site.parent / name).read_text()
        assert re.search(
            r'<meta name="generator" content="CyberKG \S+, built \d{4}-\d{2}-\d{2}">', html
        )


# ---------------------------------------------------------------- a phone
PHONE_PAGES = (
    "index.html",
    "org/kenya.html",
    "agreement/kenya-romania-cyber-security-mou.html",
    "area/training.html",
    "about.html",
    "organisations.html",
    "agreements.html",
    "areas.html",
)


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_no_page_is_wider_than_a_phone(phone, site, name):
    phone.page.goto((site.parent / name).as_uri())
    phone.page.wait_for_load_state("load")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} is {width}px wide"
    for box in phone.page.locator(".table-box").all():
        assert box.evaluate("b => b.getBoundingClientRect().right") <= 390


def test_on_a_phone_the_drawing_is_on_top_and_details_are_a_bottom_sheet(phone, site):
    phone.open(site)
    page = phone.page
    net = page.locator("#network").bounding_box()
    assert net["x"] == 0 and net["width"] == 390 and net["y"] < 120 and net["height"] > 400
    assert page.locator("#details").evaluate("d => getComputedStyle(d).visibility") == "hidden"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "views-overview-390x844.png"))
    page.evaluate("window.cyberkgView.focus('kenya')")
    page.wait_for_timeout(400)
    sheet = page.locator("#details").bounding_box()
    assert sheet["y"] + sheet["height"] == pytest.approx(844, abs=1) and sheet["y"] > 844 / 3
    assert sheet["width"] == 390
    assert "Kenya" in page.inner_text("#details h2")
    page.screenshot(path=str(SCREENSHOTS / "views-phone-details-390x844.png"))
    page.click("#details-close")
    page.wait_for_timeout(400)
    assert page.locator("#details").evaluate("d => getComputedStyle(d).visibility") == "hidden"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# ---------------------------------------------------------------- accessibility
@pytest.mark.parametrize(
    "name",
    (
        "index.html",
        "org/kenya.html",
        "agreement/kenya-romania-cyber-security-mou.html",
        "about.html",
    ),
)
def test_axe_finds_no_serious_or_critical_violation(desk, site, name):
    if name == "index.html" or name.startswith("org/"):
        desk.open(site.parent / name)
    else:
        desk.page.goto((site.parent / name).as_uri())
    assert axe_serious(desk.page) == []


# ---------------------------------------------------------------- hostile names on the new paths
def test_hostile_names_stay_text_in_the_new_rendering_paths(desk, site):
    desk.open(site)
    page = desk.page
    probe = page.evaluate(
        "window.cyberkgView.visibleNodeIds().find(id => id.includes('script-window'))"
    )
    page.evaluate(f"window.cyberkgView.focus({json.dumps(probe)})")
    page.wait_for_timeout(300)
    assert any(
        "<script>" in page.evaluate(f"window.cyberkgView.labelText({json.dumps(b['id'])})")
        for b in desk.labels()
    )
    page.fill("#search", "<img src=x onerror")
    page.press("#search", "Enter")
    page.click("#show-embed")
    code = page.input_value("#embed-code")
    assert "<script" not in code and "<img" not in code.replace("<iframe", "")
    with page.expect_download():
        page.click("#export-svg")
    with page.expect_download():
        page.click("#export-png")
    page.wait_for_timeout(200)
    assert desk.xss() == "undefined"
    assert page.locator("#search-results img, #details img, #search-results script").count() == 0
    # a hostile state in the address is data, not markup
    hostile = site.as_uri() + "#q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E&sel=%3Cscript%3E"
    page.goto(hostile)
    page.wait_for_selector("html[data-settled=true]", state="attached")
    page.wait_for_timeout(200)
    assert desk.xss() == "undefined"
    assert desk.errors == []
    about = (site.parent / "about.html").read_text()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in about or "__xss" not in about
    for page_file in site.parent.rglob("*.html"):
        html = page_file.read_text()
        assert "<script>window.__xss" not in html and "<img src=x" not in html, page_file
