"""The ``kg`` command line: each command parses options, calls one function, prints."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.common import SERVER_LOST, model_option, server_lost
from kg.errors import CyberKGError
from kg.settings import get_settings

if TYPE_CHECKING:
    import neo4j

    from kg.settings import Settings


class Group(click.Group):
    """A click group that turns CyberKG errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err
        except SERVER_LOST as err:
            raise click.ClickException(str(server_lost(ctx.invoked_subcommand))) from err


@click.group(cls=Group)
@click.version_option(package_name="cyberkg")
def main() -> None:
    """CyberKG: a knowledge graph of cyber-security cooperation.

    Example: kg build
    """
    # The server's planner hints (e.g. a property no node has yet) are not the
    # user's business on the command line; `kg query` checks them where they matter.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


from kg.cli.evaluate import eval_cmd  # noqa: E402
from kg.cli.feeds import feeds  # noqa: E402
from kg.cli.maint import COMMANDS as MAINT_COMMANDS  # noqa: E402
from kg.cli.query import query  # noqa: E402
from kg.cli.research import COMMANDS as RESEARCH_COMMANDS  # noqa: E402
from kg.cli.server import neo4j  # noqa: E402
from kg.cli.views import views  # noqa: E402

main.add_command(neo4j)
main.add_command(eval_cmd)
main.add_command(feeds)
main.add_command(query)
main.add_command(views)
for _command in (*MAINT_COMMANDS, *RESEARCH_COMMANDS):
    main.add_command(_command)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["eval", "record"]),
    default="record",
    show_default=True,
    help="eval: the scored shape of SCHEMA.md; record: the full record with evidence.",
)
@model_option
def extract(paths: tuple[Path, ...], fmt: str, model: str | None) -> None:
    """Extract organisations, agreements and areas from articles, one JSON line each.

    PATHS are .md or .txt files or folders of them.

    Example: kg extract corpus/ --format eval
    """
    from kg.pipeline import extract_paths

    errors: list[str] = []
    for rec in extract_paths(paths, model=model or get_settings().model, errors=errors):
        out = rec.to_eval() if fmt == "eval" else rec.to_dict()
        click.echo(json.dumps(out, ensure_ascii=False))
    for err in errors:
        click.echo(f"Error: {err}", err=True)
    if errors:
        sys.exit(1)


def _records_from_jsonl(path: str) -> list:
    from extract.records import Record
    from kg.errors import ArticleError

    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    records = []
    with stream:
        for n, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                records.append(Record.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as err:
                raise ArticleError(f"{path} line {n}", f"not a record: {err}") from err
    return records


@main.command()
@click.argument("records", default="-")
def load(records: str) -> None:
    """Merge extraction records (JSON lines from `kg extract`) into Neo4j.

    Loading the same records twice changes nothing.

    Example: kg extract corpus/ > records.jsonl && kg load records.jsonl
    """
    from kg.store.db import database, ensure_database
    from kg.store.load import Loader
    from kg.store.lock import build_lock, server_lock

    settings = get_settings()
    recs = _records_from_jsonl(records)
    with build_lock(settings) as me:
        driver = ensure_database(settings)
        with driver, server_lock(settings, driver, me):
            stats = Loader(driver, database=database(settings)).load(recs)
    click.echo(f"Loaded {stats.articles} articles ({stats.rows} rows, {stats.pruned} pruned).")


@main.command()
@click.option(
    "--processes",
    "-p",
    type=int,
    default=None,
    help="Extraction processes (default: the machine's cores).",
)
@click.option(
    "--cluster",
    envvar="CYBERKG_CLUSTER",
    default=None,
    help="Extract on the Dask cluster whose scheduler is here (tcp://HOST:8786; "
    "$CYBERKG_CLUSTER); loading stays in this process.",
)
@click.option("--full", is_flag=True, help="Re-load every article, not only new and changed ones.")
@click.option("--no-views", is_flag=True, help="Skip writing the views.")
@click.option("--no-queries", is_flag=True, help="Skip running the saved queries.")
def build(
    processes: int | None, cluster: str | None, full: bool, no_views: bool, no_queries: bool
) -> None:
    """Build the graph from corpus/ into Neo4j, run the saved queries, write the views.

    Articles whose text has not changed since the last build are not extracted
    again; articles removed from corpus/ leave the graph.

    Example: kg build --processes 2

    Example: kg build --cluster tcp://scheduler.example.org:8786
    """
    from kg.store.db import ensure_database
    from kg.store.lock import build_lock, server_lock

    settings = get_settings()
    with build_lock(settings) as me:
        driver = ensure_database(settings)
        click.echo(f"Neo4j: {settings.uri}" + ("" if settings.managed else " (NEO4J_URI)"))
        with driver, server_lock(settings, driver, me):
            clashes = _build(settings, driver, processes, cluster, full, no_views, no_queries)
    if clashes:  # the user must rename a file: a script running the build should notice
        sys.exit(1)


def _build(
    settings: Settings,
    driver: neo4j.Driver,
    processes: int | None,
    cluster: str | None,
    full: bool,
    no_views: bool,
    no_queries: bool,
) -> bool:
    """The build under its lock: graph, saved queries, views. True if two files shared an id."""
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from kg.build import build_graph
    from kg.errors import IdClash
    from kg.store.db import database

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        tasks: dict[str, object] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = build_graph(
            settings,
            driver,
            processes=processes or os.cpu_count() or 1,
            full=full,
            progress=progress,
            cluster=cluster,
        )
        for err in report.errors:
            click.echo(f"Error: {err}", err=True)
        clashes = any(isinstance(err, IdClash) for err in report.errors)
        click.echo(
            f"Articles: {report.articles} ({report.extracted} extracted, {report.cached} from "
            f"cache, {report.unchanged} unchanged, {report.removed} removed, "
            f"{len(report.errors)} rejected)"
        )
        from kg.buildinfo import write_build_file

        write_build_file(settings, driver, database(settings))
        _write_measures(settings, driver)
        if not no_queries:
            from kg.queries import run_all

            written = run_all(driver, settings, settings.out / "queries", database(settings))
            click.echo(f"Saved queries: {len(written)} results in {settings.out / 'queries'}")
        if not no_views:
            from kg.views import write_site

            index = write_site(driver, settings, settings.out / "site", database(settings))
            click.echo(f"Views: {index}")
    return clashes


def _write_measures(settings, driver) -> None:
    """Network measures into out/measures/ (measures.json is what the views can read)."""
    from kg import measures
    from kg.buildinfo import build_record
    from kg.store.db import database
    from kg.tables import read_tables

    tables = read_tables(
        driver, database(settings), build_record(driver, settings, database(settings))
    )
    measures.write(measures.compute(tables), tables, settings.out / "measures")
    click.echo(f"Network measures: {settings.out / 'measures'}")
