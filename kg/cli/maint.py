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
INDEX_FILE = "corpus-index.json"  # what kg add knows of the corpus, by file stamp


def _status(message: str):
    """A spinner on stderr while a step runs (silent when stderr is not a terminal)."""
    from rich.console import Console

    return Console(stderr=True).status(message)


@click.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--from",
    "lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A CSV list of URLs: a url column, optional title, published, publisher columns.",
)
@click.option("--title", help="The article's title (default: from the document); one source only.")
@click.option("--url", help="Where it was published: an http(s) address; one file only.")
@click.option("--published", help="Publication date, ISO 8601: 2024-05-31 (or 2024-05, 2024).")
@click.option("--publisher", help="The publication or site that published it.")
@click.option(
    "--language",
    help="Its language code; only 'en' articles are extracted (default: detected, must be en).",
)
@click.option("--name", help="File name in corpus/ (default: from the title); one source only.")
@user_errors
def add(
    sources: tuple[str, ...],
    lists: tuple[Path, ...],
    title: str | None,
    url: str | None,
    published: str | None,
    publisher: str | None,
    language: str | None,
    name: str | None,
) -> None:
    """Add articles to corpus/: text, Markdown, saved HTML or PDF files, folders of them,
    http(s) URLs, CSV lists of URLs (--from), or - for stdin.

    Each becomes corpus/<name>.md with front matter (title, url, published,
    publisher, language; a fetched URL also keeps fetched_at and fetched_sha256).
    Options win over the file's own front matter (or a NAME.meta.json beside it)
    and the document's metadata. An article whose text or URL is already in the
    corpus is not added again. With several sources, one bad source never stops
    the rest: a summary table ends the run (exit code 1 if any was refused).

    Example: kg add page.html --url https://example.org/news/1 --published 2024-05-31

    Example: kg add saved/ https://example.org/news/2 --from links.csv
    """
    from kg.sources import is_url

    if not sources and not lists:
        raise click.UsageError("give a file, a folder, a URL, - for stdin, or --from LIST")
    one_file = (
        len(sources) == 1 and not lists and not is_url(sources[0]) and not Path(sources[0]).is_dir()
    )
    if one_file:
        _add_one_file(Path(sources[0]), title, url, published, publisher, language, name)
        return
    if url or name or (title and (len(sources) != 1 or lists)):
        raise click.UsageError("--title, --url and --name describe one article: give one source")
    _add_many(sources, lists, title, published, publisher, language)


def _add_one_file(
    source: Path,
    title: str | None,
    url: str | None,
    published: str | None,
    publisher: str | None,
    language: str | None,
    name: str | None,
) -> None:
    """One file or stdin: one line saying what was written, or one error line."""
    from kg.add import MAX_INPUT_BYTES, CorpusIndex, add_article, read_source
    from kg.corpus import sidecar_meta

    settings = get_settings()
    sidecar: dict = {}
    if str(source) == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        label = "<stdin>"
    else:
        raw = read_source(source)
        label = str(source)
        sidecar = sidecar_meta(source)
    index = CorpusIndex(settings.corpus, settings.var / "cache" / INDEX_FILE)
    added = add_article(
        raw,
        settings.corpus,
        index=index,
        label=label,
        title=title,
        url=url,
        published=published,
        publisher=publisher,
        language=language,
        name=name,
        sidecar=sidecar,
    )
    index.save()
    click.echo(f"Added {added.path} ({added.kind}, {added.words:,} words): {added.meta['title']}")
    missing = [k for k in ("url", "published", "publisher") if not added.meta.get(k)]
    if missing:
        click.echo(f"Note: no {', '.join(missing)}; edit the front matter to add them.", err=True)
    if added.meta.get("language") != "en":
        click.echo(
            f"Note: language {added.meta['language']!r}: kept in corpus/ but not extracted.",
            err=True,
        )


def _add_many(
    sources: tuple[str, ...],
    lists: tuple[Path, ...],
    title: str | None,
    published: str | None,
    publisher: str | None,
    language: str | None,
) -> None:
    """Several sources: one outcome each, a summary table, exit code 1 if any was refused."""
    from rich.console import Console

    from kg.add import MAX_INPUT_BYTES
    from kg.sources import REFUSED, add_sources, expand

    settings = get_settings()
    options = {"title": title, "published": published, "publisher": publisher}
    options["language"] = language
    done = 0
    with _status("Adding …") as status:

        def progress(outcome) -> None:
            nonlocal done
            done += 1
            status.update(f"Adding … {done} done, last: {outcome.source}")

        outcomes = add_sources(
            expand(sources, lists),
            settings.corpus,
            options=options,
            stdin=lambda: sys.stdin.buffer.read(MAX_INPUT_BYTES + 1),
            on_outcome=progress,
            index_cache=settings.var / "cache" / INDEX_FILE,
        )
    Console(soft_wrap=False).print(outcome_table(outcomes))
    if any(o.status == REFUSED for o in outcomes):
        sys.exit(1)


def outcome_table(outcomes: list):
    """One row per source: added (the file), already there (the file), refused (why)."""
    from rich.table import Table

    from kg.sources import ADDED, REFUSED, THERE

    counts = {s: sum(o.status == s for o in outcomes) for s in (ADDED, THERE, REFUSED)}
    table = Table(
        title=f"{counts[ADDED]} added, {counts[THERE]} already there, {counts[REFUSED]} refused",
        title_justify="left",
    )
    table.add_column("source", overflow="fold")
    table.add_column("result", no_wrap=True)
    table.add_column("file, or why not", overflow="fold")
    styles = {ADDED: "green", THERE: "yellow", REFUSED: "red"}
    for o in outcomes:
        table.add_row(o.source, f"[{styles[o.status]}]{o.status}[/]", o.detail)
    return table


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
