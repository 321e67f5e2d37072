"""The committed sample repository is exactly what ``samples/generate.py`` produces.

``samples/repo`` and ``samples/labels.jsonl`` are generated (synthetic data, fixed seed) and
committed. Regenerating them into a temporary directory must give the same files, byte for byte.
Files that the sample repository's own ``.gitignore`` files ignore (for example a ``build/``
output created by a scanner test) are not part of the comparison.
"""

from __future__ import annotations

import importlib.util
import json
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REPO = SAMPLES / "repo"


def _load_generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("piiscan_samples_generate", SAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    _load_generate().generate(out / "repo", out / "labels.jsonl")
    return out


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _ignore_rules(root: Path) -> list[tuple[str, str]]:
    """(directory, pattern) for every line of every .gitignore below ``root``."""
    rules = []
    for gitignore in root.rglob(".gitignore"):
        base = gitignore.parent.relative_to(root).as_posix()
        for line in gitignore.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                rules.append(("" if base == "." else base, line))
    return rules


def _ignored(rel: str, rules: list[tuple[str, str]]) -> bool:
    """A small subset of gitignore matching: enough for the patterns the sample repository uses."""
    for base, pattern in rules:
        if base and not rel.startswith(base + "/"):
            continue
        parts = rel[len(base) + 1 if base else 0:].split("/")
        dir_only = pattern.endswith("/")
        anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
        name = pattern.strip("/")
        candidates = parts[:-1] if dir_only else parts
        if anchored:
            candidates = candidates[:1]
        if any(fnmatchcase(part, name) for part in candidates):
            return True
    return False


def test_committed_repo_matches_generator(generated: Path) -> None:
    expected_root = generated / "repo"
    expected = _files(expected_root)
    rules = _ignore_rules(expected_root)
    assert not {rel for rel in expected if _ignored(rel, rules)}, "the generator writes an ignored file"
    committed = {rel for rel in _files(REPO) if not _ignored(rel, rules)}
    assert sorted(committed - expected) == [], "files in samples/repo that the generator does not write"
    assert sorted(expected - committed) == [], "run `python samples/generate.py` and commit the result"
    changed = [rel for rel in sorted(expected)
               if (REPO / rel).read_bytes() != (expected_root / rel).read_bytes()]
    assert changed == [], "samples/repo differs from the generator output; regenerate and commit"


def test_committed_labels_match_generator(generated: Path) -> None:
    assert (SAMPLES / "labels.jsonl").read_bytes() == (generated / "labels.jsonl").read_bytes()


def test_labels_point_at_their_values() -> None:
    texts: dict[str, str] = {}
    lines = (SAMPLES / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        label = json.loads(line)
        assert set(label) == {"path", "entity", "start", "end", "value"}
        path = label["path"]
        if path not in texts:
            texts[path] = (REPO / path).read_bytes().decode("utf-8")
        assert texts[path][label["start"]:label["end"]] == label["value"], label
