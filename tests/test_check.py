"""`kg check`: SHACL shapes from the ontology, over the export of the real graph."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph
from rdflib.namespace import SH

import ontology
from kg.check import check_graph
from kg.cli.maint import check as check_cmd
from kg.cli.maint import export as export_cmd
from kg.store.load import Loader
from ontology import CKG
from ontology.shapes import SHAPES_FILE, generate


def test_shapes_file_is_generated_from_the_ontology():
    assert SHAPES_FILE.read_text(encoding="utf-8") == generate(), (
        "ontology/shapes.ttl is stale: run `python -m ontology.shapes`"
    )


def test_shapes_cover_every_class_and_relationship_of_the_ontology():
    ont = ontology.load()
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {c.iri for c in ont.classes.values()} <= targets
    paths = set(shapes.objects(None, SH.path))
    for rel in ont.relations.values():
        assert rel.iri in paths, rel.name
    org_types = next(
        shapes.items(lst)
        for shape in shapes.subjects(SH.path, None)
        for lst in shapes.objects(shape, SH["in"])
        if CKG.company in set(shapes.items(lst))
    )
    assert {c.iri for c in ont.org_types.values()} == set(org_types)
    assert (CKG.OrganisationShape, RDF.type, SH.NodeShape) in shapes


@pytest.mark.neo4j
def test_a_sound_graph_conforms(clean_db, neo4j_settings):
    from test_export import records

    Loader(clean_db, database=neo4j_settings.neo4j_database).load(records())
    report = check_graph(clean_db, neo4j_settings.neo4j_database)
    assert report.conforms, [str(v) for v in report.results]
    result = CliRunner().invoke(check_cmd, [])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 violations, 0 warnings in ")


BREAK = [
    # an organisation of a type the ontology lacks, with no evidence
    "CREATE (:Organisation {id: 'ghost', name: 'Ghost', type: 'spy-agency'})",
    # a cooperation with itself
    "MATCH (k:Organisation {id: 'kenya'}) "
    "CREATE (k)-[:COOPERATES_WITH {key: 'COOPERATES_WITH|kenya|kenya'}]->(k)",
    # a second relationship with the key of an existing one
    "MATCH (k:Organisation {id: 'kenya'}), (r:Organisation {id: 'romania'}) "
    "CREATE (k)-[:COOPERATES_WITH {key: 'COOPERATES_WITH|kenya|romania'}]->(r)",
    # evidence with a negative offset
    "MATCH (e:Evidence) WITH e LIMIT 1 SET e.start = -5",
    # an agreement with a date that is not ISO and no parties
    "CREATE (:Agreement {id: 'agreement/x', name: 'X', type: 'mou', date: 'last year'})",
]


@pytest.mark.neo4j
def test_a_broken_graph_gives_readable_violations_and_exit_2(clean_db, neo4j_settings):
    from test_export import records

    db = neo4j_settings.neo4j_database
    Loader(clean_db, database=db).load(records())
    for query in BREAK:
        clean_db.execute_query(query, database_=db)
    result = CliRunner().invoke(check_cmd, [])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    expected = [
        "Violation: COOPERATES_WITH|kenya|romania: 2 relationships have this key (one expected)",
        "Violation: organisation/ghost dct:type: an organisation needs one type of the ontology "
        "(value: spy-agency)",
        "Violation: organisation/ghost prov:wasDerivedFrom: an organisation that no article "
        "supports (no prov:wasDerivedFrom an Article)",
        "Violation: organisation/kenya: an organisation cooperates with itself",
        "Violation: statement/COOPERATES_WITH%7Ckenya%7Ckenya prov:wasDerivedFrom: a relationship "
        "that no article supports",
        "Violation: agreement/x dct:date: an agreement's date is one ISO date (2015, 2017-04, "
        "2022-10-03) (value: last year)",
        "Warning: agreement/x ^ckg:partyTo: an agreement without parties",
    ]
    for line in expected:
        assert any(out.startswith(line) for out in lines), (line, lines)
    assert any(
        out.startswith("Violation: evidence/")
        and out.endswith("oa:start: evidence needs one start offset >= 0 (value: -5)")
        for out in lines
    )
    assert lines[-1].startswith("8 violations, 1 warnings in ")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", [check_cmd, export_cmd])
def test_a_server_that_is_down_is_one_line_saying_how_to_start_it(tmp_path: Path, command):
    port = free_port()
    env = {
        "CYBERKG_VAR": str(tmp_path / "var"),
        "CYBERKG_BOLT_PORT": str(port),
        "NEO4J_URI": "",
        "NEO4J_PASSWORD": "",
    }
    result = CliRunner().invoke(command, [], env=env)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: [E101] Neo4j is not running at bolt://127.0.0.1:{port} (it was never started "
        "here) — start it with `kg neo4j start`\n"
    )
    # a server that was set up here but is not running now
    (tmp_path / "var" / "neo4j").mkdir(parents=True)
    (tmp_path / "var" / "neo4j" / "password").write_text("a-long-password\n")
    result = CliRunner().invoke(command, [], env=env)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: [E101] Neo4j is not running at bolt://127.0.0.1:{port} "
        "— start it with `kg neo4j start`\n"
    )


def test_every_maintainer_command_has_help_with_an_example():
    from kg.cli.maint import COMMANDS

    for command in COMMANDS:
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0
        assert "Example: kg " + command.name in result.output, command.name
