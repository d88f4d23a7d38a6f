"""medkg's own Neo4j: an embedded Neo4j 5.26 Community DBMS with Bolt on loopback, run by the Java launcher
in ``graph/server`` (built with Maven on first use, then cached in ``graph/server/target``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import ServerError
from core.settings import Settings

LAUNCHER_DIR = Path(__file__).resolve().parent / "server"
LAUNCHER_CLASS = "org.medkg.Launcher"
READY_MARK = "MEDKG READY"


@dataclass(frozen=True)
class ServerPaths:
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "neo4j.log"


def server_paths(settings: Settings) -> ServerPaths:
    return ServerPaths(settings.neo4j_home)


# Building the launcher -----------------------------------------------------------------------------------------------
def _require_tool(name: str, what: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServerError(f"{name} was not found on PATH; it is needed to {what}. Install it, or set NEO4J_URI "
                          f"to use an existing Neo4j 5 server instead.")
    return path


def java_path(what: str = "run Neo4j") -> str:
    """The ``java`` on PATH (a clear error naming ``what`` it is needed for when there is none)."""
    return _require_tool("java", what)


def launcher_classpath() -> str:
    """The launcher's classpath, building it with Maven first when it has not been built yet."""
    classes = LAUNCHER_DIR / "target" / "classes"
    lib = LAUNCHER_DIR / "target" / "lib"
    marker = classes / "org" / "medkg" / "Launcher.class"
    if not marker.exists() or not lib.is_dir() or not any(lib.glob("neo4j-bolt-*.jar")):
        build_launcher()
    return f"{classes}{os.pathsep}{lib / '*'}"


def build_launcher() -> None:
    mvn = _require_tool("mvn", "build the Neo4j launcher")
    _require_tool("java", "run Neo4j")
    result = subprocess.run(
        [mvn, "-q", "-B", "package", "-DskipTests"], cwd=LAUNCHER_DIR, capture_output=True, text=True
    )
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-2000:]
        raise ServerError(f"building the Neo4j launcher with Maven failed (exit {result.returncode}):\n{tail}")


# Process management --------------------------------------------------------------------------------------------------
def read_pid(paths: ServerPaths) -> int | None:
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start_server(settings: Settings) -> int:
    """Start medkg's own Neo4j in the background and wait until Bolt answers; returns the pid."""
    if settings.uses_external_neo4j:
        raise ServerError(f"NEO4J_URI is set ({settings.neo4j_uri}): medkg uses that server and starts none.")
    paths = server_paths(settings)
    running = read_pid(paths)
    if running is not None:
        return running
    if not port_is_free(settings.bolt_host, settings.bolt_port):
        raise ServerError(
            f"port {settings.bolt_port} on {settings.bolt_host} is taken by another program; "
            f"choose another with MEDKG_BOLT_PORT."
        )
    classpath = launcher_classpath()
    java = _require_tool("java", "run Neo4j")
    paths.home.mkdir(parents=True, exist_ok=True)
    command = [
        java, f"-Xms{settings.neo4j_heap}", f"-Xmx{settings.neo4j_heap}", *shlex.split(settings.neo4j_jvm_options),
        "-cp", classpath, LAUNCHER_CLASS,
        str(paths.data), settings.bolt_host, str(settings.bolt_port), settings.neo4j_pagecache,
    ]
    env = {**os.environ, "MEDKG_NEO4J_PASSWORD": settings.neo4j_password}
    log = paths.log_file.open("ab")
    log_offset = log.tell()
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True
    )
    log.close()
    paths.pid_file.write_text(str(process.pid))
    try:
        _wait_until_ready(settings, paths, process, log_offset)
    except BaseException:
        _terminate(process.pid, timeout_s=20)
        paths.pid_file.unlink(missing_ok=True)
        raise
    return process.pid


def _wait_until_ready(settings: Settings, paths: ServerPaths, process: subprocess.Popen, offset: int) -> None:
    deadline = time.monotonic() + settings.server_start_timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"Neo4j exited with code {process.returncode} while starting; log {paths.log_file}:\n"
                f"{_log_tail(paths, offset)}"
            )
        if READY_MARK in _log_tail(paths, offset, 1_000_000) and _bolt_answers(settings):
            return
        time.sleep(0.25)
    raise ServerError(
        f"Neo4j did not answer on {settings.bolt_uri} within {settings.server_start_timeout_s:.0f} s; "
        f"log {paths.log_file}:\n{_log_tail(paths, offset)}"
    )


def _bolt_answers(settings: Settings) -> bool:
    try:
        with socket.create_connection((settings.bolt_host, settings.bolt_port), timeout=1):
            return True
    except OSError:
        return False


def _log_tail(paths: ServerPaths, offset: int = 0, limit: int = 3000) -> str:
    try:
        with paths.log_file.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")[-limit:]
    except FileNotFoundError:
        return ""


def stop_server(settings: Settings, timeout_s: float = 60.0) -> bool:
    """Stop medkg's own Neo4j; returns False when it was not running."""
    paths = server_paths(settings)
    pid = read_pid(paths)
    if pid is None:
        paths.pid_file.unlink(missing_ok=True)  # a stale pid file from a crash
        return False
    _terminate(pid, timeout_s)
    paths.pid_file.unlink(missing_ok=True)
    return True


def _terminate(pid: int, timeout_s: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _alive(pid):
            _reap(pid)
            return
        _reap(pid)
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def store_size_bytes(settings: Settings) -> int:
    data = server_paths(settings).data
    if not data.exists():
        return 0
    return sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
