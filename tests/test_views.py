"""The views site, without a browser: escaping helpers, generated files, CLI.

Site tests load the hand-written records of tests/fixtures/views_records.jsonl
into the real Neo4j server and write the site from it.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

import ontology
from extract.records import Record
from kg.cli.views import views as views_cli
from kg.settings import Settings
from kg.store import db
from kg.store.load import Loader
from kg.views import render_site, write_site
from kg.views.data import read_graph
from kg.views.layout import layout
from kg.views.safe import page_stem, safe_url, script_json

FIXTURE = Path(__file__).parent / "fixtures" / "views_records.jsonl"
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'


def load_fixture(driver: neo4j.Driver, settings: Settings) -> None:
    db.empty(driver, db.database(settings))
    records = [Record.from_dict(json.loads(line)) for line in FIXTURE.read_text().splitlines()]
    Loader(driver, database=db.database(settings)).load(records)


@pytest.fixture(scope="module")
def site(driver: neo4j.Driver, neo4j_settings: Settings, tmp_path_factory) -> Path:
    """The site written from the fixture graph; returns its index.html."""
    load_fixture(driver, neo4j_settings)
    out = tmp_path_factory.mktemp("site")
    return write_site(driver, neo4j_settings, out, db.database(neo4j_settings))


# ---------------------------------------------------------------- helpers
def test_script_json_cannot_close_its_script_element():
    text = script_json({"name": "</script><script>alert(1)</script>", "q": "a & b 'c' \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {
        "name": "</script><script>alert(1)</script>",
        "q": "a & b 'c' \u2028",
    }


@pytest.mark.parametrize(
    "url",
    [
        "javascript:window.__xss=1",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        'https://ok.example/"onmouseover=alert(1)',
        None,
        42,
    ],
)
def test_safe_url_rejects_what_is_not_a_plain_web_link(url):
    assert safe_url(url) is None


def test_safe_url_keeps_web_links():
    assert safe_url("https://news.example.org/a?b=1&c=2") == "https://news.example.org/a?b=1&c=2"
    assert safe_url("http://x.example/") == "http://x.example/"


def test_hubs_are_laid_out_clear_of_each_other_and_of_smaller_nodes():
    """Two hubs sharing every partner land on one spot unless their drawn sizes are known."""
    partners = [f"p{i}" for i in range(40)]
    edges = [(h, p) for h in ("hub-a", "hub-b") for p in partners]
    edges += [(a, b) for a, b in zip(partners, partners[1:], strict=False)]
    nodes = ["hub-a", "hub-b", *partners]
    radii = {"hub-a": 44.0, "hub-b": 40.0, **dict.fromkeys(partners, 10.0)}
    plain = layout(nodes, edges)
    assert math.dist(plain["hub-a"], plain["hub-b"]) < 84  # the case this guards against
    apart = layout(nodes, edges, radii=radii)
    for hub in ("hub-a", "hub-b"):
        for other in nodes:
            if other != hub:
                assert math.dist(apart[hub], apart[other]) >= radii[hub] + radii[other], other


def test_page_stem_is_safe_and_unique():
    assert page_stem("kenya") == "kenya"
    a, b = page_stem("kenya/nc4"), page_stem("kenya_nc4")
    assert a != b and "/" not in a
    assert re.fullmatch(r"[A-Za-z0-9._-]+", page_stem("../<script>x</script>"))
    assert len(page_stem("x" * 500)) < 100


# ---------------------------------------------------------------- the generated site
@pytest.mark.neo4j
def test_site_has_index_pages_and_assets(site: Path):
    out = site.parent
    for name in ("index.html", "organisations.html", "agreements.html", "areas.html"):
        assert (out / name).is_file(), name
    assert (out / "lib" / "vis-9.1.2" / "vis-network.min.js").stat().st_size > 100_000
    assert (out / "static" / "overview.js").is_file()
    assert (out / "org" / "kenya.html").is_file()
    assert len(list((out / "area").glob("*.html"))) == len(ontology.load().areas)
    assert len(list((out / "agreement").glob("*.html"))) == 2


@pytest.mark.neo4j
def test_nothing_is_loaded_from_a_network(site: Path):
    for page in site.parent.rglob("*.html"):
        html = page.read_text()
        refs = re.findall(r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)=\"([^\"]*)\"", html)
        for ref in refs:
            assert not re.match(r"^(https?:)?//", ref), f"{page.name} loads {ref}"
            assert (page.parent / ref).resolve().is_file(), f"{page.name}: missing {ref}"
        for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
            assert host not in html.lower(), f"{page.name} mentions {host}"


@pytest.mark.neo4j
def test_every_internal_link_resolves(site: Path):
    for page in site.parent.rglob("*.html"):
        for ref in re.findall(r"<a\b[^>]*?\bhref=\"([^\"#]+)[^\"]*\"", page.read_text()):
            if re.match(r"^https?:", ref):
                continue
            assert (page.parent / ref).resolve().is_file(), f"{page}: broken link {ref}"


@pytest.mark.neo4j
def test_pages_link_to_each_other(site: Path):
    out = site.parent
    kenya = (out / "org" / "kenya.html").read_text()
    assert 'href="../org/romania.html"' in kenya  # neighbourhood
    assert 'href="../agreement/' in kenya  # its agreements
    assert 'href="../area/information-sharing.html"' in kenya  # areas of its links
    agreement = next(p for p in (out / "agreement").glob("kenya*.html")).read_text()
    assert 'href="../org/kenya.html"' in agreement and "Nairobi" in agreement
    area = (out / "area" / "training.html").read_text()
    assert 'href="../org/ghana.html"' in area
    assert "Ghana and Kenya plan joint cyber drills" in area


@pytest.mark.neo4j
def test_organisation_page_has_a_timeline_in_order(site: Path):
    html = (site.parent / "org" / "kenya.html").read_text()
    timeline = html[html.index('class="timeline"') :]
    dates = re.findall(r"<time>([^<]+)</time>", timeline)
    assert dates == sorted(dates) and "2019-03-02" in dates and "2022-10-03" in dates


@pytest.mark.neo4j
def test_article_strings_are_escaped_everywhere(site: Path):
    pages = list(site.parent.rglob("*.html"))
    probe = [p for p in pages if "__xss" in p.read_text()]
    assert len(probe) >= 4  # the overview, two organisations, the agreement, an area …
    for page in pages:
        html = page.read_text()
        assert XSS_SCRIPT not in html, page
        assert XSS_IMG not in html, page
        assert "<img" not in html, page
        assert "javascript:" not in html, page
        # no markup opened by data: every <script> element is one of ours
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.fullmatch(
                r'<script (id="cyberkg-[a-z]+" type="application/json"|src="[^"]+")>', tag
            ), tag
    org = site.parent / "org"
    probe_page = next(p for p in org.glob("*script-window*cyber-agency*.html")).read_text()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt; Cyber Agency" in probe_page


@pytest.mark.neo4j
def test_legend_comes_from_the_ontology(site: Path):
    html = site.read_text()
    ont = ontology.load()
    legend = html[html.index('class="legend"') :]
    for concept in ont.org_types.values():
        assert concept.label.replace("&", "&amp;") in legend
        assert concept.colour in legend
    for prop in ("cooperatesWith", "memberOf", "partOf", "partyTo"):
        rel = ont.relations[prop]
        assert rel.label in legend and rel.colour in legend
    for area in ont.areas.values():
        assert f'<option value="{area.id}">{area.label}</option>' in html


@pytest.mark.neo4j
def test_overview_data_matches_the_graph(site: Path, driver: neo4j.Driver, neo4j_settings):
    html = site.read_text()
    nodes = json.loads(re.search(r'id="cyberkg-nodes"[^>]*>(.*?)</script>', html, re.S)[1])
    edges = json.loads(re.search(r'id="cyberkg-edges"[^>]*>(.*?)</script>', html, re.S)[1])
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation) RETURN count(o) AS n",
        database_=db.database(neo4j_settings),
        routing_=neo4j.RoutingControl.READ,
    )
    assert sum(n["kind"] == "organisation" for n in nodes) == records[0]["n"] == 8
    assert sum(n["kind"] == "agreement" for n in nodes) == 2
    kinds = {e["prop"] for e in edges}
    assert kinds == {"cooperatesWith", "memberOf", "partOf", "partyTo"}
    styles = {e["prop"]: (e["color"]["color"], json.dumps(e["dashes"])) for e in edges}
    assert len(set(styles.values())) == 4  # each kind drawn differently
    sizes = {n["id"]: n["value"] for n in nodes if n["kind"] == "organisation"}
    assert sizes["kenya"] > sizes["african-union"]  # sized by partners
    assert len({n["color"] for n in nodes if n["kind"] == "organisation"}) >= 4


@pytest.mark.neo4j
def test_big_graphs_show_the_most_connected_and_say_so(driver, neo4j_settings, site, tmp_path):
    graph = read_graph(driver, db.database(neo4j_settings))
    index = render_site(graph, tmp_path, budget=3)
    html = index.read_text()
    nodes = json.loads(re.search(r'id="cyberkg-nodes"[^>]*>(.*?)</script>', html, re.S)[1])
    ids = {n["id"] for n in nodes}
    assert len(ids) == 3 and {"kenya", "romania"} <= ids  # degrees 5 and 3; the rest <= 3
    assert all(n["kind"] == "organisation" for n in nodes)
    assert "most connected of 8 organisations" in html
    assert len(list((tmp_path / "org").glob("*.html"))) == 8  # pages carry the rest


@pytest.mark.neo4j
def test_regenerating_removes_pages_of_departed_nodes_and_nothing_else(
    driver, neo4j_settings, site, tmp_path
):
    graph = read_graph(driver, db.database(neo4j_settings))
    render_site(graph, tmp_path)
    user_files = [
        tmp_path / "notes.txt",
        tmp_path / "org" / "my-notes.md",
        tmp_path / "area" / "x.csv",
    ]
    for path in user_files:
        path.write_text("mine")
    departed = tmp_path / "org" / "ghana.html"
    assert departed.is_file()
    del graph.organisations["ghana"]  # as if the graph had lost it
    for key in [k for k, link in graph.links.items() if "ghana" in (link.source, link.target)]:
        del graph.links[key]
    graph.by_org.pop("ghana", None)
    for keys in graph.by_org.values():
        keys[:] = [k for k in keys if k in graph.links]
    render_site(graph, tmp_path)
    assert not departed.exists()
    assert all(path.read_text() == "mine" for path in user_files)
    manifest = json.loads((tmp_path / ".cyberkg-site.json").read_text())
    assert "org/kenya.html" in manifest["files"] and "org/ghana.html" not in manifest["files"]
    assert "notes.txt" not in manifest["files"]


@pytest.mark.neo4j
def test_a_folder_it_did_not_write_is_refused_and_left_alone(site, tmp_path):
    folder = tmp_path / "mine"
    (folder / "org").mkdir(parents=True)
    (folder / "org" / "precious.html").write_text("mine")
    (folder / "agreement").mkdir()
    (folder / "agreement" / "draft.txt").write_text("mine too")
    result = CliRunner().invoke(views_cli, ["--out", str(folder)])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: [E600] {folder} is not empty and kg views did not write it"
    )
    assert len(result.output.strip().splitlines()) == 1
    assert (folder / "org" / "precious.html").read_text() == "mine"
    assert (folder / "agreement" / "draft.txt").read_text() == "mine too"
    assert sorted(p.name for p in folder.rglob("*")) == [
        "agreement",
        "draft.txt",
        "org",
        "precious.html",
    ]


@pytest.mark.neo4j
def test_a_damaged_manifest_is_refused(site, tmp_path):
    (tmp_path / ".cyberkg-site.json").write_text("{not json")
    result = CliRunner().invoke(views_cli, ["--out", str(tmp_path)])
    assert result.exit_code == 1 and "is damaged" in result.output


@pytest.mark.neo4j
def test_a_site_of_an_older_version_is_taken_over_without_losing_user_files(
    driver, neo4j_settings, site, tmp_path
):
    graph = read_graph(driver, db.database(neo4j_settings))
    render_site(graph, tmp_path)
    (tmp_path / ".cyberkg-site.json").unlink()  # as an older version left it
    old_page = tmp_path / "org" / "departed.html"
    old_page.write_text("<p>an older page</p>")
    mine = [tmp_path / "org" / "notes.txt", tmp_path / "press.pdf"]
    for path in mine:
        path.write_text("mine")
    result = CliRunner().invoke(views_cli, ["--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not old_page.exists()
    assert all(path.read_text() == "mine" for path in mine)
    assert (tmp_path / ".cyberkg-site.json").is_file()


def test_a_manifest_never_names_files_outside_the_site(tmp_path):
    from kg.views import _claim

    outside = tmp_path / "keep.txt"
    outside.write_text("mine")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / ".cyberkg-site.json").write_text(
        json.dumps({"files": ["../keep.txt", str(outside), "index.html"]})
    )
    assert _claim(site_dir) == {"index.html"}


@pytest.mark.neo4j
def test_cli_writes_the_site(site, tmp_path):
    result = CliRunner().invoke(views_cli, ["--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {tmp_path / 's' / 'index.html'}"
    assert (tmp_path / "s" / "org" / "kenya.html").is_file()


def test_cli_help_has_an_example():
    result = CliRunner().invoke(views_cli, ["--help"])
    assert result.exit_code == 0 and "Example: kg views" in result.output


def test_cli_reports_an_unreachable_server(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    result = CliRunner().invoke(views_cli, ["--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E101] cannot reach NEO4J_URI=bolt://127.0.0.1:1")
    assert len(result.output.strip().splitlines()) == 1
