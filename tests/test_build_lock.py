"""One build at a time: two `kg build` at once give one build and one line, never a mixed graph.

The file lock keeps two builds of one checkout apart; the lock node keeps apart
builds of several machines on one shared server (NEO4J_URI). A lock whose
holder is gone is taken over.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

import ontology
from kg.errors import BuildLocked
from kg.settings import PROJECT_ROOT, Settings
from kg.store import db
from kg.store.lock import LOCK_ID, NodeLock, Owner, file_lock

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
import synth  # noqa: E402

KG = [str(Path(sys.executable).parent / "kg")]
LOCK = ontology.load().internal["BuildLock"].label


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_second_holder_of_the_file_lock_is_told_who_has_it(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    with file_lock(path) as me:
        code = (
            "from pathlib import Path\nfrom kg.store.lock import file_lock\n"
            f"file_lock(Path({str(path)!r})).__enter__()"
        )
        child = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        assert child.returncode == 1
        last = child.stderr.strip().splitlines()[-1]
        assert "[E102] another kg build is running" in last
        assert f"pid {me.pid} on {me.host}, since {me.started}" in last
    with file_lock(path):  # released at the end of the block: free again
        pass


def test_a_lock_file_left_by_a_dead_build_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "build.lock"
    owner = {"host": "h", "pid": _dead_pid(), "started": "2020-01-01T00:00:00Z"}
    path.write_text(json.dumps(owner))
    with file_lock(path) as me:  # the kernel dropped the dead process's flock
        assert me.pid == os.getpid()


@pytest.mark.neo4j
def test_the_lock_node_is_held_by_one_and_names_its_owner(
    clean_db: neo4j.Driver, neo4j_settings: Settings
) -> None:
    database = neo4j_settings.neo4j_database
    first = NodeLock(clean_db, database, neo4j_settings.uri)
    first.acquire(Owner.me())
    other = Owner("elsewhere", 4242, "2026-01-01T00:00:00Z")
    with pytest.raises(BuildLocked) as err:
        NodeLock(clean_db, database, neo4j_settings.uri).acquire(other)
    me = Owner.me()
    assert f"another kg build is running (pid {me.pid} on {me.host}" in str(err.value)
    assert f"node :{LOCK} on {neo4j_settings.uri}" in str(err.value)
    first.release()
    second = NodeLock(clean_db, database, neo4j_settings.uri)
    second.acquire(other)  # released: free again
    second.release()
    records, _, _ = clean_db.execute_query(f"MATCH (l:{LOCK}) RETURN count(l) AS n")
    assert records[0]["n"] == 0


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("host", "pid", "expires"),
    [
        ("this host", "dead", "datetime() + duration({minutes: 5})"),  # its process is gone
        ("elsewhere", 1, "datetime() - duration({seconds: 1})"),  # expired
    ],
)
def test_a_stale_lock_node_is_taken_over(
    clean_db: neo4j.Driver, neo4j_settings: Settings, host: str, pid: object, expires: str
) -> None:
    me = Owner.me()
    host = me.host if host == "this host" else host
    pid = _dead_pid() if pid == "dead" else pid
    clean_db.execute_query(
        f"CREATE (:{LOCK} {{id: $id, token: 'old', host: $host, pid: $pid, "
        f"started: '2026-01-01T00:00:00Z', expires: {expires}}})",
        id=LOCK_ID,
        host=host,
        pid=pid,
    )
    lock = NodeLock(clean_db, neo4j_settings.neo4j_database, neo4j_settings.uri)
    lock.acquire(me)
    records, _, _ = clean_db.execute_query(f"MATCH (l:{LOCK}) RETURN l.pid AS pid")
    assert [r["pid"] for r in records] == [me.pid]
    lock.release()


@pytest.mark.neo4j
def test_a_build_on_a_shared_server_with_a_live_lock_exits_1_in_one_line(
    clean_db: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    if not neo4j_settings.managed:
        pytest.skip("sets NEO4J_URI to the tests' own server")
    clean_db.execute_query(
        f"CREATE (:{LOCK} {{id: $id, token: 'theirs', host: 'build-server', pid: 77, "
        "started: '2026-01-01T00:00:00Z', expires: datetime() + duration({minutes: 5})})",
        id=LOCK_ID,
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_PASSWORD": db.neo4j_server.get_password(neo4j_settings, create=False) or "",
        "CYBERKG_CORPUS": str(tmp_path),
        "CYBERKG_VAR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [*KG, "build", "--no-views", "--no-queries"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: [E102] another kg build is running (pid 77 on build-server, since "
        f"2026-01-01T00:00:00Z; lock node :{LOCK} on {neo4j_settings.uri}) — wait for it to "
        "finish, then build again"
    ]


def _snapshot(driver: neo4j.Driver) -> dict:
    def rows(query: str) -> list:
        records, _, _ = driver.execute_query(query, routing_=neo4j.RoutingControl.READ)
        return sorted(tuple(r.values()) for r in records)

    return {
        "nodes": rows("MATCH (n) RETURN labels(n), n.id, n.name, n.type, n.published"),
        "relationships": rows("MATCH ()-[r]->() RETURN type(r), r.key, r.weight, r.areas"),
    }


@pytest.mark.neo4j
def test_two_simultaneous_builds_one_builds_the_other_exits_1(
    clean_db: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path
) -> None:
    # articles of their own, so neither build finds records in the cache and both take time
    seed = random.randrange(10**6)
    for art in synth.generate(24, seed=seed):
        synth.write_article(art, tmp_path)
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "CYBERKG_CORPUS": str(tmp_path / "articles"),
    }
    command = [*KG, "build", "--processes", "1", "--no-views", "--no-queries"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        results.append((proc.returncode, out, err))
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    _, _, stderr = next(r for r in results if r[0] == 1)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: [E102] another kg build is running (pid "
    ), stderr
    assert "Traceback" not in stderr

    built = _snapshot(clean_db)
    db.empty(clean_db, neo4j_settings.neo4j_database)
    clean = subprocess.run(command + ["--full"], env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert _snapshot(clean_db) == built
