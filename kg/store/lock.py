"""One build at a time: a file lock in var/, and a lock node on a shared server.

Two builds writing one graph at once leave it in an order-dependent state (and
trip over each other's MERGEs). The file lock (``fcntl.flock`` on
``<var>/build.lock``) keeps two builds of one checkout apart; the kernel drops
it when its process dies, so a crashed build never blocks the next. A server
at NEO4J_URI may be shared by several machines, so there a ``BuildLock`` node
(label from the ontology, its key backed by a uniqueness constraint, so MERGE
is atomic) names its owner — host, pid, start time — and an expiry that the
holder keeps renewing. A lock whose holder is gone (a dead pid on this host, or
an expiry passed) is taken over: deleted on its token, then claimed afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import Neo4jError

import ontology
from kg.errors import BuildLocked
from kg.settings import Settings

LOCK_ID = "build"
TTL = dt.timedelta(minutes=5)  # a holder that stops renewing loses the lock after this
RENEW_EVERY = 60.0  # seconds between renewals, well inside TTL
CLAIM_TRIES = 5


@dataclass(frozen=True)
class Owner:
    """Who holds a lock: enough for a user to find the process, and to tell it is gone."""

    host: str
    pid: int
    started: str  # ISO 8601, UTC

    @classmethod
    def me(cls) -> Owner:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return cls(socket.gethostname(), os.getpid(), now.isoformat().replace("+00:00", "Z"))

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, since {self.started}"

    def is_gone(self) -> bool:
        """True when the owner is a process of this host that no longer runs."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return _is_zombie(self.pid)


def _is_zombie(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def _locked(where: str, owner: Owner | None) -> BuildLocked:
    who = owner.describe() if owner else "another process"
    return BuildLocked(
        f"another kg build is running ({who}; lock {where}) — wait for it to finish, then "
        "build again"
    )


# ------------------------------------------------------------------------- file lock
@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[Owner]:
    """Hold an exclusive lock on ``path`` for the block, or raise BuildLocked at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _locked(str(path), _read_owner(path)) from None
        me = Owner.me()
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(me)).encode() + b"\n", 0)
        try:
            yield me
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing drops the flock


def _read_owner(path: Path) -> Owner | None:
    try:
        return Owner(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


# ------------------------------------------------------------------------- node lock
CLAIM = (
    "MERGE (l:{label} {{id: $id}}) "
    "ON CREATE SET l.token = $token, l.host = $host, l.pid = $pid, l.started = $started, "
    "l.expires = datetime() + duration({{seconds: $ttl}}) "
    "RETURN l.token AS token, l.host AS host, l.pid AS pid, l.started AS started, "
    "l.expires < datetime() AS expired"
)
TAKE_OVER = "MATCH (l:{label} {{id: $id}}) WHERE l.token = $stale DELETE l"
RENEW = (
    "MATCH (l:{label} {{id: $id}}) WHERE l.token = $token "
    "SET l.expires = datetime() + duration({{seconds: $ttl}}) RETURN count(l) AS n"
)
RELEASE = "MATCH (l:{label} {{id: $id}}) WHERE l.token = $token DELETE l"


class NodeLock:
    """The lock node of a shared server, renewed in the background while held."""

    def __init__(self, driver: neo4j.Driver, database: str | None, uri: str) -> None:
        self.driver = driver
        self.database = database
        cls = ontology.load().internal["BuildLock"]
        self.label = cls.label
        self.where = f"node :{cls.label} on {uri}"
        self.constraint = next(
            s for s in ontology.load().schema_statements() if f"(n:{cls.label})" in s
        )
        self.token = secrets.token_hex(16)
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _run(self, query: str, **params: object) -> list[dict]:
        records, _, _ = self.driver.execute_query(
            query.format(label=self.label), params, database_=self.database
        )
        return [r.data() for r in records]

    def acquire(self, me: Owner) -> None:
        """Claim the lock, taking over one whose holder is gone; BuildLocked if it is held."""
        with contextlib.suppress(Neo4jError):  # another build created it at the same moment
            self.driver.execute_query(self.constraint, database_=self.database)
        params = {"id": LOCK_ID, "ttl": int(TTL.total_seconds()), **asdict(me)}
        for _ in range(CLAIM_TRIES):
            try:
                row = self._run(CLAIM, token=self.token, **params)[0]
            except Neo4jError:  # a concurrent take-over deleted the node under us: try again
                continue
            if row["token"] == self.token:
                self._start_renewing()
                return
            holder = Owner(row["host"], row["pid"], row["started"])
            if not (row["expired"] or holder.is_gone()):
                raise _locked(self.where, holder)
            with contextlib.suppress(Neo4jError):
                self._run(TAKE_OVER, id=LOCK_ID, stale=row["token"])
        raise _locked(self.where, None)

    def _start_renewing(self) -> None:
        def renew() -> None:
            while not self._stop.wait(RENEW_EVERY):
                with contextlib.suppress(Exception):  # the build reports a lost server itself
                    self._run(RENEW, id=LOCK_ID, token=self.token, ttl=int(TTL.total_seconds()))

        self._renewer = threading.Thread(target=renew, name="kg-build-lock", daemon=True)
        self._renewer.start()

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        with contextlib.suppress(Exception):  # an unreleased lock expires, or its pid is gone
            self._run(RELEASE, id=LOCK_ID, token=self.token)


@contextlib.contextmanager
def build_lock(settings: Settings) -> Iterator[Owner]:
    """The file lock of this checkout, for the whole build (server start included)."""
    with file_lock(settings.var / "build.lock") as me:
        yield me


@contextlib.contextmanager
def server_lock(settings: Settings, driver: neo4j.Driver, me: Owner) -> Iterator[None]:
    """The lock node on a server at NEO4J_URI (a shared one); nothing for the project's own."""
    if settings.managed:
        yield
        return
    lock = NodeLock(driver, settings.neo4j_database, settings.uri)
    lock.acquire(me)
    try:
        yield
    finally:
        lock.release()
