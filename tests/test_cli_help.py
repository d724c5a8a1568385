"""Every command documents itself with an example, as datasette's commands do."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kg.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(cmd, click.Group):
            found.extend(_commands(cmd, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_command_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output, f"kg {' '.join(path)} --help has no Example:"


def test_the_main_commands_are_there() -> None:
    names = {" ".join(p) for p in _commands(main)}
    assert {"build", "extract", "load", "eval", "neo4j start", "query run", "views"} <= names
