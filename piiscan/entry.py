"""The ``piiscan`` executable: ``piiscan hook`` takes a short path (no typer import), the rest the full CLI."""

from __future__ import annotations

import sys


def main() -> None:
    """Dispatch to the hook's lean parser or to the typer application."""
    if sys.argv[1:2] == ["hook"]:
        from piiscan.hook import main as hook_main

        raise SystemExit(hook_main(sys.argv[2:]))
    from piiscan.cli import main as cli_main

    cli_main()
