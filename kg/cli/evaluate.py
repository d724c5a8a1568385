"""``kg eval GOLD_DIR``: extract a folder of gold articles and print the scorer's table;
with ``--graph``, also build them into a scratch graph and print its graph-level figures."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from kg.cli.common import model_option, progress_bar, user_errors
from kg.settings import get_settings


def _find_scorer(gold_dir: Path, scorer: Path | None) -> Path | None:
    from kg.settings import PROJECT_ROOT

    candidates = [
        gold_dir.resolve().parent / "score.py",
        PROJECT_ROOT.parent / "shared/eval/score.py",
    ]
    return scorer or next((c for c in candidates if c.exists()), None)


def _score(scorer: Path, gold_dir: Path, records: list, verbose: bool) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for rec in records:
            out.write(json.dumps(rec.to_eval(), ensure_ascii=False) + "\n")
    args = [sys.executable, str(scorer), str(gold_dir), out.name] + (
        ["--verbose"] if verbose else []
    )
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    Path(out.name).unlink(missing_ok=True)
    if verbose:
        click.echo(result.stderr, err=True, nl=False)
    click.echo(result.stdout, nl=False)
    if result.returncode:
        raise click.ClickException(f"{scorer} failed: {result.stderr.strip().splitlines()[-1:]}")


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@model_option
@click.option(
    "--verbose",
    is_flag=True,
    help="Per-document counts and missed/extra organisations; with --graph, every example.",
)
@click.option(
    "--scorer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="score.py to use (default: the one beside GOLD_DIR, else ../shared/eval/score.py).",
)
@click.option(
    "--graph",
    is_flag=True,
    help="Also build the articles into a scratch Neo4j (own temporary folder and free ports, "
    "removed afterwards; your graph is not touched) and report merged agreements, duplicate "
    "and spurious organisations.",
)
@user_errors
def eval_cmd(
    gold_dir: Path, model: str | None, verbose: bool, scorer: Path | None, graph: bool
) -> None:
    """Extract GOLD_DIR's articles and score them with the eval scorer.

    With --graph, the articles (their .txt and .meta.json files) are also built
    into one graph, as `kg build` would, in a scratch Neo4j started and removed
    by this command, and the graph-level figures are printed after the table:
    merged agreements (one node for events of articles whose gold agreements
    share no name), duplicate organisations (one gold organisation, several
    nodes) and spurious organisations (nodes matching no gold organisation of
    their articles), with examples.

    Example: kg eval ../shared/eval/dev --graph
    """
    from kg.corpus import find_articles
    from kg.pipeline import extract_paths

    settings = get_settings()
    if model:
        import dataclasses

        settings = dataclasses.replace(settings, model=model)
    scorer = _find_scorer(gold_dir, scorer)
    if scorer is None and not graph:
        raise click.ClickException(
            f"no score.py beside {gold_dir} or in ../shared/eval: give one with --scorer"
        )
    errors: list = []
    records = []
    total = len(find_articles([gold_dir]))
    with progress_bar() as progress:
        for rec in extract_paths([gold_dir], model=settings.model, errors=errors):
            records.append(rec)
            progress("extract", len(records), total)
    for err in errors:
        click.echo(f"Error: {err}", err=True)
    if scorer is None:
        click.echo(f"No score.py beside {gold_dir} or in ../shared/eval: no table.", err=True)
    else:
        _score(scorer, gold_dir, records, verbose)
    if graph:
        from kg.graph_eval import evaluate_graph

        began = time.monotonic()
        with progress_bar() as progress:
            figures = evaluate_graph(gold_dir, settings, records=records, progress=progress)
        for err in figures.rejected:
            click.echo(f"Error: {err}", err=True)
        click.echo(
            f"\nGraph ({figures.articles} articles built into a scratch Neo4j "
            f"in {time.monotonic() - began:.0f} s):"
        )
        click.echo(figures.to_text(every=verbose))
