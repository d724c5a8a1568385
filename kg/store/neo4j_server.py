"""Provision, start, stop and inspect the project's own Neo4j Community server.

The project runs Neo4j itself so that a fresh checkout needs only Java 17+ and
Maven: the jars come from Maven Central (``kg/store/pom.xml``), and every file
the server writes lives under ``<var>/neo4j``. We launch ``java`` directly
rather than through Neo4j's ``bin/neo4j`` script (which is not on Maven
Central), so the JVM flags that script would add are listed here.

Layout of ``<var>/neo4j``::

    lib/            jars fetched by Maven (``.installed`` marks a complete set)
    conf/neo4j.conf generated on every start from Settings
    data/ logs/ run/ plugins/ import/
    password        the generated password of user ``neo4j`` (mode 600)

data/ (with dbms/auth.ini, the users' password hashes), logs/ and run/ are the
owner's only: folders 700, files 600, and the server runs with umask 077 so
what it writes later is private too.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from kg.errors import ServerError
from kg.settings import Settings

NEO4J_VERSION = "5.26.30"
POM = Path(__file__).resolve().parent / "pom.xml"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
MIN_JAVA = 17
INSTALLED_MARKER = ".installed"
REQUIRED_JARS = (
    f"neo4j-{NEO4J_VERSION}.jar",
    f"neo4j-server-{NEO4J_VERSION}.jar",
    f"neo4j-bolt-{NEO4J_VERSION}.jar",
)

# The flags Neo4j 5.26's default neo4j.conf lists as server.jvm.additional, plus
# the heap and encoding flags its bootloader adds. Without the --add-opens the
# server fails at start-up with a LinkageError/InaccessibleObjectException.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

Progress = Callable[[str], None]
PRIVATE_DIRS = ("data", "logs", "run")
UMASK = 0o077  # files the server and neo4j-admin create: the owner's only
_LAUNCH_MARK = "=== kg neo4j start:"

# Popen objects of servers this process started: kept so they are not
# garbage-collected while running, and so stop() can reap them (a child that
# exits stays a zombie, and looks alive, until its parent waits for it).
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class ServerStatus:
    """Whether the managed server runs, and where to reach it."""

    running: bool
    pid: int | None
    uri: str
    http_url: str
    home: Path

    @property
    def browser_url(self) -> str:
        return f"{self.http_url}/browser/"


# --- paths -------------------------------------------------------------------


def home(settings: Settings) -> Path:
    """The folder holding everything the managed server reads and writes."""
    return settings.var / "neo4j"


def _lib(settings: Settings) -> Path:
    return home(settings) / "lib"


def _conf_dir(settings: Settings) -> Path:
    return home(settings) / "conf"


def _pid_file(settings: Settings) -> Path:
    return home(settings) / "run" / "neo4j.pid"


def password_file(settings: Settings) -> Path:
    return home(settings) / "password"


def console_log(settings: Settings) -> Path:
    return home(settings) / "logs" / "console.log"


def _http_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.http_port}"


def _require_managed(settings: Settings, action: str) -> None:
    if not settings.managed:
        raise ServerError(
            f"cannot {action} Neo4j: this project uses the server at "
            f"NEO4J_URI={settings.neo4j_uri} and does not manage it "
            "(unset NEO4J_URI to use the project's own server)"
        )


# --- installation --------------------------------------------------------------


def java_executable() -> str:
    """The java to run: $JAVA_HOME/bin/java if set, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise ServerError(
            f"java not found: install a Java {MIN_JAVA} or 21 JDK/JRE "
            "(e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME"
        )
    return found


def java_major_version(java: str) -> int:
    """Major version of a java executable (8 for "1.8.0", 17 for "17.0.15")."""
    result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        raise ServerError(f"cannot tell the version of {java}: {result.stderr.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _check_java() -> str:
    java = java_executable()
    major = java_major_version(java)
    if major < MIN_JAVA:
        raise ServerError(
            f"{java} is Java {major}; Neo4j {NEO4J_VERSION} needs Java {MIN_JAVA} or 21 "
            "(install openjdk-17-jre-headless or set JAVA_HOME)"
        )
    return java


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def is_installed(settings: Settings) -> bool:
    """True when lib/ holds the complete jar set for the current pom."""
    lib = _lib(settings)
    marker = lib / INSTALLED_MARKER
    return (
        marker.is_file()
        and marker.read_text().strip() == _pom_digest()
        and all((lib / jar).is_file() for jar in REQUIRED_JARS)
    )


def ensure_installed(settings: Settings, progress: Progress | None = None) -> Path:
    """Fetch the Neo4j jars into <var>/neo4j/lib with Maven unless already there.

    Maven writes into a scratch folder that replaces lib/ only when complete,
    so an interrupted download is never mistaken for an installation.
    """
    _check_java()
    lib = _lib(settings)
    if is_installed(settings):
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError(
            "mvn not found: install Maven 3 (e.g. `apt-get install maven`); it fetches "
            f"Neo4j {NEO4J_VERSION} from Maven Central into {lib}"
        )
    if progress:
        progress(f"Fetching Neo4j {NEO4J_VERSION} jars from Maven Central into {lib} …")
    partial = lib.with_name("lib.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={partial}",  # absolute: Maven resolves relative to the pom
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired as err:
        raise ServerError(f"Maven did not finish fetching Neo4j within {err.timeout} s") from err
    if result.returncode != 0:
        tail = _tail_text(result.stdout + result.stderr, 15)
        raise ServerError(f"Maven failed to fetch Neo4j (exit {result.returncode}):\n{tail}")
    missing = [jar for jar in REQUIRED_JARS if not (partial / jar).is_file()]
    if missing:
        raise ServerError(f"Maven finished but {', '.join(missing)} is missing in {partial}")
    (partial / INSTALLED_MARKER).write_text(_pom_digest() + "\n")
    if lib.is_symlink() or lib.is_file():
        lib.unlink()
    elif lib.exists():
        shutil.rmtree(lib)
    partial.rename(lib)
    return lib


# --- password ------------------------------------------------------------------


def get_password(settings: Settings, *, create: bool = True) -> str | None:
    """The password of user neo4j: NEO4J_PASSWORD, else the stored one, else a new one.

    A new password is generated (and stored with mode 600) only when ``create``
    is true, i.e. when the server is about to be initialised; readers pass
    ``create=False`` and get None if the server was never set up.
    """
    if settings.neo4j_password:
        return settings.neo4j_password
    path = password_file(settings)
    if path.is_file():
        return path.read_text().strip()
    if not create:
        return None
    password = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return password


def _checked_password(settings: Settings) -> str:
    password = get_password(settings)
    assert password is not None
    if password == "neo4j":
        raise ServerError("NEO4J_PASSWORD must not be Neo4j's default 'neo4j'; choose another")
    if len(password) < 8:
        raise ServerError("NEO4J_PASSWORD is too short: Neo4j requires at least 8 characters")
    return password


def is_auth_failure(err: Exception) -> bool:
    """A wrong user/password, or the short lock-out after repeated wrong ones."""
    return isinstance(err, AuthError) or (
        isinstance(err, Neo4jError)
        and err.code == "Neo.ClientError.Security.AuthenticationRateLimit"
    )


# --- configuration -------------------------------------------------------------


def render_conf(settings: Settings) -> str:
    """The neo4j.conf for these settings: loopback only, auth on, offline."""
    root = home(settings)
    bolt = f"127.0.0.1:{settings.bolt_port}"
    http = f"127.0.0.1:{settings.http_port}"
    lines = [
        "# Generated by kg.store.neo4j_server on every start; edits are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address={bolt}",
        f"server.bolt.advertised_address={bolt}",
        "server.http.enabled=true",
        f"server.http.listen_address={http}",
        f"server.http.advertised_address={http}",
        "server.https.enabled=false",
        f"server.directories.data={root / 'data'}",
        f"server.directories.logs={root / 'logs'}",
        f"server.directories.run={root / 'run'}",
        f"server.directories.plugins={root / 'plugins'}",
        f"server.directories.import={root / 'import'}",
        f"server.directories.lib={_lib(settings)}",
        f"server.directories.licenses={root / 'licenses'}",
        f"server.memory.heap.initial_size={settings.neo4j_heap}",
        f"server.memory.heap.max_size={settings.neo4j_heap}",
        f"server.memory.pagecache.size={settings.neo4j_pagecache}",
        "dbms.security.auth_enabled=true",
        # Offline: no usage reports, no Browser telemetry, no remote guides.
        "dbms.usage_report.enabled=false",
        "client.allow_telemetry=false",
        "browser.remote_content_hostname_whitelist=localhost",
        # Close Bolt at once on stop instead of Netty's 2 x 5 s quiet period.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        # For reference only: we launch java ourselves with these flags.
        *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS),
    ]
    return "\n".join(lines) + "\n"


def _write_conf(settings: Settings) -> Path:
    root = home(settings)
    for name in ("conf", "data", "logs", "run", "plugins", "import", "licenses"):
        (root / name).mkdir(parents=True, exist_ok=True)
    make_private(settings)
    path = _conf_dir(settings) / "neo4j.conf"
    path.write_text(render_conf(settings))
    return path


def make_private(settings: Settings) -> None:
    """Folders 700 and files 600 under data/, logs/ and run/ (older versions left 755/644)."""
    for name in PRIVATE_DIRS:
        top = home(settings) / name
        if not top.is_dir():
            continue
        top.chmod(0o700)
        for folder, dirs, files in os.walk(top):
            for d in dirs:
                path = Path(folder) / d
                if not path.is_symlink():
                    path.chmod(0o700)
            for f in files:
                path = Path(folder) / f
                if not path.is_symlink():
                    path.chmod(0o600)


def _java_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home(settings))
    env["NEO4J_CONF"] = str(_conf_dir(settings))
    return env


def _classpath(settings: Settings) -> str:
    return f"{home(settings) / 'plugins'}/*{os.pathsep}{_lib(settings)}/*"


def _is_initialised(settings: Settings) -> bool:
    return (home(settings) / "data" / "databases" / "system").exists()


def _set_initial_password(settings: Settings, java: str, password: str) -> None:
    command = [java, "-cp", _classpath(settings), ADMIN_CLASS]
    # "--": a generated password may start with "-", which picocli would take as an option.
    command += ["dbms", "set-initial-password", "--", password]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=_java_env(settings),
        timeout=300,
        umask=UMASK,
    )
    if result.returncode != 0:
        tail = _tail_text((result.stdout + result.stderr).replace(password, "***"), 10)
        raise ServerError(f"neo4j-admin set-initial-password failed:\n{tail}")


# --- processes -----------------------------------------------------------------


def _reap(pid: int) -> None:
    child = _children.get(pid)
    if child is not None:
        if child.poll() is not None:
            del _children[pid]
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _is_our_server(pid: int, settings: Settings) -> bool:
    """True if pid is a live (non-zombie) Neo4j java process of this home."""
    _reap(pid)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
        return False
    args = [arg.decode(errors="replace") for arg in cmdline if arg]
    return (
        bool(args)
        and Path(args[0]).name.startswith("java")
        and MAIN_CLASS in args
        and f"--home-dir={home(settings)}" in args
    )


def _find_pid(settings: Settings) -> int | None:
    """The server's pid: from the pid file, else by scanning /proc (pid file lost)."""
    try:
        pid = int(_pid_file(settings).read_text().strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and _is_our_server(pid, settings):
        return pid
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _is_our_server(int(entry.name), settings):
            return int(entry.name)
    return None


def status(settings: Settings) -> ServerStatus:
    """Is the managed server running (pid file + live java process of this home)?"""
    pid = _find_pid(settings) if settings.managed else None
    return ServerStatus(
        running=pid is not None,
        pid=pid,
        uri=settings.uri,
        http_url=_http_url(settings),
        home=home(settings),
    )


def _port_error(port: int) -> OSError | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # SO_REUSEADDR like Neo4j itself, so TIME_WAIT leftovers do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
    except OSError as err:
        return err
    finally:
        probe.close()
    return None


def _check_port_free(port: int, variable: str, grace: float = 3.0) -> None:
    """Fail clearly if another process listens on port (after a short grace period,
    as the kernel may still be releasing the port of a server that just exited)."""
    deadline = time.monotonic() + grace
    while (err := _port_error(port)) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    if err is not None:
        reason = "is already in use" if err.errno == errno.EADDRINUSE else f"unusable ({err})"
        raise ServerError(
            f"port {port} on 127.0.0.1 {reason} by another process; stop it or choose "
            f"another port with {variable}=<port>"
        ) from err


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _log_tail(settings: Settings, lines: int = 20) -> str:
    parts = []
    for path in (console_log(settings), home(settings) / "logs" / "neo4j.log"):
        if path.is_file() and path.stat().st_size:
            text = path.read_text(errors="replace").rsplit(_LAUNCH_MARK, 1)[-1]
            parts.append(f"--- {path} (last lines) ---\n{_tail_text(text, lines)}")
    return "\n".join(parts) or "(no log output)"


def _launch(settings: Settings, java: str) -> subprocess.Popen[bytes]:
    heap = (f"-Xms{settings.neo4j_heap}", f"-Xmx{settings.neo4j_heap}")
    command = [java, *heap, *JVM_FLAGS, "-cp", _classpath(settings), MAIN_CLASS]
    command += [f"--home-dir={home(settings)}", f"--config-dir={_conf_dir(settings)}"]
    log = console_log(settings)
    with os.fdopen(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as out:
        out.write(f"\n{_LAUNCH_MARK} {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
        out.flush()
        proc = subprocess.Popen(
            command,
            cwd=home(settings),
            env=_java_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=UMASK,
        )
    _children[proc.pid] = proc
    pid_file = _pid_file(settings)
    pid_file.unlink(missing_ok=True)
    with os.fdopen(os.open(pid_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        out.write(f"{proc.pid}\n")
    return proc


def _wait_for_bolt(
    settings: Settings, proc: subprocess.Popen[bytes], password: str, deadline: float
) -> None:
    auth = (settings.neo4j_user, password)
    while True:
        if proc.poll() is not None:
            _children.pop(proc.pid, None)
            _pid_file(settings).unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j exited during start-up (exit code {proc.returncode}):\n"
                + _log_tail(settings)
            )
        try:
            with neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=2) as drv:
                drv.verify_connectivity()
            return
        except Neo4jError as err:
            if is_auth_failure(err):
                source = "NEO4J_PASSWORD" if settings.neo4j_password else password_file(settings)
                raise ServerError(
                    f"Neo4j is running (pid {proc.pid}) but rejected the password of user "
                    f"'{settings.neo4j_user}' from {source}: the database in "
                    f"{home(settings) / 'data'} was initialised with another one"
                ) from err
        except (DriverError, OSError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            _terminate(settings, proc.pid, 30)
            raise ServerError(
                "Neo4j did not answer on Bolt within the time limit; stopped it:\n"
                + _log_tail(settings)
            )
        time.sleep(0.5)


def start(
    settings: Settings, timeout: float = 180, progress: Progress | None = None
) -> ServerStatus:
    """Start the managed server and return once Bolt answers; no-op if it runs.

    The first start generates the password and sets it with neo4j-admin before
    the system database exists, so the server never runs with 'neo4j'/'neo4j'.
    """
    _require_managed(settings, "start")
    current = status(settings)
    if current.running:
        return current
    _check_port_free(settings.bolt_port, "CYBERKG_BOLT_PORT")
    _check_port_free(settings.http_port, "CYBERKG_HTTP_PORT")
    password = _checked_password(settings)
    java = _check_java()
    ensure_installed(settings, progress)
    _write_conf(settings)
    if not _is_initialised(settings):
        if progress:
            progress("Setting the initial password of user neo4j …")
        _set_initial_password(settings, java, password)
    if progress:
        progress(f"Starting Neo4j {NEO4J_VERSION} (logs in {home(settings) / 'logs'}) …")
    deadline = time.monotonic() + timeout
    proc = _launch(settings, java)
    _wait_for_bolt(settings, proc, password, deadline)
    return status(settings)


def _fully_exited(pid: int) -> bool:
    """True once every thread of pid is gone (a zombie leader may outlive its threads'
    teardown, during which the server's ports are still bound)."""
    _reap(pid)
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return True
    return state in ("Z", "X") and threads <= 1


def _wait_gone(settings: Settings, pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _is_our_server(pid, settings) or not _fully_exited(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _terminate(settings: Settings, pid: int, timeout: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(settings, pid, timeout):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(settings, pid, 30)
    _children.pop(pid, None)
    _pid_file(settings).unlink(missing_ok=True)


def stop(settings: Settings, timeout: float = 60) -> bool:
    """Stop the managed server cleanly (SIGTERM; SIGKILL only after timeout).

    Returns True if a server was running; stopping a stopped server is harmless.
    """
    _require_managed(settings, "stop")
    pid = _find_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    _terminate(settings, pid, timeout)
    return True


def kill(settings: Settings) -> bool:
    """SIGKILL the server, as a crash would; the stale pid file is left in place."""
    _require_managed(settings, "kill")
    pid = _find_pid(settings)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _wait_gone(settings, pid, 30)
    _children.pop(pid, None)
    return True
