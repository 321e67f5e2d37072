"""Write a larger labeled benchmark corpus (synthetic, same mix of files as ``samples/repo``).

Usage::

    python bench/make_corpus.py --out bench/.corpus --size-mb 2 --seed 7

The corpus is a set of synthetic app repositories ``app000/``, ``app001/`` ... (Android logcat,
access log, JSON events, CSV exports, YAML/properties, Kotlin/Java/Python code with fixtures,
English and Chinese support notes, an HTTP capture), written until the total reaches
``--size-mb``. Next to them: ``labels.jsonl`` (one labeled span per line, same schema as
``samples/labels.jsonl``; ``path`` is relative to the output directory) and ``manifest.json``
(seed, sizes, per-file and per-entity label counts). The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_BENCH = Path(__file__).resolve().parent
_ROOT = _BENCH.parent
for _path in (str(_ROOT / "samples"), str(_ROOT)):  # samples/synth.py, and piiscan in a source checkout
    if _path not in sys.path:
        sys.path.insert(0, _path)

from synth import Label, build_repo  # noqa: E402

GENERATOR = "piiscan bench/make_corpus.py"
DEFAULT_OUT = _BENCH / ".corpus"


def _clear_previous(out: Path) -> None:
    """Remove a corpus written earlier by this script (recognised by its manifest); refuse anything else."""
    if not out.exists():
        return
    manifest = out / "manifest.json"
    if manifest.is_file():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        if previous.get("generator") == GENERATOR:
            shutil.rmtree(out)
            return
    if any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not a corpus written by this script; choose another --out")


def make_corpus(out: Path, size_mb: float = 2.0, seed: int = 7) -> dict[str, Any]:
    """Write the corpus into ``out`` and return the manifest."""
    _clear_previous(out)
    target = int(size_mb * 1024 * 1024)
    labels: list[Label] = []
    files: list[dict[str, Any]] = []
    total = 0
    index = 0
    per_repo = 0  # bytes of one full-size repository, measured on the first one
    while total < target:
        prefix = f"app{index:03d}"
        scale = 1.0
        if per_repo and target - total < per_repo:  # shrink the last repository to land near the target
            scale = max(0.2, (target - total) / per_repo)
        before = total
        for doc in build_repo(f"corpus/{seed}/{index}", scale=scale, extras=False):
            rel = f"{prefix}/{doc.path}"
            data = doc.text.encode("utf-8")
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            total += len(data)
            labels.extend(Label(rel, lab.entity, lab.start, lab.end, lab.value) for lab in doc.labels)
            files.append({"path": rel, "bytes": len(data), "labels": len(doc.labels)})
        per_repo = per_repo or total - before
        index += 1
    labels.sort(key=lambda lab: (lab.path, lab.start, lab.end))
    (out / "labels.jsonl").write_bytes("".join(lab.to_json() + "\n" for lab in labels).encode("utf-8"))
    kinds: Counter[str] = Counter()
    for entry in files:
        kinds[Path(entry["path"]).suffix or Path(entry["path"]).name] += entry["bytes"]
    manifest: dict[str, Any] = {
        "generator": GENERATOR,
        "seed": seed,
        "size_mb": size_mb,
        "repositories": index,
        "total_bytes": total,
        "label_count": len(labels),
        "entities": dict(sorted(Counter(lab.entity for lab in labels).items())),
        "bytes_by_extension": dict(sorted(kinds.items())),
        "labels_file": "labels.jsonl",
        "synthetic": True,
        "note": "Synthetic data only. Placeholders, masked values and look-alikes (span/trace ids, "
                "digests, request ids, order numbers, versions) are present and unlabeled; person names "
                "are unlabeled.",
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output directory (default: bench/.corpus)")
    parser.add_argument("--size-mb", type=float, default=2.0,
                        help="approximate total size in MiB (default: 2)")
    parser.add_argument("--seed", type=int, default=7, help="seed (default: 7)")
    args = parser.parse_args(argv)
    if args.size_mb <= 0:
        parser.error("--size-mb must be positive")
    manifest = make_corpus(args.out, args.size_mb, args.seed)
    print(f"wrote {manifest['total_bytes']} bytes in {len(manifest['files'])} files "
          f"({manifest['repositories']} repositories) and {manifest['label_count']} labels to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
