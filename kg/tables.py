"""The graph as tidy tables for analysis: nodes, edges, evidence, and a dyad-year panel.

Researchers load these into pandas, R, Stata, networkx, igraph or Gephi. Every
cell is a scalar (no lists): a commitment area is one 0/1 column per area of
the ontology, dates come with their precision and source. The tables are read
from Neo4j in read transactions; properties the graph of an older build lacks
are derived from the evidence (weights, dates) or the gazetteer (ISO codes,
Wikidata ids).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import neo4j
from markupsafe import escape

import ontology
from kg.buildinfo import BuildRecord
from kg.dates import precision
from kg.resolve import country_code

NODE_COLUMNS = [
    "id",
    "kind",
    "name",
    "type",
    "country",
    "country_code",
    "wikidata",
    "date",
    "date_precision",
    "degree",
]
EVIDENCE_COLUMNS = ["id", "fact", "kind", "quote", "article", "url", "published", "start", "end"]
# the relationships between organisations and agreements (COVERS becomes area columns)
EDGE_RELATIONS = ("cooperatesWith", "memberOf", "partOf", "partyTo")
STATE_TYPES = ("country", "government-agency", "law-enforcement", "cert")


def area_column(area_id: str) -> str:
    """The column of a commitment area: ``area_`` and its id with underscores (R/Stata-safe)."""
    return "area_" + area_id.replace("-", "_")


def area_ids() -> list[str]:
    return list(ontology.load().areas)


def edge_columns() -> list[str]:
    return [
        "source",
        "target",
        "type",
        "key",
        "weight",
        *map(area_column, area_ids()),
        "first_seen",
        "first_seen_precision",
        "last_seen",
        "last_seen_precision",
        "date_source",
        "evidence",
    ]


def dyad_columns() -> list[str]:
    return [
        "year",
        "state_a",
        "state_a_code",
        "state_b",
        "state_b_code",
        "cooperation_links",
        "agreements",
        "areas",
        *map(area_column, area_ids()),
    ]


@cache
def _gazetteer() -> Any:
    from ontology.gazetteer import load_gazetteer

    return load_gazetteer()


def wikidata(name: str | None) -> str:
    """The gazetteer's Wikidata QID of an organisation, when it has one."""
    entry = _gazetteer().lookup(name) if name else None
    return (entry.wikidata or "") if entry is not None else ""


@dataclass
class Tables:
    """The graph as rows of scalars; ``record`` names the build they come from."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    record: BuildRecord | None = None
    agreement_areas: dict[str, list[str]] = field(default_factory=dict)


def _read(driver: neo4j.Driver, database: str | None, query: str) -> list[neo4j.Record]:
    records, _, _ = driver.execute_query(
        query, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return records


def _span(dates: Iterable[str | None]) -> tuple[str, str]:
    known = sorted(d for d in dates if d)
    return (known[0], known[-1]) if known else ("", "")


def read_tables(
    driver: neo4j.Driver, database: str | None = None, record: BuildRecord | None = None
) -> Tables:
    """Nodes (organisations and agreements), edges among them and every evidence sentence."""
    ont = ontology.load()
    L = {name: c.label for name, c in ont.classes.items()}
    stated_in = ont.rel("statedIn")
    evidence = [
        {**rec["e"], "url": rec["url"] or "", "published": rec["published"] or ""}
        for rec in _read(
            driver,
            database,
            f"MATCH (e:{L['Evidence']})-[:{stated_in}]->(a:{L['Article']}) "
            "RETURN e {.*} AS e, a.url AS url, a.published AS published ORDER BY e.id",
        )
    ]
    by_fact: dict[str, list[dict]] = defaultdict(list)
    for ev in evidence:
        by_fact[ev["fact"]].append(ev)

    nodes: dict[str, dict[str, Any]] = {}
    for rec in _read(
        driver, database, f"MATCH (o:{L['Organisation']}) RETURN o {{.*}} AS o ORDER BY o.id"
    ):
        o = rec["o"]
        nodes[o["id"]] = {
            "id": o["id"],
            "kind": "Organisation",
            "name": o.get("name") or o["id"],
            "type": o.get("type") or "",
            "country": o.get("country") or "",
            "country_code": o.get("country_code") or country_code(o.get("country")) or "",
            "wikidata": o.get("wikidata") or wikidata(o.get("name")),
            "date": "",
            "date_precision": "",
            "degree": 0,
        }
    agreement_areas: dict[str, list[str]] = {}
    for rec in _read(
        driver,
        database,
        f"MATCH (g:{L['Agreement']}) "
        f"RETURN g {{.*}} AS g, [(g)-[:{ont.rel('covers')}]->(c) | c.id] AS areas ORDER BY g.id",
    ):
        g = rec["g"]
        agreement_areas[g["id"]] = sorted(rec["areas"])
        nodes[g["id"]] = {
            "id": g["id"],
            "kind": "Agreement",
            "name": g.get("name") or g.get("label") or g["id"],
            "type": g.get("type") or "",
            "country": "",
            "country_code": "",
            "wikidata": "",
            "date": g.get("date") or "",
            "date_precision": g.get("date_precision") or precision(g.get("date")) or "",
            "degree": 0,
        }

    edges = []
    for prop in EDGE_RELATIONS:
        rel = ont.relations[prop]
        for rec in _read(
            driver,
            database,
            f"MATCH (a:{L[rel.domain]})-[r:{rel.type}]->(b:{L[rel.range]}) "
            "RETURN a.id AS source, b.id AS target, r {.*} AS r ORDER BY source, target",
        ):
            edges.append(
                _edge(
                    rel.type,
                    rec["source"],
                    rec["target"],
                    rec["r"],
                    by_fact,
                    nodes[rec["target"]],
                    agreement_areas,
                )
            )
    for edge in edges:
        for end in ("source", "target"):
            nodes[edge[end]]["degree"] += 1
        areas = edge.pop("_areas")
        edge.update({area_column(a): int(a in areas) for a in area_ids()})
    columns = edge_columns()
    edges = [{c: e[c] for c in columns} for e in edges]
    ev_rows = [{c: ev.get(c, "") for c in EVIDENCE_COLUMNS} for ev in evidence]
    return Tables(list(nodes.values()), edges, ev_rows, record, agreement_areas)


def _edge(
    rtype: str,
    source: str,
    target: str,
    r: dict[str, Any],
    by_fact: dict[str, list[dict]],
    target_node: dict[str, Any],
    agreement_areas: dict[str, list[str]],
) -> dict[str, Any]:
    """One edge row: weight, areas, dates with precision and source, evidence count."""
    key = r.get("key") or f"{rtype}|{source}|{target}"
    evs = by_fact.get(key, [])
    published_first, published_last = _span(e["published"] for e in evs)
    areas = list(r.get("areas") or [])
    first, last, source_kind = r.get("first_seen"), r.get("last_seen"), r.get("date_source")
    if target_node["kind"] == "Agreement":  # a party's edge: the agreement's areas and date
        areas = areas or agreement_areas.get(target, [])
        if target_node.get("date"):
            first = last = target_node["date"]
            source_kind = "event"
    if not first:
        first, last = published_first, published_last
        source_kind = "publication" if first else ""
    return {
        "source": source,
        "target": target,
        "type": rtype,
        "key": key,
        "weight": r.get("weight")
        if r.get("weight") is not None
        else len({e["article"] for e in evs}),
        "_areas": areas,
        "first_seen": first or "",
        "first_seen_precision": r.get("first_seen_precision") or precision(first) or "",
        "last_seen": last or "",
        "last_seen_precision": r.get("last_seen_precision") or precision(last) or "",
        "date_source": source_kind or "",
        "evidence": len(evs),
    }


# ---------------------------------------------------------------- dyad-year panel
def states(tables: Tables) -> dict[str, tuple[str, str]]:
    """Each organisation that speaks for a state, with that state's (name, ISO alpha-3 code).

    A country is its own state; a state body (agency, police, CERT) is rolled up
    to its ``country`` or, failing that, to the country it is PART_OF. Companies,
    academia, NGOs and intergovernmental bodies speak for no state.
    """
    orgs = {n["id"]: n for n in tables.nodes if n["kind"] == "Organisation"}
    part_rel = ontology.load().rel("partOf")
    parent = {e["source"]: e["target"] for e in tables.edges if e["type"] == part_rel}
    out = {}
    for oid, org in orgs.items():
        if org["type"] not in STATE_TYPES and parent.get(oid) not in orgs:
            continue
        country, code = org["country"], org["country_code"]
        up = orgs.get(parent.get(oid, ""))
        if not country and up is not None and up["type"] == "country":
            country, code = up["country"] or up["name"], up["country_code"]
        if org["type"] == "country" and not country:
            country, code = org["name"], country_code(org["name"]) or ""
        if country and (org["type"] in STATE_TYPES or (up and up["type"] == "country")):
            out[oid] = (country, code or country_code(country) or "")
    return out


def dyad_panel(tables: Tables) -> list[dict[str, Any]]:
    """The country-level dyad-year panel: per unordered pair of states and year, what began.

    ``cooperation_links``: cooperation edges between the two states' bodies first
    seen that year; ``agreements``: agreements dated that year (else first
    reported that year) with parties of both states; the area columns: the
    areas those links and agreements cover. Only dyad-years with an event are
    rows; a year with none is a zero. Events with no date at all (neither the
    agreement's nor any article's) are counted in a row whose year is empty.
    """
    state = states(tables)
    ont = ontology.load()
    coop, party = ont.rel("cooperatesWith"), ont.rel("partyTo")
    agreements = {n["id"]: n for n in tables.nodes if n["kind"] == "Agreement"}
    area_cols = [area_column(a) for a in area_ids()]
    cells: dict[tuple[str, tuple, tuple], dict[str, Any]] = {}

    def cell(year: str, a: tuple[str, str], b: tuple[str, str]) -> dict[str, Any]:
        a, b = sorted((a, b), key=lambda s: (s[1] or s[0], s[0]))
        key = (year, a, b)
        if key not in cells:
            cells[key] = {
                "year": int(year) if year else None,
                "state_a": a[0],
                "state_a_code": a[1],
                "state_b": b[0],
                "state_b_code": b[1],
                "cooperation_links": 0,
                "agreements": 0,
                **dict.fromkeys(area_cols, 0),
            }
        return cells[key]

    parties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    dates: dict[str, str] = {}
    for e in tables.edges:
        if e["type"] == coop:
            a, b = state.get(e["source"]), state.get(e["target"])
            if a and b and a != b:
                row = cell(e["first_seen"][:4], a, b)
                row["cooperation_links"] += 1
                for c in area_cols:
                    row[c] |= e[c]
        elif e["type"] == party and e["source"] in state:
            parties[e["target"]].add(state[e["source"]])
            dates[e["target"]] = e["first_seen"]
    for aid, members in parties.items():
        year = (agreements[aid]["date"] or dates.get(aid) or "")[:4]
        areas = set(tables.agreement_areas.get(aid, []))
        for a, b in combinations(sorted(members), 2):
            row = cell(year, a, b)
            row["agreements"] += 1
            for area in areas:
                row[area_column(area)] = 1
    rows = sorted(
        cells.values(),
        key=lambda r: (r["year"] is None, r["year"] or 0, r["state_a"], r["state_b"]),
    )
    for row in rows:
        row["areas"] = sum(row[c] for c in area_cols)
    columns = dyad_columns()
    return [{c: row[c] for c in columns} for row in rows]


# ---------------------------------------------------------------- writing
def write_rows(
    path: Path, columns: list[str], rows: Iterable[dict[str, Any]], record: BuildRecord | None
) -> int:
    """A CSV file: the build record as a first ``#`` line, a header, the rows. Returns rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    n = 0
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if record is not None:
            fh.write(record.comment() + "\n")
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    tmp.replace(path)
    return n


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file this module wrote (its ``#`` build line skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        return list(csv.DictReader(lines))


def write_csv_tables(tables: Tables, folder: Path) -> dict[str, int]:
    """``nodes.csv``, ``edges.csv`` and ``evidence.csv`` in ``folder``: rows written per file."""
    return {
        "nodes.csv": write_rows(folder / "nodes.csv", NODE_COLUMNS, tables.nodes, tables.record),
        "edges.csv": write_rows(folder / "edges.csv", edge_columns(), tables.edges, tables.record),
        "evidence.csv": write_rows(
            folder / "evidence.csv", EVIDENCE_COLUMNS, tables.evidence, tables.record
        ),
    }


def write_dyads(tables: Tables, path: Path) -> int:
    return write_rows(path, dyad_columns(), dyad_panel(tables), tables.record)


def to_networkx(tables: Tables) -> Any:
    """A networkx MultiDiGraph of the tables: scalar attributes only, so Gephi reads them.

    Nodes carry ``label`` (their name, which Gephi shows); edges carry their key as
    the edge key. The build record is stored as graph attributes.
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    if tables.record is not None:
        for k, v in tables.record.as_dict().items():
            g.graph[f"build_{k}"] = "" if v is None else v
    for n in tables.nodes:
        g.add_node(n["id"], label=n["name"], **{k: v for k, v in n.items() if k != "id"})
    for e in tables.edges:
        attrs = {k: v for k, v in e.items() if k not in ("source", "target", "key")}
        g.add_edge(e["source"], e["target"], key=e["key"], label=e["type"], fact=e["key"], **attrs)
    return g


def write_graph(tables: Tables, path: Path, fmt: str) -> tuple[int, int]:
    """GraphML or GEXF written by networkx; returns (nodes, edges)."""
    import networkx as nx

    g = to_networkx(tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "graphml":
        nx.write_graphml(g, tmp)
    elif fmt == "gexf":
        nx.write_gexf(g, tmp)
        if tables.record is not None:  # GEXF keeps no graph attributes: the build goes in <meta>
            text = tmp.read_text(encoding="utf-8")
            note = escape(tables.record.comment().lstrip("# "))
            text = text.replace("</meta>", f"<description>{note}</description>\n  </meta>", 1)
            tmp.write_text(text, encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    tmp.replace(path)
    return g.number_of_nodes(), g.number_of_edges()
