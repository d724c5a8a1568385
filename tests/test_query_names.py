"""Names in query parameters: unknown → closest names, ambiguous → candidates, exit code 2.

A small graph of its own: two bodies called 'CSA' in two countries, so the
runner must refuse to guess between them.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record, Relation
from kg.cli.query import query
from kg.store.load import Loader

pytestmark = pytest.mark.neo4j
S = "Kenya, Ghana and Singapore signed an MoU on cybercrime; Ghana's CSA and Singapore's CSA met."


def records() -> list[Record]:
    ev = [Evidence(S, 0, len(S))]
    return [
        Record(
            article=ArticleMeta(
                id="three-states",
                title="Three states sign an MoU",
                url="https://example.org/three",
                published="2024-04-02",
                publisher="Example",
                language="en",
                sha256="c" * 64,
            ),
            organisations=[
                Organisation("Kenya", "country", evidence=ev),
                Organisation("Ghana", "country", evidence=ev),
                Organisation("Singapore", "country", evidence=ev),
                Organisation("Cyber Security Authority", "government-agency", ["CSA"], "Ghana", ev),
                Organisation(
                    "Cyber Security Agency", "government-agency", ["CSA"], "Singapore", ev
                ),
            ],
            agreements=[
                Agreement(
                    "mou",
                    name="Kenya-Ghana-Singapore MoU",
                    parties=["Kenya", "Ghana", "Singapore"],
                    areas=["cybercrime"],
                    date="2024-04",
                    evidence=ev,
                )
            ],
            partnerships=[Relation("Cyber Security Authority", "Cyber Security Agency", ev)],
        )
    ]


@pytest.fixture(scope="module")
def graph(driver, neo4j_settings):
    with driver.session(database=neo4j_settings.neo4j_database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    Loader(driver, database=neo4j_settings.neo4j_database).load(records())
    return driver


def run(*args: str):
    return CliRunner().invoke(query, ["run", *args])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["partners", "-p", "org=Kenia"],
            "Error: [E401] query partners: no organisation named 'Kenia' — did you mean Kenya?\n",
        ),
        (
            ["most-connected", "-p", "area=cyber-crime"],
            "Error: [E401] query most-connected: no commitment area named 'cyber-crime' "
            "— did you mean cybercrime?\n",
        ),
        (
            ["most-connected", "-p", "type=goverment-agency"],
            "Error: [E401] query most-connected: no organisation type named 'goverment-agency' "
            "— did you mean government-agency or intergovernmental?\n",
        ),
        (
            ["most-connected", "-p", "type=state"],
            "Error: [E401] query most-connected: no organisation type named 'state' (known: "
            "academic, cert, company, country, government-agency, intergovernmental, "
            "law-enforcement, ngo, other, threat-actor)\n",
        ),
        (
            ["members-of", "-p", "body=Quad"],
            "Error: [E401] query members-of: no organisation named 'Quad' (known: CSA, "
            "Cyber Security Agency, Cyber Security Authority, Ghana, Kenya, Republic of Ghana, "
            "Republic of Kenya, Republic of Singapore, Singapore)\n",
        ),
        (
            ["partners", "-p", "org=CSA"],
            "Error: [E401] query partners: 'CSA' names 2 organisations: Cyber Security Authority "
            "(ghana/cybersecurity-authority); Cyber Security Agency (singapore/cybersecurity-"
            "agency) — give one id, e.g. --param org=ghana/cybersecurity-authority\n",
        ),
        (
            ["partners", "-p", "org=Kenya", "-p", "limit=0"],
            "Error: [E401] query partners: parameter 'limit' must be a whole number from 1 to "
            "9223372036854775807, got '0'\n",
        ),
        (
            ["partners", "-p", "org=Kenya", "-p", "limit=99999999999999999999999"],
            "Error: [E401] query partners: parameter 'limit' must be a whole number from 1 to "
            "9223372036854775807, got '99999999999999999999999'\n",
        ),
    ],
)
def test_unknown_ambiguous_and_out_of_range_exit_2(graph, args, message):
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert result.stdout == ""


def test_enumerated_parameters_ignore_case(graph):
    result = run("agreements-per-year", "-p", "type=MoU", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["year,type,agreements", "2024,mou,1"]
    result = run("agreements-by-area", "-p", "area=CYBERCRIME", "--format", "csv")
    assert "Kenya-Ghana-Singapore MoU" in result.stdout


def test_an_id_settles_an_ambiguous_name(graph):
    result = run("partners", "-p", "org=ghana/cybersecurity-authority", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Cyber Security Agency" in result.stdout
