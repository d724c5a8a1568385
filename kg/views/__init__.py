"""The journalists' site: a static, offline, filterable view of the graph.

``write_site`` reads the graph from Neo4j (read queries only) and writes
``index.html`` (the overview network, built with pyvis and rendered through our
own template), a page per organisation, agreement and commitment area, three
index pages, and the scripts and styles beside them: vis-network as shipped in
the pyvis package and the site's own JS/CSS. Nothing is fetched from a network,
so the folder opens from ``file://`` or any static host.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import neo4j
import pyvis
from jinja2 import Environment, FileSystemLoader, StrictUndefined

import ontology
from kg.settings import Settings
from kg.views import pages as P
from kg.views.data import SiteGraph, read_graph
from kg.views.overview import NODE_BUDGET, Overview, build, edge_style
from kg.views.safe import safe_url, script_json

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VIS_VERSION = "vis-9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
PAGE_DIRS = ("org", "agreement", "area")
Progress = Callable[[str, int], None]

__all__ = ["NODE_BUDGET", "write_site", "render_site"]


def environment() -> Environment:
    """Autoescaping Jinja environment with the site's filters and the ontology."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    ont = ontology.load()
    env.filters["script_json"] = script_json
    env.filters["safe_url"] = safe_url
    env.filters["fromjson"] = json.loads
    env.globals.update(
        ont=ont,
        org_types=ont.org_types,
        areas=ont.areas,
        agreement_types=ont.agreement_types,
        vis=VIS_VERSION,
        edge_style=edge_style,
        legend_relations=legend_relations(ont),
    )
    return env


def legend_relations(ont: ontology.Ontology) -> list[ontology.RelType]:
    """Relationship types the overview draws: between organisations, and party to."""
    return [
        r
        for name, r in ont.relations.items()
        if r.domain == "Organisation" and r.range in ("Organisation", "Agreement") and r.colour
    ]


def write_site(
    driver: neo4j.Driver,
    settings: Settings,
    out_dir: Path,
    database: str | None,
    *,
    budget: int = NODE_BUDGET,
    progress: Progress | None = None,
) -> Path:
    """Read the graph and write the site into ``out_dir``; returns its index.html."""
    graph = read_graph(driver, database)
    return render_site(graph, Path(out_dir), budget=budget, progress=progress)


def render_site(
    graph: SiteGraph, out_dir: Path, *, budget: int = NODE_BUDGET, progress: Progress | None = None
) -> Path:
    """Write the site for an already-read graph (the benchmark times the two apart)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in PAGE_DIRS:  # pages of nodes that left the graph must go too
        shutil.rmtree(out_dir / name, ignore_errors=True)
        (out_dir / name).mkdir()
    _copy_assets(out_dir)
    env = environment()
    paths = P.page_paths(graph)
    overview = build(graph, paths, budget)
    index = out_dir / "index.html"
    index.write_text(_render_overview(env, graph, overview, paths), encoding="utf-8")
    _write_pages(env, graph, paths, out_dir, overview, progress)
    return index


def _copy_assets(out_dir: Path) -> None:
    lib = out_dir / "lib" / VIS_VERSION
    lib.mkdir(parents=True, exist_ok=True)
    for name in ("vis-network.min.js", "vis-network.css"):
        shutil.copyfile(VIS_DIR / name, lib / name)
    static = out_dir / "static"
    static.mkdir(exist_ok=True)
    for path in STATIC.iterdir():
        if path.is_file():
            shutil.copyfile(path, static / path.name)


def _site_data(graph: SiteGraph, overview: Overview, paths: dict[str, str]) -> dict:
    """What the overview's script needs beyond nodes and edges: quotes, articles, search."""
    ont = ontology.load()
    shown = set(overview.shown_orgs)
    used_articles: set[str] = set()
    quotes: dict[str, list[list[str]]] = {}
    for link in graph.links.values():
        if link.source in shown and link.target in shown:
            quotes[link.key] = [[q.article, q.text] for q in link.quotes]
            used_articles.update(q.article for q in link.quotes)
    agreements = {}
    for aid in overview.shown_agreements:
        agr = graph.agreements[aid]
        agreements[aid] = {
            "name": agr.name,
            "type": ont.agreement_types[agr.type].label
            if agr.type in ont.agreement_types
            else agr.type,
            "date": agr.date,
            "place": agr.place,
            "parties": agr.parties,
            "areas": agr.areas,
        }
        quotes[aid] = [[q.article, q.text] for q in agr.quotes]
        used_articles.update(q.article for q in agr.quotes)
    articles = {
        aid: {k: v for k, v in P.article_view(graph, aid).items() if k != "id"}
        for aid in sorted(used_articles)
    }
    orgs = {
        oid: {
            "name": o.name,
            "aliases": o.aliases,
            "type": o.type,
            "country": o.country,
            "page": paths[oid],
            "partners": len(graph.partners(oid)),
        }
        for oid, o in graph.organisations.items()
    }
    relations = {
        name: {"label": r.label, "symmetric": r.symmetric}
        for name, r in ont.relations.items()
        if r.colour
    }
    return {
        "orgs": orgs,
        "shown": overview.shown_orgs,
        "agreements": agreements,
        "quotes": quotes,
        "articles": articles,
        "relations": relations,
        "areas": {
            a.id: {"label": a.label, "page": paths[f"area:{a.id}"]} for a in ont.areas.values()
        },
        "types": {t.id: t.label for t in ont.org_types.values()},
        "regions": regions(graph),
        "agreementPages": {aid: paths[aid] for aid in overview.shown_agreements},
    }


def regions(graph: SiteGraph) -> dict[str, dict]:
    """Bodies whose members are countries, with those countries: the region filter."""
    out: dict[str, dict] = {}
    for link in graph.links.values():
        if link.prop != "memberOf":
            continue
        member, body = graph.organisations[link.source], graph.organisations[link.target]
        if member.type != "country":
            continue
        entry = out.setdefault(body.id, {"name": body.name, "countries": []})
        if member.name not in entry["countries"]:
            entry["countries"].append(member.name)
    for entry in out.values():
        entry["countries"].sort()
    return dict(sorted(out.items(), key=lambda kv: kv[1]["name"].lower()))


def _render_overview(
    env: Environment, graph: SiteGraph, overview: Overview, paths: dict[str, str]
) -> str:
    """Render through pyvis with our template and environment (not pyvis's own)."""
    countries = sorted({o.country for o in graph.organisations.values() if o.country})
    env.globals.update(
        site=_site_data(graph, overview, paths),
        overview=overview,
        countries=countries,
        region_list=regions(graph),
        root="",
        title="CyberKG — who cooperates with whom on cyber security",
    )
    net = overview.network
    net.templateEnv = env
    net.path = "overview.html"
    html = net.generate_html(name="index.html")
    for key in ("site", "overview", "countries", "region_list", "title"):
        env.globals.pop(key, None)
    return html


def _write_pages(
    env: Environment,
    graph: SiteGraph,
    paths: dict[str, str],
    out_dir: Path,
    overview: Overview,
    progress: Progress | None,
) -> None:
    ont = ontology.load()
    root = "../"
    in_overview = set(overview.shown_orgs) | set(overview.shown_agreements)
    common = {"root": root, "pages": paths, "in_overview": in_overview}
    tmpl = env.get_template("organisation.html")
    for oid, org in graph.organisations.items():
        html = tmpl.render(
            **common,
            title=org.name,
            org=org,
            org_type=ont.org_types.get(org.type) or ont.org_types["other"],
            neighbours=P.neighbours(graph, oid),
            agreements=sorted(
                (graph.agreements[a] for a in graph.agreements_of.get(oid, [])),
                key=lambda a: (a.date or P.UNDATED, a.name.lower()),
            ),
            organisations=graph.organisations,
            timeline=P.timeline(graph, oid),
            ego=P.ego_data(graph, oid, paths, root),
            quotes_of=lambda link: P.quotes_view(graph, link.quotes),
            mentions=P.quotes_view(graph, org.quotes),
            wikidata=safe_url(f"https://www.wikidata.org/wiki/{org.wikidata}")
            if org.wikidata
            else None,
        )
        (out_dir / paths[oid]).write_text(html, encoding="utf-8")
        if progress:
            progress("organisations", 1)
    tmpl = env.get_template("agreement.html")
    for aid, agr in graph.agreements.items():
        html = tmpl.render(
            **common,
            title=agr.name,
            agr=agr,
            agr_type=ont.agreement_types.get(agr.type),
            organisations=graph.organisations,
            quotes=P.quotes_view(graph, agr.quotes),
        )
        (out_dir / paths[aid]).write_text(html, encoding="utf-8")
        if progress:
            progress("agreements", 1)
    tmpl = env.get_template("area.html")
    for area in ont.areas.values():
        html = tmpl.render(
            **common,
            title=area.label,
            area=area,
            organisations=graph.organisations,
            agreements=P.area_agreements(graph, area.id),
            links=P.area_links(graph, area.id),
            articles=P.area_articles(graph, area.id),
            relations=ont.relations,
            quotes_of=lambda link: P.quotes_view(graph, link.quotes),
        )
        (out_dir / paths[f"area:{area.id}"]).write_text(html, encoding="utf-8")
    index_common = {"root": "", "pages": paths, "in_overview": in_overview}
    orgs_sorted = sorted(graph.organisations.values(), key=lambda o: (o.name.lower(), o.id))
    (out_dir / "organisations.html").write_text(
        env.get_template("organisations.html").render(
            **index_common,
            title="Organisations",
            orgs=orgs_sorted,
            partners={o.id: len(graph.partners(o.id)) for o in orgs_sorted},
        ),
        encoding="utf-8",
    )
    (out_dir / "agreements.html").write_text(
        env.get_template("agreements.html").render(
            **index_common,
            title="Agreements",
            agreements=sorted(
                graph.agreements.values(), key=lambda a: (a.date or P.UNDATED, a.name.lower())
            ),
            organisations=graph.organisations,
        ),
        encoding="utf-8",
    )
    (out_dir / "areas.html").write_text(
        env.get_template("areas.html").render(
            **index_common,
            title="Commitment areas",
            counts={
                a: (len(P.area_agreements(graph, a)), len(P.area_links(graph, a)))
                for a in ont.areas
            },
        ),
        encoding="utf-8",
    )
