"""Per-entity precision / recall / F1 of piiscan (and optionally Presidio) on a labeled corpus.

A corpus is a directory of files plus ``labels.jsonl`` (``path, entity, start, end, value``
with character offsets into the UTF-8 text), as written by ``samples/generate.py`` and
``bench/make_corpus.py``. A prediction is a true positive when it overlaps a labeled span of
the same entity; every labeled span is matched at most once.

    python bench/accuracy.py samples/repo --labels samples/labels.jsonl [--presidio] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

Span = tuple[str, int, int]  # entity, start, end
Predict = Callable[[str, str], list[Span]]


def load_labels(path: Path) -> dict[str, list[Span]]:
    """Labels per relative file path."""
    out: dict[str, list[Span]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["path"]].append((row["entity"], row["start"], row["end"]))
    return out


def corpus_files(root: Path, labels: dict[str, list[Span]]) -> dict[str, str]:
    """Every text file of the corpus (labeled or not: unlabeled files still count for FPs)."""
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in {"labels.jsonl", "manifest.json"}:
            rel = path.relative_to(root).as_posix()
            try:
                files[rel] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    missing = set(labels) - set(files)
    if missing:
        raise SystemExit(f"labels name files that are not in the corpus: {sorted(missing)[:5]}")
    return files


def piiscan_predictor() -> Predict:
    """The fast engine, as `piiscan scan` runs it."""
    from piiscan.engine import Engine

    engine = Engine.default()
    return lambda text, path: [(m.entity, m.start, m.end) for m in engine.scan_text(text, path)]


PRESIDIO_NAMES = {"LOCATION": None, "PERSON": None, "DATE_TIME": None, "NRP": None, "URL": None}


def presidio_predictor(ner: bool = True) -> Predict:
    """Presidio's default AnalyzerEngine with spaCy's small English model (see bench/presidio_engine.py)."""
    from presidio_engine import build_presidio

    analyzer = build_presidio(ner=ner)

    def predict(text: str, _path: str) -> list[Span]:
        spans = []
        for r in analyzer.analyze(text=text, language="en"):
            if r.score >= 0.5 and PRESIDIO_NAMES.get(r.entity_type, r.entity_type):
                spans.append((r.entity_type, r.start, r.end))
        return spans

    return predict


def evaluate(files: dict[str, str], labels: dict[str, list[Span]], predict: Predict,
             misses: list[tuple[str, str, Span, str]] | None = None) -> dict[str, Counter[str]]:
    """TP/FP/FN counts per entity."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for rel, text in files.items():
        gold = labels.get(rel, [])
        used = [False] * len(gold)
        for entity, start, end in predict(text, rel):
            hit = next((i for i, (e, s, t) in enumerate(gold)
                        if not used[i] and e == entity and s < end and start < t), None)
            if hit is None:
                counts[entity]["fp"] += 1
                if misses is not None:
                    misses.append(("FP", rel, (entity, start, end), text[start:end]))
            else:
                used[hit] = True
                counts[entity]["tp"] += 1
        for i, span in enumerate(gold):
            if not used[i]:
                counts[span[0]]["fn"] += 1
                if misses is not None:
                    misses.append(("FN", rel, span, text[span[1] : span[2]]))
    return counts


def scores(c: Counter[str]) -> tuple[float, float, float]:
    """Precision, recall, F1 (1.0 where undefined and nothing was missed)."""
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def micro(counts: dict[str, Counter[str]], entities: Iterable[str]) -> Counter[str]:
    """Summed counts over ``entities``."""
    total: Counter[str] = Counter()
    for e in entities:
        total.update(counts.get(e, Counter()))
    return total


def table(results: dict[str, dict[str, Counter[str]]], entities: list[str]) -> str:
    """Markdown table: one row per entity, P/R/F1 per engine."""
    names = list(results)
    head = "| entity | labels | " + " | ".join(f"{n} P | {n} R | {n} F1" for n in names) + " |"
    rows = [head, "|" + "---|" * (2 + 3 * len(names))]
    for entity in [*entities, "micro"]:
        cells = []
        support = 0
        for name in names:
            c = micro(results[name], entities) if entity == "micro" else results[name].get(entity, Counter())
            support = c["tp"] + c["fn"]
            p, r, f = scores(c)
            cells.append(f"{p:.3f} | {r:.3f} | {f:.3f}")
        rows.append(f"| {entity} | {support} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--labels", type=Path, help="default: ROOT/labels.jsonl")
    parser.add_argument("--presidio", action="store_true", help="also run Presidio's default engine")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses (FP/FN) of piiscan")
    args = parser.parse_args()
    labels = load_labels(args.labels or args.root / "labels.jsonl")
    files = corpus_files(args.root, labels)
    missed: list[tuple[str, str, Span, str]] = []
    results = {"piiscan": evaluate(files, labels, piiscan_predictor(), missed)}
    if args.presidio:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        results["presidio"] = evaluate(files, labels, presidio_predictor())
    entities = sorted({e for spans in labels.values() for e, _, _ in spans})
    print(f"{sum(len(t) for t in files.values()):,} characters in {len(files)} files, "
          f"{sum(len(v) for v in labels.values())} labeled spans\n")
    print(table(results, entities))
    for kind, rel, (entity, start, end), value in missed[: args.misses]:
        print(f"{kind} {entity:15} {rel}:{start}-{end} {value!r}")


if __name__ == "__main__":
    main()
