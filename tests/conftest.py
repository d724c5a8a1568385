"""Shared fixtures. Tests that need Neo4j are marked ``@pytest.mark.neo4j``.

They use the real server: the one at NEO4J_URI if set, else the project's own
(started here if needed, in the project's var/ so the jars are reused, and
left running at the end; CI's script stops it with `kg neo4j stop`).
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from kg import db, neo4j_server
from kg.settings import Settings, get_settings

DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    """Settings of a running Neo4j server for the whole test session."""
    settings = get_settings()
    if settings.managed:
        neo4j_server.start(settings)
    return settings


@pytest.fixture(scope="session")
def driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """One verified driver for the session."""
    drv = db.connect(neo4j_settings)
    yield drv
    drv.close()


@pytest.fixture
def clean_db(driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The driver, on a database emptied of all nodes and relationships first."""
    # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    with driver.session(database=db.database(neo4j_settings)) as session:
        session.run(DELETE_ALL).consume()
    return driver
