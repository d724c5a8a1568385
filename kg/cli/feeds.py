"""``kg feeds update``: add the new items of the feeds listed in corpus/feeds.yaml."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import user_errors
from kg.settings import get_settings


@click.group()
def feeds() -> None:
    """Follow RSS/Atom feeds: their new items about cyber-security cooperation become articles.

    Example: kg feeds update
    """


@feeds.command()
@click.option(
    "--feeds",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The feeds file (default: corpus/feeds.yaml).",
)
@user_errors
def update(path: Path | None) -> None:
    """Fetch every feed and add its new items to corpus/, as `kg add URL` would.

    Items are kept when their headline or summary matches the feed's keywords
    (default: a cyber-security cue and a cooperation cue of the ontology);
    items already seen, or already in the corpus by URL or text, are skipped.
    What was seen is kept in $CYBERKG_VAR/feeds/state.json. Exit code 1 if a
    feed or an item was refused.

    Example: kg feeds update --feeds corpus/feeds.yaml
    """
    from rich.console import Console
    from rich.table import Table

    from kg.cli.maint import INDEX_FILE, _status, outcome_table
    from kg.feeds import ADDED, REFUSED, THERE, read_feeds, update_feeds

    settings = get_settings()
    feed_list = read_feeds(path or settings.corpus / "feeds.yaml")
    with _status("Updating feeds …") as status:
        reports = update_feeds(
            feed_list,
            settings.corpus,
            settings.var / "feeds" / "state.json",
            on_outcome=lambda o: status.update(f"Updating feeds … {o.source}"),
            index_cache=settings.var / "cache" / INDEX_FILE,
        )
    console = Console(soft_wrap=False)
    summary = Table(title="Feeds", title_justify="left")
    for column in ("feed", "items", "seen before", "filtered out", "added", "already there"):
        summary.add_column(column, overflow="fold")
    summary.add_column("refused", overflow="fold")
    failed = False
    for r in reports:
        refused = r.error or str(r.count(REFUSED))
        failed = failed or bool(r.error) or r.count(REFUSED) > 0
        summary.add_row(
            r.feed.name or r.feed.url,
            "unchanged (304)" if r.unchanged else str(r.items),
            str(r.seen),
            str(r.filtered),
            str(r.count(ADDED)),
            str(r.count(THERE)),
            refused,
        )
    console.print(summary)
    outcomes = [o for r in reports for o in r.outcomes]
    if outcomes:
        console.print(outcome_table(outcomes))
    if failed:
        sys.exit(1)
