"""The project's own Neo4j server: start, stop, crash, security, CLI.

The lifecycle tests run a second server in a temporary var folder on ports
17687/17474 (reusing the project's jars), so they never stop the shared
server the other tests use. No mocks: a real JVM, real sockets.
"""

from __future__ import annotations

import shutil
import socket
import stat
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import neo4j
import pytest
from click.testing import CliRunner
from neo4j.exceptions import AuthError

from kg.cli.server import neo4j as neo4j_cli
from kg.errors import DatabaseUnavailable, ServerError
from kg.settings import Settings, get_settings
from kg.store import db, neo4j_server

BOLT_PORT = 17687
HTTP_PORT = 17474


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_settings(tmp_path, **changes) -> Settings:
    """Managed settings with their own var folder and unused ports."""
    base = get_settings()
    values = dict(
        var=tmp_path / "var",
        neo4j_uri=None,
        neo4j_password=None,
        neo4j_database=None,
        bolt_port=free_port(),
        http_port=free_port(),
    )
    values.update(changes)
    return replace(base, **values)


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "CYBERKG_VAR": str(settings.var),
        "CYBERKG_BOLT_PORT": str(settings.bolt_port),
        "CYBERKG_HTTP_PORT": str(settings.http_port),
        "NEO4J_URI": "",
        "NEO4J_PASSWORD": "",
        "NEO4J_DATABASE": "",
    }


def non_loopback_ips() -> list[str]:
    """This machine's IPv4 addresses other than 127.x (maybe none)."""
    found = set()
    if shutil.which("hostname"):
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout
        found.update(ip for ip in out.split() if "." in ip)
    return sorted(ip for ip in found if not ip.startswith("127."))


@pytest.fixture(scope="module")
def own(tmp_path_factory) -> Iterator[Settings]:
    """Settings of a separate managed server, stopped when the module ends."""
    base = get_settings()
    if not base.managed:
        pytest.skip("NEO4J_URI is set: the project does not manage Neo4j here")
    neo4j_server.ensure_installed(base)
    var = tmp_path_factory.mktemp("lifecycle") / "var"
    (var / "neo4j").mkdir(parents=True)
    (var / "neo4j" / "lib").symlink_to(neo4j_server.home(base) / "lib")
    settings = replace(
        base,
        var=var,
        bolt_port=BOLT_PORT,
        http_port=HTTP_PORT,
        neo4j_password=None,
        neo4j_database=None,
    )
    yield settings
    neo4j_server.stop(settings)


def query_one(settings: Settings) -> int:
    with db.connect(settings) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    return records[0]["one"]


# --- with a real server ------------------------------------------------------------


@pytest.mark.neo4j
def test_start_is_idempotent(own):
    first = neo4j_server.start(own)
    second = neo4j_server.start(own)
    assert first.running and second.running
    assert second.pid == first.pid


@pytest.mark.neo4j
def test_status_reports_running_with_uri(own):
    neo4j_server.start(own)
    status = neo4j_server.status(own)
    assert status.running
    assert status.uri == f"bolt://127.0.0.1:{BOLT_PORT}"
    assert status.http_url == f"http://127.0.0.1:{HTTP_PORT}"
    assert status.home == own.var / "neo4j"
    assert (own.var / "neo4j" / "run" / "neo4j.pid").read_text().strip() == str(status.pid)


@pytest.mark.neo4j
def test_a_query_returns_one(own):
    neo4j_server.start(own)
    assert query_one(own) == 1


@pytest.mark.neo4j
def test_listens_on_loopback_only(own):
    neo4j_server.start(own)
    conf = (own.var / "neo4j" / "conf" / "neo4j.conf").read_text().splitlines()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert f"server.bolt.listen_address=127.0.0.1:{BOLT_PORT}" in conf
    assert f"server.http.listen_address=127.0.0.1:{HTTP_PORT}" in conf
    assert "server.https.enabled=false" in conf
    if shutil.which("ss"):
        listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
        for port in (BOLT_PORT, HTTP_PORT):
            local = [
                line.split()[3]
                for line in listening.splitlines()
                if line.split()[3].endswith(f":{port}")
            ]
            assert local, f"nothing listens on {port}"
            assert all(
                addr.rsplit(":", 1)[0] in ("127.0.0.1", "[::ffff:127.0.0.1]") for addr in local
            )
    for ip in non_loopback_ips():
        with pytest.raises(OSError), socket.create_connection((ip, BOLT_PORT), timeout=3):
            pass


@pytest.mark.neo4j
def test_http_serves_browser_and_advertises_our_bolt_port(own):
    neo4j_server.start(own)
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/browser/", timeout=10) as page:
        assert page.status == 200
        assert "Neo4j Browser" in page.read().decode()
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/", timeout=10) as discovery:
        assert f"bolt://127.0.0.1:{BOLT_PORT}" in discovery.read().decode()


@pytest.mark.neo4j
def test_auth_is_on(own):
    neo4j_server.start(own)
    uri = f"bolt://127.0.0.1:{BOLT_PORT}"
    # Only two wrong logins: a third in a row locks the user out for 5 s.
    with (
        neo4j.GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
    with pytest.raises(DatabaseUnavailable, match="rejected user 'neo4j'"):
        db.connect(replace(own, neo4j_password="wrong-password"))


@pytest.mark.neo4j
def test_password_is_private_and_printed_by_cli(own):
    neo4j_server.start(own)
    path = neo4j_server.password_file(own)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    password = path.read_text().strip()
    assert password != "neo4j" and len(password) >= 16
    result = CliRunner().invoke(neo4j_cli, ["password"], env=cli_env(own))
    assert result.exit_code == 0
    assert result.stdout == password + "\n"


@pytest.mark.neo4j
def test_data_and_logs_are_the_owners_only(own):
    neo4j_server.start(own)
    home = neo4j_server.home(own)
    auth = home / "data" / "dbms" / "auth.ini"
    assert auth.is_file()
    checked = 0
    for name in ("data", "logs", "run"):
        for path in [home / name, *(home / name).rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if path.is_symlink():
                continue
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
            checked += 1
    assert checked > 10


@pytest.mark.neo4j
def test_cli_start_and_status_when_running(own):
    neo4j_server.start(own)
    pid = neo4j_server.status(own).pid
    result = CliRunner().invoke(neo4j_cli, ["start"], env=cli_env(own))
    assert result.exit_code == 0
    assert result.stdout == (
        f"Neo4j running at bolt://127.0.0.1:{BOLT_PORT} "
        f"(Browser: http://127.0.0.1:{HTTP_PORT}/browser/), already running (pid {pid})\n"
    )
    result = CliRunner().invoke(neo4j_cli, ["status"], env=cli_env(own))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "running"
    assert f"pid:  {pid}" in result.stdout
    assert f"uri:  bolt://127.0.0.1:{BOLT_PORT}" in result.stdout


@pytest.mark.neo4j
def test_stop_then_start_again_keeps_data(own):
    neo4j_server.start(own)
    with db.connect(own) as driver:
        driver.execute_query("MERGE (:LifecycleProbe {id: 'p1'})")
    assert neo4j_server.stop(own) is True
    status = neo4j_server.status(own)
    assert not status.running and status.pid is None
    assert not (own.var / "neo4j" / "run" / "neo4j.pid").exists()
    with pytest.raises(DatabaseUnavailable, match="start it with `kg neo4j start`"):
        db.connect(own)
    result = CliRunner().invoke(neo4j_cli, ["status"], env=cli_env(own))
    assert result.exit_code == 1 and result.stdout.startswith("stopped\n")
    assert neo4j_server.stop(own) is False  # harmless

    assert neo4j_server.start(own).running
    with db.connect(own) as driver:
        records, _, _ = driver.execute_query("MATCH (p:LifecycleProbe) RETURN count(p) AS n")
    assert records[0]["n"] == 1


@pytest.mark.neo4j
def test_restart_after_crash(own):
    before = neo4j_server.start(own)
    assert neo4j_server.kill(own) is True
    assert not neo4j_server.status(own).running  # stale pid file is not believed
    after = neo4j_server.start(own)
    assert after.running and after.pid != before.pid
    assert query_one(own) == 1


# --- without a server ---------------------------------------------------------------


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        settings = fresh_settings(tmp_path, bolt_port=port)
        with pytest.raises(ServerError, match=f"port {port} .* CYBERKG_BOLT_PORT=<port>"):
            neo4j_server.start(settings)


def test_external_server_is_not_managed(tmp_path):
    settings = fresh_settings(tmp_path, neo4j_uri="bolt://db.example:7687")
    for action in (neo4j_server.start, neo4j_server.stop, neo4j_server.kill):
        with pytest.raises(ServerError, match="NEO4J_URI=bolt://db.example:7687 and does not"):
            action(settings)


def test_connect_to_a_never_started_server_says_how_to_start(tmp_path):
    settings = fresh_settings(tmp_path)
    with pytest.raises(DatabaseUnavailable, match="start it with `kg neo4j start`"):
        db.connect(settings)
    assert not neo4j_server.status(settings).running


def test_connect_to_unreachable_neo4j_uri_names_it(tmp_path):
    uri = f"bolt://127.0.0.1:{free_port()}"
    settings = fresh_settings(tmp_path, neo4j_uri=uri, neo4j_password="secret-pw")
    with pytest.raises(DatabaseUnavailable, match=f"cannot reach NEO4J_URI={uri}: "):
        db.connect(settings)


def test_password_is_generated_once_and_env_wins(tmp_path):
    settings = fresh_settings(tmp_path)
    assert neo4j_server.get_password(settings, create=False) is None
    first = neo4j_server.get_password(settings)
    assert first == neo4j_server.get_password(settings)
    assert stat.S_IMODE(neo4j_server.password_file(settings).stat().st_mode) == 0o600
    assert neo4j_server.get_password(replace(settings, neo4j_password="from-env-1")) == "from-env-1"


def test_default_password_is_refused(tmp_path):
    settings = fresh_settings(tmp_path, neo4j_password="neo4j")
    with pytest.raises(ServerError, match="default 'neo4j'"):
        neo4j_server.start(settings)


def test_conf_is_loopback_auth_on_and_offline(tmp_path):
    conf = neo4j_server.render_conf(fresh_settings(tmp_path)).splitlines()
    assert "dbms.security.auth_enabled=true" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "client.allow_telemetry=false" in conf
    assert "server.memory.pagecache.size=256m" in conf
    assert "server.memory.heap.max_size=1g" in conf
    assert not any("0.0.0.0" in line for line in conf)


def test_every_command_has_help_with_example():
    runner = CliRunner()
    for name in [None, *neo4j_cli.commands]:
        result = runner.invoke(neo4j_cli, [name, "--help"] if name else ["--help"])
        assert result.exit_code == 0
        assert "Example: kg neo4j" in result.stdout, name
