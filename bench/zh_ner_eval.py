"""PERSON / LOCATION precision, recall and F1 on the synthetic Chinese corpus (bench/zh_ner_corpus.py).

Compares (a) jieba part-of-speech tags alone (``nr``/``nrfg``/``nrt`` tokens are PERSON; runs of
``ns`` tokens are LOCATION) with (b) piiscan's ChineseTagger at the tier's threshold (0.5), and
(c) the tagger without bare place names. Scores are given for exact spans and for overlap (one
prediction matches at most one label). Also measures the tagger's throughput on ~200 KB of text.

    python bench/zh_ner_eval.py [--docs 600] [--misses 20] [--no-speed]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from zh_ner_corpus import Doc, corpus  # noqa: E402

Span = tuple[str, int, int]
Predict = Callable[[str], list[Span]]
ENTITIES = ("PERSON", "LOCATION")
THRESHOLD = 0.5


def jieba_alone() -> Predict:
    """PERSON = jieba nr* tokens; LOCATION = maximal runs of ns tokens."""
    import jieba
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)
    pos = jieba.posseg.POSTokenizer(jieba.Tokenizer())

    def predict(text: str) -> list[Span]:
        out: list[Span] = []
        at = 0
        run: tuple[int, int] | None = None
        for pair in pos.cut(text):
            word, flag = pair.word, pair.flag
            start = text.find(word, at)
            if start < 0:
                continue
            end = at = start + len(word)
            if flag in ("nr", "nrfg", "nrt"):
                out.append(("PERSON", start, end))
            if flag == "ns":
                run = (run[0], end) if run and run[1] == start else run
                if run is None or run[1] != end:
                    if run:
                        out.append(("LOCATION", *run))
                    run = (start, end)
            elif run:
                out.append(("LOCATION", *run))
                run = None
        if run:
            out.append(("LOCATION", *run))
        return out

    return predict


def tagger(**kwargs: bool) -> Predict:
    from piiscan.ner.chinese import ChineseTagger

    tg = ChineseTagger(**kwargs)

    def predict(text: str) -> list[Span]:
        return [(s.entity, s.start, s.end) for s in tg.tag(text) if s.score >= THRESHOLD]

    return predict


def score(docs: Iterable[Doc], predict: Predict, misses: int = 0) -> dict[str, dict[str, tuple[int, int, int]]]:
    """``{mode: {entity: (tp, fp, fn)}}`` for mode ``exact`` and ``overlap``."""
    counts = {m: {e: [0, 0, 0] for e in ENTITIES} for m in ("exact", "overlap")}
    shown: list[str] = []
    for doc in docs:
        gold = [(e, s, t) for e, s, t, _ in doc.labels]
        pred = predict(doc.text)
        for entity in ENTITIES:
            g = [x for x in gold if x[0] == entity]
            p = [x for x in pred if x[0] == entity]
            tp = len(set(g) & set(p))
            counts["exact"][entity][0] += tp
            counts["exact"][entity][1] += len(p) - tp
            counts["exact"][entity][2] += len(g) - tp
            free = list(g)
            otp = 0
            for x in p:
                hit = next((y for y in free if x[1] < y[2] and y[1] < x[2]), None)
                if hit is not None:
                    free.remove(hit)
                    otp += 1
                elif len(shown) < misses:
                    shown.append(
                        f"FP {entity} {doc.text[x[1] : x[2]]!r} in {doc.text[max(0, x[1] - 12) : x[2] + 12]!r}"
                    )
            for y in free:
                if len(shown) < misses:
                    shown.append(
                        f"FN {entity} {doc.text[y[1] : y[2]]!r} in {doc.text[max(0, y[1] - 12) : y[2] + 12]!r}"
                    )
            counts["overlap"][entity][0] += otp
            counts["overlap"][entity][1] += len(p) - otp
            counts["overlap"][entity][2] += len(g) - otp
    for line in shown:
        print("   ", line)
    return {m: {e: (c[0], c[1], c[2]) for e, c in per.items()} for m, per in counts.items()}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def throughput(docs: list[Doc], size: int = 200_000) -> float:
    from piiscan.ner.chinese import ChineseTagger

    tg = ChineseTagger()
    text = ""
    for doc in docs * (size // max(1, sum(len(d.text) for d in docs)) + 1):
        text += doc.text
        if len(text) >= size:
            break
    tg.tag(text[:1000])
    t0 = time.perf_counter()
    tg.tag(text)
    elapsed = time.perf_counter() - t0
    print(f"\nthroughput: {len(text):,} chars in {elapsed:.2f}s = {len(text) / elapsed:,.0f} chars/s (one text)")
    t0 = time.perf_counter()
    lines = text.splitlines()
    tg.tag_many(lines)
    elapsed = time.perf_counter() - t0
    print(f"throughput: {len(lines):,} lines via tag_many in {elapsed:.2f}s = {len(text) / elapsed:,.0f} chars/s")
    return len(text) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--misses", type=int, default=0, help="print up to N false positives/negatives per system")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    docs = corpus(args.docs)
    n = {e: sum(1 for d in docs for x in d.labels if x[0] == e) for e in ENTITIES}
    print(f"corpus: {len(docs)} docs, {sum(len(d.text) for d in docs):,} chars, labels {n}")
    systems: list[tuple[str, Predict]] = [
        ("(a) jieba posseg alone", jieba_alone()),
        ("(b) ChineseTagger", tagger()),
        ("(c) ChineseTagger, no bare places", tagger(bare_places=False)),
    ]
    rows = []
    for label, predict in systems:
        print(label)
        rows.append((label, score(docs, predict, args.misses)))
    print(f"\n{'system':36} {'entity':9} {'match':8} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    for label, result in rows:
        for entity in ENTITIES:
            for mode in ("exact", "overlap"):
                tp, fp, fn = result[mode][entity]
                p, r, f = prf(tp, fp, fn)
                print(f"{label:36} {entity:9} {mode:8} {p:6.3f} {r:6.3f} {f:6.3f}   {tp}/{fp}/{fn}")
    if not args.no_speed:
        throughput(docs)


if __name__ == "__main__":
    main()
