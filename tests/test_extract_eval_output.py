"""`kg extract --format eval` prints valid JSON lines in the shape of SCHEMA.md."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import PROJECT_ROOT

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "eval.schema.json").read_text())
DEV = PROJECT_ROOT.parent / "shared" / "eval" / "dev"


def _lines(*paths: str) -> list[dict]:
    result = CliRunner().invoke(main, ["extract", *paths, "--format", "eval"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_corpus_eval_lines_validate() -> None:
    lines = _lines(str(PROJECT_ROOT / "corpus"))
    assert [line["doc_id"] for line in lines] == [
        "kenya-cross-border-partnerships",
        "kenya-romania-mou",
    ]
    for line in lines:
        jsonschema.validate(line, SCHEMA)


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev is not beside the repository")
def test_dev_set_eval_lines_validate() -> None:
    lines = _lines(str(DEV))
    assert {line["doc_id"] for line in lines} == {p.stem for p in DEV.glob("*.txt")}
    for line in lines:
        jsonschema.validate(line, SCHEMA)


def test_bad_path_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.md")])
    assert result.exit_code == 1
    assert "missing.md: no such file or folder" in result.output
