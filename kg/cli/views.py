"""`kg views`: write the journalists' site from the graph in Neo4j."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import user_errors
from kg.settings import get_settings
from kg.store import db


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site into (default: $CYBERKG_OUT/site, i.e. out/site).",
)
@user_errors
def views(out_dir: Path | None) -> None:
    """Write the offline, filterable site: an overview network and a page per
    organisation, agreement and commitment area, every link with its quotes.

    Open index.html in a browser (no network needed) or publish the folder as it is.
    The folder must be new, empty or written by kg views before: a manifest in it
    (.cyberkg-site.json) lists the files the site wrote, and only those are ever
    replaced or removed.

    Example: kg views --out out/site
    """
    from rich.progress import Progress

    from kg.views import check_folder, write_site

    settings = get_settings()
    out_dir = out_dir or settings.out / "site"
    check_folder(out_dir)  # before any work: never write into a folder of someone else's files
    driver = db.ensure_database(settings)
    try:
        with Progress(transient=True) as bar:
            task = bar.add_task("Writing pages", total=None)

            def progress(kind: str, n: int) -> None:
                bar.update(task, advance=n, description=f"Writing {kind} pages")

            index = write_site(driver, settings, out_dir, db.database(settings), progress=progress)
    except OSError as err:
        raise click.ClickException(f"cannot write the site to {out_dir}: {err}") from err
    finally:
        driver.close()
    click.echo(f"Wrote {index}")
