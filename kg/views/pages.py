"""What each page of the site shows: plain dictionaries handed to the templates.

The templates are autoescaped, so these contexts hold raw article strings; the
graph data a page draws goes through ``safe.script_json``.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import ontology
from kg.views.data import Agreement, Link, Organisation, Quote, SiteGraph, Span
from kg.views.overview import edge_style
from kg.views.safe import page_stem, safe_url

EGO_LIMIT = 120
UNDATED = "9999"  # sorts undated events last


INVERSE = {"memberOf": "has member", "partOf": "has part"}
TOC_MIN_ITEMS = 12  # an organisation page with more rows than this gets a table of contents


def page_paths(graph: SiteGraph) -> dict[str, str]:
    """Relative path (from the site root) of every page, keyed by node id."""
    ont = ontology.load()
    paths = {oid: f"org/{page_stem(oid)}.html" for oid in graph.organisations}
    paths.update({aid: f"agreement/{slug}.html" for aid, slug in agreement_slugs(graph).items()})
    paths.update({f"area:{a}": f"area/{page_stem(a)}.html" for a in ont.areas})
    return paths


def slugify(text: str, limit: int = 70) -> str:
    """Lower-case ASCII words joined by hyphens: 'Kenya–Romania MoU' -> 'kenya-romania-mou'."""
    spaced = "".join(
        ch if ch.isalnum() or unicodedata.combining(ch) else " "
        for ch in unicodedata.normalize("NFKD", text)
    )
    words = re.findall(r"[a-z0-9]+", spaced.encode("ascii", "ignore").decode("ascii").lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return (slug or words[0][:limit]) if words else ""


def agreement_slugs(graph: SiteGraph) -> dict[str, str]:
    """A readable, stable file stem per agreement: its name, then its date, then a digest.

    Two agreements of one name are told apart by date; if that is not enough,
    by a short digest of the id, so one agreement's address never depends on
    which others exist.
    """
    base = {aid: slugify(agr.name) or "agreement" for aid, agr in graph.agreements.items()}
    count = Counter(base.values())
    dated = {}
    for aid, slug in base.items():
        date = graph.agreements[aid].date
        dated[aid] = f"{slug}-{slugify(date)}" if count[slug] > 1 and date else slug
    count = Counter(dated.values())
    out = {}
    for aid, slug in dated.items():
        if count[slug] > 1 or slug in ("index",):
            slug = f"{slug}-{hashlib.sha1(aid.encode('utf-8')).hexdigest()[:6]}"
        out[aid] = slug
    return out


@dataclass
class Neighbour:
    """One relationship of an organisation, seen from that organisation."""

    other: Organisation
    label: str
    link: Link
    areas: list[str]
    dates: list[str]
    span: Span


def article_view(graph: SiteGraph, article_id: str) -> dict:
    art = graph.articles.get(article_id)
    if art is None:
        return {"id": article_id, "title": article_id, "url": None, "published": None}
    return {
        "id": art.id,
        "title": art.title or art.id,
        "url": safe_url(art.url),
        "published": art.published,
        "publisher": art.publisher,
    }


def quotes_view(graph: SiteGraph, quotes: list[Quote]) -> list[dict]:
    return [{"text": q.text, "article": article_view(graph, q.article)} for q in quotes]


def neighbours(graph: SiteGraph, org_id: str) -> list[Neighbour]:
    """The organisation's relationships, most attested first."""
    ont = ontology.load()
    out = []
    for key in graph.by_org.get(org_id, []):
        link = graph.links[key]
        rel = ont.relations[link.prop]
        other_id = link.target if link.source == org_id else link.source
        label = rel.label
        if not rel.symmetric and link.source != org_id:
            label = INVERSE.get(link.prop, f"has {rel.label}")
        out.append(
            Neighbour(
                graph.organisations[other_id],
                label,
                link,
                graph.link_areas(link),
                graph.link_dates(link),
                graph.link_span(link),
            )
        )
    out.sort(key=lambda n: (-len(n.link.quotes), n.other.name.lower()))
    return out


def timeline(graph: SiteGraph, org_id: str) -> list[dict]:
    """Dated events: agreements it joined and articles that state its relationships."""
    events: list[dict] = []
    for aid in graph.agreements_of.get(org_id, []):
        agr = graph.agreements[aid]
        events.append({"date": agr.date, "kind": "agreement", "agreement": agr})
    by_article: dict[str, list[tuple[str, Quote]]] = defaultdict(list)
    org = graph.organisations[org_id]
    for q in org.quotes:
        by_article[q.article].append(("mentioned", q))
    for n in neighbours(graph, org_id):
        for q in n.link.quotes:
            by_article[q.article].append((f"{n.label} {n.other.name}", q))
    for aid, items in by_article.items():
        art = article_view(graph, aid)
        events.append(
            {
                "date": art["published"],
                "kind": "article",
                "article": art,
                "items": [
                    {"what": what, "text": q.text} for what, q in items if what != "mentioned"
                ],
                "mentions": [q.text for what, q in items if what == "mentioned"],
            }
        )
    events.sort(key=lambda e: (e["date"] or UNDATED, e["kind"]))
    return events


def ego_data(graph: SiteGraph, org_id: str, pages: dict[str, str], root: str) -> dict:
    """The organisation and its nearest neighbours, drawn on its page."""
    ont = ontology.load()
    other = ont.org_types.get("other")
    near = neighbours(graph, org_id)[:EGO_LIMIT]
    ids = [org_id, *dict.fromkeys(n.other.id for n in near)]
    nodes = []
    for oid in ids:
        org = graph.organisations[oid]
        concept = ont.org_types.get(org.type, other)
        nodes.append(
            {
                "id": oid,
                "label": org.name,
                "title": org.name,
                "color": concept.colour if concept else None,
                "shape": "dot",
                "value": 3 if oid == org_id else 1,
                "page": root + pages[oid],
            }
        )
    edges = []
    for n in near:
        rel = ont.relations[n.link.prop]
        edges.append(
            {
                "id": n.link.key,
                "from": n.link.source,
                "to": n.link.target,
                "arrows": "" if rel.symmetric else "to",
                "title": f"{graph.organisations[n.link.source].name} — {rel.label} — "
                f"{graph.organisations[n.link.target].name}",
                **edge_style(rel),
            }
        )
    positions = star(ids)
    for node in nodes:
        node["x"], node["y"] = positions[node["id"]]
    return {
        "nodes": nodes,
        "edges": edges,
        "truncated": len(graph.by_org.get(org_id, [])) > EGO_LIMIT,
    }


def star(ids: list[str]) -> dict[str, tuple[float, float]]:
    """The organisation in the middle, its neighbours around it, best attested first.

    Every edge of the drawing touches the centre, so a circle is its exact layout;
    past 40 neighbours they alternate between two rings to keep their labels apart.
    """
    centre, *around = ids
    out = {centre: (0.0, 0.0)}
    k = len(around)
    radius = max(160.0, 9.0 * k)
    for i, oid in enumerate(around):
        angle = -math.pi / 2 + 2 * math.pi * (i + 0.5) / max(k, 1)
        r = radius * (0.72 if k > 40 and i % 2 else 1.0)
        out[oid] = (round(r * math.cos(angle), 1), round(r * math.sin(angle), 1))
    return out


def area_links(graph: SiteGraph, area: str) -> list[Link]:
    """Organisation links that an agreement or an article ties to this area."""
    links = [link for link in graph.links.values() if area in graph.link_areas(link)]
    links.sort(key=lambda link: (-len(link.quotes), link.key))
    return links


def area_agreements(graph: SiteGraph, area: str) -> list[Agreement]:
    found = [a for a in graph.agreements.values() if area in a.areas]
    found.sort(key=lambda a: (a.date or UNDATED, a.name.lower()))
    return found


def area_articles(graph: SiteGraph, area: str) -> list[dict]:
    arts = [article_view(graph, a.id) for a in graph.articles.values() if area in a.areas]
    arts.sort(key=lambda a: (a["published"] or UNDATED, a["title"]))
    return arts


def source_list(graph: SiteGraph) -> list[dict]:
    """Every article of the graph, newest first: the about page's list of sources."""
    arts = [article_view(graph, aid) for aid in graph.articles]
    arts.sort(key=lambda a: (a["published"] or "", a["title"].lower()), reverse=True)
    return arts


def date_range(graph: SiteGraph) -> tuple[str | None, str | None]:
    """Years of the first and last article, for the headline."""
    years = sorted(a.published[:4] for a in graph.articles.values() if a.published)
    return (years[0], years[-1]) if years else (None, None)
