"""Output writers: one per ``--format`` (table, json, jsonl, csv, sarif).

Every writer renders a :class:`~piiscan.model.Report` to a text stream. The writer
modules are imported lazily by :func:`get_writer` so that starting the CLI does not
pay for ``rich`` (or for formats nobody asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TextIO

from piiscan.model import Report

__all__ = ["WRITERS", "Writer", "get_writer"]


class Writer(Protocol):
    """Renders a whole report to ``out``; never writes a raw value unless ``Finding.value`` is set."""

    def write(self, report: Report, out: TextIO) -> None:
        """Write ``report`` to ``out``."""
        ...


def _table() -> Writer:
    from piiscan.writers.table import TableWriter

    return TableWriter()


def _json() -> Writer:
    from piiscan.writers.json import JsonWriter

    return JsonWriter()


def _jsonl() -> Writer:
    from piiscan.writers.jsonl import JsonlWriter

    return JsonlWriter()


def _csv() -> Writer:
    from piiscan.writers.csv import CsvWriter

    return CsvWriter()


def _sarif() -> Writer:
    from piiscan.writers.sarif import SarifWriter

    return SarifWriter()


WRITERS: dict[str, Callable[[], Writer]] = {
    "table": _table,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "sarif": _sarif,
}
"""Format name → factory. Calling a factory imports its module on first use."""


def get_writer(name: str) -> Writer:
    """Return a new writer for format ``name``; raise ``KeyError`` for an unknown format."""
    try:
        factory = WRITERS[name]
    except KeyError:
        known = ", ".join(WRITERS)
        raise KeyError(f"unknown output format {name!r} (expected one of: {known})") from None
    return factory()
