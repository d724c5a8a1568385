"""Saved Cypher queries: read their headers, check parameters, run them read-only.

Each ``queries/*.cypher`` file is one query for researchers, written as plain
Cypher they can paste into Neo4j Browser. Its header is a block of ``//``
comments the runner parses::

    // name: partners
    // description: The partners of an organisation, with quotes and sources.
    // param: org (string, required) Organisation name, alias or id.
    // param: limit (int, default=200) Most rows to return.
    // example: kg query run partners --param org=Kenya

Parameter types: string, int, float, bool, date (YYYY, YYYY-MM or YYYY-MM-DD,
passed as a string because the graph stores dates as ISO strings of any
precision) and list (comma-separated strings). A parameter without ``required``
or ``default=`` is optional and null when not given. ``limit`` must be at least 1.

Names are checked before a query runs, so a query never answers an unknown
name with silence: ``organisation``, ``country`` and ``agreement`` parameters
are a name, alias or id of a node in the graph; ``area``, ``org_type`` and
``agreement_type`` an id or label of the ontology, in any case. An unknown
value is a ParameterError with the closest known names, an ambiguous one a
ParameterError listing its candidates with their ids; otherwise the query
receives the node's or concept's id.

Result columns whose name starts with ``_`` are for ``--view`` only: they hold
node ids (strings, or lists of them: cheap to return, the view fetches those
nodes and the relationships among them) or graph elements (nodes,
relationships, paths). Tables, CSV and JSON leave them out.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from markupsafe import Markup, escape
from neo4j.exceptions import ClientError, Neo4jError
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from kg.errors import ParameterError, QueryError
from kg.settings import Settings

NAME_TYPES = ("organisation", "country", "agreement", "area", "org_type", "agreement_type")
PARAM_TYPES = ("string", "int", "float", "bool", "date", "list", *NAME_TYPES)
INT64 = 2**63 - 1
SUGGESTIONS = 3
TIMEOUT_S = 60.0
ACCESS_MODE_ERROR = "Neo.ClientError.Statement.AccessMode"
HIDDEN_PREFIX = "_"

_HEADER = re.compile(r"^//\s?(?P<key>[a-z_]+):\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:,\s*(?P<flag>.*?))?\)\s*(?P<doc>.*)$"
)
_USED = re.compile(r"\$([A-Za-z_]\w*)")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter of a saved query."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    description: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/*.cypher`` file: its header and its Cypher."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    example: str
    cypher: str
    path: Path
    text: str = field(repr=False, default="")

    def param(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def example_params(self) -> dict[str, str]:
        """The ``--param key=value`` pairs of the example call, as raw strings."""
        raw: dict[str, str] = {}
        words = shlex.split(self.example) if self.example else []
        for i, word in enumerate(words[:-1]):
            if word in ("--param", "-p") and "=" in words[i + 1]:
                key, value = words[i + 1].split("=", 1)
                raw[key] = value
        return raw


@dataclass
class QueryResult:
    """Rows as plain data for tables and files, and the graph elements for a view."""

    columns: list[str]
    rows: list[dict[str, Any]]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    node_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExplainReport:
    """What EXPLAIN says of a query: its type ('r' = read only) and any notifications."""

    query_type: str | None
    notifications: list[str]


# ---------------------------------------------------------------- parsing
def _convert(param: Parameter, raw: str, where: str) -> Any:
    """A raw string as the parameter's type, or ParameterError naming both."""
    value = raw.strip()
    try:
        if param.type == "string":
            return raw
        if param.type in NAME_TYPES:
            if not value:
                raise ValueError
            return value
        if param.type == "int":
            number = int(value)
            low = 1 if param.name == "limit" else -INT64 - 1
            if not low <= number <= INT64:
                raise ValueError
            return number
        if param.type == "float":
            return float(value)
        if param.type == "bool":
            if value.lower() in _TRUE:
                return True
            if value.lower() in _FALSE:
                return False
            raise ValueError
        if param.type == "date":
            if not _DATE.match(value):
                raise ValueError
            parts = [int(x) for x in value.split("-")] + [1, 1]
            dt.date(parts[0], parts[1], parts[2])  # rejects 2024-13 and 2024-02-30
            return value
        if param.type == "list":
            return [x.strip() for x in raw.split(",") if x.strip()]
    except ValueError:
        pass
    hint = {
        "date": "a date as YYYY, YYYY-MM or YYYY-MM-DD",
        "bool": "true or false",
        "int": f"a whole number from 1 to {INT64}" if param.name == "limit" else "a whole number",
        "float": "a number",
    }.get(param.type, f"a non-empty {param.type.replace('_', ' ')} name")
    raise ParameterError(f"{where}: parameter '{param.name}' must be {hint}, got {raw!r}")


def _parse_param(text: str, path: Path) -> Parameter:
    m = _PARAM.match(text)
    if not m:
        raise QueryError(
            f"{path}: bad parameter line {text!r} (expected 'name (type[, required|, default=V]) "
            "description')"
        )
    name, ptype, flag = m["name"], m["type"], (m["flag"] or "").strip()
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{path}: parameter '{name}' has unknown type {ptype!r}")
    param = Parameter(name, ptype, description=m["doc"])
    if flag == "required":
        return Parameter(name, ptype, True, None, m["doc"])
    if flag.startswith("default="):
        default = _convert(param, flag[len("default=") :], str(path))
        return Parameter(name, ptype, False, default, m["doc"])
    if flag:
        raise QueryError(f"{path}: parameter '{name}': expected 'required' or 'default=V'")
    return param


def parse_query(path: Path) -> SavedQuery:
    """Read one saved query; a malformed header is a QueryError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"{path}: cannot read: {err.strerror}") from err
    header: dict[str, str] = {}
    params: list[Parameter] = []
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        m = _HEADER.match(line.strip()) if in_header else None
        if m and m["key"] == "param":
            params.append(_parse_param(m["value"], path))
        elif m:
            header[m["key"]] = m["value"]
        elif in_header and (not line.strip() or line.strip().startswith("//")):
            continue
        else:
            in_header = False
            body.append(line)
    cypher = "\n".join(body).strip()
    if "name" not in header:
        raise QueryError(f"{path}: the header has no '// name:' line")
    if not cypher:
        raise QueryError(f"{path}: no Cypher after the header")
    declared = {p.name for p in params}
    undeclared = sorted(set(_USED.findall(cypher)) - declared)
    if undeclared:
        raise QueryError(f"{path}: uses undeclared parameter(s): {', '.join(undeclared)}")
    return SavedQuery(
        name=header["name"],
        description=header.get("description", ""),
        parameters=tuple(params),
        example=header.get("example", ""),
        cypher=cypher,
        path=path,
        text=text,
    )


def list_queries(folder: Path) -> list[SavedQuery]:
    """Every saved query of a folder, by name."""
    if not folder.is_dir():
        raise QueryError(f"{folder}: no such queries folder")
    queries = [parse_query(p) for p in sorted(folder.glob("*.cypher"))]
    seen: dict[str, Path] = {}
    for q in queries:
        if q.name in seen:
            raise QueryError(f"{q.path}: query name '{q.name}' is also used by {seen[q.name]}")
        seen[q.name] = q.path
    return sorted(queries, key=lambda q: q.name)


def get_query(folder: Path, name: str) -> SavedQuery:
    """The saved query called ``name``, or QueryError listing the known names."""
    queries = list_queries(folder)
    for q in queries:
        if q.name == name:
            return q
    known = ", ".join(q.name for q in queries) or "none"
    raise QueryError(f"no saved query named '{name}' in {folder} (known: {known})")


def coerce_params(query: SavedQuery, raw: dict[str, str]) -> dict[str, Any]:
    """Typed parameters from raw strings: defaults filled, unknown/missing/wrong rejected."""
    where = f"query {query.name}"
    unknown = sorted(set(raw) - {p.name for p in query.parameters})
    if unknown:
        known = ", ".join(p.name for p in query.parameters) or "none"
        raise ParameterError(f"{where}: unknown parameter '{unknown[0]}' (known: {known})")
    out: dict[str, Any] = {}
    for p in query.parameters:
        if p.name in raw:
            out[p.name] = _convert(p, raw[p.name], where)
        elif p.required:
            raise ParameterError(
                f"{where}: missing required parameter '{p.name}' ({p.type}) "
                f"— add --param {p.name}=VALUE"
            )
        else:
            out[p.name] = p.default
    return out


# ---------------------------------------------------------------- values
def _node_dict(node: Node) -> dict[str, Any]:
    return {"labels": sorted(node.labels), "properties": plain(dict(node))}


def _rel_dict(rel: Relationship) -> dict[str, Any]:
    start, end = rel.start_node, rel.end_node
    return {
        "type": rel.type,
        "start": start.get("id") if start is not None else None,
        "end": end.get("id") if end is not None else None,
        "properties": plain(dict(rel)),
    }


def plain(value: Any) -> Any:
    """A Neo4j value as JSON-ready data (nodes, relationships and paths become dicts)."""
    if isinstance(value, Node):
        return _node_dict(value)
    if isinstance(value, Relationship):
        return _rel_dict(value)
    if isinstance(value, GraphPath):
        return {
            "nodes": [_node_dict(n) for n in value.nodes],
            "relationships": [_rel_dict(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def _collect_graph(value: Any, nodes: dict[str, Node], rels: dict[str, Relationship]) -> None:
    if isinstance(value, Node):
        nodes.setdefault(value.element_id, value)
    elif isinstance(value, Relationship):
        rels.setdefault(value.element_id, value)
        for end in (value.start_node, value.end_node):
            if end is not None and end.labels:
                nodes.setdefault(end.element_id, end)
    elif isinstance(value, GraphPath):
        for n in value.nodes:
            nodes.setdefault(n.element_id, n)
        for r in value.relationships:
            rels.setdefault(r.element_id, r)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_graph(v, nodes, rels)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_graph(v, nodes, rels)


def _graph_of(records: list[neo4j.Record]) -> tuple[list[dict], list[dict]]:
    nodes: dict[str, Node] = {}
    rels: dict[str, Relationship] = {}
    for record in records:
        for value in record.values():
            _collect_graph(value, nodes, rels)
    node_rows = [
        {"element_id": eid, "labels": sorted(n.labels), "properties": plain(dict(n))}
        for eid, n in nodes.items()
    ]
    rel_rows = [
        {
            "element_id": eid,
            "type": r.type,
            "start": r.start_node.element_id if r.start_node is not None else None,
            "end": r.end_node.element_id if r.end_node is not None else None,
            "properties": plain(dict(r)),
        }
        for eid, r in rels.items()
    ]
    return node_rows, rel_rows


# ---------------------------------------------------------------- names
KIND_WORDS = {
    "organisation": "organisation",
    "country": "country",
    "agreement": "agreement",
    "area": "commitment area",
    "org_type": "organisation type",
    "agreement_type": "agreement type",
}
# the ontology class of the nodes each graph-name type stands for
_NODE_KINDS = {"organisation": "Organisation", "country": "Organisation", "agreement": "Agreement"}


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _closest(value: str, names: dict[str, str]) -> list[str]:
    """Up to three known names nearest to a misspelt one (difflib's ratio).

    ``names`` maps each spelling to what is shown for it (a concept's label to its id).
    """
    import difflib

    folded: dict[str, str] = {}
    for name, shown in names.items():
        folded.setdefault(_fold(name), shown)
    close = difflib.get_close_matches(_fold(value), list(folded), n=SUGGESTIONS * 2, cutoff=0.6)
    return list(dict.fromkeys(folded[c] for c in close))[:SUGGESTIONS]


def _unknown(where: str, kind: str, value: str, names: dict[str, str]) -> ParameterError:
    """'no X named V — did you mean …?', or the known names when none is close."""
    close = _closest(value, names)
    if close:
        hint = f" — did you mean {' or '.join(close)}?"
    else:
        known = sorted({_fold(n): n for n in reversed(names.values())}.values(), key=_fold)
        more = ", …" if len(known) > 10 else ""
        hint = f" (known: {', '.join(known[:10])}{more})" if known else " (the graph is empty)"
    return ParameterError(f"{where}: no {KIND_WORDS[kind]} named {value!r}{hint}")


def _concepts(kind: str) -> dict[str, Any]:
    import ontology

    ont = ontology.load()
    return {"area": ont.areas, "org_type": ont.org_types, "agreement_type": ont.agreement_types}[
        kind
    ]


def _resolve_concept(kind: str, value: str, where: str) -> str:
    concepts = _concepts(kind)
    for concept in concepts.values():
        if _fold(value) in (_fold(concept.id), _fold(concept.label)):
            return concept.id
    names = {c.id: c.id for c in concepts.values()} | {c.label: c.id for c in concepts.values()}
    raise _unknown(where, kind, value, names)


def _read_quietly(
    driver: neo4j.Driver, database: str | None, cypher: str, params: dict[str, Any]
) -> list[neo4j.Record]:
    """Read with the server's notifications off: a property no node has yet is no news here."""
    with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, notifications_min_severity="OFF"
    ) as session:
        return session.execute_read(lambda tx: list(tx.run(cypher, params)))


def _resolve_node(
    driver: neo4j.Driver, kind: str, value: str, where: str, name: str, database: str | None
) -> str:
    import ontology

    ont = ontology.load()
    label = ont.org_label("country") if kind == "country" else ont.label(_NODE_KINDS[kind])
    labels = f"{ont.label(_NODE_KINDS[kind])}:{label}"  # the id's index is on the class label
    by_id = _read_quietly(
        driver, database, f"MATCH (n:{labels} {{id: $v}}) RETURN n.id AS id", {"v": value}
    )
    if by_id:  # an id is unique: no scan
        return by_id[0]["id"]
    exact = _read_quietly(
        driver, database, f"MATCH (n:{labels} {{name: $v}}) RETURN n.id AS id", {"v": value}
    )
    if len(exact) == 1:  # the name as written, through the name index: no scan either
        return exact[0]["id"]
    found = _read_quietly(
        driver,
        database,
        f"MATCH (n:{label}) WHERE toLower(n.name) = toLower($v) "
        "OR toLower(n.label) = toLower($v) OR n.country_code = toUpper($v) AND n.type = 'country' "
        "OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($v)) "
        "RETURN n.id AS id, coalesce(n.name, n.label, n.id) AS name, false AS by_id, "
        "toLower(coalesce(n.name, n.label, '')) = toLower($v) AS by_name "
        "ORDER BY id LIMIT 50",
        {"v": value},
    )
    for tier in ("by_id", "by_name", None):  # an id beats a name, a name beats an alias
        matches = [r for r in found if tier is None or r[tier]]
        if len(matches) == 1:
            return matches[0]["id"]
        if len(matches) > 1:
            listed = "; ".join(f"{r['name']} ({r['id']})" for r in matches)
            raise ParameterError(
                f"{where}: {value!r} names {len(matches)} {KIND_WORDS[kind]}s: {listed} "
                f"— give one id, e.g. --param {name}={matches[0]['id']}"
            )
    names = _read_quietly(
        driver,
        database,
        f"MATCH (n:{label}) RETURN coalesce(n.name, n.label, n.id) AS name, n.aliases AS aliases",
        {},
    )
    known = [r["name"] for r in names] + [a for r in names for a in (r["aliases"] or [])]
    raise _unknown(where, kind, value, {n: n for n in known})


def resolve_names(
    driver: neo4j.Driver, query: SavedQuery, params: dict[str, Any], database: str | None = None
) -> dict[str, Any]:
    """Parameters with every name replaced by the id it denotes, or a ParameterError.

    An unknown name is one line with the closest known names; an ambiguous one
    lists its candidates with ids. The saved Cypher still matches names too, so
    it runs as written in Neo4j Browser.
    """
    out = dict(params)
    for p in query.parameters:
        value = params.get(p.name)
        if p.type not in NAME_TYPES or value is None:
            continue
        where = f"query {query.name}"
        if p.type in _NODE_KINDS:
            out[p.name] = _resolve_node(driver, p.type, value, where, p.name, database)
        else:
            out[p.name] = _resolve_concept(p.type, value, where)
    return out


# ---------------------------------------------------------------- running
def _first_line(err: Neo4jError) -> str:
    text = (err.message or str(err)).strip()
    return text.splitlines()[0] if text else type(err).__name__


def run_query(
    driver: neo4j.Driver,
    query: SavedQuery,
    params: dict[str, Any],
    database: str | None = None,
) -> QueryResult:
    """Run a saved query in a read transaction: a query that writes fails and writes nothing.

    Names are checked first (``resolve_names``): an unknown or ambiguous one is a
    ParameterError, never an empty result.
    """
    params = resolve_names(driver, query, params, database)

    @neo4j.unit_of_work(timeout=TIMEOUT_S)
    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[neo4j.Record]]:
        result = tx.run(query.cypher, params)
        return list(result.keys()), list(result)

    try:
        with driver.session(
            database=database,
            default_access_mode=neo4j.READ_ACCESS,
            notifications_min_severity="OFF",
        ) as session:
            keys, records = session.execute_read(work)
    except ClientError as err:
        if err.code == ACCESS_MODE_ERROR:
            raise QueryError(
                f"query {query.name} ({query.path}) tries to write to the graph; saved queries "
                "are read-only, nothing was written"
            ) from err
        raise QueryError(f"query {query.name} ({query.path}) failed: {_first_line(err)}") from err
    except Neo4jError as err:
        raise QueryError(f"query {query.name} failed: {_first_line(err)}") from err
    columns = [k for k in keys if not k.startswith(HIDDEN_PREFIX)]
    rows = [{c: plain(rec[c]) for c in columns} for rec in records]
    nodes, rels = _graph_of(records)
    ids: dict[str, None] = {}
    for rec in records:
        for key in keys:
            if key.startswith(HIDDEN_PREFIX):
                value = rec[key]
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str):
                        ids.setdefault(v)
    return QueryResult(columns, rows, nodes, rels, list(ids))


def view_graph(
    driver: neo4j.Driver, result: QueryResult, database: str | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The result's nodes (its graph values and the nodes its ids name) and the links among them."""
    import ontology

    ont = ontology.load()
    labels = [ont.label(c) for c in ("Organisation", "Agreement", "CommitmentArea")]
    fetch = " UNION ".join(f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n" for label in labels)
    links = (
        "MATCH (a)-[r]->(b) WHERE elementId(a) IN $eids AND elementId(b) IN $eids RETURN a, r, b"
    )

    def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
        found = list(tx.run(fetch, ids=result.node_ids))
        eids = [r["n"].element_id for r in found] + [n["element_id"] for n in result.nodes]
        return found + list(tx.run(links, eids=eids))

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        records = session.execute_read(work)
    nodes, rels = _graph_of(records)
    seen_n = {n["element_id"] for n in nodes}
    seen_r = {r["element_id"] for r in rels}
    nodes += [n for n in result.nodes if n["element_id"] not in seen_n]
    rels += [r for r in result.relationships if r["element_id"] not in seen_r]
    return nodes, rels


def explain(driver: neo4j.Driver, query: SavedQuery, database: str | None = None) -> ExplainReport:
    """EXPLAIN the query (plans it, runs nothing): a broken query raises QueryError."""
    params = {p.name: p.default for p in query.parameters}
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
            summary = s.run("EXPLAIN " + query.cypher, params).consume()
    except Neo4jError as err:
        raise QueryError(f"query {query.name} ({query.path}): {_first_line(err)}") from err
    notes = [
        f"{s.raw_severity} {s.gql_status}: {s.status_description}"
        for s in summary.gql_status_objects
        if s.is_notification
    ]
    return ExplainReport(summary.query_type, notes)


def run_params(query: SavedQuery) -> dict[str, Any] | None:
    """The parameters a query runs with unattended: its example's, else its defaults."""
    raw = query.example_params()
    try:
        return coerce_params(query, raw)
    except ParameterError:
        return None


def run_all(
    driver: neo4j.Driver, settings: Settings, out_dir: Path, database: str | None = None
) -> list[Path]:
    """Run every saved query with its example's parameters and write ``out_dir/NAME.csv``.

    Each file starts with the build record. A query whose example names
    something this graph lacks, or that finds nothing, still gets its file, with
    a ``#`` line that says why it is empty.
    """
    from kg.buildinfo import build_record

    record = build_record(driver, settings, database)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for query in list_queries(settings.queries):
        path = out_dir / f"{query.name}.csv"
        params = run_params(query)
        with path.open("w", encoding="utf-8", newline="") as fh:
            if params is None:
                fh.write(f"{record.comment()}\n# not run: its example ({query.example}) ")
                fh.write("does not give its required parameters\n")
            else:
                try:
                    result = run_query(driver, query, params, database)
                except ParameterError as err:
                    fh.write(f"{record.comment()}\n# not run on this graph: {err}\n")
                else:
                    write_csv(result, fh, record, note=_empty_note(query, result))
        written.append(path)
    return written


def _empty_note(query: SavedQuery, result: QueryResult) -> str | None:
    if result.rows:
        return None
    given = ", ".join(f"{k}={v}" for k, v in query.example_params().items()) or "its defaults"
    return f"no rows: nothing in this graph matches {given}"


# ---------------------------------------------------------------- output
def cell(value: Any) -> str:
    """A value as one CSV or table cell: lists of scalars joined by '; ', the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        return "; ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_table(columns: list[str], rows: list[dict[str, Any]], stream: Any) -> None:
    """Rows as a rich table on a stream, with the row count."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(row[c]) for c in columns))
    console = Console(file=stream, width=200 if not stream.isatty() else None)
    console.print(table)
    console.print(f"{len(rows)} row(s)")


def write_csv(
    result: QueryResult, stream: Any, record: Any = None, note: str | None = None
) -> None:
    """The build record and a note as ``#`` lines (when given), a header row, then the rows."""
    if record is not None:
        stream.write(record.comment() + "\n")
    if note:
        stream.write(f"# {note}\n")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([cell(row[c]) for c in result.columns])


def to_json(
    query: SavedQuery, params: dict[str, Any], result: QueryResult, record: Any = None
) -> str:
    """The query's name, the build, its parameters, the columns and the rows as objects."""
    doc = {
        "query": query.name,
        "build": record.as_dict() if record is not None else None,
        "parameters": params,
        "columns": result.columns,
        "rows": result.rows,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- view
VIS_DIR = "vis-9.1.2"
VIEW_SCRIPT = "query-view.js"
# the site's policy (kg/views/templates/base.html): no inline script, nothing from elsewhere
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'none'; frame-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<link rel="stylesheet" href="{lib}/vis-network.css">
<script src="{lib}/vis-network.min.js"></script>
<style>
body {{ font-family: sans-serif; margin: 0.5em 1em; }}
#graph {{ width: 100%; height: 85vh; border: 1px solid #ddd; }}
.legend span {{ display: inline-block; margin-right: 1em; }}
.legend i {{ display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; }}
.build {{ color: #666; font-size: 0.8em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{summary}</p>
<p class="legend">{legend}</p>
<div id="graph"></div>
<p class="build">{build}</p>
<script type="application/json" id="view-data">{data}</script>
<script src="lib/{script}"></script>
</body>
</html>
"""
# Tooltips are built from plain data with textContent: no article text is ever parsed as HTML.
_SCRIPT = """"use strict";
(function () {
  var data = JSON.parse(document.getElementById("view-data").textContent);
  function tip(t) {
    var d = document.createElement("div");
    var b = document.createElement("b");
    b.textContent = t.heading;
    d.appendChild(b);
    t.lines.forEach(function (line) {
      d.appendChild(document.createElement("br"));
      d.appendChild(document.createTextNode(line[0] + ": " + line[1]));
    });
    return d;
  }
  data.nodes.forEach(function (n) { n.title = tip(n.title); });
  data.edges.forEach(function (e) { e.title = tip(e.title); });
  new vis.Network(document.getElementById("graph"),
    {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
})();
"""


def _safe_json(value: Any) -> str:
    """JSON that cannot close the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _tooltip(heading: str, props: dict[str, Any]) -> dict[str, Any]:
    """A tooltip as data (heading, key/value lines): the page sets it as text, never HTML."""
    lines = [[key, cell(props[key])] for key in sorted(props) if props[key] not in (None, [], "")]
    return {"heading": heading, "lines": lines}


def render_result_view(
    nodes: list[dict[str, Any]],
    rels: list[dict[str, Any]],
    path: Path,
    *,
    title: str = "CyberKG query result",
    build: str = "",
) -> Path:
    """An offline pyvis page of a result's nodes and relationships, vis-network beside it."""
    import pyvis
    from pyvis.network import Network

    import ontology

    ont = ontology.load()
    colours = {c.neo4j_label: c.colour for c in ont.org_types.values() if c.neo4j_label}
    colours.update({c.label: None for c in ont.classes.values()})
    rel_style = {r.type: r for r in ont.relations.values()}
    net = Network(directed=True)
    for n in nodes:
        props = n["properties"]
        name = props.get("name") or props.get("label") or props.get("title") or props.get("id")
        label = next((x for x in n["labels"] if colours.get(x)), None)
        net.add_node(
            n["element_id"],
            label=str(name or n["element_id"]),
            title=_tooltip(str(name or ""), props),
            color=colours.get(label) if label else "#97c2fc",
            shape="diamond" if ont.label("Agreement") in n["labels"] else "dot",
        )
    ids = {n["element_id"] for n in nodes}
    for r in rels:
        if r["start"] not in ids or r["end"] not in ids:
            continue
        style = rel_style.get(r["type"])
        net.add_edge(
            r["start"],
            r["end"],
            title=_tooltip(r["type"], r["properties"]),
            color=(style.colour if style and style.colour else "#999999"),
            dashes=bool(style and style.dashes and style.dashes != "solid"),
            arrows="" if style and style.symmetric else "to",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    lib = path.parent / "lib" / VIS_DIR
    if not lib.exists():
        shutil.copytree(Path(pyvis.__file__).parent / "templates" / "lib" / VIS_DIR, lib)
    (path.parent / "lib" / VIEW_SCRIPT).write_text(_SCRIPT, encoding="utf-8")
    legend = Markup("").join(
        Markup('<span><i style="background:{}"></i>{}</span>').format(c.colour, c.label)
        for c in ont.org_types.values()
        if c.colour
    )
    data = {"nodes": net.nodes, "edges": net.edges, "options": {"physics": {"enabled": True}}}
    page = _PAGE.format(
        csp=CSP,
        script=VIEW_SCRIPT,
        build=escape(build),
        title=escape(title),
        summary=escape(f"{len(net.nodes)} nodes, {len(net.edges)} relationships"),
        legend=legend,
        lib=f"lib/{VIS_DIR}",
        data=_safe_json(data),
    )
    path.write_text(page, encoding="utf-8")
    return path
