"""PostgreSQL and MariaDB servers for the SQL source tests.

The connection URLs come from ``PIISCAN_TEST_POSTGRES_URL`` / ``PIISCAN_TEST_MYSQL_URL``,
else from the env file ``.ci/dbservers.sh start`` writes (``.ci/run`` starts the servers and
sources it). On a developer machine with neither, :class:`Servers` starts its own with
``.ci/dbservers.sh start --no-install`` in a temporary directory (the server packages must
be installed) and stops them at the end of the session; when that fails, tests that need a
server are skipped with the reason. In CI (``CI`` set, or the env file present) they are
never skipped: a missing server fails them.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "dbservers.sh"
ENV_FILE = Path(os.environ.get("PIISCAN_DBSERVERS_DIR", "/tmp/piiscan-dbservers")) / "urls.env"
VARIABLES = {"postgresql": "PIISCAN_TEST_POSTGRES_URL", "mysql": "PIISCAN_TEST_MYSQL_URL"}


def in_ci() -> bool:
    """Whether a missing server is a failure rather than a reason to skip."""
    return bool(os.environ.get("CI")) or ENV_FILE.exists()


def read_env_file(path: Path) -> dict[str, str]:
    """``export NAME='value'`` lines as a dict."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, value = words[1].split("=", 1)
            found[name] = value
    return found


class Servers:
    """Connection URLs of the test servers, starting them once per session when needed."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.problem = ""
        self.own_dir: str | None = None

    def __enter__(self) -> Servers:
        self.urls = {name: os.environ[var] for name, var in VARIABLES.items() if os.environ.get(var)}
        if len(self.urls) < len(VARIABLES) and ENV_FILE.exists():
            found = read_env_file(ENV_FILE)
            for name, var in VARIABLES.items():
                self.urls.setdefault(name, found.get(var, ""))
        if len(self.urls) < len(VARIABLES) and not in_ci():
            self.start_own()
        return self

    def start_own(self) -> None:
        """Start private servers (developer machine); remember why when that fails."""
        self.own_dir = tempfile.mkdtemp(prefix="piiscan-dbservers-")
        env = {**os.environ, "PIISCAN_DBSERVERS_DIR": self.own_dir}
        done = subprocess.run(
            [str(SCRIPT), "start", "--no-install"], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or ["no output"]
            self.problem = f"{SCRIPT.name} start failed: {lines[-1]}"
            return
        found = read_env_file(Path(done.stdout.strip().splitlines()[-1]))
        for name, var in VARIABLES.items():
            self.urls.setdefault(name, found.get(var, ""))

    def __exit__(self, *exc: object | type[BaseException] | TracebackType | None) -> None:
        if self.own_dir is not None:
            env = {**os.environ, "PIISCAN_DBSERVERS_DIR": self.own_dir}
            subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120, check=False)

    def url(self, name: str) -> str:
        """The URL of server ``name`` (``postgresql``, ``mysql``); skip or fail without one."""
        url = self.urls.get(name)
        if url:
            return url
        reason = f"no {name} test server: set {VARIABLES[name]} or run .ci/dbservers.sh start"
        if self.problem:
            reason += f" ({self.problem})"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
