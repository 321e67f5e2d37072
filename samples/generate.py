"""Write the synthetic sample repository ``samples/repo`` and its ground truth ``samples/labels.jsonl``.

Usage::

    python samples/generate.py                      # rewrite samples/repo and samples/labels.jsonl
    python samples/generate.py --out /tmp/repo --labels /tmp/labels.jsonl

The output depends only on the seed: the same seed gives byte-identical files on every run and
machine. Files the generator does not produce are left alone (nothing is deleted).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for _path in (str(_HERE), str(_HERE.parent)):  # synth.py, and the piiscan package in a source checkout
    if _path not in sys.path:
        sys.path.insert(0, _path)

from synth import Doc, Label, build_repo  # noqa: E402

SEED = "20241129"
DEFAULT_OUT = _HERE / "repo"
DEFAULT_LABELS = _HERE / "labels.jsonl"


def write_docs(docs: Sequence[Doc], out_dir: Path) -> list[Label]:
    """Write every document as UTF-8 (``\\n`` line ends); return all labels sorted by path and offset."""
    labels: list[Label] = []
    for doc in docs:
        target = out_dir / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.text.encode("utf-8"))
        labels.extend(doc.labels)
    labels.sort(key=lambda lab: (lab.path, lab.start, lab.end))
    return labels


def write_labels(labels: Sequence[Label], path: Path) -> None:
    """Write ``labels.jsonl``: one JSON object per labeled span."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(lab.to_json() + "\n" for lab in labels).encode("utf-8"))


def generate(out_dir: Path = DEFAULT_OUT, labels_path: Path = DEFAULT_LABELS,
             seed: str = SEED) -> list[Label]:
    """Generate the sample repository into ``out_dir`` and its labels into ``labels_path``."""
    labels = write_docs(build_repo(seed), out_dir)
    write_labels(labels, labels_path)
    return labels


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output directory (default: samples/repo)")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS,
                        help="labels file (default: samples/labels.jsonl)")
    parser.add_argument("--seed", default=SEED, help=f"seed (default: {SEED})")
    args = parser.parse_args(argv)
    labels = generate(args.out, args.labels, args.seed)
    print(f"wrote {args.out} and {len(labels)} labels to {args.labels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
