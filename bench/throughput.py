"""Throughput of piiscan's engine beside Presidio's default AnalyzerEngine, in one run.

Same generated corpus for every engine (``bench/make_corpus.py``, ~2 MB of logs, JSON
events, CSV exports, configs, code and English/Chinese documents). Prints one table:

* piiscan engine, one process (Hyperscan prefilter, and the standard-library fallback), built
  and warmed up on the recognizers' examples and samples/repo first (validators load their
  tables lazily), then one pass; the heap is frozen after the engine is built, as
  ``piiscan scan`` freezes it before its first file
* ``piiscan scan DIR --jobs 2``: the whole command, start-up and file walking included
* Presidio AnalyzerEngine with spaCy ``en_core_web_sm`` (NER on), and with NER disabled
* with ``--ner``: piiscan's file scanner with the NER tier on (one process, models warmed up on
  other data), and the whole ``piiscan scan DIR --ner --jobs 2`` command
* cold ``piiscan scan`` of one small file (median of N runs), and the heavy modules it imported

    pip install -e '.[bench]'
    python bench/throughput.py [--mix realistic|dense] [--corpus DIR] [--presidio-fraction 1.0] [--skip-presidio]
                               [--ner]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

HEAVY = ("presidio_analyzer", "spacy", "pyarrow", "pandas", "torch", "thinc")


def ensure_corpus(path: Path, size_mb: float, seed: int, mix: str) -> Path:
    """Generate the corpus once (it is git-ignored)."""
    if not (path / "labels.jsonl").is_file():
        subprocess.run(
            [sys.executable, str(BENCH / "make_corpus.py"), "--out", str(path), "--size-mb", str(size_mb),
             "--seed", str(seed), "--mix", mix],
            check=True,
        )
    return path


def load_texts(root: Path) -> list[tuple[str, str]]:
    """(relative path, text) of every corpus file."""
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in {"labels.jsonl", "manifest.json"}:
            out.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
    return out


def mb(texts: list[tuple[str, str]]) -> float:
    return sum(len(t.encode("utf-8")) for _, t in texts) / 1e6


def time_piiscan(texts: list[tuple[str, str]], accelerate: bool, warm_up: list[tuple[str, str]]) -> tuple[float, int]:
    """One pass of a fresh engine over ``texts``, after a warm-up pass over *other* data.

    The warm-up (every recognizer's examples, samples/repo and a corpus made with another seed)
    pays the one-time costs a long scan amortises (prefilter build, phonenumbers metadata, the
    IMSI table, allocator growth) without caching a single verdict for a value of the measured
    corpus.
    """
    from piiscan.engine import ACCELERATE_FROM, Engine

    engine = Engine.default(accelerate=accelerate)
    gc.freeze()  # as `piiscan scan` does once its scanner is built (piiscan/scan.py)
    try:
        engine.scan_text("warm-up " * (ACCELERATE_FROM // 8 + 1))  # builds the prefilter once
        for example in (e for spec in engine.specs for e in (*spec.match_examples, *spec.no_match_examples)):
            engine.scan_text(example.text)  # e.g. a +1 number loads phonenumbers' 25 NANP regions
        for path, text in [*load_texts(REPO / "samples" / "repo"), *warm_up]:
            engine.scan_text(text, path)
        began = time.perf_counter()
        found = sum(len(engine.scan_text(text, path)) for path, text in texts)
        return time.perf_counter() - began, found
    finally:
        gc.unfreeze()


def time_piiscan_ner(texts: list[tuple[str, str]], warm_up: list[tuple[str, str]]) -> tuple[float, int, int]:
    """One pass of the file scanner with the NER tier on (regex tier + prose to the models).

    Models load and warm up on other data first, as Presidio's do; returns seconds, findings and
    the characters of prose the tier sent to the models.
    """
    from piiscan.scan import ScanConfig, Scanner

    scanner = Scanner(ScanConfig(ner=True))
    assert scanner.ner is not None
    for path, text in warm_up[:: max(1, len(warm_up) // 12)]:
        scanner.scan_text(text, path)
    chars = scanner.ner.stats.chars
    began = time.perf_counter()
    found = sum(len(scanner.scan_text(text, path)) for path, text in texts)
    return time.perf_counter() - began, found, scanner.ner.stats.chars - chars


def time_cli(root: Path, jobs: int, *extra: str) -> tuple[float, int]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", str(root), "--format", "jsonl", "--quiet", "--jobs", str(jobs),
         "--exclude", "labels.jsonl", "--exclude", "manifest.json", *extra],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"piiscan scan failed: {done.stderr.strip()}")
    return elapsed, sum(1 for line in done.stdout.splitlines() if line.strip())


def time_presidio(texts: list[tuple[str, str]], ner: bool, warm_up: list[tuple[str, str]]) -> tuple[float, int]:
    from presidio_engine import build_presidio

    analyzer = build_presidio(ner=ner)
    for _, text in warm_up[:: max(1, len(warm_up) // 12)]:  # a dozen files: Presidio is slow
        analyzer.analyze(text=text, language="en")
    began = time.perf_counter()
    found = 0
    for _, text in texts:
        found += sum(1 for r in analyzer.analyze(text=text, language="en") if r.score >= 0.5)
    return time.perf_counter() - began, found


def cold_start(runs: int) -> tuple[float, list[str]]:
    """Median wall time of `piiscan scan` on one small file, and heavy modules it loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "event.json"
        sample.write_text('{"imei":"352099001761481","android_id":"0add995fe0a8dd1f","ip":"36.112.10.5"}\n',
                          encoding="utf-8")
        exe = [sys.executable, "-m", "piiscan", "scan", str(sample), "--format", "jsonl", "--quiet"]
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(exe, capture_output=True, check=False)
            times.append(time.perf_counter() - began)
        probe = (
            "import sys, runpy\n"
            f"sys.argv = {['piiscan', 'scan', str(sample), '--format', 'jsonl', '--quiet']!r}\n"
            "try:\n    runpy.run_module('piiscan', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            f"print('\\n'.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})), file=sys.stderr)\n"
        )
        loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        heavy = [line for line in loaded.stderr.splitlines() if line.strip()]
    return statistics.median(times), heavy


def real_sample(root: Path, size_mb: float) -> list[tuple[str, str]]:
    """About ``size_mb`` of real text files below ``root`` (every k-th file, in path order)."""
    suffixes = {".py", ".md", ".rst", ".txt", ".json", ".yaml", ".yml", ".cfg", ".toml", ".html", ".c", ".h"}
    paths = sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file())
    total = sum(p.stat().st_size for p in paths) or 1
    step = max(1, round(total / (size_mb * 1e6)))
    out = []
    for path in paths[::step]:
        try:
            out.append((str(path.relative_to(root)), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def subset(texts: list[tuple[str, str]], fraction: float) -> list[tuple[str, str]]:
    """Every k-th file, so the subset keeps the corpus mix."""
    if fraction >= 1:
        return texts
    step = max(1, round(1 / fraction))
    return texts[::step]


Row = tuple[str, float, float, int]  # engine, MB, seconds, findings


def presidio_rows(texts: list[tuple[str, str]], rows: list[Row], warm_up: list[tuple[str, str]]) -> dict[bool, float]:
    """Time Presidio with and without NER on ``texts``; append the rows, return MB/s by ``ner``."""
    rates: dict[bool, float] = {}
    for ner in (True, False):
        seconds, found = time_presidio(texts, ner, warm_up)
        label = "with NER (spaCy sm)" if ner else "without NER"
        rows.append((f"Presidio AnalyzerEngine {label}", mb(texts), seconds, found))
        rates[ner] = mb(texts) / seconds
    return rates


def print_table(title: str, rows: list[Row], presidio: dict[bool, float]) -> None:
    """A markdown table: throughput per engine and its ratio to Presidio with and without NER."""
    print(f"\n{title}\n")
    print("| engine | MB | seconds | MB/s | findings | x Presidio+NER | x Presidio no-NER |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, size_mb, secs, found in rows:
        rate = size_mb / secs
        vs_ner = f"{rate / presidio[True]:.0f}x" if True in presidio else "-"
        vs_plain = f"{rate / presidio[False]:.0f}x" if False in presidio else "-"
        print(f"| {name} | {size_mb:.2f} | {secs:.2f} | {rate:.2f} | {found} | {vs_ner} | {vs_plain} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mix", choices=("realistic", "dense"), default="realistic",
                        help="realistic: 75%% of the bytes carry no personal data (code, system logs, docs); "
                             "dense: every line carries identifiers (JSON events, exports)")
    parser.add_argument("--corpus", type=Path, help="default: bench/.corpus-MIX (generated on first use)")
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--presidio-fraction", type=float, default=1.0,
                        help="share of the corpus files given to Presidio (it needs ~100 s for 2 MB with NER)")
    parser.add_argument("--skip-presidio", action="store_true")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--real", type=Path, help="also time a ~2 MB sample of real text files below this folder")
    parser.add_argument("--ner", action="store_true", help="also time piiscan with the NER tier (--ner)")
    args = parser.parse_args()

    root = ensure_corpus(args.corpus or BENCH / f".corpus-{args.mix}", args.size_mb, args.seed, args.mix)
    texts = load_texts(root)
    warm_up = load_texts(ensure_corpus(BENCH / f".corpus-{args.mix}-warmup", 0.5, args.seed + 1, args.mix))
    size = mb(texts)
    rows: list[Row] = []
    seconds, found = time_piiscan(texts, accelerate=True, warm_up=warm_up)
    rows.append(("piiscan engine (Hyperscan prefilter), 1 process", size, seconds, found))
    seconds, found = time_piiscan(texts, accelerate=False, warm_up=warm_up)
    rows.append(("piiscan engine (stdlib fallback), 1 process", size, seconds, found))
    for jobs in (1, 2):
        seconds, found = time_cli(root, jobs)
        rows.append((f"piiscan scan DIR --jobs {jobs} (whole command)", size, seconds, found))
    if args.ner:
        seconds, found, prose = time_piiscan_ner(texts, warm_up)
        share = prose / sum(len(t) for _, t in texts)
        rows.append((f"piiscan with --ner, 1 process ({share:.1%} of characters to NER)", size, seconds, found))
        seconds, found = time_cli(root, 2, "--ner")
        rows.append(("piiscan scan DIR --ner --jobs 2 (whole command, models loaded)", size, seconds, found))
    presidio: dict[bool, float] = {}
    if not args.skip_presidio:
        presidio = presidio_rows(subset(texts, args.presidio_fraction), rows, warm_up)
    print_table(f"corpus: {root} ({args.mix} mix, {size:.2f} MB, {len(texts)} files)", rows, presidio)
    if args.real is not None:
        real = real_sample(args.real, args.size_mb)
        seconds, found = time_piiscan(real, accelerate=True, warm_up=warm_up)
        real_rows = [("piiscan engine (Hyperscan prefilter), 1 process", mb(real), seconds, found)]
        rates = {} if args.skip_presidio else presidio_rows(real, real_rows, warm_up)
        print_table(f"real files: {len(real)} files, {mb(real):.2f} MB below {args.real}", real_rows, rates)
    cold, heavy = cold_start(args.cold_runs)
    print(f"\ncold `piiscan scan` of one small file: {cold * 1000:.0f} ms median of {args.cold_runs} "
          f"(heavy modules imported: {', '.join(heavy) or 'none'}); machine: {os.cpu_count()} cores")
    print(json.dumps({"rows": rows, "cold_start_s": cold}), file=sys.stderr)


if __name__ == "__main__":
    main()
