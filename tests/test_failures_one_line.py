"""Failures of the server and its address are one line each, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

import kg.build
from kg.cli import main
from kg.settings import PROJECT_ROOT, Settings
from kg.store import neo4j_server
from kg.store.load import Loader

KG = str(Path(sys.executable).parent / "kg")


def _kg(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env}
    return subprocess.run([KG, *args], capture_output=True, text=True, env=full, timeout=120)


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "https://example.org:7473", "localhost"])
def test_an_address_that_is_not_bolt_says_to_use_bolt(uri: str, tmp_path: Path) -> None:
    result = _kg("query", "run", "partners", "-p", "org=Kenya", NEO4J_URI=uri)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: [E101] NEO4J_URI={uri}: use a bolt:// or neo4j:// address (neo4j+s:// for "
        "Aura), like bolt://127.0.0.1:7687; http:// is Neo4j Browser's port, not the driver's"
    ]


def test_an_unreachable_address_is_one_whole_line(tmp_path: Path) -> None:
    result = _kg("build", NEO4J_URI="bolt://127.0.0.1:1", CYBERKG_VAR=str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: [E101] cannot reach NEO4J_URI=bolt://127.0.0.1:1: ")
    assert "Connection refused" in lines[0]  # the reason, not cut off at the first line
    assert lines[0].endswith("— check the address and that the server runs")


BODY = (
    "{a} and {b} signed a memorandum of understanding on cyber security on Monday. "
    "The two countries agreed to share information on threats and to train experts.\n"
)
PAIRS = [("Ghana", "Rwanda"), ("Chile", "Colombia"), ("Japan", "Singapore"), ("Kenya", "Estonia")]


@pytest.mark.neo4j
def test_neo4j_dying_mid_build_is_one_line(
    clean_db: neo4j.Driver,
    neo4j_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not neo4j_settings.managed:
        pytest.skip("kills the project's own server only")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for a, b in PAIRS:
        (corpus / f"{a.lower()}.md").write_text(BODY.format(a=a, b=b), encoding="utf-8")
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    monkeypatch.setattr(kg.build, "LOAD_BATCH", 1)  # one load per article
    load = Loader.load
    calls = []

    def load_then_crash(self: Loader, records):  # the server really dies after the first load
        calls.append(len(records))
        if len(calls) == 2:
            assert neo4j_server.kill(neo4j_settings)
        return load(self, records)

    monkeypatch.setattr(Loader, "load", load_then_crash)
    try:
        result = CliRunner().invoke(main, ["build", "--processes", "1", "--no-views"])
    finally:
        neo4j_server.start(neo4j_settings)
    assert len(calls) == 2
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        "Error: [E103] Neo4j stopped during the load; run kg build again to finish"
    )
    assert "Traceback" not in result.output

    monkeypatch.setattr(Loader, "load", load)
    again = CliRunner().invoke(main, ["build", "--processes", "1", "--no-views", "--no-queries"])
    assert again.exit_code == 0, again.output
    records, _, _ = clean_db.execute_query("MATCH (a:Article) RETURN count(a) AS n")
    assert records[0]["n"] == len(PAIRS)
