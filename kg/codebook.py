"""The codebook (``docs/codebook.md``), generated from the ontology by ``kg codebook``.

Every label, property, relationship type, organisation and agreement type and
commitment area comes from ``ontology/cyberkg.ttl`` with its definition; the
columns of the exports come from ``kg/tables.py`` and ``kg/measures.py``; the
latest measured accuracy from ``kg/accuracy.json``. The file is never
edited by hand: a test fails when it differs from what this module writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import ontology
from kg.measures import MEASURE_COLUMNS, SUMMARY_COLUMNS
from kg.settings import PROJECT_ROOT
from kg.tables import EVIDENCE_COLUMNS, NODE_COLUMNS, area_column, dyad_columns, edge_columns

CODEBOOK = PROJECT_ROOT / "docs" / "codebook.md"
ACCURACY = Path(__file__).resolve().parent / "accuracy.json"

COLUMNS = {
    "nodes.csv": {
        "id": "Stable id of the node (Organisation.id or Agreement.id).",
        "kind": "'Organisation' or 'Agreement'.",
        "name": "Organisation name, or the agreement's name (its label when unnamed).",
        "type": "Organisation type or agreement type (notations below).",
        "country": "Organisations: the state's English short name.",
        "country_code": "ISO 3166-1 alpha-3 of country (pycountry).",
        "wikidata": "Wikidata QID where the gazetteer has one.",
        "date": "Agreements: ISO date of any precision.",
        "date_precision": "'day', 'month' or 'year' (length of date).",
        "degree": "Number of rows of edges.csv at this node (all relationship types).",
    },
    "edges.csv": {
        "source": "id of the source node (nodes.csv).",
        "target": "id of the target node (nodes.csv).",
        "type": "Relationship type: COOPERATES_WITH (symmetric, stored once with sorted ends), "
        "MEMBER_OF, PART_OF, PARTY_TO.",
        "key": "Relationship key; evidence.csv's fact column holds it.",
        "weight": "Number of distinct articles stating the relationship.",
        "area_*": "1 when the relationship covers the commitment area (for PARTY_TO: the "
        "agreement's areas), else 0. One column per area of the ontology.",
        "first_seen": "Earliest date (see Dates).",
        "first_seen_precision": "'day', 'month' or 'year'.",
        "last_seen": "Latest date.",
        "last_seen_precision": "'day', 'month' or 'year'.",
        "date_source": "'event' (an agreement's date) or 'publication' (articles' dates).",
        "evidence": "Number of evidence sentences (rows of evidence.csv) for the key.",
    },
    "evidence.csv": {
        "id": "Evidence id.",
        "fact": "Node id or relationship key the sentence supports.",
        "kind": "Node label or relationship type of the fact.",
        "quote": "The sentence.",
        "article": "Article id.",
        "url": "Article URL.",
        "published": "Article publication date.",
        "start": "Offset of the quote in the article body (see Offsets).",
        "end": "Offset just after the quote.",
    },
    "dyads.csv": {
        "year": "Calendar year of the events counted; empty for events with no date at all "
        "(neither the agreement's nor any of its articles').",
        "state_a": "First state of the pair (pairs are undirected: a sorts before b by ISO code).",
        "state_a_code": "ISO 3166-1 alpha-3 of state_a.",
        "state_b": "Second state.",
        "state_b_code": "ISO 3166-1 alpha-3 of state_b.",
        "cooperation_links": "COOPERATES_WITH edges between bodies of the two states first "
        "seen that year.",
        "agreements": "Agreements dated that year (undated: first reported that year) with "
        "parties of both states.",
        "areas": "Number of commitment areas those links and agreements cover.",
        "area_*": "1 when a link or agreement of the dyad-year covers the area.",
    },
    "measures.csv": {
        "scope": "'all' (the whole graph) or a year (the network of links first seen up to "
        "the end of that year).",
        "id": "Organisation id.",
        "name": "Organisation name.",
        "type": "Organisation type.",
        "country": "State of the organisation.",
        "degree": "Number of cooperation partners.",
        "weighted_degree": "Sum of the weights (articles) of its cooperation edges.",
        "betweenness": "Normalised betweenness centrality (networkx, unweighted shortest paths).",
        "eigenvector": "Eigenvector centrality (networkx, weighted); 0 outside the component "
        "with the largest eigenvalue; empty when it does not converge.",
        "community": "Louvain community (networkx louvain_communities, weight, seed 42), "
        "numbered from 1 by size.",
        "component": "Connected component, numbered from 1 by size.",
        "component_size": "Number of organisations in the component.",
    },
    "measures-summary.csv": {
        "scope": "As in measures.csv.",
        "nodes": "Organisations in the graph of the scope.",
        "edges": "Cooperation edges.",
        "density": "networkx density.",
        "components": "Number of connected components.",
        "largest_component": "Organisations in the largest component.",
        "communities": "Number of Louvain communities.",
        "modularity": "Modularity of the Louvain partition (weighted).",
    },
}
FILE_COLUMNS = {
    "nodes.csv": NODE_COLUMNS,
    "edges.csv": edge_columns(),
    "evidence.csv": EVIDENCE_COLUMNS,
    "dyads.csv": dyad_columns(),
    "measures.csv": MEASURE_COLUMNS,
    "measures-summary.csv": SUMMARY_COLUMNS,
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _accuracy(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["No measurement recorded (kg/accuracy.json is missing).", ""]
    lines = [
        f"Measured {data['measured']} at commit {data['commit']} with `{data['command']}` "
        f"on {data['articles']} hand-annotated dev articles:",
        "",
    ]
    rows = [
        [name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"]
        for name, s in data["scores"].items()
    ]
    return lines + _table(["fact", "precision", "recall", "F1"], rows)


def _columns(name: str) -> list[str]:
    docs = COLUMNS[name]
    rows = []
    for col in FILE_COLUMNS[name]:
        if col.startswith("area_"):
            if rows and rows[-1][0] == "`area_*`":
                continue
            rows.append(["`area_*`", docs["area_*"]])
        else:
            rows.append([f"`{col}`", docs[col]])
    return [f"### {name}", ""] + _table(["column", "meaning"], rows)


def generate(accuracy: Path = ACCURACY) -> str:
    """The codebook's Markdown text."""
    ont = ontology.load()
    props = ontology.properties(ont)
    out = [
        "# CyberKG codebook",
        "",
        "<!-- Generated by `kg codebook` from ontology/cyberkg.ttl, kg/tables.py, "
        "kg/measures.py and kg/accuracy.json: do not edit by hand. -->",
        "",
        "What every node, relationship, property, type, area and export column means. "
        "The ontology (`ontology/cyberkg.ttl`) is the source of every definition below.",
        "",
        "## Node labels and their properties",
        "",
    ]
    for cls in ont.classes.values():
        out += [f"### {cls.label}", "", ontology.definition(ont, cls.iri), ""]
        out += [f"Key: `{cls.key}` (unique). Neo4j label: `{cls.label}`.", ""]
        rows = [[f"`{p.name}`", p.range, p.definition] for p in props if cls.name in p.owners]
        out += _table(["property", "type", "definition"], rows)
    out += ["## Relationship types", ""]
    rows = []
    for rel in ont.relations.values():
        symmetric = " (symmetric)" if rel.symmetric else ""
        rows.append(
            [
                f"`{rel.type}`",
                f"{rel.domain} → {rel.range}{symmetric}",
                ontology.definition(ont, rel.iri),
            ]
        )
    out += _table(["type", "from → to", "definition"], rows)
    out += ["### Relationship properties", ""]
    rel_names = {r.name: r.type for r in ont.relations.values()}
    rows = [
        [
            f"`{p.name}`",
            ", ".join(rel_names[o] for o in p.owners if o in rel_names),
            p.range,
            p.definition,
        ]
        for p in props
        if any(o in rel_names for o in p.owners)
    ]
    out += _table(["property", "on", "type", "definition"], rows)
    out += ["## Organisation types", ""]
    out += _table(
        ["id", "label", "Neo4j label", "definition"],
        [
            [f"`{c.id}`", c.label, f"`{c.neo4j_label}`" if c.neo4j_label else "", c.definition]
            for c in ont.org_types.values()
        ],
    )
    out += ["## Agreement types", ""]
    out += _table(
        ["id", "label", "definition"],
        [[f"`{c.id}`", c.label, c.definition] for c in ont.agreement_types.values()],
    )
    out += ["## Commitment areas", ""]
    out += _table(
        ["id", "label", "column", "definition"],
        [
            [f"`{c.id}`", c.label, f"`{area_column(c.id)}`", c.definition]
            for c in ont.areas.values()
        ],
    )
    out += [
        "## Dates and their precision",
        "",
        "Dates are ISO 8601 strings of the precision the source gives: `YYYY` (year), "
        "`YYYY-MM` (month) or `YYYY-MM-DD` (day); the precision is the length of the "
        "string and is stated beside every date in the exports. A date is never padded "
        "to a day it does not have. Compare dates of mixed precision on their common "
        "prefix (`2024` is on or after `2024-03-01` only at year precision).",
        "",
        "An agreement's `date` is the event's date as the text gives it; relative dates "
        "('yesterday', 'last month') are resolved against the article's publication date. "
        "A relationship's `first_seen` and `last_seen` are event dates (`date_source` = "
        "`event`) when an agreement behind it is dated, else the publication dates of its "
        "articles (`publication`). An article's `published` comes from its front matter, "
        "URL, dateline or a 'Published' line (`published_source`).",
        "",
        "## Offsets and the article body",
        "",
        "Evidence offsets `start` and `end` index the article body: the article file "
        "decoded as UTF-8, with its YAML front matter (from the first `---` line to the "
        "closing `---` line and its line break) cut off, everything after it kept as "
        "written — including a blank line after the front matter — and trailing "
        "whitespace ignored. A file without front matter is its own body (a byte-order "
        "mark is not part of it). Offsets are 0-based, counted in Unicode code points "
        "(Python `str` indices, not bytes or UTF-16 units), `end` exclusive, so "
        "`body[start:end] == quote` for every evidence; `kg.corpus.read_article(path).text` "
        "is this body.",
        "",
        "## Export files",
        "",
        "`kg export --format csv` writes nodes.csv, edges.csv and evidence.csv; "
        "`--format dyads` dyads.csv; `kg measures` measures.csv and measures-summary.csv. "
        "Every CSV file starts with one `# cyberkg build: …` line naming the build (git "
        "commit, pipeline version, build time, article count): skip it "
        "(`pandas.read_csv(path, skiprows=1)`, R `read.csv(path, skip = 1)`). JSON outputs "
        "carry it as `build`, RDF as a `ckg:Build` activity, GraphML as graph attributes, "
        "GEXF in its `<meta><description>`.",
        "",
    ]
    out += ["### The build record", "", ontology.definition(ont, ontology.CKG.Build), ""]
    out += _table(
        ["field", "RDF property", "definition"],
        [
            [f"`{p.name}`", f"`ckg:{p.iri.split('#')[-1]}`", p.definition]
            for p in props
            if "Build" in p.owners
        ],
    )
    for name in FILE_COLUMNS:
        out += _columns(name)
    out += ["## Latest measured accuracy", ""] + _accuracy(accuracy)
    return "\n".join(out).rstrip() + "\n"


def write(path: Path = CODEBOOK) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate(), encoding="utf-8")
    return path
