"""The journalists' site: a static, offline, filterable view of the graph.

``write_site`` reads the graph from Neo4j (read queries only) and writes
``index.html`` (the overview network, built with pyvis and rendered through our
own template), a page per organisation, agreement and commitment area, three
index pages, and the scripts and styles beside them: vis-network as shipped in
the pyvis package and the site's own JS/CSS. Nothing is fetched from a network,
so the folder opens from ``file://`` or any static host.

The output folder is shared with whatever else the user keeps there: the site
records every file it writes in a manifest (``.cyberkg-site.json``) and, when
written again, removes only files of the last manifest that it did not write
this time. It refuses a non-empty folder that has no manifest.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import neo4j
import pyvis
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

import ontology
from kg.errors import CyberKGError
from kg.settings import Settings
from kg.views import pages as P
from kg.views.data import SiteGraph, read_graph
from kg.views.overview import NODE_BUDGET, Overview, anchor, build, edge_style
from kg.views.overview import isolated as isolated_of
from kg.views.safe import safe_url, script_json

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VIS_VERSION = "vis-9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
PAGE_DIRS = ("org", "agreement", "area")
MANIFEST = ".cyberkg-site.json"
ACCURACY = HERE.parent / "accuracy.json"  # measured dev accuracy, shared with the codebook
SITE_NAME = "CyberKG"
Progress = Callable[[str, int], None]

__all__ = ["NODE_BUDGET", "SiteFolderError", "check_folder", "write_site", "render_site"]


class SiteFolderError(CyberKGError):
    """The output folder holds files the site did not write: it will not touch them."""

    code = "E600"


@dataclass(frozen=True)
class BuildInfo:
    """When and by which version the site was written, and from how many articles."""

    date: str
    version: str
    articles: int

    @property
    def source_line(self) -> str:
        return (
            f"Source: {SITE_NAME} {self.version}, built {self.date}, "
            f"from {self.articles:,} article{'s' if self.articles != 1 else ''}"
        )


def build_info(graph: SiteGraph) -> BuildInfo:
    """Today's date (or SOURCE_DATE_EPOCH's, for reproducible builds) and the package version."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    try:
        version = metadata.version("cyberkg")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return BuildInfo(when.date().isoformat(), version, len(graph.articles))


def accuracy() -> dict | None:
    """The measured dev-set accuracy shown on the about page, if recorded."""
    try:
        data = yaml.safe_load(ACCURACY.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("scores"), dict) else None


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
        anchor=anchor,
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
    out_dir = Path(out_dir)
    previous = _claim(out_dir)
    written = Written(out_dir)
    _copy_assets(out_dir, written)
    env = environment()
    info = build_info(graph)
    paths = P.page_paths(graph)
    overview = build(graph, paths, budget)
    env.globals.update(build=info, site_name=SITE_NAME)
    written.text("index.html", _render_overview(env, graph, overview, paths))
    _write_pages(env, graph, paths, written, overview, progress)
    written.text(
        "about.html",
        env.get_template("about.html").render(
            root="",
            title="About the data",
            accuracy=accuracy(),
            sources=P.source_list(graph),
            counts=_counts(graph),
            years=P.date_range(graph),
        ),
    )
    _finish(out_dir, previous, written.paths)
    return out_dir / "index.html"


class Written:
    """Writes files under the site folder and remembers them for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: set[str] = set()

    def text(self, rel: str, content: str) -> None:
        path = self._prepare(rel)
        path.write_text(content, encoding="utf-8")

    def copy(self, source: Path, rel: str) -> None:
        shutil.copyfile(source, self._prepare(rel))

    def _prepare(self, rel: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.paths.add(rel)
        return path


def check_folder(out_dir: Path) -> set[str]:
    """The files the last run wrote into ``out_dir``; raises if the site may not write there."""
    manifest = out_dir / MANIFEST
    if out_dir.exists() and not out_dir.is_dir():
        raise SiteFolderError(f"{out_dir} is a file, not a folder")
    if manifest.is_file():
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError) as err:
            raise SiteFolderError(f"{manifest} is damaged ({err}); remove the folder") from err
        return {f for f in files if isinstance(f, str) and _inside(f)}
    legacy = _legacy_files(out_dir)
    if legacy:
        return legacy
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise SiteFolderError(
            f"{out_dir} is not empty and kg views did not write it (no {MANIFEST}): "
            "choose an empty or new folder with --out, or empty this one"
        )
    return set()


LEGACY_PATTERNS = (
    "index.html",
    "organisations.html",
    "agreements.html",
    "areas.html",
    "org/*.html",
    "agreement/*.html",
    "area/*.html",
    "static/*.js",
    "static/*.css",
    f"lib/{VIS_VERSION}/vis-network.*",
)


def _legacy_files(out_dir: Path) -> set[str]:
    """The files a version without a manifest wrote, if ``out_dir`` is such a site.

    Those versions removed ``org/``, ``agreement/`` and ``area/`` whole on every
    run; this adopts only the files they wrote, by name, so a user's other files
    survive the first run of this version too.
    """
    index = out_dir / "index.html"
    marks = (
        out_dir / "static" / "overview.js",
        out_dir / "lib" / VIS_VERSION / "vis-network.min.js",
    )
    try:
        if not (index.is_file() and all(m.is_file() for m in marks)):
            return set()
        if "CyberKG" not in index.read_text(encoding="utf-8", errors="replace")[:4000]:
            return set()
    except OSError:
        return set()
    return {
        path.relative_to(out_dir).as_posix()
        for pattern in LEGACY_PATTERNS
        for path in out_dir.glob(pattern)
        if path.is_file() and not path.is_symlink()
    }


def _claim(out_dir: Path) -> set[str]:
    """The files the last run wrote; a new, empty or older site's folder becomes the site's."""
    previous = check_folder(out_dir)
    if (out_dir / MANIFEST).is_file():
        return previous
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_manifest(out_dir, previous)  # the folder is the site's from now on
    return previous


def _inside(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def _finish(out_dir: Path, previous: set[str], written: set[str]) -> None:
    """Record what was written, then remove what the last run wrote and this one did not."""
    _write_manifest(out_dir, written)
    for rel in sorted(previous - written):
        path = out_dir / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
        parent = path.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def _write_manifest(out_dir: Path, files: set[str]) -> None:
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(
        json.dumps({"generator": "kg views", "files": sorted(files)}, indent=0), encoding="utf-8"
    )
    tmp.replace(out_dir / MANIFEST)


def _counts(graph: SiteGraph) -> dict[str, int]:
    return {
        "organisations": len(graph.organisations),
        "agreements": len(graph.agreements),
        "links": len(graph.links),
        "articles": len(graph.articles),
        "quotes": sum(len(link.quotes) for link in graph.links.values()),
    }


def _copy_assets(out_dir: Path, written: Written) -> None:
    for name in ("vis-network.min.js", "vis-network.css"):
        written.copy(VIS_DIR / name, f"lib/{VIS_VERSION}/{name}")
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            written.copy(path, f"static/{path.name}")


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
        name: {
            "label": r.label,
            "inverse": P.INVERSE.get(name, r.label),
            "symmetric": r.symmetric,
            "colour": r.colour,
            "dashes": r.dashes,
        }
        for name, r in ont.relations.items()
        if r.colour
    }
    info = build_info(graph)
    return {
        "build": {
            "date": info.date,
            "version": info.version,
            "articles": info.articles,
            "name": SITE_NAME,
            "sourceLine": info.source_line,
        },
        "headline": headline(graph, overview),
        "legend": {
            "types": [[t.id, t.label, t.colour] for t in ont.org_types.values()],
            "relations": [[r.name, r.label, r.colour, r.dashes] for r in legend_relations(ont)],
            "agreement": [ont.classes["Agreement"].name, ont.relations["partyTo"].colour],
        },
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
        "isolated": len(overview.isolated),
    }


def headline(graph: SiteGraph, overview: Overview) -> str:
    """One line that says what the overview shows and where it comes from."""
    coop = sum(1 for link in graph.links.values() if link.prop == "cooperatesWith")
    first, last = P.date_range(graph)
    years = (
        f", {first}–{last}" if first and last and first != last else (f", {first}" if first else "")
    )
    n_art = len(graph.articles)
    linked = overview.total_orgs - len(isolated_of(graph))
    return (
        f"Who cooperates with whom on cyber security: {linked:,} organisations linked by "
        f"{coop:,} cooperation{'s' if coop != 1 else ''} and {len(graph.agreements):,} "
        f"agreement{'s' if len(graph.agreements) != 1 else ''}, from {n_art:,} "
        f"article{'s' if n_art != 1 else ''}{years}."
    )


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
    out: Written,
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
            timeline=(events := P.timeline(graph, oid)),
            toc=len(graph.by_org.get(oid, [])) + len(events) > P.TOC_MIN_ITEMS,
            ego=P.ego_data(graph, oid, paths, root),
            quotes_of=lambda link: P.quotes_view(graph, link.quotes),
            mentions=P.quotes_view(graph, org.quotes),
            wikidata=safe_url(f"https://www.wikidata.org/wiki/{org.wikidata}")
            if org.wikidata
            else None,
        )
        out.text(paths[oid], html)
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
        out.text(paths[aid], html)
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
        out.text(paths[f"area:{area.id}"], html)
    index_common = {"root": "", "pages": paths, "in_overview": in_overview}
    orgs_sorted = sorted(graph.organisations.values(), key=lambda o: (o.name.lower(), o.id))
    out.text(
        "organisations.html",
        env.get_template("organisations.html").render(
            **index_common,
            title="Organisations",
            orgs=orgs_sorted,
            partners={o.id: len(graph.partners(o.id)) for o in orgs_sorted},
        ),
    )
    out.text(
        "agreements.html",
        env.get_template("agreements.html").render(
            **index_common,
            title="Agreements",
            agreements=sorted(
                graph.agreements.values(), key=lambda a: (a.date or P.UNDATED, a.name.lower())
            ),
            organisations=graph.organisations,
        ),
    )
    out.text(
        "areas.html",
        env.get_template("areas.html").render(
            **index_common,
            title="Commitment areas",
            counts={
                a: (len(P.area_agreements(graph, a)), len(P.area_links(graph, a)))
                for a in ont.areas
            },
        ),
    )
