"""`kg export --format csv|graphml|gexf|dyads` and `kg measures`, read back (real server).

Each format is read back by the csv module, networkx and (GraphML) igraph, with
as many rows as the graph has nodes, relationships and evidence; the dyad-year
panel of a hand-made corpus equals the table computed by hand below.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from extract.records import (
    Agreement,
    ArticleMeta,
    Evidence,
    Organisation,
    Record,
    Relation,
)
from kg.cli.research import export as export_cmd
from kg.cli.research import measures as measures_cmd
from kg.store.load import Loader
from kg.tables import area_column, area_ids, read_rows

pytestmark = pytest.mark.neo4j
QUERY_FIXTURE = Path(__file__).parent / "fixtures" / "query_records.jsonl"


def ev(text: str) -> list[Evidence]:
    return [Evidence(text, 0, len(text))]


def meta(aid: str, published: str) -> ArticleMeta:
    return ArticleMeta(
        id=aid,
        title=aid,
        url=f"https://example.org/{aid}",
        published=published,
        publisher="Example",
        language="en",
        sha256=aid * 4,
    )


S1 = "Kenya's ICT Authority and Romania signed an MoU on training in May."
S2 = "Safetech will work with Kenya; Kenya joined the African Union's programme."
S3 = "Kenya and Romania agreed to cooperate, and with Ghana issued a declaration on cybercrime."


def dyad_records() -> list[Record]:
    """2023: an agency of Kenya signs with Romania (a company and a body are no states);
    2024: Kenya and Romania partner and sign an undated declaration with Ghana."""
    a = Record(
        article=meta("ict-authority-romania", "2023-05-10"),
        organisations=[
            Organisation("Kenya", "country", evidence=ev(S1)),
            Organisation("Romania", "country", evidence=ev(S1)),
            Organisation("ICT Authority", "government-agency", evidence=ev(S1)),
            Organisation("Safetech", "company", country="Romania", evidence=ev(S2)),
            Organisation("African Union", "intergovernmental", evidence=ev(S2)),
        ],
        agreements=[
            Agreement(
                "mou",
                parties=["ICT Authority", "Romania"],
                areas=["training"],
                date="2023-05",
                evidence=ev(S1),
            )
        ],
        partnerships=[
            Relation("ICT Authority", "Romania", ev(S1)),
            Relation("Safetech", "Kenya", ev(S2)),
            Relation("Kenya", "African Union", ev(S2)),
        ],
        part_of=[Relation("ICT Authority", "Kenya", ev(S1))],
    )
    b = Record(
        article=meta("kenya-romania-ghana", "2024-02-01"),
        organisations=[
            Organisation("Kenya", "country", evidence=ev(S3)),
            Organisation("Romania", "country", evidence=ev(S3)),
            Organisation("Ghana", "country", evidence=ev(S3)),
        ],
        agreements=[
            Agreement(
                "declaration",
                parties=["Kenya", "Romania", "Ghana"],
                areas=["cybercrime"],
                evidence=ev(S3),
            )
        ],
        partnerships=[Relation("Kenya", "Romania", ev(S3))],
    )
    return [a, b]


def areas(*ids: str) -> dict[str, str]:
    return {area_column(a): str(int(a in ids)) for a in area_ids()}


# computed by hand from the two articles above: co-parties of an agreement cooperate,
# so the declaration links Ghana, Kenya and Romania pairwise in 2024
EXPECTED_DYADS = [
    {"year": "2023", "state_a": "Kenya", "state_a_code": "KEN", "state_b": "Romania",
     "state_b_code": "ROU", "cooperation_links": "1", "agreements": "1", "areas": "1",
     **areas("training")},
    {"year": "2024", "state_a": "Ghana", "state_a_code": "GHA", "state_b": "Kenya",
     "state_b_code": "KEN", "cooperation_links": "1", "agreements": "1", "areas": "1",
     **areas("cybercrime")},
    {"year": "2024", "state_a": "Ghana", "state_a_code": "GHA", "state_b": "Romania",
     "state_b_code": "ROU", "cooperation_links": "1", "agreements": "1", "areas": "1",
     **areas("cybercrime")},
    {"year": "2024", "state_a": "Kenya", "state_a_code": "KEN", "state_b": "Romania",
     "state_b_code": "ROU", "cooperation_links": "1", "agreements": "1", "areas": "1",
     **areas("cybercrime")},
]  # fmt: skip


def fixture_records() -> list[Record]:
    lines = QUERY_FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Record.from_dict(json.loads(line)) for line in lines if line.strip()]


@pytest.fixture
def graph(clean_db, neo4j_settings):
    Loader(clean_db, database=neo4j_settings.neo4j_database).load(fixture_records())
    return clean_db


def count(driver, query: str) -> int:
    records, _, _ = driver.execute_query(query)
    return records[0]["n"]


def graph_counts(driver) -> tuple[int, int, int]:
    nodes = count(driver, "MATCH (n) WHERE n:Organisation OR n:Agreement RETURN count(n) AS n")
    edges = count(
        driver, "MATCH ()-[r:COOPERATES_WITH|MEMBER_OF|PART_OF|PARTY_TO]->() RETURN count(r) AS n"
    )
    evidence = count(driver, "MATCH (e:Evidence)-[:STATED_IN]->() RETURN count(e) AS n")
    return nodes, edges, evidence


def run(cmd, *args: str) -> str:
    result = CliRunner().invoke(cmd, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_csv_tables_read_back_with_the_graphs_counts(graph, tmp_path):
    run(export_cmd, "--format", "csv", "--output", str(tmp_path))
    nodes, edges, evidence = graph_counts(graph)
    for name, expected in (("nodes", nodes), ("edges", edges), ("evidence", evidence)):
        path = tmp_path / f"{name}.csv"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# cyberkg build: commit=") and "articles=6" in first
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(line for line in fh if not line.startswith("#")))
        assert len(rows) - 1 == expected, name
    edge_rows = read_rows(tmp_path / "edges.csv")
    kr = next(r for r in edge_rows if r["key"] == "COOPERATES_WITH|kenya|romania")
    assert (kr["source"], kr["target"], kr["type"], kr["weight"], kr["evidence"]) == (
        "kenya",
        "romania",
        "COOPERATES_WITH",
        "2",
        "2",
    )
    assert kr["area_information_sharing"] == "1" and kr["area_cybercrime"] == "0"
    assert (kr["first_seen"], kr["first_seen_precision"]) == ("2022-10-03", "day")
    node_rows = {r["id"]: r for r in read_rows(tmp_path / "nodes.csv")}
    assert node_rows["kenya"]["country_code"] == "KEN"
    assert node_rows["african-union"]["wikidata"] == "Q7159"
    assert node_rows["kenya"]["degree"] == str(
        sum("kenya" in (r["source"], r["target"]) for r in edge_rows)
    )
    ev_rows = read_rows(tmp_path / "evidence.csv")
    assert {"fact", "quote", "article", "url", "start", "end"} <= set(ev_rows[0])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_open_in_networkx_with_scalar_attributes(graph, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    run(export_cmd, "--format", fmt, "--output", str(path))
    nodes, edges, _ = graph_counts(graph)
    g = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert g.number_of_nodes() == nodes
    assert g.number_of_edges() == edges
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in data.values())
    assert g.nodes["kenya"]["label"] == "Kenya"
    if fmt == "graphml":
        assert g.graph["build_articles"] == 6
    else:  # GEXF has no graph attributes: the build is in <meta><description>
        assert "articles=6" in path.read_text(encoding="utf-8")


def test_graphml_opens_in_igraph(graph, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    run(export_cmd, "--format", "graphml", "--output", str(path))
    g = igraph.Graph.Read_GraphML(str(path))
    nodes, edges, _ = graph_counts(graph)
    assert (g.vcount(), g.ecount()) == (nodes, edges)
    assert "area_training" in g.es.attributes()


def test_dyad_panel_of_a_hand_made_corpus(clean_db, neo4j_settings, tmp_path):
    Loader(clean_db, database=neo4j_settings.neo4j_database).load(dyad_records())
    path = tmp_path / "dyads.csv"
    run(export_cmd, "--format", "dyads", "--output", str(path))
    assert read_rows(path) == EXPECTED_DYADS


def test_measures_csv_and_json(graph, tmp_path):
    run(measures_cmd, "--output", str(tmp_path))
    rows = read_rows(tmp_path / "measures.csv")
    kenya = next(r for r in rows if (r["scope"], r["id"]) == ("all", "kenya"))
    assert kenya["degree"] == "5"
    assert float(kenya["betweenness"]) > 0
    assert kenya["component"] == "1"
    doc = json.loads((tmp_path / "measures.json").read_text(encoding="utf-8"))
    assert doc["build"]["articles"] == 6
    assert [s["scope"] for s in doc["summary"]] == ["all", "2019", "2021", "2022", "2023", "2024"]
    # the 2019 network is Estonia and Kenya alone
    assert {r["id"] for r in rows if r["scope"] == "2019"} == {"estonia", "kenya"}
