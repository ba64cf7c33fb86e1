"""A real, throwaway PostgreSQL 15 server for tests: initdb + pg_ctl on 127.0.0.1, a free port.

Nothing is mocked: connectors and Dagster storage talk to a real server. It runs as the
``postgres`` system user when the tests run as root (initdb refuses root), with its data
directory and socket in a temporary folder, and is stopped and removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("MATURITY_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    user: str
    socket_dir: Path

    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        auth = f"{user or self.user}" + (f":{password}" if password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def running_server(extra_conf: dict[str, str] | None = None) -> Iterator[PgServer]:
    """Start a private server; ``extra_conf`` lines go to postgresql.conf (e.g. preload libraries)."""
    if not available():
        raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="maturity-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        _as_server_user(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    conf = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{root}'",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        **(extra_conf or {}),
    }
    with (data / "postgresql.conf").open("a") as fh:
        fh.writelines(f"{k} = {v}\n" for k, v in conf.items())
    port = _free_port()
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(root / "server.log"),
                    "-o",
                    f"-p {port}",
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            env=env,
        )
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')}\n{log}") from exc
    try:
        yield PgServer("127.0.0.1", port, "postgres", root)
    finally:
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            env=env,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
