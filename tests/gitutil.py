"""Shared test helper: throw-away git repositories, isolated from the caller's git state."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def clean_git_env(**extra: str) -> dict[str, str]:
    """The environment without the caller's git state (tests may run inside a hook) or config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0")
    env.update(extra)
    return env


def init_repo(path: Path) -> Path:
    """A new, empty repository at ``path`` with a local identity and no commit signing."""
    path.mkdir(parents=True, exist_ok=True)
    for args in (
        ("init", "-q"),
        ("config", "user.name", "Test"),
        ("config", "user.email", "test@example.invalid"),
        ("config", "commit.gpgsign", "false"),
    ):
        subprocess.run(["git", *args], cwd=path, env=clean_git_env(), capture_output=True, check=True)
    return path
