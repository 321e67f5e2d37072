"""Cold ``piiscan hook`` on ~10 staged files (~200 KB), beside ``detect-secrets-hook`` on the same files.

A temporary git repository gets ten files of typical size from the generated realistic corpus
(source, config, logs, docs; ``bench/make_corpus.py --mix realistic``), staged. Each tool runs as
a fresh process, as pre-commit runs it, several times; the table shows the median wall time
and the ratio. Bytecode caching is left on (``PYTHONDONTWRITEBYTECODE`` unset), as in a
pre-commit environment.

    pip install -e '.[bench]'
    python bench/hook.py [--corpus DIR] [--runs 9] [--kb 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def pick_files(corpus: Path, total_kb: int, count: int) -> list[Path]:
    """``count`` files whose sizes add up to about ``total_kb``, one per kind of content first.

    Greedy: each pick is the file closest to the average size still needed, so a few large
    files and several small ones balance out like a real commit's.
    """
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in {"labels.jsonl", "manifest.json"})
    files = [p for p in files if p.stat().st_size <= total_kb * 1024 // 2]
    chosen: list[Path] = []
    kinds: set[str] = set()
    remaining = total_kb * 1024
    while len(chosen) < count and files:
        want = remaining / (count - len(chosen))
        close = [p for p in files if abs(p.stat().st_size - want) <= want / 2]
        fresh = [p for p in close if p.parent.name not in kinds] or close or files
        best = min(fresh, key=lambda p: abs(p.stat().st_size - want))
        chosen.append(best)
        kinds.add(best.parent.name)
        files.remove(best)
        remaining -= best.stat().st_size
    return chosen


def source_files(root: Path, count: int, limit: int = 26_000) -> list[Path]:
    """The ``count`` largest Python files of piiscan's own source below ``limit`` bytes: a code commit."""
    files = sorted((p for p in root.rglob("*.py") if p.stat().st_size <= limit), key=lambda p: -p.stat().st_size)
    return files[:count]


def staged_repo(files: list[Path], corpus: Path) -> Path:
    """A new repository with ``files`` copied in and staged."""
    root = Path(tempfile.mkdtemp(prefix="piiscan-hook-bench-"))
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    for path in files:
        target = root / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    subprocess.run([*git, "add", "-A"], check=True)
    return root


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median wall seconds of ``runs`` fresh processes, and the last exit status."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)  # bytecode, caches
    times, status = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - began)
        status = done.returncode
    return statistics.median(times), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=BENCH / ".corpus-realistic")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--files", type=int, default=10)
    args = parser.parse_args()
    if not (args.corpus / "labels.jsonl").is_file():
        subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), "--out", str(args.corpus), "--mix", "realistic",
                        "--size-mb", "2", "--seed", "7"], check=True)
    print(f"\ncold runs, median of {args.runs}; {os.cpu_count()} cores\n")
    print("| staged files | command | median ms | exit | vs detect-secrets-hook |")
    print("|---|---|---:|---:|---:|")
    corpus_files = pick_files(args.corpus, args.kb, args.files)
    code_base = BENCH.parent / "piiscan"
    for label, files, base in (
        ("generated corpus (logs, events, web)", corpus_files, args.corpus),
        ("piiscan's own source (Python)", source_files(code_base, args.files), code_base),
    ):
        root = staged_repo(files, base)
        names = [str(p.relative_to(base)) for p in files]
        what = f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1024:.0f} KB, {label}"
        bindir = Path(sys.executable).parent
        theirs, their_status = timed([str(bindir / "detect-secrets-hook"), *names], root, args.runs)
        for name, command in (
            ("piiscan hook FILES", [str(bindir / "piiscan"), "hook", *names]),
            ("piiscan hook (reads the index)", [str(bindir / "piiscan"), "hook"]),
        ):
            ours, status = timed(command, root, args.runs)
            print(f"| {what} | {name} | {ours * 1000:.0f} | {status} | {theirs / ours:.1f}x faster |")
        print(f"| {what} | detect-secrets-hook FILES | {theirs * 1000:.0f} | {their_status} | 1.0x |")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
