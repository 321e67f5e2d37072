"""Write a larger labeled benchmark corpus (synthetic, same mix of files as ``samples/repo``).

Usage::

    python bench/make_corpus.py --out bench/.corpus --size-mb 2 --seed 7
    python bench/make_corpus.py --out bench/.corpus-real --size-mb 2 --seed 7 --mix realistic

The corpus is a set of synthetic app repositories ``app000/``, ``app001/`` ... (Android logcat,
access log, JSON events, CSV exports, YAML/properties, Kotlin/Java/Python code with fixtures,
English and Chinese support notes, an HTTP capture), written until the total reaches
``--size-mb``. Next to them: ``labels.jsonl`` (one labeled span per line, same schema as
``samples/labels.jsonl``; ``path`` is relative to the output directory) and ``manifest.json``
(seed, sizes, per-file and per-entity label counts). The same arguments give the same bytes.

``--mix dense`` (the default) writes only those labeled files: about 11 labeled identifiers per KB,
nearly one per line. ``--mix realistic`` writes smaller labeled repositories and adds to each one
PII-free files from ``samples/noise.py`` (system logcat, CI logs, Kotlin/Java/Python/TypeScript/Go
source, English and Chinese release notes and FAQs, TOML/YAML/properties/INI configuration) so that
about 75 % of all bytes hold no personal data, as in a real repository; every finding in those files
is a false positive. Noise files have no labels; the manifest records the mix and the noise share
(and marks noise files with ``"noise": true``).
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

from noise import noise_docs  # noqa: E402
from synth import Label, build_repo  # noqa: E402

GENERATOR = "piiscan bench/make_corpus.py"
DEFAULT_OUT = _BENCH / ".corpus"
MIXES = ("dense", "realistic")
#: realistic mix: share of all bytes in PII-free files, and the scale of each labeled repository
NOISE_SHARE = 0.75
REALISTIC_SCALE = 0.3


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


def _write(out: Path, rel: str, text: str) -> int:
    data = text.encode("utf-8")
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _realistic(out: Path, target: int, seed: int, labels: list[Label],
               files: list[dict[str, Any]]) -> tuple[int, int]:
    """Write labeled repositories (each at ``REALISTIC_SCALE``) plus their PII-free noise files.

    The labeled files of all repositories add up to about ``(1 - NOISE_SHARE) * target`` bytes (the
    last repository is shrunk); each repository gets ``NOISE_SHARE / (1 - NOISE_SHARE)`` times its
    labeled bytes of noise, the last one whatever is left of ``NOISE_SHARE * target``.
    Returns (repositories, noise bytes).
    """
    labeled_target = int(target * (1 - NOISE_SHARE))
    noise_target = target - labeled_target
    labeled_total = noise_total = 0
    # labeled bytes of one repository at REALISTIC_SCALE (measured, so that even the first one can shrink)
    per_repo = sum(len(doc.text.encode("utf-8"))
                   for doc in build_repo(f"corpus/{seed}/0", scale=REALISTIC_SCALE, extras=False))
    index = 0
    while labeled_total < labeled_target:
        prefix = f"app{index:03d}"
        scale = REALISTIC_SCALE
        last = labeled_target - labeled_total < per_repo * 1.5
        if last:
            scale = max(0.05, REALISTIC_SCALE * (labeled_target - labeled_total) / per_repo)
        labeled = 0
        for doc in build_repo(f"corpus/{seed}/{index}", scale=scale, extras=False):
            rel = f"{prefix}/{doc.path}"
            size = _write(out, rel, doc.text)
            labeled += size
            labels.extend(Label(rel, lab.entity, lab.start, lab.end, lab.value) for lab in doc.labels)
            files.append({"path": rel, "bytes": size, "labels": len(doc.labels)})
        labeled_total += labeled
        budget = int(labeled * NOISE_SHARE / (1 - NOISE_SHARE))
        if last or labeled_total >= labeled_target:
            budget = noise_target - noise_total
        for noise_file in noise_docs(f"corpus/{seed}/{index}/noise", budget):
            rel = f"{prefix}/{noise_file.path}"
            size = _write(out, rel, noise_file.text)
            noise_total += size
            files.append({"path": rel, "bytes": size, "labels": 0, "noise": True})
        index += 1
        if last:
            break
    return index, noise_total


def make_corpus(out: Path, size_mb: float = 2.0, seed: int = 7, mix: str = "dense") -> dict[str, Any]:
    """Write the corpus into ``out`` and return the manifest."""
    if mix not in MIXES:
        raise ValueError(f"mix must be one of {MIXES}, not {mix!r}")
    _clear_previous(out)
    target = int(size_mb * 1024 * 1024)
    labels: list[Label] = []
    files: list[dict[str, Any]] = []
    total = 0
    index = 0
    noise_bytes = 0
    if mix == "realistic":
        index, noise_bytes = _realistic(out, target, seed, labels, files)
        total = sum(entry["bytes"] for entry in files)
    per_repo = 0  # bytes of one full-size repository, measured on the first one
    while mix == "dense" and total < target:
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
    }
    if mix != "dense":  # a dense manifest stays byte-identical to the one written before --mix existed
        manifest.update({
            "mix": mix,
            "noise_bytes": noise_bytes,
            "noise_share": round(noise_bytes / total, 4) if total else 0.0,
            "labels_per_kb": round(len(labels) / (total / 1024), 3) if total else 0.0,
        })
    manifest.update({
        "entities": dict(sorted(Counter(lab.entity for lab in labels).items())),
        "bytes_by_extension": dict(sorted(kinds.items())),
        "labels_file": "labels.jsonl",
        "synthetic": True,
        "note": "Synthetic data only. Placeholders, masked values and look-alikes (span/trace ids, "
                "digests, request ids, order numbers, versions) are present and unlabeled; person names "
                "are unlabeled.",
        "files": files,
    })
    if mix != "dense":
        manifest["note"] += (" Files marked \"noise\" (samples/noise.py) hold no personal data at all:"
                             " every finding in them is a false positive.")
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
    parser.add_argument("--mix", choices=MIXES, default="dense",
                        help="dense: labeled files only (default); realistic: about 75%% of the bytes in "
                             "PII-free source, logs, CI output, docs and config (samples/noise.py)")
    args = parser.parse_args(argv)
    if args.size_mb <= 0:
        parser.error("--size-mb must be positive")
    manifest = make_corpus(args.out, args.size_mb, args.seed, args.mix)
    extra = f", {manifest['noise_share']:.0%} noise" if "noise_share" in manifest else ""
    print(f"wrote {manifest['total_bytes']} bytes in {len(manifest['files'])} files "
          f"({manifest['repositories']} repositories{extra}) and {manifest['label_count']} labels to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
