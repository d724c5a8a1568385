"""The crash soak, short: three kill points on a small synthetic corpus.

``benchmarks/crash_soak.py`` kills `kg build` or Neo4j with SIGKILL in the middle
of builds that add, edit and remove articles, builds again, and compares the
graph with a clean build of the same corpus (``--points 20`` on 2,000 articles
is the full soak). Here it runs on its own Neo4j (var/test-soak, the test
server's ports + 2), so the tests' server is never killed. Deselect with
``-m 'not soak'``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.settings import PROJECT_ROOT, get_settings
from kg.store import neo4j_server

pytestmark = [pytest.mark.neo4j, pytest.mark.soak]


def test_three_kills_each_converge_to_the_clean_graph() -> None:
    settings = get_settings()
    if not settings.managed:
        pytest.skip("kills a managed server of its own")
    var = PROJECT_ROOT / "var" / "test-soak"
    lib = var / "neo4j" / "lib"
    if neo4j_server.is_installed(settings) and not lib.exists() and not lib.is_symlink():
        lib.parent.mkdir(parents=True, exist_ok=True)  # the test server's jars: no second fetch
        lib.symlink_to(settings.var / "neo4j" / "lib")
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    command = [
        sys.executable,
        str(PROJECT_ROOT / "benchmarks" / "crash_soak.py"),
        "--articles",
        "100",
        "--change",
        "25",
        "--points",
        "3",
        "--var",
        str(var),
        "--bolt-port",
        str(settings.bolt_port + 2),
        "--http-port",
        str(settings.http_port + 2),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "3 of 3 points converged." in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "yes" in line]
    assert len(rows) == 3
    killed = [row for row in rows if "| build " in row or "| neo4j " in row]
    assert killed, "no build was killed: every one ended before its stage came"
