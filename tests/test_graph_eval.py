"""Graph-level figures (`kg eval --graph`): the three measures on hand-made gold and rows,
and the command end to end in a scratch Neo4j that leaves the user's graph alone."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import tempfile
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from kg.graph_eval import (
    AgreementRow,
    GoldError,
    OrganisationRow,
    copy_gold_articles,
    duplicate_organisations,
    evaluate_graph,
    free_ports,
    load_gold,
    measure,
    merged_agreements,
    norm,
    spurious_organisations,
)

ROOT = Path(__file__).resolve().parent.parent
GRAPH_CHECK = ROOT.parent / "shared" / "eval" / "graph_check.py"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT.parent / "shared" / "eval" / "dev"

GOLD = {
    "a": {
        "doc_id": "a",
        "organisations": [
            {"name": "Ghana", "type": "country"},
            {"name": "Cyber Security Authority", "type": "government-agency", "aliases": ["CSA"]},
            {"name": "ECOWAS", "type": "intergovernmental", "optional": True},
        ],
        "agreements": [{"type": "treaty", "name": "The Budapest Convention", "parties": ["Ghana"]}],
    },
    "b": {
        "doc_id": "b",
        "organisations": [
            {"name": "Singapore", "type": "country"},
            {"name": "Cyber Security Authority", "type": "government-agency"},
        ],
        "agreements": [{"type": "treaty", "name": "Budapest Convention", "parties": ["Singapore"]}],
    },
    "c": {
        "doc_id": "c",
        "organisations": [{"name": "Kenya", "type": "country"}],
        "agreements": [{"type": "mou", "parties": ["Kenya", "Romania"]}],
    },
    "d": {
        "doc_id": "d",
        "organisations": [{"name": "Rwanda", "type": "country"}],
        "agreements": [{"type": "mou", "name": "Rwanda–Mozambique MoU", "parties": ["Rwanda"]}],
    },
}


def org(id_: str, name: str, *articles: str, aliases: tuple[str, ...] = ()) -> OrganisationRow:
    return OrganisationRow(id=id_, name=name, aliases=aliases, articles=articles)


def test_norm_folds_case_punctuation_the_and_possessive() -> None:
    assert norm("The Council of Europe") == "council of europe"
    assert norm("Ghana\u2019s  Cyber-Security Authority") == "ghana cyber security authority"
    assert norm("  U.S.  ") == "u s"


def test_a_node_matching_no_gold_organisation_of_its_articles_is_spurious() -> None:
    rows = [
        org("ghana", "Ghana", "a"),
        org("csa-gh", "Ghana CSA", "a", aliases=("CSA",)),  # by an alias of the node
        org("ecowas", "ECOWAS", "a"),  # optional in the gold: not spurious
        org("interpol", "Interpol", "a", "b"),
        org("kenya", "Kenya", "a"),  # gold of c, but stated in a
        org("fiji", "Fiji", "z"),  # an article without gold: not counted
        org("orphan", "Orphan"),  # no evidence at all: not counted
    ]
    assert spurious_organisations(GOLD, rows) == ["Interpol", "Kenya"]


def test_one_gold_organisation_on_two_nodes_is_a_duplicate() -> None:
    rows = [
        org("csa-gh", "CSA", "a"),
        org("csa-sg", "Cyber Security Authority", "b"),  # same canonical gold name in b
        org("ghana", "Ghana", "a"),
        org("ghana-gov", "Government of Ghana", "a", aliases=("Ghana",)),
        org("singapore", "Singapore", "b", "a"),  # one node in two articles: no duplicate
        org("kenya", "Kenya", "d"),  # gold of c, stated only in d: matches nothing
    ]
    assert duplicate_organisations(GOLD, rows) == {
        "cyber security authority": ["csa-gh", "csa-sg"],
        "ghana": ["ghana", "ghana-gov"],
    }


def test_an_agreement_of_articles_whose_gold_agreements_share_no_name_is_merged() -> None:
    rows = [
        AgreementRow("budapest", "Budapest Convention", ("a", "b")),  # names agree after norm
        AgreementRow("mou", "Memorandum of Understanding", ("a", "c", "z")),  # c has no name
        AgreementRow("mou-rw", None, ("d", "b")),
        AgreementRow("one", "MoU", ("c",)),  # one article: never merged
        AgreementRow("none", "Declaration", ()),
    ]
    assert merged_agreements(GOLD, rows) == [
        ("Memorandum of Understanding", ["a", "c"]),
        (None, ["b", "d"]),
    ]


def test_measure_gives_graph_checks_figures_and_rates() -> None:
    orgs = [
        org("csa-gh", "CSA", "a"),
        org("csa-sg", "Cyber Security Authority", "b"),
        org("interpol", "Interpol", "c"),
        org("kenya", "Kenya", "c"),
    ]
    agrs = [AgreementRow("mou", "MoU", ("c", "d"))]
    figures = measure(GOLD, orgs, agrs).to_dict()
    # gold organisations: ghana, cyber security authority, ecowas, singapore, kenya, rwanda
    assert figures == {
        "articles": 4,
        "organisation_nodes": 4,
        "agreement_nodes": 1,
        "merged_agreements": 1,
        "duplicate_organisations": 1,
        "duplicate_rate": round(1 / 6, 3),
        "spurious_organisations": 1,
        "spurious_rate": 0.25,
        "examples": {
            "merged": [["MoU", ["c", "d"]]],
            "duplicates": [["csa-gh", "csa-sg"]],
            "spurious": ["Interpol"],
        },
    }
    every = measure(GOLD, orgs, agrs).to_dict(every=True)["examples"]
    assert every["duplicates"] == {"cyber security authority": ["csa-gh", "csa-sg"]}
    text = measure(GOLD, orgs, agrs).to_text()
    assert "duplicate_rate             0.167\n" in text
    assert text.splitlines()[0] == "articles                   4"


def test_gold_folder_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no gold files"):
        load_gold(tmp_path)
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(GoldError, match=r"x\.json: not valid JSON"):
        load_gold(tmp_path)
    (tmp_path / "x.json").write_text('{"doc_id": "x"}')
    with pytest.raises(GoldError, match=r"x\.json: no x\.txt beside it"):
        copy_gold_articles(load_gold(tmp_path), tmp_path, tmp_path / "corpus")


def test_gold_articles_are_copied_with_their_metadata(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "x.json").write_text('{"doc_id": "x"}')
    (gold / "x.txt").write_text("Some text.\n")
    (gold / "x.meta.json").write_text('{"title": null, "date": "2022-10", "trimmed": true}')
    copy_gold_articles(load_gold(gold), gold, tmp_path / "corpus")
    assert (tmp_path / "corpus" / "x.txt").read_text() == "Some text.\n"
    assert json.loads((tmp_path / "corpus" / "x.meta.json").read_text()) == {"date": "2022-10"}


def test_free_ports_are_different_and_free() -> None:
    import socket

    ports = free_ports(2)
    assert len(set(ports)) == 2
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


@pytest.mark.skipif(not GRAPH_CHECK.exists(), reason="../shared/eval/graph_check.py is absent")
def test_norm_and_gold_reading_are_graph_checks() -> None:
    spec = importlib.util.spec_from_file_location("graph_check", GRAPH_CHECK)
    graph_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(graph_check)
    names = ["The EU's CERT", "Ghana\u2019s CSA", "U.S. Department of State", "the theory", ""]
    assert [norm(n) for n in names] == [graph_check.norm(n) for n in names]
    if DEV.exists():
        assert load_gold(DEV) == graph_check.load_gold(DEV)


# ---------------------------------------------------------------------- end to end
ARTICLES = {
    "a-ghana-budapest": (
        "Ghana acceded to the Budapest Convention on Cybercrime in 2018, the Cyber Security "
        "Authority (CSA) said on Monday.\nThe CSA said the convention would help Ghana's police "
        "work with other states on cybercrime investigations and the sharing of electronic "
        "evidence.\nOfficials from the Council of Europe welcomed the accession and offered "
        "training for Ghanaian prosecutors.\n",
        {
            "organisations": [
                {"name": "Ghana", "type": "country"},
                {"name": "Cyber Security Authority", "type": "government-agency",
                 "aliases": ["CSA"]},
                {"name": "Council of Europe", "type": "intergovernmental"},
            ],
            "agreements": [
                {"type": "treaty", "name": "Budapest Convention", "parties": ["Ghana"],
                 "areas": ["cybercrime"], "date": "2018", "place": None}
            ],
            "partnerships": [], "memberships": [], "areas": ["cybercrime", "training"],
        },
    ),
    "b-kenya-budapest": (
        "Kenya signed the Budapest Convention on Cybercrime in Strasbourg, the Ministry of "
        "Information of Kenya announced.\nThe ministry said the convention would strengthen "
        "law-enforcement cooperation against cybercrime and help Kenya harmonise its laws with "
        "other parties.\nThe Council of Europe will support Kenyan judges and prosecutors with "
        "capacity building.\n",
        {
            "organisations": [
                {"name": "Kenya", "type": "country"},
                {"name": "Ministry of Information", "type": "government-agency"},
                {"name": "Council of Europe", "type": "intergovernmental"},
            ],
            # named otherwise than in a: the one Budapest node counts as a merged agreement
            "agreements": [
                {"type": "treaty", "name": "Convention on Cybercrime", "parties": ["Kenya"],
                 "areas": ["cybercrime"], "date": None, "place": "Strasbourg"}
            ],
            "partnerships": [], "memberships": [], "areas": ["cybercrime", "capacity-building"],
        },
    ),
    "c-rwanda-mozambique-mou": (
        "Rwanda and Mozambique signed a memorandum of understanding on cybersecurity in Kigali "
        "on 3 October 2022.\nUnder the memorandum, the two countries will share threat "
        "intelligence and respond to cyber incidents together.\nInterpol will train police "
        "officers from both countries in digital forensics.\n",
        {
            # Interpol left out of the gold on purpose: a spurious node
            "organisations": [
                {"name": "Rwanda", "type": "country"},
                {"name": "Mozambique", "type": "country"},
            ],
            "agreements": [
                {"type": "mou", "parties": ["Rwanda", "Mozambique"],
                 "areas": ["threat-intelligence", "incident-response"], "date": "2022-10-03",
                 "place": "Kigali"}
            ],
            "partnerships": [["Rwanda", "Mozambique"]], "memberships": [],
            "areas": ["threat-intelligence", "incident-response", "training"],
        },
    ),
}  # fmt: skip


def _gold_folder(path: Path) -> Path:
    path.mkdir()
    for doc, (text, gold) in ARTICLES.items():
        (path / f"{doc}.txt").write_text(text, encoding="utf-8")
        (path / f"{doc}.json").write_text(json.dumps({"doc_id": doc, **gold}), encoding="utf-8")
    meta = {"title": "Rwanda and Mozambique sign an MoU", "date": "2022-10-04", "trimmed": True}
    (path / "c-rwanda-mozambique-mou.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def _figures(output: str) -> dict:
    """The 'name value' lines of the graph figures in the command's output."""
    block = output.split("\nGraph (", 1)[1]
    lines = re.findall(r"^([a-z_]+) +([\d.]+)$", block, re.MULTILINE)
    return {k: float(v) if "." in v else int(v) for k, v in lines}


def _java_homes_under(folder: Path) -> list[str]:
    homes = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f"--home-dir={folder}" in args:
            homes.append(args)
    return homes


@pytest.mark.neo4j
def test_eval_graph_builds_a_scratch_graph_and_prints_its_figures(
    clean_db: neo4j.Driver, neo4j_settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.build import build_graph
    from kg.cli import main
    from kg.graph_eval import read_graph

    gold = _gold_folder(tmp_path / "gold")
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))

    # the scorer beside the project, whatever the working folder (absent: graph figures only)
    scorer = ["--scorer", str(SCORER)] if SCORER.exists() else []
    result = CliRunner().invoke(main, ["eval", "--graph", *scorer, str(gold)])
    assert result.exit_code == 0, result.output
    if SCORER.exists():
        assert "organisations  P=" in result.output  # the per-article table comes first
    figures = _figures(result.output)
    assert figures["articles"] == 3
    assert figures["merged_agreements"] == 1
    assert '"Convention on Cybercrime"' in result.output
    assert figures["spurious_organisations"] >= 1
    assert '"Interpol"' in result.output.split('"spurious"', 1)[1]
    assert figures["spurious_rate"] == round(
        figures["spurious_organisations"] / figures["organisation_nodes"], 3
    )
    # the scratch server and its folder are gone, and the test's own graph was not touched
    assert list(scratch_root.iterdir()) == []
    assert _java_homes_under(scratch_root) == []
    records, _, _ = clean_db.execute_query("MATCH (n) RETURN count(n)")
    assert records[0][0] == 0

    # the same articles built the ordinary way give the same figures
    corpus = tmp_path / "corpus"
    copy_gold_articles(load_gold(gold), gold, corpus)
    settings = dataclasses.replace(neo4j_settings, corpus=corpus)
    build_graph(settings, clean_db)
    expected = measure(load_gold(gold), *read_graph(clean_db, settings.neo4j_database))
    assert figures == {k: v for k, v in expected.to_dict().items() if k != "examples"}


@pytest.mark.neo4j
def test_the_scratch_server_stops_and_its_folder_goes_on_ctrl_c(
    neo4j_settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = _gold_folder(tmp_path / "gold")
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    seen: list[list[str]] = []

    def interrupt_once_running(stage: str, done: int, total: int | None) -> None:
        if stage == "start Neo4j" and done == 1:
            seen.append(_java_homes_under(scratch_root))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate_graph(gold, neo4j_settings, progress=interrupt_once_running)
    assert seen and len(seen[0]) == 1  # the server ran when Ctrl-C came
    assert _java_homes_under(scratch_root) == []
    assert list(scratch_root.iterdir()) == []
