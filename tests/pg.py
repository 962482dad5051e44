"""A throwaway PostgreSQL cluster for the tests (and bench/storage.py): initdb into a temporary
folder, start it on a free local port with its socket in that folder, drop it at the end.

PostgreSQL refuses to run as root, so when the tests run as root (CI containers) the cluster runs
as the unprivileged system user `duizhao-pg`, created with useradd when missing. Tests that need
the server are marked `postgres`; they are skipped only when the PostgreSQL binaries are absent.
`DUIZHAO_TEST_PG=postgresql://…` points the tests at an existing server instead (each test then
creates and drops its own database there).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_USER = "duizhao-pg"
_counter = itertools.count(1)


def find_bin_dir() -> Path | None:
    """The folder holding initdb/pg_ctl: $PG_BIN, then PATH, then Debian's /usr/lib/postgresql/N/bin (newest)."""
    env = os.environ.get("PG_BIN")
    if env and (Path(env) / "initdb").exists():
        return Path(env)
    # Debian puts only wrappers on PATH (not initdb), so PATH rarely has it; look anyway.
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_user() -> None:
    try:
        import pwd

        pwd.getpwnam(PG_USER)
        return
    except KeyError:
        pass
    subprocess.run(
        [
            "useradd",
            "--system",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            PG_USER,
        ],
        check=True,
        capture_output=True,
    )


class Cluster:
    """One initdb'd, running cluster. `url(db)` gives a connection URL; `create_database()` a fresh database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.as_root = os.geteuid() == 0
        # mkdtemp in /tmp itself (pytest's tmp dirs are 0700 under root's tree: not reachable by the pg user).
        self.root = Path(tempfile.mkdtemp(prefix="duizhao-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.log = self.root / "server.log"
        if self.as_root:
            _ensure_user()
            shutil.chown(self.root, PG_USER, PG_USER)
        self._run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
        if self.as_root:
            argv = ["runuser", "-u", PG_USER, "--", *argv]
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=self.root)
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
            )
        return proc

    def start(self) -> None:
        # Durability is pointless for a throwaway cluster; fsync off keeps CREATE DATABASE cheap.
        opts = (
            f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB"
        )
        last = ""
        for _ in range(5):  # the free port may be taken between probing and binding: try another
            self.port = _free_port()
            proc = self._run(
                [
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    f"{opts} -p {self.port}",
                    "start",
                ],
                check=False,
            )
            if proc.returncode == 0:
                return
            last = proc.stderr.strip() + (self.log.read_text(errors="replace")[-500:] if self.log.exists() else "")
        raise RuntimeError(f"could not start PostgreSQL: {last}")

    def stop(self) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def create_database(self, prefix: str = "t") -> str:
        name = f"{prefix}_{os.getpid()}_{next(_counter)}"
        _admin(self.url(), f'CREATE DATABASE "{name}"')
        return self.url(name)


class External:
    """An existing server given by DUIZHAO_TEST_PG: databases are created and dropped on it."""

    def __init__(self, url: str) -> None:
        self.base = url

    def url(self, db: str = "postgres") -> str:
        from urllib.parse import urlsplit, urlunsplit

        return urlunsplit(urlsplit(self.base)._replace(path="/" + db))

    def create_database(self, prefix: str = "t") -> str:
        name = f"duizhao_{prefix}_{os.getpid()}_{next(_counter)}"
        _admin(self.base, f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        pass


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def drop_database(server: Cluster | External, url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    try:
        _admin(server.url("postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001 - cleanup of a throwaway database must not fail a test
        pass


def start_server() -> Cluster | External:
    external = os.environ.get("DUIZHAO_TEST_PG")
    if external:
        return External(external)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Cluster | External]:
    """The session's PostgreSQL server, started on first use and stopped at the end."""
    if not os.environ.get("DUIZHAO_TEST_PG") and find_bin_dir() is None:
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed (pip install 'duizhao[postgres]')")
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: Cluster | External) -> Iterator[str]:
    """A fresh, empty database for one test."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        drop_database(pg_server, url)
