"""`kg neo4j …`: run the project's own Neo4j server.

Thin wrappers over kg.store.neo4j_server; its errors become one-line ClickExceptions.
"""

from __future__ import annotations

import time

import click

from kg.errors import CyberKGError
from kg.settings import get_settings
from kg.store import db, neo4j_server


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.group()
def neo4j() -> None:
    """Start, stop and inspect the project's own Neo4j server.

    The server (Neo4j Community 5.26) lives under var/neo4j and listens on
    127.0.0.1 only. When NEO4J_URI is set, the project uses that server
    instead and these commands do not manage it.

    Example: kg neo4j start
    """


@neo4j.command()
@click.option(
    "--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt to answer."
)
def start(timeout: float) -> None:
    """Start Neo4j (fetching it with Maven on first use) and wait until it answers.

    Does nothing if it is already running. Ports come from CYBERKG_BOLT_PORT
    (default 7687) and CYBERKG_HTTP_PORT (default 7474).

    Example: kg neo4j start
    """
    settings = get_settings()
    began = time.monotonic()
    try:
        before = neo4j_server.status(settings)
        server = neo4j_server.start(settings, timeout=timeout, progress=_progress)
    except CyberKGError as err:
        raise click.ClickException(str(err)) from err
    where = f"Neo4j running at {server.uri} (Browser: {server.browser_url})"
    if before.running:
        click.echo(f"{where}, already running (pid {server.pid})")
    else:
        click.echo(f"{where}, started in {time.monotonic() - began:.1f} s (pid {server.pid})")


@neo4j.command()
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    help="Seconds to wait for a clean shutdown before SIGKILL.",
)
def stop(timeout: float) -> None:
    """Stop Neo4j cleanly; harmless when it is not running.

    Example: kg neo4j stop
    """
    settings = get_settings()
    try:
        was_running = neo4j_server.stop(settings, timeout=timeout)
    except CyberKGError as err:
        raise click.ClickException(str(err)) from err
    click.echo("Neo4j stopped" if was_running else "Neo4j was not running")


@neo4j.command()
def status() -> None:
    """Say whether Neo4j is running, and where.

    Exit code 0 when it is running (or NEO4J_URI answers), 1 when it is not.

    Example: kg neo4j status
    """
    settings = get_settings()
    if not settings.managed:
        try:
            db.connect(settings).close()
        except CyberKGError as err:
            click.echo(f"unreachable: {err}")
            raise SystemExit(1) from err
        click.echo(f"running at NEO4J_URI={settings.uri} (not managed by this project)")
        return
    server = neo4j_server.status(settings)
    click.echo(f"{'running' if server.running else 'stopped'}")
    click.echo(f"  home: {server.home}")
    click.echo(f"  pid:  {server.pid if server.running else '-'}")
    click.echo(f"  uri:  {server.uri}")
    click.echo(f"  browser: {server.browser_url}")
    if not server.running:
        raise SystemExit(1)


@neo4j.command()
def password() -> None:
    """Print the password of user neo4j, e.g. to log in to Neo4j Browser.

    It is NEO4J_PASSWORD if set, else the one generated at first start and
    stored (mode 600) in var/neo4j/password.

    Example: kg neo4j password
    """
    settings = get_settings()
    value = (
        neo4j_server.get_password(settings, create=False)
        if settings.managed
        else settings.neo4j_password
    )
    if value is None and settings.managed:
        raise click.ClickException("no password yet — start the server with `kg neo4j start`")
    if value is None:
        raise click.ClickException(
            f"NEO4J_PASSWORD is not set; the server at NEO4J_URI={settings.uri} keeps its own"
        )
    click.echo(value)
