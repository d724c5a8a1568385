"""Connections to Neo4j: the project's own server or the one at NEO4J_URI.

Everything that talks to Neo4j gets its driver here, so a missing or
unreachable server always produces the same one-line error saying what to do.
"""

from __future__ import annotations

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
)

from kg.errors import DatabaseUnavailable
from kg.settings import Settings, get_settings
from kg.store import neo4j_server

CONNECTION_TIMEOUT = 10.0
# the Bolt schemes the driver speaks (with routing, TLS, TLS without certificate check)
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def database(settings: Settings | None = None) -> str | None:
    """The database name to pass as ``database_=`` (None: the server's default)."""
    return (settings or get_settings()).neo4j_database


def _auth(settings: Settings) -> tuple[str, str] | None:
    if settings.managed:
        password = neo4j_server.get_password(settings, create=False)
        if password is None:
            raise DatabaseUnavailable(
                f"Neo4j is not running at {settings.uri} (it was never started here) "
                "— start it with `kg neo4j start`"
            )
        return (settings.neo4j_user, password)
    if settings.neo4j_password is None:
        return None  # a server with auth disabled
    return (settings.neo4j_user, settings.neo4j_password)


def _unreachable(settings: Settings, err: Exception) -> DatabaseUnavailable:
    if settings.managed:
        return DatabaseUnavailable(
            f"Neo4j is not running at {settings.uri} — start it with `kg neo4j start`"
        )
    # the driver's message spans lines ("Couldn't connect …:\nFailed to establish …"): all
    # of it, on one line, as the reason is in its last part
    reason = " ".join(str(err).split()) or type(err).__name__
    return DatabaseUnavailable(
        f"cannot reach NEO4J_URI={settings.uri}: {reason} — check the address and that "
        "the server runs"
    )


def _check_scheme(uri: str) -> None:
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise DatabaseUnavailable(
            f"NEO4J_URI={uri}: use a bolt:// or neo4j:// address (neo4j+s:// for Aura), "
            "like bolt://127.0.0.1:7687; http:// is Neo4j Browser's port, not the driver's"
        )


def _rejected(settings: Settings) -> DatabaseUnavailable:
    if settings.managed:
        source = (
            "NEO4J_PASSWORD"
            if settings.neo4j_password
            else str(neo4j_server.password_file(settings))
        )
        return DatabaseUnavailable(
            f"Neo4j at {settings.uri} rejected user '{settings.neo4j_user}' with the password "
            f"from {source} — unset NEO4J_PASSWORD or use the one the database was created with"
        )
    return DatabaseUnavailable(
        f"Neo4j at NEO4J_URI={settings.uri} rejected user '{settings.neo4j_user}' "
        "— check NEO4J_USER and NEO4J_PASSWORD"
    )


def connect(settings: Settings | None = None) -> neo4j.Driver:
    """A driver whose connectivity is verified, or DatabaseUnavailable saying why not."""
    settings = settings or get_settings()
    _check_scheme(settings.uri)
    auth = _auth(settings)
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT
        )
    except (ConfigurationError, ValueError) as err:
        raise DatabaseUnavailable(f"invalid Neo4j URI {settings.uri!r}: {err}") from err
    try:
        driver.verify_connectivity()
    except (AuthError, ClientError) as err:
        driver.close()
        if neo4j_server.is_auth_failure(err):
            raise _rejected(settings) from err
        raise DatabaseUnavailable(f"Neo4j at {settings.uri} refused the connection: {err}") from err
    except (DriverError, Neo4jError, OSError) as err:
        driver.close()
        raise _unreachable(settings, err) from err
    return driver


def ensure_database(settings: Settings | None = None) -> neo4j.Driver:
    """A connected driver, starting the project's own server first if needed."""
    settings = settings or get_settings()
    if settings.managed:
        neo4j_server.start(settings)
    return connect(settings)


def empty(driver: neo4j.Driver, database: str | None = None) -> None:
    """Delete every relationship, then every node, 10,000 at a time.

    Relationships go first: a node's ``DETACH DELETE`` removes all of its relationships
    in one inner transaction, and a hub of a 100,000-article graph has more than the
    server's transaction memory allows. ``CALL … IN TRANSACTIONS`` needs an auto-commit
    transaction, hence ``session.run``.
    """
    with driver.session(database=database) as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
