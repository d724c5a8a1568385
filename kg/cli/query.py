"""``kg query``: list, show and run the saved Cypher queries of ``queries/``."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import click

from kg.errors import CyberKGError, ParameterError
from kg.settings import get_settings


class ParameterUsageError(click.ClickException):
    """A bad --param: one line on stderr and exit code 2, like other usage errors."""

    exit_code = 2


class QueryGroup(click.Group):
    """Turns CyberKG errors into one clear line: exit 2 for parameters, 1 for the rest."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParameterError as err:
            raise ParameterUsageError(str(err)) from err
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err


def _raw_params(pairs: tuple[str, ...]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param {pair!r}: expected key=value")
        raw[key.strip()] = value
    return raw


def _table(result: Any, stream: Any) -> None:
    from kg.queries import write_table

    write_table(result.columns, result.rows, stream)


@click.group(cls=QueryGroup)
def query() -> None:
    """Saved Cypher queries for researchers (files in queries/ or $CYBERKG_QUERIES).

    Example: kg query run partners --param org=Kenya
    """


@query.command("list")
def list_cmd() -> None:
    """List the saved queries with their one-line descriptions.

    Example: kg query list
    """
    from kg.queries import list_queries

    queries = list_queries(get_settings().queries)
    width = max((len(q.name) for q in queries), default=0)
    for q in queries:
        click.echo(f"{q.name.ljust(width)}  {q.description}")


@query.command("show")
@click.argument("name")
def show_cmd(name: str) -> None:
    """Print a saved query: its header (parameters, example) and its Cypher.

    Example: kg query show partners
    """
    from kg.queries import get_query

    click.echo(get_query(get_settings().queries, name).text.rstrip())


@query.command("run")
@click.argument("name")
@click.option(
    "--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@click.option(
    "--view",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the result's nodes and relationships as an offline HTML page.",
)
def run_cmd(
    name: str, params: tuple[str, ...], fmt: str, output: Path | None, view: Path | None
) -> None:
    """Run a saved query read-only and print its rows.

    Parameter errors (unknown, missing, wrong type) exit with code 2.

    Example: kg query run country-timeline --param country=Kenya --param since=2020 --format csv
    """
    from kg.buildinfo import build_record
    from kg.queries import (
        coerce_params,
        get_query,
        render_result_view,
        resolve_names,
        run_query,
        to_json,
        view_graph,
        write_csv,
    )
    from kg.store import db

    settings = get_settings()
    saved = get_query(settings.queries, name)
    values = coerce_params(saved, _raw_params(params))
    driver = db.ensure_database(settings)
    with driver:
        values = resolve_names(driver, saved, values, db.database(settings))
        result = run_query(driver, saved, values, db.database(settings))
        record = build_record(driver, settings, db.database(settings))
        if view is not None:
            nodes, rels = view_graph(driver, result, db.database(settings))
    buffer = io.StringIO()
    if fmt == "csv":
        write_csv(result, buffer, record)
    elif fmt == "json":
        buffer.write(to_json(saved, values, result, record) + "\n")
    if output is not None:
        with output.open("w", encoding="utf-8", newline="") as fh:
            if fmt == "table":
                _table(result, fh)
                fh.write(record.comment() + "\n")
            else:
                fh.write(buffer.getvalue())
        click.echo(f"Wrote {len(result.rows)} row(s) to {output}", err=True)
    elif fmt == "table":
        _table(result, sys.stdout)
        click.echo(record.comment())
    else:
        click.echo(buffer.getvalue(), nl=False)
    if view is not None:
        title = f"{saved.name}: " + ", ".join(f"{k}={v}" for k, v in values.items() if v)
        render_result_view(nodes, rels, view, title=title, build=record.comment().lstrip("# "))
        click.echo(
            f"Wrote {view} ({len(nodes)} nodes, {len(rels)} relationships)",
            err=True,
        )
