"""``kg eval GOLD_DIR``: extract a folder of gold articles and print the scorer's table."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from kg.cli.common import model_option
from kg.settings import get_settings


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@model_option
@click.option("--verbose", is_flag=True, help="Per-document counts and missed/extra organisations.")
@click.option(
    "--scorer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="score.py to use (default: the one beside GOLD_DIR, else ../shared/eval/score.py).",
)
def eval_cmd(gold_dir: Path, model: str | None, verbose: bool, scorer: Path | None) -> None:
    """Extract GOLD_DIR's articles and score them with the eval scorer.

    Example: kg eval ../shared/eval/dev
    """
    from kg.pipeline import extract_paths
    from kg.settings import PROJECT_ROOT

    candidates = [
        gold_dir.resolve().parent / "score.py",
        PROJECT_ROOT.parent / "shared/eval/score.py",
    ]
    scorer = scorer or next((c for c in candidates if c.exists()), None)
    if scorer is None:
        raise click.ClickException(
            f"no score.py beside {gold_dir} or in ../shared/eval: give one with --scorer"
        )
    errors: list[str] = []
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for rec in extract_paths([gold_dir], model=model or get_settings().model, errors=errors):
            out.write(json.dumps(rec.to_eval(), ensure_ascii=False) + "\n")
    for err in errors:
        click.echo(f"Error: {err}", err=True)
    args = [sys.executable, str(scorer), str(gold_dir), out.name] + (
        ["--verbose"] if verbose else []
    )
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if verbose:
        click.echo(result.stderr, err=True, nl=False)
    click.echo(result.stdout, nl=False)
    Path(out.name).unlink(missing_ok=True)
    if result.returncode:
        raise click.ClickException(f"{scorer} failed: {result.stderr.strip().splitlines()[-1:]}")
