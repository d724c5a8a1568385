"""Shared fixtures. Tests that need Neo4j are marked ``@pytest.mark.neo4j``.

They use the real server: the one at CYBERKG_TEST_NEO4J_URI if set, else a
managed instance of their own in var/test, started here if needed and stopped
at the end by the session that started it (about 1 GiB of heap is not left
behind). CYBERKG_TEST_KEEP_NEO4J=1 keeps it running, so the next run starts at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from kg.settings import PROJECT_ROOT, Settings, get_settings
from kg.store import db, neo4j_server


def pytest_configure(config: pytest.Config) -> None:
    """Point the tests at a server of their own: they empty its database.

    ``CYBERKG_TEST_NEO4J_URI`` names an external server for the tests; otherwise
    a managed instance in ``var/test`` on its own ports, never the graph that
    ``kg build`` made in ``var/``.
    """
    external = os.environ.get("CYBERKG_TEST_NEO4J_URI")
    if external:
        os.environ["NEO4J_URI"] = external
        return
    os.environ.pop("NEO4J_URI", None)
    os.environ.setdefault("CYBERKG_VAR", str(PROJECT_ROOT / "var" / "test"))
    os.environ.setdefault("CYBERKG_BOLT_PORT", "7688")
    os.environ.setdefault("CYBERKG_HTTP_PORT", "7475")
    os.environ.setdefault("CYBERKG_OUT", str(PROJECT_ROOT / "out" / "test"))


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings of a running Neo4j server for the whole test session.

    A managed server this session had to start is stopped when the session ends
    (tests that kill and restart it leave it to this too); one that was already
    running is left as it was.
    """
    settings = get_settings()
    started_here = False
    if settings.managed:
        started_here = not neo4j_server.status(settings).running
        neo4j_server.start(settings)
    yield settings
    if started_here and os.environ.get("CYBERKG_TEST_KEEP_NEO4J") != "1":
        neo4j_server.stop(settings)


@pytest.fixture(scope="session")
def driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """One verified driver for the session."""
    drv = db.connect(neo4j_settings)
    yield drv
    drv.close()


@pytest.fixture
def clean_db(driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The driver, on a database emptied of all nodes and relationships first."""
    db.empty(driver, db.database(neo4j_settings))
    return driver
