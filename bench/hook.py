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
    files = pick_files(args.corpus, args.kb, args.files)
    root = staged_repo(files, args.corpus)
    names = [str(p.relative_to(args.corpus)) for p in files]
    size = sum(p.stat().st_size for p in files)
    bindir = Path(sys.executable).parent
    rows = []
    ours, status = timed([str(bindir / "piiscan"), "hook", *names], root, args.runs)
    rows.append(("piiscan hook FILES (pre-commit style)", ours, status))
    alone, status = timed([str(bindir / "piiscan"), "hook"], root, args.runs)
    rows.append(("piiscan hook (reads the index itself)", alone, status))
    theirs, status = timed([str(bindir / "detect-secrets-hook"), *names], root, args.runs)
    rows.append(("detect-secrets-hook FILES", theirs, status))
    print(f"\n{len(files)} staged files, {size / 1024:.0f} KB ({', '.join(sorted({Path(n).parts[1] for n in names}))});"
          f" median of {args.runs} cold runs; {os.cpu_count()} cores\n")
    print("| command | median ms | exit | vs detect-secrets-hook |")
    print("|---|---:|---:|---:|")
    for name, seconds, code in rows:
        print(f"| {name} | {seconds * 1000:.0f} | {code} | {theirs / seconds:.1f}x faster |")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
