"""Maintainers' commands: ``kg add``, ``kg review``, ``kg check`` (``kg export``: kg/cli/research).

Each parses its options, calls one library function and prints; every error a
maintainer can cause is one line (exit code 1), and ``kg check`` exits 2 when
the graph does not conform to the shapes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import model_option, user_errors
from kg.cli.research import export  # noqa: F401  (kept importable from here)
from kg.settings import get_settings

CHECK_FAILED = 2


def _status(message: str):
    """A spinner on stderr while a step runs (silent when stderr is not a terminal)."""
    from rich.console import Console

    return Console(stderr=True).status(message)


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--title", help="The article's title (default: from the document).")
@click.option("--url", help="Where it was published: an http(s) address.")
@click.option("--published", help="Publication date, ISO 8601: 2024-05-31 (or 2024-05, 2024).")
@click.option("--publisher", help="The publication or site that published it.")
@click.option(
    "--language",
    help="Its language code; only 'en' articles are extracted (default: detected, must be en).",
)
@click.option("--name", help="File name in corpus/ (default: made from the title).")
@user_errors
def add(
    source: Path,
    title: str | None,
    url: str | None,
    published: str | None,
    publisher: str | None,
    language: str | None,
    name: str | None,
) -> None:
    """Add an article to corpus/: a text, Markdown, saved HTML or PDF file, or - for stdin.

    Writes corpus/<name>.md with front matter (title, url, published, publisher,
    language). Options win over the file's own front matter (or a NAME.meta.json
    beside it) and the document's metadata. Refuses an article whose text is
    already in the corpus.

    Example: kg add page.html --url https://example.org/news/1 --published 2024-05-31
    """
    from kg.add import MAX_INPUT_BYTES, add_article, read_source
    from kg.corpus import sidecar_meta

    sidecar: dict = {}
    if str(source) == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        label = "<stdin>"
    else:
        raw = read_source(source)
        label = str(source)
        sidecar = sidecar_meta(source)
    added = add_article(
        raw,
        get_settings().corpus,
        label=label,
        title=title,
        url=url,
        published=published,
        publisher=publisher,
        language=language,
        name=name,
        sidecar=sidecar,
    )
    click.echo(f"Added {added.path} ({added.kind}, {added.words:,} words): {added.meta['title']}")
    missing = [k for k in ("url", "published", "publisher") if not added.meta.get(k)]
    if missing:
        click.echo(f"Note: no {', '.join(missing)}; edit the front matter to add them.", err=True)
    if added.meta.get("language") != "en":
        click.echo(
            f"Note: language {added.meta['language']!r}: kept in corpus/ but not extracted.",
            err=True,
        )


@click.command()
@click.argument("article")
@model_option
@user_errors
def review(article: str, model: str | None) -> None:
    """Show what is extracted from one article, each finding with its sentence.

    ARTICLE is a file or the id of an article in corpus/. Organisations show the
    node they become after corrections.yaml. Nothing is written anywhere.

    Example: kg review corpus/kenya-romania-mou.md
    """
    from rich.console import Console

    from kg.review import find_article, render, review_article

    settings = get_settings()
    path = find_article(article, settings.corpus)
    with _status(f"Extracting {path} …"):
        result = review_article(path, model or settings.model)
    render(result, Console())


@click.command()
@click.option("--warnings/--no-warnings", default=True, help="Also print warnings.")
@user_errors
def check(warnings: bool) -> None:
    """Validate the graph in Neo4j against the ontology's SHACL shapes.

    Prints one line per problem; exits with 2 if any violation is found.

    Example: kg check
    """
    from kg.check import check_graph
    from kg.store.db import connect, database

    settings = get_settings()
    with connect(settings) as driver, _status("Exporting the graph and validating it …"):
        report = check_graph(driver, database(settings))
    shown = report.results if warnings else report.violations
    for result in shown:
        click.echo(str(result))
    click.echo(
        f"{len(report.violations)} violations, {len(report.warnings)} warnings "
        f"in {report.triples:,} triples."
    )
    if not report.conforms:
        sys.exit(CHECK_FAILED)


COMMANDS = (add, review, check)
