"""Columns of names and addresses with the NER tier on (--ner), with a fake tagger: the rule, not the model."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pyarrow as pa
import pytest

from piiscan.columns import classify_batches
from piiscan.columns.decide import ColumnJudge
from piiscan.columns.profile import ColumnProfiler
from piiscan.columns.stats import ColumnStats
from piiscan.ner.base import LOCATION, PERSON, NerSpan
from piiscan.ner.tier import NerTier
from piiscan.recognizers import load_recognizers
from piiscan.taxonomy import Taxonomy

RNG = random.Random(11)
FIRST = ["Maria", "James", "Olivia", "Liam", "Sofia", "Noah", "Emma", "Lucas", "Mia", "Ethan"]
LAST = ["Gonzalez", "Whitfield", "Novak", "Schmidt", "Okafor", "Tanaka", "Moreau", "Kowalski"]
NAMES = {f"{f} {last}" for f in FIRST for last in LAST} | {"王秀英", "李建国", "欧阳娜娜"}
PLACES = {"Berlin", "Paris", "Tokyo", "北京市海淀区西二旗中路33号"}


class KnownWords:
    """Tags the names and places it knows, wherever they occur."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls = 0

    def tag(self, text: str) -> list[NerSpan]:
        self.calls += 1
        spans = []
        for words, entity in ((NAMES, PERSON), (PLACES, LOCATION)):
            for word in words:
                at = text.find(word)
                if at != -1:
                    spans.append(NerSpan(entity, at, at + len(word), 0.85, f"ner_{self.name}_{entity.lower()}"))
        return spans

    def tag_many(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        return [self.tag(t) for t in texts]


SPECS = load_recognizers()
JUDGE = ColumnJudge(SPECS, Taxonomy.from_specs(SPECS))


def _profiler(ner: bool = True) -> tuple[ColumnProfiler, KnownWords]:
    en = KnownWords("en")
    tier = NerTier(factories={"en": lambda: en, "zh": lambda: KnownWords("zh")}) if ner else None
    return ColumnProfiler(SPECS, ner=tier), en


def _decide(columns: dict[str, list[str | None]], ner: bool = True) -> dict[str, list[tuple[str, str]]]:
    profiler, _ = _profiler(ner)
    batch = pa.RecordBatch.from_pydict({k: pa.array(v, pa.string()) for k, v in columns.items()})
    found, _ = classify_batches([batch], profiler, JUDGE, source="s", table="t")
    out: dict[str, list[tuple[str, str]]] = {}
    for f in found:
        out.setdefault(f.field, []).append((f.entity, f.evidence))
    return out


def _names(n: int, share: float = 1.0) -> list[str | None]:
    pool = sorted(NAMES)
    return [RNG.choice(pool) if RNG.random() < share else f"Product {RNG.randint(1, 999)}" for _ in range(n)]


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("c7", _names(80), [(PERSON, "ner")]),  # an uninformative header: the model's share decides
        ("holder", _names(80, 0.4), []),  # 40 % names, no telling header: not enough
        ("customer_name", _names(80, 0.4), [(PERSON, "ner+name")]),  # ... but enough under a name header
        ("c8", [RNG.choice(sorted(PLACES)) for _ in range(60)], [(LOCATION, "ner")]),
        ("c9", [f"Product {i}" for i in range(60)], []),
        ("c10", _names(5), []),  # too few values to judge a column
        (
            "remark",
            [f"{RNG.choice(sorted(NAMES))} called about the refund" if i % 3 == 0 else "nothing to see here, really"
             for i in range(60)],
            [(PERSON, "text")],
        ),
    ],
)
def test_ner_column_rules(name: str, values: list[str | None], expected: list[tuple[str, str]]) -> None:
    assert _decide({name: values}).get(name, []) == expected


def test_without_ner_an_uninformative_column_of_names_stays_silent() -> None:
    assert _decide({"c7": _names(80)}, ner=False) == {}


def test_the_model_reads_a_bounded_sample_per_column() -> None:
    profiler, en = _profiler()
    batch = pa.RecordBatch.from_pydict({"c7": pa.array([f"Maria Gonzalez {i}" for i in range(5000)])})
    stats = profiler.profile(batch)
    assert stats["c7"].ner_checked <= 200
    assert en.calls <= 200


def test_ner_tallies_merge_and_round_trip() -> None:
    profiler, _ = _profiler()
    batch = pa.RecordBatch.from_pydict({"c7": pa.array(_names(40), pa.string())})
    one, two = profiler.profile(batch)["c7"], profiler.profile(batch)["c7"]
    restored = ColumnStats.from_dict(one.to_dict())
    assert restored == one
    one.merge(two)
    assert one.ner_checked == 2 * two.ner_checked
    assert one.ner[PERSON].valid == 2 * two.ner[PERSON].valid
