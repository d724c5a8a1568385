"""A canonical dump of the graph, to tell whether two builds gave the same graph.

Every node (labels and all properties) and every relationship (type, both ends,
all properties) becomes one JSON line; lists are compared as sets (sorted, without
repeats), so the order in which a build happened to collect values does not count.
The dump is a multiset, so a duplicated node or relationship shows up too.

What legitimately differs between two builds of one corpus is left out: the
``Build`` node, whose ``built`` is the time of the build.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import neo4j

EXCLUDED_LABELS = ("Build",)


@dataclass
class GraphDump:
    """Canonical lines of the nodes and relationships, with their multiplicities."""

    nodes: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GraphDump):
            return NotImplemented
        return self.nodes == other.nodes and self.relationships == other.relationships

    def counts(self) -> tuple[int, int]:
        return sum(self.nodes.values()), sum(self.relationships.values())


def _canonical(value: object) -> object:
    if isinstance(value, list | tuple):
        items = {json.dumps(_canonical(v), sort_keys=True, default=str) for v in value}
        return [json.loads(v) for v in sorted(items)]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)  # temporal and spatial values


def _line(value: object) -> str:
    return json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)


def dump_graph(
    driver: neo4j.Driver,
    database: str | None = None,
    *,
    exclude_labels: tuple[str, ...] = EXCLUDED_LABELS,
) -> GraphDump:
    """The graph as canonical lines: nodes by labels and properties; relationships by
    type, the labels and ``id`` of their ends, and their properties."""
    dump = GraphDump()
    exclude = list(exclude_labels)
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        nodes = session.run(
            "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $exclude) "
            "RETURN labels(n) AS labels, properties(n) AS props",
            exclude=exclude,
        )
        for r in nodes:
            dump.nodes[_line({"labels": r["labels"], "props": r["props"]})] += 1
        rels = session.run(
            "MATCH (a)-[r]->(b) "
            "WHERE none(l IN labels(a) + labels(b) WHERE l IN $exclude) "
            "RETURN type(r) AS type, labels(a) AS la, a.id AS a, labels(b) AS lb, b.id AS b, "
            "properties(r) AS props",
            exclude=exclude,
        )
        for r in rels:
            line = _line(
                {
                    "type": r["type"],
                    "from": [r["la"], r["a"]],
                    "to": [r["lb"], r["b"]],
                    "props": r["props"],
                }
            )
            dump.relationships[line] += 1
    return dump


def diff_dumps(left: GraphDump, right: GraphDump, limit: int = 20) -> list[str]:
    """What one dump has and the other lacks, as '- ' (left only) and '+ ' (right only) lines."""
    out: list[str] = []
    for kind in ("nodes", "relationships"):
        a, b = getattr(left, kind), getattr(right, kind)
        only = [("-", line) for line in (a - b).elements()]
        only += [("+", line) for line in (b - a).elements()]
        # sorted by line, so the two versions of one node or relationship stand together
        out += [f"{sign} {kind[:-1]} {line}" for sign, line in sorted(only, key=lambda x: x[::-1])]
    if len(out) > limit:
        out = [*out[:limit], f"… and {len(out) - limit} more differences"]
    return out
