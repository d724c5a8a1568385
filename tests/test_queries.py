"""Each saved query on a fixture corpus: the exact rows a researcher gets.

The corpus is hand-written records (tests/fixtures/query_records.jsonl) loaded
with the Loader, not extracted, so the graph and thus every row is known:
six articles about Kenya, Romania, Ghana, Nigeria, Estonia, France, Singapore,
the African Union, the EU, ECOWAS, ASEAN, two agencies, two companies and Interpol.
"""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest

from extract.records import Record
from kg.errors import ParameterError
from kg.queries import (
    coerce_params,
    explain,
    get_query,
    list_queries,
    run_query,
    view_graph,
)
from kg.settings import PROJECT_ROOT, Settings
from kg.store import db
from kg.store.load import Loader

pytestmark = pytest.mark.neo4j

QUERIES = PROJECT_ROOT / "queries"
FIXTURE = Path(__file__).parent / "fixtures" / "query_records.jsonl"


def fixture_records() -> list[Record]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Record.from_dict(json.loads(line)) for line in lines if line.strip()]


def load_fixture_corpus(driver: neo4j.Driver, database: str | None) -> neo4j.Driver:
    """Empty the database and load the fixture corpus into it."""
    db.empty(driver, database)
    Loader(driver, database=database).load(fixture_records())
    return driver


@pytest.fixture(scope="module")
def corpus(driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The fixture corpus, loaded once for this module."""
    return load_fixture_corpus(driver, db.database(neo4j_settings))


KR_MOU = "Kenya and Romania signed a Memorandum of Understanding on cyber security in Bucharest."
EK_MOU = (
    "Estonia and Kenya signed the Estonia-Kenya e-Governance MoU "
    "in Tallinn to train civil servants."
)
KG_PROG = "Kenya and Ghana launched the Kenya-Ghana Cyber Capacity Programme to train analysts."
NC4 = (
    "Kenya's National Computer and Cybercrimes Coordination Committee will also work with Interpol."
)

# (query, raw parameters as the CLI passes them, expected rows in order)
CASES = [
    (
        "partners",
        {"org": "kenya"},
        [
            (
                "Kenya",
                "Romania",
                "country",
                2,
                ["capacity-building", "incident-response", "information-sharing"],
                "2022-10-03",
                "2024-05-02",
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
            (
                "Kenya",
                "Romania",
                "country",
                2,
                ["capacity-building", "incident-response", "information-sharing"],
                "2022-10-03",
                "2024-05-02",
                "Kenya and Romania reviewed progress under their 2022 cyber security MoU.",
                "Kenya and Romania review cyber cooperation",
                "https://news.example.org/kenya-romania-review",
                "2024-05-02",
            ),
            (
                "Kenya",
                "Estonia",
                "country",
                1,
                ["training"],
                "2019-11-12",
                "2019-11-12",
                EK_MOU,
                "Estonia and Kenya sign e-governance MoU",
                "https://news.example.org/estonia-kenya",
                "2019-11-12",
            ),
            (
                "Kenya",
                "Ghana",
                "country",
                1,
                ["capacity-building", "training"],
                "2024",  # the programme's launch (an event date), not the publication
                "2024",
                KG_PROG,
                "Kenya and Ghana launch a cyber capacity programme",
                "https://news.example.org/kenya-ghana-programme",
                "2024-01-20",
            ),
            (
                "Kenya",
                "Microsoft",
                "company",
                1,
                [],
                "2021-06-01",
                "2021-06-01",
                "Microsoft announced a partnership with Kenya on cyber skills.",
                "AU and EU open a cyber dialogue",
                "https://news.example.org/au-eu-dialogue",
                "2021-06-01",
            ),
            (
                "Kenya",
                "Safetech Innovations",
                "company",
                1,
                [],
                "2022-10-03",
                "2022-10-03",
                "Safetech Innovations will support Kenya with incident response.",
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
        ],
    ),
    (
        "partners",
        {"org": "NC4"},
        [
            (
                "National Computer and Cybercrimes Coordination Committee",
                "Interpol",
                "law-enforcement",
                1,
                [],
                "2024-01-20",
                "2024-01-20",
                NC4,
                "Kenya and Ghana launch a cyber capacity programme",
                "https://news.example.org/kenya-ghana-programme",
                "2024-01-20",
            ),
        ],
    ),
    (
        "agreements-by-area",
        {"area": "Capacity building", "since": "2022", "until": "2024-06"},
        [
            (
                "Capacity building",
                "Kenya-Ghana Cyber Capacity Programme",
                "partnership",
                "2024",
                None,
                ["Ghana", "Kenya"],
                1,
            ),
            (
                "Capacity building",
                "Kenya-Romania Cybersecurity MoU",
                "mou",
                "2022-10-03",
                "Bucharest",
                ["Kenya", "Romania"],
                1,
            ),
        ],
    ),
    (
        "agreements-by-area",
        {"area": "data-protection"},
        [
            (
                "Data protection",
                "EU-Singapore Digital Partnership",
                "partnership",
                None,
                None,
                ["European Union", "Singapore"],
                1,
            ),
        ],
    ),
    (
        "country-timeline",
        {"country": "KENYA"},
        [
            (
                "2019-11-12",
                "Estonia-Kenya e-Governance MoU",
                "mou",
                "Tallinn",
                ["Kenya"],
                ["Estonia"],
                ["training"],
            ),
            (
                "2022-10-03",
                "Kenya-Romania Cybersecurity MoU",
                "mou",
                "Bucharest",
                ["Kenya"],
                ["Romania"],
                ["capacity-building", "incident-response", "information-sharing"],
            ),
            (
                "2024",
                "Kenya-Ghana Cyber Capacity Programme",
                "partnership",
                None,
                ["Kenya"],
                ["Ghana"],
                ["capacity-building", "training"],
            ),
        ],
    ),
    (
        "country-timeline",
        {"country": "kenya", "since": "2020", "until": "2023"},
        [
            (
                "2022-10-03",
                "Kenya-Romania Cybersecurity MoU",
                "mou",
                "Bucharest",
                ["Kenya"],
                ["Romania"],
                ["capacity-building", "incident-response", "information-sharing"],
            ),
        ],
    ),
    (
        "signatories-by-area",
        {"area": "cybercrime"},
        [
            (
                "Economic Community of West African States",
                "Ghana",
                "Accra Declaration on Cybercrime",
                "declaration",
                "2023-03",
                "Cybercrime",
            ),
            (
                "Economic Community of West African States",
                "Nigeria",
                "Accra Declaration on Cybercrime",
                "declaration",
                "2023-03",
                "Cybercrime",
            ),
            (
                "Ghana",
                "Nigeria",
                "Accra Declaration on Cybercrime",
                "declaration",
                "2023-03",
                "Cybercrime",
            ),
        ],
    ),
    (
        "signatories-by-area",
        {"area": "training", "org": "kenya"},
        [
            (
                "Kenya",
                "Ghana",
                "Kenya-Ghana Cyber Capacity Programme",
                "partnership",
                "2024",
                "Training and exercises",
            ),
            (
                "Kenya",
                "Estonia",
                "Estonia-Kenya e-Governance MoU",
                "mou",
                "2019-11-12",
                "Training and exercises",
            ),
        ],
    ),
    (
        "shortest-path",
        {"source": "romania", "target": "Nigeria"},
        [
            (3, ["Romania", "Kenya", "Ghana", "Nigeria"], [2, 1, 1]),
        ],
    ),
    (
        "most-connected",
        {"limit": "3"},
        [
            ("Kenya", "country", 5, 5),  # distinct articles, not a sum of weights
            ("Ghana", "country", 3, 2),
            ("European Union", "intergovernmental", 2, 2),
        ],
    ),
    (
        "most-connected",
        {"area": "capacity-building"},
        [
            ("Kenya", "country", 2, 3),
            ("Romania", "country", 1, 2),
            ("African Union", "intergovernmental", 1, 1),
            ("European Union", "intergovernmental", 1, 1),
            ("Ghana", "country", 1, 1),
        ],
    ),
    (
        "most-connected",
        {"type": "company"},
        [
            ("Microsoft", "company", 1, 1),
            ("Safetech Innovations", "company", 1, 1),
        ],
    ),
    (
        "bridges",
        {},
        [
            (
                "Kenya",
                "country",
                3,
                ["African Union", "Economic Community of West African States", "European Union"],
                [1, 1, 2],
                ["African Union"],
            ),
            (
                "Ghana",
                "country",
                2,
                ["African Union", "Economic Community of West African States"],
                [2, 1],
                ["African Union", "Economic Community of West African States"],
            ),
            (
                "Nigeria",
                "country",
                2,
                ["African Union", "Economic Community of West African States"],
                [1, 1],
                ["African Union", "Economic Community of West African States"],
            ),
        ],
    ),
    (
        "several-bodies",
        {},
        [
            ("Ghana", "country", 2, ["African Union", "Economic Community of West African States"]),
            (
                "Nigeria",
                "country",
                2,
                ["African Union", "Economic Community of West African States"],
            ),
        ],
    ),
    (
        "new-partnerships",
        {"since": "2024"},
        [
            (
                "2024-05-02",
                "European Union",
                "Singapore",
                1,
                ["data-protection", "research-and-innovation"],
                "Kenya and Romania review cyber cooperation",
            ),
            (
                "2024-01-20",
                "Interpol",
                "National Computer and Cybercrimes Coordination Committee",
                1,
                [],
                "Kenya and Ghana launch a cyber capacity programme",
            ),
            (
                "2024",
                "Ghana",
                "Kenya",
                1,
                ["capacity-building", "training"],
                "Kenya and Ghana launch a cyber capacity programme",
            ),
        ],
    ),
    (
        "area-coverage",
        {"country": "Ghana"},
        [
            (
                "Ghana",
                "capacity-building",
                "Capacity building",
                True,
                1,
                ["Kenya-Ghana Cyber Capacity Programme"],
            ),
            ("Ghana", "cybercrime", "Cybercrime", True, 1, ["Accra Declaration on Cybercrime"]),
            (
                "Ghana",
                "policy-and-law",
                "Policy and law",
                True,
                1,
                ["Accra Declaration on Cybercrime"],
            ),
            (
                "Ghana",
                "training",
                "Training and exercises",
                True,
                1,
                ["Kenya-Ghana Cyber Capacity Programme"],
            ),
            ("Ghana", "awareness", "Awareness", False, 0, []),
            ("Ghana", "critical-infrastructure", "Critical infrastructure", False, 0, []),
            ("Ghana", "data-protection", "Data protection", False, 0, []),
            ("Ghana", "incident-response", "Incident response", False, 0, []),
            ("Ghana", "information-sharing", "Information sharing", False, 0, []),
            ("Ghana", "research-and-innovation", "Research and innovation", False, 0, []),
            ("Ghana", "threat-intelligence", "Threat intelligence", False, 0, []),
        ],
    ),
    (
        "agreements-per-year",
        {},
        [
            ("2019", "mou", 1),
            ("2021", "partnership", 1),
            ("2022", "mou", 1),
            ("2023", "declaration", 1),
            ("2024", "partnership", 1),
            (None, "partnership", 1),
        ],
    ),
    (
        "companies-with-states",
        {},
        [
            ("Microsoft", "Kenya", "country", "Kenya", 1, [], "2021-06-01"),
            ("Safetech Innovations", "Kenya", "country", "Kenya", 1, [], "2022-10-03"),
        ],
    ),
    (
        "relationship-evidence",
        {"a": "Kenya", "b": "Romania"},
        [
            (
                "COOPERATES_WITH",
                "Kenya",
                "Romania",
                None,
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
            (
                "PARTY_TO",
                "Kenya",
                "Romania",
                "Kenya-Romania Cybersecurity MoU",
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
            (
                "COOPERATES_WITH",
                "Kenya",
                "Romania",
                None,
                "Kenya and Romania reviewed progress under their 2022 cyber security MoU.",
                "Kenya and Romania review cyber cooperation",
                "https://news.example.org/kenya-romania-review",
                "2024-05-02",
            ),
        ],
    ),
    (
        "relationship-evidence",
        {"a": "csa", "b": "ghana"},
        [
            (
                "PART_OF",
                "Cyber Security Authority",
                "Ghana",
                None,
                "Ghana's Cyber Security Authority (CSA) will work with Interpol on investigations.",
                "West African states adopt the Accra Declaration on Cybercrime",
                "https://news.example.org/accra-declaration",
                "2023-03-15",
            ),
        ],
    ),
    (
        "agreement-details",
        {"agreement": "kenya-romania cybersecurity mou"},
        [
            (
                "Kenya-Romania Cybersecurity MoU",
                "mou",
                "2022-10-03",
                "Bucharest",
                ["Kenya", "Romania"],
                ["capacity-building", "incident-response", "information-sharing"],
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
        ],
    ),
    (
        "members-of",
        {"body": "eu"},
        [
            ("European Union", "Estonia", "country", 1, 1),
            ("European Union", "France", "country", 0, 0),
            ("European Union", "Romania", "country", 1, 1),
        ],
    ),
    (
        "cross-bloc-partnerships",
        {"bloc_a": "European Union", "bloc_b": "African Union"},
        [
            (
                "European Union",
                "Romania",
                "African Union",
                "Kenya",
                2,
                ["capacity-building", "incident-response", "information-sharing"],
                "2022-10-03",
                "2024-05-02",
            ),
            (
                "European Union",
                "Estonia",
                "African Union",
                "Kenya",
                1,
                ["training"],
                "2019-11-12",
                "2019-11-12",
            ),
        ],
    ),
    (
        "organisation-profile",
        {"org": "csa"},
        [
            (
                "ghana/cybersecurity-authority",
                "Cyber Security Authority",
                "government-agency",
                "Ghana",
                ["CSA"],
                [],
                ["Ghana"],
                [],
                1,
                0,
                ["West African states adopt the Accra Declaration on Cybercrime"],
            ),
        ],
    ),
    (
        "dyad-timeline",
        {"a": "Republic of Kenya", "b": "ROMANIA"},
        [
            (
                "2022-10-03",
                "publication",
                "COOPERATES_WITH",
                ["Kenya"],
                ["Romania"],
                None,
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
            (
                "2022-10-03",
                "event",
                "PARTY_TO",
                ["Kenya"],
                ["Romania"],
                "Kenya-Romania Cybersecurity MoU",
                KR_MOU,
                "Kenya and Romania sign cyber security MoU",
                "https://news.example.org/kenya-romania-mou",
                "2022-10-03",
            ),
            (
                "2024-05-02",
                "publication",
                "COOPERATES_WITH",
                ["Kenya"],
                ["Romania"],
                None,
                "Kenya and Romania reviewed progress under their 2022 cyber security MoU.",
                "Kenya and Romania review cyber cooperation",
                "https://news.example.org/kenya-romania-review",
                "2024-05-02",
            ),
        ],
    ),
    (
        "areas-by-year",
        {"since": "2022", "until": "2023-06"},
        [
            ("2022", "Capacity building", 1, 1),
            ("2022", "Incident response", 1, 1),
            ("2022", "Information sharing", 1, 1),
            ("2023", "Cybercrime", 1, 3),
            ("2023", "Policy and law", 1, 3),
        ],
    ),
    (
        "areas-by-year",
        {"area": "TRAINING AND EXERCISES"},
        [
            ("2019", "Training and exercises", 1, 1),
            ("2024", "Training and exercises", 1, 1),
        ],
    ),
    (
        "agreements-by-region",
        {"region": "ecowas"},
        [
            (
                "Economic Community of West African States",
                "Kenya-Ghana Cyber Capacity Programme",
                "partnership",
                "2024",
                ["Ghana"],
                ["Kenya"],
                ["capacity-building", "training"],
            ),
            (
                "Economic Community of West African States",
                "Accra Declaration on Cybercrime",
                "declaration",
                "2023-03",
                ["Economic Community of West African States", "Ghana", "Nigeria"],
                [],
                ["cybercrime", "policy-and-law"],
            ),
        ],
    ),
    (
        "agreements-by-region",
        {"limit": "1"},
        [
            (
                "African Union",
                "Kenya-Ghana Cyber Capacity Programme",
                "partnership",
                "2024",
                ["Ghana", "Kenya"],
                [],
                ["capacity-building", "training"],
            ),
        ],
    ),
    (
        "country-organisations",
        {"country": "ghana"},
        [
            (
                "Ghana",
                "country",
                "Economic Community of West African States",
                "intergovernmental",
                None,
                1,
                ["cybercrime", "policy-and-law"],
            ),
            ("Ghana", "country", "Kenya", "country", "Kenya", 1, ["capacity-building", "training"]),
            (
                "Ghana",
                "country",
                "Nigeria",
                "country",
                "Nigeria",
                1,
                ["cybercrime", "policy-and-law"],
            ),
            (
                "Cyber Security Authority",
                "government-agency",
                "Interpol",
                "law-enforcement",
                None,
                1,
                [],
            ),
        ],
    ),
    (
        "area-overview",
        {},
        [
            ("capacity-building", "Capacity building", 3, 5, 1),
            ("policy-and-law", "Policy and law", 2, 5, 1),
            ("training", "Training and exercises", 2, 3, 1),
            ("cybercrime", "Cybercrime", 1, 3, 1),
            ("data-protection", "Data protection", 1, 2, 1),
            ("incident-response", "Incident response", 1, 2, 1),
            ("information-sharing", "Information sharing", 1, 2, 0),
            ("research-and-innovation", "Research and innovation", 1, 2, 0),
            ("awareness", "Awareness", 0, 0, 0),
            ("critical-infrastructure", "Critical infrastructure", 0, 0, 0),
            ("threat-intelligence", "Threat intelligence", 0, 0, 0),
        ],
    ),
]


def test_every_query_has_a_case() -> None:
    assert {q.name for q in list_queries(QUERIES)} == {name for name, _, _ in CASES}
    assert len(list_queries(QUERIES)) >= 14


@pytest.mark.parametrize(
    ("name", "raw", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_query_rows(
    corpus: neo4j.Driver, neo4j_settings: Settings, name: str, raw: dict, expected: list
) -> None:
    query = get_query(QUERIES, name)
    result = run_query(corpus, query, coerce_params(query, raw), db.database(neo4j_settings))
    # ids: test_rows_carry_the_ids…; precisions: test_every_date_says_its_precision
    shown = [c for c in result.columns if not is_id_column(c) and not c.endswith("_precision")]
    assert [tuple(row[c] for c in shown) for row in result.rows] == expected


def is_id_column(column: str) -> bool:
    return column.endswith(("_id", "_ids"))


@pytest.mark.parametrize("name", [q.name for q in list_queries(QUERIES)])
def test_explain_every_query(corpus: neo4j.Driver, neo4j_settings: Settings, name: str) -> None:
    """EXPLAIN plans each file on the server: a broken query fails here, a writing one too."""
    report = explain(corpus, get_query(QUERIES, name), db.database(neo4j_settings))
    assert report.query_type == "r"
    assert not [n for n in report.notifications if n.startswith("WARNING")]


@pytest.mark.parametrize("name", [q.name for q in list_queries(QUERIES)])
def test_example_runs(corpus: neo4j.Driver, neo4j_settings: Settings, name: str) -> None:
    """The example call in each header is valid and finds something in the fixture corpus."""
    query = get_query(QUERIES, name)
    assert query.description and query.example.startswith(f"kg query run {name}")
    params = coerce_params(query, query.example_params())
    assert run_query(corpus, query, params, db.database(neo4j_settings)).rows


def test_view_graph_of_a_path(corpus: neo4j.Driver, neo4j_settings: Settings) -> None:
    """The view of a path: its nodes (named by the hidden _ids column) and the links among them."""
    query = get_query(QUERIES, "shortest-path")
    params = coerce_params(query, {"source": "Romania", "target": "Nigeria"})
    result = run_query(corpus, query, params, db.database(neo4j_settings))
    assert result.columns == ["hops", "path", "articles_per_hop", "path_ids"]
    assert result.node_ids == ["romania", "kenya", "ghana", "nigeria"]
    nodes, rels = view_graph(corpus, result, db.database(neo4j_settings))
    assert sorted(n["properties"]["name"] for n in nodes) == [
        "Ghana",
        "Kenya",
        "Nigeria",
        "Romania",
    ]
    assert sorted((r["type"], r["properties"]["key"]) for r in rels) == [
        ("COOPERATES_WITH", "COOPERATES_WITH|ghana|kenya"),
        ("COOPERATES_WITH", "COOPERATES_WITH|ghana|nigeria"),
        ("COOPERATES_WITH", "COOPERATES_WITH|kenya|romania"),
    ]


def test_graph_values_are_kept_for_the_view(
    corpus: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    """A query that returns nodes and relationships: plain dicts in rows, elements for the view."""
    (tmp_path / "g.cypher").write_text(
        "// name: g\nMATCH (a:Organisation {id: 'kenya'})-[r:MEMBER_OF]->(b) RETURN a, r, b\n",
        encoding="utf-8",
    )
    result = run_query(corpus, get_query(tmp_path, "g"), {}, db.database(neo4j_settings))
    row = result.rows[0]
    assert row["a"]["labels"] == ["Country", "Organisation"]
    assert row["a"]["properties"]["name"] == "Kenya"
    r = row["r"]
    assert (r["type"], r["start"], r["end"]) == ("MEMBER_OF", "kenya", "african-union")
    assert r["properties"]["key"] == "MEMBER_OF|kenya|african-union"
    assert (r["properties"]["areas"], r["properties"]["weight"]) == ([], 1)
    assert len(result.nodes) == 2 and len(result.relationships) == 1


ONLY_ONTOLOGY_IDS = {"agreements-per-year", "area-overview"}  # they name areas and types only


@pytest.mark.parametrize(
    ("name", "raw", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rows_carry_the_ids_of_what_they_name(
    corpus: neo4j.Driver, neo4j_settings: Settings, name: str, raw: dict, expected: list
) -> None:
    query = get_query(QUERIES, name)
    result = run_query(corpus, query, coerce_params(query, raw), db.database(neo4j_settings))
    id_columns = [c for c in result.columns if is_id_column(c) or c == "id"]
    assert id_columns or name in ONLY_ONTOLOGY_IDS
    records, _, _ = corpus.execute_query(
        "MATCH (n) WHERE n:Organisation OR n:Agreement OR n:CommitmentArea OR n:Article "
        "RETURN collect(n.id) AS ids",
        database_=db.database(neo4j_settings),
    )
    known = set(records[0]["ids"])
    for row in result.rows:
        for column in id_columns:
            values = row[column] if isinstance(row[column], list) else [row[column]]
            assert set(values) - {None} <= known, (column, values)


NAME_PARAMS = [
    (q.name, p.name)
    for q in list_queries(QUERIES)
    for p in q.parameters
    if p.type in ("organisation", "country", "agreement", "area", "org_type", "agreement_type")
]


def test_no_query_takes_an_unchecked_name() -> None:
    """Every parameter that names something is of a checked type (never a bare string)."""
    assert [
        (q.name, p.name) for q in list_queries(QUERIES) for p in q.parameters if p.type == "string"
    ] == []
    assert len(NAME_PARAMS) >= 24


@pytest.mark.parametrize(("name", "param"), NAME_PARAMS)
def test_an_unknown_name_is_an_error_not_an_empty_result(
    corpus: neo4j.Driver, neo4j_settings: Settings, name: str, param: str
) -> None:
    query = get_query(QUERIES, name)
    raw = {**query.example_params(), param: "Zanzibar Cyber Nowhere"}
    with pytest.raises(ParameterError, match=r"no [a-z ]+ named 'Zanzibar Cyber Nowhere'"):
        run_query(corpus, query, coerce_params(query, raw), db.database(neo4j_settings))


PRECISION = {4: "year", 7: "month", 10: "day"}


@pytest.mark.parametrize(
    ("name", "raw", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_every_date_says_its_precision(
    corpus: neo4j.Driver, neo4j_settings: Settings, name: str, raw: dict, expected: list
) -> None:
    query = get_query(QUERIES, name)
    result = run_query(corpus, query, coerce_params(query, raw), db.database(neo4j_settings))
    for column in result.columns:
        if column in ("date", "first_seen", "last_seen"):
            assert f"{column}_precision" in result.columns, (name, column)
            for row in result.rows:
                want = PRECISION.get(len(row[column])) if row[column] else None
                assert row[f"{column}_precision"] == want, (name, column, row[column])
