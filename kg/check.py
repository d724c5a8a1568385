"""Validating the graph: SHACL shapes over the RDF export, plus key uniqueness in Neo4j.

The shapes (``ontology/shapes.ttl``) say what a sound graph looks like: every
organisation has a name and a type of the ontology, every fact comes from an
article, every relationship joins the classes its property allows. A build
that went wrong (a crash, a bad correction, a hand edit in Neo4j) shows up here
as readable lines, one per problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ontology import DATA
from ontology.shapes import load_shapes

MAX_SHOWN_VALUE = 80


@dataclass(frozen=True)
class Violation:
    """One SHACL result, ready to print."""

    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        shown = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{shown}"


@dataclass
class CheckReport:
    """The outcome: conforms when no result has severity Violation."""

    triples: int = 0
    results: list[Violation] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        if text.startswith(str(DATA)):
            return text[len(str(DATA)) :]
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:
            return f"<{text}>"
    text = str(node)
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


def _path(graph: Graph, results: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    inverse = results.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{_short(graph, inverse)}"
    return _short(graph, node)


def validate(data: Graph, shapes: Graph | None = None) -> CheckReport:
    """Validate an RDF graph against the shapes (default: ``ontology/shapes.ttl``)."""
    from pyshacl import validate as shacl_validate

    _conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    report = CheckReport(triples=len(data))
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        report.results.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=_short(data, results.value(result, SH.focusNode)),
                path=_path(data, results, results.value(result, SH.resultPath)),
                message=str(message) if message is not None else "does not conform",
                value=_short(data, value) if value is not None else None,
            )
        )
    report.results.sort(key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))
    return report


def duplicate_keys(driver: neo4j.Driver, database: str | None = None) -> dict[str, int]:
    """Relationship keys held by more than one relationship (a broken load)."""
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE r.key IS NOT NULL "
        "WITH r.key AS key, count(*) AS n WHERE n > 1 RETURN key, n ORDER BY key LIMIT 100",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return {r["key"]: r["n"] for r in records}


def check_graph(driver: neo4j.Driver, database: str | None = None) -> CheckReport:
    """Export the graph and validate it; duplicate relationship keys count as violations."""
    from kg.export import export_graph

    report = validate(export_graph(driver, database))
    for key, n in duplicate_keys(driver, database).items():
        report.results.insert(
            0, Violation("Violation", key, "", f"{n} relationships have this key (one expected)")
        )
    return report
