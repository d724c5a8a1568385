"""Options and error handling shared by the `kg` commands, defined once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from kg.errors import CyberKGError

model_option = click.option(
    "--model", default=None, help="spaCy model (default: $CYBERKG_MODEL or the bundled one)."
)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn CyberKG errors into one clear line, also when a command runs on its own."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CyberKGError as err:
            raise click.ClickException(str(err)) from err

    return wrapper
