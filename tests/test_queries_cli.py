"""``kg query`` as a user sees it: exit codes, one-line errors, output shapes, read-only runs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from test_queries import load_fixture_corpus

from kg.cli.query import query
from kg.errors import ParameterError, QueryError
from kg.queries import (
    coerce_params,
    get_query,
    list_queries,
    parse_query,
    render_result_view,
    run_all,
)
from kg.settings import PROJECT_ROOT, Settings
from kg.store import db
from kg.store.load import graph_counts

QUERIES = PROJECT_ROOT / "queries"


@pytest.fixture(scope="module")
def corpus(driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The fixture corpus of test_queries, loaded into an emptied database."""
    return load_fixture_corpus(driver, db.database(neo4j_settings))


def invoke(*args: str, queries: Path = QUERIES):
    return CliRunner().invoke(query, list(args), env={"CYBERKG_QUERIES": str(queries)})


# ---------------------------------------------------------------- without Neo4j
def test_every_command_has_an_example() -> None:
    for name, command in query.commands.items():
        assert "Example: kg query" in (command.help or ""), name
    assert "Example:" in (query.help or "")


def test_list_and_show() -> None:
    listed = invoke("list")
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names == [q.name for q in list_queries(QUERIES)]
    shown = invoke("show", "partners")
    assert shown.exit_code == 0
    assert shown.output.startswith("// name: partners\n")
    assert "// param: org (organisation, required)" in shown.output
    assert "MATCH (o)-[r:COOPERATES_WITH]-(p:Organisation)" in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-p", "org=Kenya", "-p", "colour=red"],
            "Error: [E401] query partners: unknown parameter 'colour' (known: org, limit)\n",
        ),
        (
            [],
            "Error: [E401] query partners: missing required parameter 'org' (organisation) "
            "— add --param org=VALUE\n",
        ),
        (
            ["-p", "org=Kenya", "-p", "limit=ten"],
            "Error: [E401] query partners: parameter 'limit' must be a whole number from 1 to "
            "9223372036854775807, got 'ten'\n",
        ),
        (
            ["--param", "org"],
            "Error: [E401] --param 'org': expected key=value\n",
        ),
    ],
)
def test_parameter_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke("run", "partners", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_wrong_date_exits_2() -> None:
    result = invoke("run", "new-partnerships", "--param", "since=2024-02-30")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: [E401] query new-partnerships: parameter 'since' must be a date as YYYY, "
        "YYYY-MM or YYYY-MM-DD, got '2024-02-30'\n"
    )


def test_unknown_query_exits_1() -> None:
    result = invoke("run", "no-such-query")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E400] no saved query named 'no-such-query' in ")
    assert len(result.stderr.splitlines()) == 1


def test_coerce_types() -> None:
    q = get_query(QUERIES, "agreements-by-area")
    assert coerce_params(q, {"area": "training", "since": "2021-06", "limit": " 5"}) == {
        "area": "training",
        "since": "2021-06",
        "until": None,
        "limit": 5,
    }
    with pytest.raises(ParameterError, match="'until' must be a date"):
        coerce_params(q, {"area": "training", "until": "2024-13"})


def test_header_types_and_example(tmp_path: Path) -> None:
    path = tmp_path / "t.cypher"
    path.write_text(
        "// name: t\n// description: Test.\n"
        "// param: flag (bool, default=false) A flag.\n"
        "// param: tags (list, default=a, b) Tags.\n"
        "// param: ratio (float) A ratio.\n"
        "// example: kg query run t --param 'tags=x,y z' --param flag=yes\n"
        "RETURN $flag AS flag, $tags AS tags, $ratio AS ratio\n",
        encoding="utf-8",
    )
    q = parse_query(path)
    assert [(p.name, p.type, p.default) for p in q.parameters] == [
        ("flag", "bool", False),
        ("tags", "list", ["a", "b"]),
        ("ratio", "float", None),
    ]
    assert coerce_params(q, q.example_params()) == {
        "flag": True,
        "tags": ["x", "y z"],
        "ratio": None,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("RETURN 1\n", "the header has no '// name:' line"),
        ("// name: x\nRETURN $who\n", "uses undeclared parameter(s): who"),
        ("// name: x\n// param: n (integer) N.\nRETURN $n\n", "parameter 'n' has unknown type"),
    ],
)
def test_bad_headers_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.cypher"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=re.escape(message)) as err:
        parse_query(path)
    assert str(path) in str(err.value)


def test_view_escapes_article_text(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)></script>"
    nodes = [
        {"element_id": "1", "labels": ["Organisation", "Company"], "properties": {"name": evil}},
        {"element_id": "2", "labels": ["Organisation"], "properties": {"name": "B & C"}},
    ]
    rels = [
        {
            "element_id": "r",
            "type": "COOPERATES_WITH",
            "start": "1",
            "end": "2",
            "properties": {"quote": evil},
        }
    ]
    page = render_result_view(nodes, rels, tmp_path / "v" / "view.html", title=evil)
    html = page.read_text(encoding="utf-8")
    assert evil not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title, escaped
    assert (tmp_path / "v" / "lib" / "vis-9.1.2" / "vis-network.min.js").is_file()
    assert 'src="lib/vis-9.1.2/vis-network.min.js"' in html
    assert "http://" not in html and "https://" not in html


def hostile_view(out: Path, hostile: str) -> Path:
    """A --view page of two organisations, one named with markup, linked by a quote of it."""
    nodes = [
        {"element_id": "1", "labels": ["Organisation"], "properties": {"name": hostile}},
        {"element_id": "2", "labels": ["Organisation"], "properties": {"name": "Kenya"}},
    ]
    rels = [
        {
            "element_id": "r",
            "type": "COOPERATES_WITH",
            "start": "1",
            "end": "2",
            "properties": {"quote": hostile},
        }
    ]
    return render_result_view(nodes, rels, out / "view.html", title="t", build=hostile)


def test_view_has_the_sites_csp_and_builds_tooltips_as_text(tmp_path: Path) -> None:
    """No inline script, tooltips set with textContent, never innerHTML."""
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page = hostile_view(tmp_path, hostile)
    html = page.read_text(encoding="utf-8")
    script = (tmp_path / "lib" / "query-view.js").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; ' in html
    assert "script-src 'self';" in html and "unsafe-inline" not in html.split("style-src")[0]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="view-data"']  # data, never run
    assert "innerHTML" not in html and "innerHTML" not in script
    assert "textContent" in script
    assert "<img" not in html and "<script>alert" not in html
    data = json.loads(re.search(r'id="view-data">(.*?)</script>', html, re.S).group(1))
    assert data["nodes"][0]["title"] == {"heading": hostile, "lines": [["name", hostile]]}


# ---------------------------------------------------------------- on Neo4j
@pytest.mark.neo4j
def test_csv_output(corpus: neo4j.Driver) -> None:
    result = invoke("run", "agreements-per-year", "--format", "csv")
    assert result.exit_code == 0, result.output
    build, _, text = result.stdout.partition("\n")
    assert re.fullmatch(
        r"# cyberkg build: commit=\S+ pipeline=fixture built=\S+ articles=6 version=\S*", build
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["year", "type", "agreements"],
        ["2019", "mou", "1"],
        ["2021", "partnership", "1"],
        ["2022", "mou", "1"],
        ["2023", "declaration", "1"],
        ["2024", "partnership", "1"],
        ["", "partnership", "1"],
    ]
    lists = invoke(
        "run", "shortest-path", "-p", "source=Romania", "-p", "target=nigeria", "--format", "csv"
    )
    assert lists.stdout.split("\n", 1)[1] == (
        "hops,path,articles_per_hop,path_ids\n"
        "3,Romania; Kenya; Ghana; Nigeria,2; 1; 1,romania; kenya; ghana; nigeria\n"
    )


@pytest.mark.neo4j
def test_json_output(corpus: neo4j.Driver) -> None:
    result = invoke("run", "members-of", "--param", "body=ECOWAS", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc.pop("build")["articles"] == 6
    body = "economic-community-of-west-african-state"
    assert doc == {
        "query": "members-of",
        "parameters": {"body": body},  # the name as the id it resolved to
        "columns": ["body_id", "body", "member_id", "member", "type", "partners", "agreements"],
        "rows": [
            {
                "body_id": body,
                "member_id": "ghana",
                "body": "Economic Community of West African States",
                "member": "Ghana",
                "type": "country",
                "partners": 3,
                "agreements": 2,
            },
            {
                "body_id": body,
                "member_id": "nigeria",
                "body": "Economic Community of West African States",
                "member": "Nigeria",
                "type": "country",
                "partners": 2,
                "agreements": 1,
            },
        ],
    }


@pytest.mark.neo4j
def test_table_output_file_and_view(corpus: neo4j.Driver, tmp_path: Path) -> None:
    out, view = tmp_path / "rows.txt", tmp_path / "view.html"
    result = invoke("run", "partners", "-p", "org=kenya", "-o", str(out), "--view", str(view))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    table = out.read_text(encoding="utf-8")
    lines = table.rstrip().splitlines()
    assert lines[-2] == "6 row(s)" and lines[-1].startswith("# cyberkg build: commit=")
    assert f"Wrote {view} (6 nodes, 5 relationships)" in result.stderr
    html = view.read_text(encoding="utf-8")
    for name in ("Romania", "Estonia", "Ghana", "Microsoft", "Safetech Innovations"):
        assert f'"label": "{name}"' in html
    assert "articles=6" in html  # the build that produced it


@pytest.mark.neo4j
def test_a_writing_query_fails_and_writes_nothing(
    corpus: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
) -> None:
    (tmp_path / "sneaky.cypher").write_text(
        "// name: sneaky\n// description: Tries to write.\n"
        "// param: name (string, default=x) A name.\n"
        "MATCH (o:Organisation) SET o.name = $name\n"
        "CREATE (:Sneaky {name: $name}) RETURN count(*)\n",
        encoding="utf-8",
    )
    before = graph_counts(corpus, db.database(neo4j_settings))
    result = invoke("run", "sneaky", queries=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: [E400] query sneaky ({tmp_path / 'sneaky.cypher'}) tries to write to the graph; "
        "saved queries are read-only, nothing was written\n"
    )
    assert graph_counts(corpus, db.database(neo4j_settings)) == before
    records, _, _ = corpus.execute_query(
        "MATCH (o:Organisation {name: 'x'}) RETURN count(o) AS n",
        database_=db.database(neo4j_settings),
    )
    assert records[0]["n"] == 0


@pytest.mark.neo4j
def test_run_all_writes_one_csv_per_query(
    corpus: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
) -> None:
    paths = run_all(corpus, neo4j_settings, tmp_path / "out", db.database(neo4j_settings))
    assert sorted(p.stem for p in paths) == sorted(q.name for q in list_queries(QUERIES))
    timeline = (tmp_path / "out" / "country-timeline.csv").read_text(encoding="utf-8")
    lines = timeline.splitlines()
    assert lines[0].startswith("# cyberkg build: commit=") and "articles=6" in lines[0]
    assert lines[1:] == [
        "date,date_precision,agreement_id,agreement,type,place,signed_by,signed_by_ids,partners,"
        "partner_ids,areas",
        "2022-10-03,day,agreement/kenya-romania-cybersecurity-mou,Kenya-Romania Cybersecurity "
        "MoU,mou,Bucharest,Kenya,kenya,Romania,romania,"
        "capacity-building; incident-response; information-sharing",
        "2024,year,agreement/kenya-ghana-cyber-capacity-programme,Kenya-Ghana Cyber Capacity "
        "Programme,partnership,,Kenya,kenya,Ghana,ghana,capacity-building; training",
    ]
    # no file is empty without saying why
    for path in paths:
        text = path.read_text(encoding="utf-8").splitlines()
        assert text[0].startswith("# cyberkg build:")
        assert len(text) > 2 or text[1].startswith("# "), path.name


@pytest.mark.neo4j
def test_run_all_notes_a_name_the_graph_lacks(
    clean_db: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    paths = run_all(clean_db, neo4j_settings, tmp_path / "out", db.database(neo4j_settings))
    partners = (tmp_path / "out" / "partners.csv").read_text(encoding="utf-8").splitlines()
    assert partners[1] == (
        "# not run on this graph: [E401] query partners: no organisation named 'Kenya' "
        "(the graph is empty)"
    )
    assert len(paths) == len(list_queries(QUERIES))


def test_readme_says_what_kg_build_writes() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"the {len(list_queries(QUERIES))} saved queries" in readme
    assert "with the parameters of its `example:` line" in readme  # as run_all does
    assert "runs every query on its defaults" not in readme
