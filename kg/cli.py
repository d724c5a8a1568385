"""The ``kg`` command line: each command parses options, calls one function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import CyberKGError
from kg.settings import get_settings


class Group(click.Group):
    """A click group that turns CyberKG errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=Group)
@click.version_option(package_name="cyberkg")
def main() -> None:
    """CyberKG: a knowledge graph of cyber-security cooperation.

    Example: kg build
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["eval", "record"]), default="record", show_default=True,
    help="eval: the scored shape of SCHEMA.md; record: the full record with evidence.",
)
@click.option("--model", default=None, help="spaCy model (default: $CYBERKG_MODEL or the bundled one).")
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
