"""Options, progress and error handling shared by the `kg` commands, defined once."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import click

from kg.errors import CyberKGError

model_option = click.option(
    "--model", default=None, help="spaCy model (default: $CYBERKG_MODEL or the bundled one)."
)

StageProgress = Callable[[str, int, int | None], None]  # (stage, done, total or None)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn CyberKG errors into one clear line, also when a command runs on its own."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err

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
