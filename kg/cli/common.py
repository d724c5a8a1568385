"""Options, progress and error handling shared by the `kg` commands, defined once."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import click
from neo4j.exceptions import IncompleteCommit, ServiceUnavailable, SessionExpired

from kg.errors import CyberKGError, DatabaseLost

# what the driver raises when the server goes away in the middle of a command
SERVER_LOST = (ServiceUnavailable, SessionExpired, IncompleteCommit)

model_option = click.option(
    "--model", default=None, help="spaCy model (default: $CYBERKG_MODEL or the bundled one)."
)

StageProgress = Callable[[str, int, int | None], None]  # (stage, done, total or None)


def server_lost(command: str | None) -> DatabaseLost:
    """The one line for a server that stopped answering in the middle of ``command``."""
    if command in ("build", "load"):
        return DatabaseLost(f"Neo4j stopped during the load; run kg {command} again to finish")
    return DatabaseLost(
        f"Neo4j stopped answering during kg {command or ''}".rstrip()
        + " — check it with `kg neo4j status` and run the command again"
    )


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn CyberKG errors into one clear line, also when a command runs on its own."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err
        except SERVER_LOST as err:
            ctx = click.get_current_context(silent=True)
            name = ctx.command.name if ctx else None
            raise click.ClickException(str(server_lost(name))) from err

    return wrapper


@contextlib.contextmanager
def progress_bar() -> Iterator[StageProgress]:
    """A rich progress bar on stderr, one line per stage, gone when the work is done."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
