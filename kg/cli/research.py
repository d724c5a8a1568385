"""Researchers' commands: ``kg export``, ``kg measures``, ``kg codebook``.

Each parses its options, calls one library function and prints. Every file
they write names the build of the graph it comes from.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import user_errors
from kg.settings import get_settings

RDF_FORMATS = ("turtle", "jsonld")
TABLE_FORMATS = ("csv", "graphml", "gexf", "dyads")
DEFAULT_NAMES = {
    "turtle": "cyberkg.ttl",
    "jsonld": "cyberkg.jsonld",
    "graphml": "cyberkg.graphml",
    "gexf": "cyberkg.gexf",
    "dyads": "dyads.csv",
}


def _status(message: str):
    from rich.console import Console

    return Console(stderr=True).status(message)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_FORMATS, *TABLE_FORMATS], case_sensitive=False),
    default="turtle",
    show_default=True,
    help="turtle/jsonld: RDF; csv: nodes, edges, evidence tables; graphml/gexf: for Gephi, "
    "igraph, networkx; dyads: country dyad-year panel.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (for csv: a folder). Default: standard output for RDF, "
    "out/export/ for the others.",
)
@user_errors
def export(fmt: str, output: Path | None) -> None:
    """Export the graph for analysis: RDF, tidy CSV tables, GraphML/GEXF or a dyad-year panel.

    Every file names the build it comes from (a '#' first line in CSV, a field or
    triple elsewhere). docs/codebook.md defines every column.

    Example: kg export --format csv --output out/export
    """
    from kg.buildinfo import build_record
    from kg.store.db import connect, database

    fmt = fmt.lower()
    settings = get_settings()
    with connect(settings) as driver, _status("Exporting the graph …"):
        record = build_record(driver, settings, database(settings))
        if fmt in RDF_FORMATS:
            from kg.export import export_graph, write

            graph = export_graph(driver, database(settings), record=record)
            text = write(graph, fmt, output)
        else:
            from kg.tables import read_tables

            tables = read_tables(driver, database(settings), record)
    if fmt in RDF_FORMATS:
        if text is not None:
            click.echo(text, nl=False)
        else:
            click.echo(f"Wrote {len(graph):,} triples to {output}", err=True)
        return
    from kg import tables as tb

    folder = settings.out / "export"
    if fmt == "csv":
        written = tb.write_csv_tables(tables, output or folder)
        for name, rows in written.items():
            click.echo(f"Wrote {rows:,} rows to {(output or folder) / name}", err=True)
    elif fmt == "dyads":
        path = output or folder / DEFAULT_NAMES[fmt]
        click.echo(f"Wrote {tb.write_dyads(tables, path):,} dyad-years to {path}", err=True)
    else:
        path = output or folder / DEFAULT_NAMES[fmt]
        nodes, edges = tb.write_graph(tables, path, fmt)
        click.echo(f"Wrote {nodes:,} nodes and {edges:,} edges to {path}", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"], case_sensitive=False),
    default="table",
    show_default=True,
    help="table: the summary per scope; csv: one row per organisation and scope; json: both.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write measures.csv, measures-summary.csv and measures.json to this folder.",
)
@user_errors
def measures(fmt: str, output: Path | None) -> None:
    """Network measures of the cooperation graph with networkx, overall and per year.

    Degree, betweenness and eigenvector centrality, Louvain communities and
    connected components; docs/codebook.md defines each column.

    Example: kg measures --format csv > measures.csv
    """
    from kg import measures as ms
    from kg.buildinfo import build_record
    from kg.queries import write_table
    from kg.store.db import connect, database
    from kg.tables import read_tables

    settings = get_settings()
    with connect(settings) as driver, _status("Computing network measures …"):
        tables = read_tables(
            driver, database(settings), build_record(driver, settings, database(settings))
        )
    result = ms.compute(tables)
    if output is not None:
        for path in ms.write(result, tables, output):
            click.echo(f"Wrote {path}", err=True)
        return
    fmt = fmt.lower()
    if fmt == "json":
        click.echo(ms.to_json(result, tables))
    elif fmt == "csv":
        import csv

        click.echo(tables.record.comment() if tables.record else "", nl=bool(tables.record))
        writer = csv.DictWriter(sys.stdout, ms.MEASURE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(result.rows)
    else:
        write_table(ms.SUMMARY_COLUMNS, result.summary, sys.stdout)
        if tables.record:
            click.echo(tables.record.comment())


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 if docs/codebook.md is not up to date.")
def codebook(check: bool) -> None:
    """Write docs/codebook.md from the ontology: every label, property, type, area, column.

    Example: kg codebook
    """
    from kg.codebook import CODEBOOK, generate, write

    if check:
        current = CODEBOOK.read_text(encoding="utf-8") if CODEBOOK.exists() else ""
        if current != generate():
            raise click.ClickException(f"{CODEBOOK} is stale: run `kg codebook`")
        click.echo(f"{CODEBOOK} is up to date")
        return
    click.echo(f"Wrote {write()}")


COMMANDS = (export, measures, codebook)
