"""Write the benchmark table dataset: N rows x 15 columns of synthetic personal data and decoys, as Parquet.

Usage::

    python bench/make_tables.py --out /tmp/bench_tables --rows 10000000 [--files 10] [--seed 7]

The dataset has nine personal-data columns, some with uninformative names, and six decoys
that look like identifiers (see ``COLUMNS``); nulls and placeholders (all-zero GAIDs and OAIDs,
Android's fake MAC) are sprinkled in. It is written as ``part-00000.parquet`` ... (row groups of
``--row-group`` rows) with ``_labels.json`` beside the files, in the format of
``samples/warehouse/labels.json`` (one table; ``placeholders`` and ``nulls`` counted). The leading
underscore keeps ``pyarrow.dataset`` and piiscan's Parquet source from taking it for a data file.

Every value is built with numpy in bulk (digit matrices, vectorised Luhn and MOD 11-2 check
digits, hex from random nibbles) and handed to Arrow without a Python loop, so 10 million rows
take well under a minute on two cores; ``--jobs`` files are generated in parallel. The same
``--seed``, ``--rows`` and ``--files`` give the same content on every run.

Other bench scripts can build the same data in memory with :func:`generate_table` (for example to
load a million rows into PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

_BENCH = Path(__file__).resolve().parent
_ROOT = _BENCH.parent
for _path in (str(_ROOT / "samples"), str(_ROOT)):  # samples/synth.py, and piiscan in a source checkout
    if _path not in sys.path:
        sys.path.insert(0, _path)

from synth import CN_CITIES, CN_MNC, CN_MOBILE_PREFIXES, VENDORS  # noqa: E402

GENERATOR = "piiscan bench/make_tables.py"
LABELS_NAME = "_labels.json"  # "_": not a data file to pyarrow.dataset and piiscan
DEFAULT_ROWS = 10_000_000
DEFAULT_FILES = 10
DEFAULT_ROW_GROUP = 131_072
CHUNK_ROWS = 1_000_000  # rows built at once by generate_table (bounds memory)

Chars = npt.NDArray[np.uint8]  # (rows, width) ASCII codes
Mask = npt.NDArray[np.bool_]
Rng = np.random.Generator
Compression = Literal["zstd", "snappy", "none"]

HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
HEX_UPPER = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
UPPER = np.frombuffer(b"ABCDEFGHJKLMNPQRSTUVWXYZ", dtype=np.uint8)
ZERO = ord("0")
RIC_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
RIC_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
AREAS = sorted({area for city in CN_CITIES for area in city.areas})
OUIS = sorted({oui for vendor in VENDORS if vendor.os == "android" for oui in vendor.ouis})
MAIL_NAMES = ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "zhou", "wu", "xu", "sun", "hu",
              "zhu", "gao", "lin", "he", "guo", "ma", "luo", "wei", "fang", "na", "min", "jing", "qiang", "lei",
              "jun", "yang", "yong", "yan", "jie", "tao", "ming", "chao", "xia", "hua", "xin", "yu", "hao")
MAIL_DOMAINS = ("163.com", "126.com", "qq.com", "foxmail.com", "sina.com", "gmail.com", "outlook.com")
APP_VERSIONS = ("4.2.6", "4.2.5", "4.2.0", "4.1.3", "4.0.9", "3.9.8")
SKU_STYLES = ("BLK", "WHT", "BLU", "GRN", "RED", "XL0", "256", "512")
FAKE_MAC = b"02:00:00:00:00:00"
ZERO_UUID = b"00000000-0000-0000-0000-000000000000"


# --- vectorised building blocks ------------------------------------------------------------------


def strings(chars: Chars, valid: Mask | None = None) -> pa.Array[Any]:
    """Arrow strings from a ``(rows, width)`` ASCII matrix, without a Python loop (``valid``: non-null rows)."""
    rows, width = chars.shape
    data = buffer(np.ascontiguousarray(chars))
    offsets = buffer(np.arange(0, (rows + 1) * width, width, dtype=np.int32))
    if valid is None:
        return pa.StringArray.from_buffers(rows, offsets, data)
    return pa.StringArray.from_buffers(rows, offsets, data, validity(valid), int(rows - valid.sum()))


def buffer(array: npt.NDArray[Any]) -> pa.Buffer:
    """Zero-copy Arrow buffer over a contiguous numpy array."""
    return pa.py_buffer(array.data)


def validity(valid: Mask) -> pa.Buffer:
    """Arrow validity bitmap (LSB first) of a boolean mask."""
    return buffer(np.packbits(valid, bitorder="little"))


def join(*parts: pa.Array[Any] | str) -> pa.Array[Any]:
    """Row-wise concatenation of string arrays and constants (Arrow's ``binary_join_element_wise``)."""
    joiner = cast("Callable[..., pa.Array[Any]]", pc.binary_join_element_wise)
    return joiner(*parts, "")


def digits(rng: Rng, rows: int, width: int) -> Chars:
    """Random decimal digits as numbers 0-9 (add ``ZERO`` for ASCII)."""
    return rng.integers(0, 10, size=(rows, width), dtype=np.uint8)


def hex_chars(rng: Rng, rows: int, width: int, upper: bool = False) -> Chars:
    """Random hex text (ASCII)."""
    return (HEX_UPPER if upper else HEX)[rng.integers(0, 16, size=(rows, width), dtype=np.uint8)]


def constant(rows: int, text: bytes) -> Chars:
    """The same ASCII text on every row."""
    return np.broadcast_to(np.frombuffer(text, dtype=np.uint8), (rows, len(text)))


def number_digits(values: npt.NDArray[np.int64], width: int) -> Chars:
    """Zero-padded decimal digits (0-9) of non-negative integers."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((values[:, None] // powers) % 10).astype(np.uint8)


def luhn_check(body: Chars) -> Chars:
    """Luhn check digit (0-9) that completes each row of ``body`` (digits 0-9)."""
    doubled = body[:, ::-1].astype(np.int32)
    doubled[:, 0::2] *= 2  # the rightmost body digit is doubled, since the check digit will follow it
    doubled[doubled > 9] -= 9
    check: Chars = ((10 - doubled.sum(axis=1) % 10) % 10).astype(np.uint8)[:, None]
    return check


def pick_rows(rng: Rng, rows: int, choices: Sequence[str], p: Sequence[float] | None = None) -> Chars:
    """One of ``choices`` (all the same length) per row, as ASCII."""
    table = np.array([list(c.encode("ascii")) for c in choices], dtype=np.uint8)
    picked: Chars = table[rng.choice(len(choices), size=rows, p=p)]
    return picked


def take_strings(rng: Rng, rows: int, choices: Sequence[str]) -> pa.Array[Any]:
    """One of ``choices`` (any lengths) per row, as Arrow strings."""
    return pa.array(choices, pa.string()).take(rng.integers(0, len(choices), size=rows))


def mixture(rng: Rng, rows: int, parts: Sequence[tuple[float, Callable[[int], pa.Array[Any]]]],
            valid: Mask | None = None) -> tuple[pa.Array[Any], npt.NDArray[np.int64]]:
    """Rows drawn from several generators (different widths) in random order; ``valid`` masks nulls.

    Returns the values and the index of the generator of each row.
    """
    kind = rng.choice(len(parts), size=rows, p=[share for share, _ in parts])
    counts = np.bincount(kind, minlength=len(parts))
    combined = pa.concat_arrays([make(int(count)) for (_, make), count in zip(parts, counts, strict=True)])
    position = np.empty(rows, dtype=np.int64)
    position[np.argsort(kind, kind="stable")] = np.arange(rows)
    indices = cast("pa.Array[Any]", pa.array(position, type=pa.int64(), mask=None if valid is None else ~valid))
    return combined.take(indices), kind


def present(rng: Rng, rows: int, null_rate: float) -> Mask:
    """True for rows that have a value."""
    return rng.random(rows) >= null_rate


# --- the columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One benchmark column: name, ground truth, and a generator ``(rng, rows) -> (values, placeholders)``."""

    name: str
    entity: str | None
    decoy: str
    make: Callable[[Rng, int], tuple[pa.Array[Any], int]]


def imei(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """15-digit IMEIs: TACs from a pool of 4,000 (reporting bodies 86, 35, 01, 99), random serial, Luhn digit."""
    pool = np.concatenate([pick_rows(rng, 4000, ["86", "35", "01", "99"], [0.5, 0.4, 0.05, 0.05]) - ZERO,
                           digits(rng, 4000, 6)], axis=1)
    body = np.concatenate([pool[rng.integers(0, len(pool), size=rows)], digits(rng, rows, 6)], axis=1)
    body[:, 13] |= body[:, 8:14].sum(axis=1) == 0  # serial 000000 marks a dummy IMEI
    chars = np.concatenate([body, luhn_check(body)], axis=1) + ZERO
    return strings(chars, present(rng, rows, 0.03)), 0


def imsi(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """MCC 460, a Chinese MNC, and a 10-digit MSIN that does not start with 0."""
    head = pick_rows(rng, rows, [f"460{mnc}" for mnc in sorted(CN_MNC)])
    msin = digits(rng, rows, 10)
    msin[:, 0] = rng.integers(1, 10, size=rows, dtype=np.uint8)
    return strings(np.concatenate([head, msin + ZERO], axis=1), present(rng, rows, 0.04)), 0


def android_id_chars(rng: Rng, rows: int) -> Chars:
    """16 lower-case hex with at least one letter and one digit (Android IDs, Xiaomi OAIDs)."""
    nibbles = rng.integers(0, 16, size=(rows, 16), dtype=np.uint8)
    no_letter = (nibbles < 10).all(axis=1)
    nibbles[no_letter, 0] = rng.integers(10, 16, size=int(no_letter.sum()), dtype=np.uint8)
    no_digit = (nibbles >= 10).all(axis=1)
    nibbles[no_digit, 1] = rng.integers(0, 10, size=int(no_digit.sum()), dtype=np.uint8)
    return HEX[nibbles]


def android_id(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Android IDs (16 lower-case hex), 5 % null."""
    return strings(android_id_chars(rng, rows), present(rng, rows, 0.05)), 0


def uuid_chars(rng: Rng, rows: int, upper: bool = False) -> Chars:
    """Random version-4 UUIDs, 8-4-4-4-12."""
    h = hex_chars(rng, rows, 32, upper)
    h[:, 12] = ord("4")
    h[:, 16] = (HEX_UPPER if upper else HEX)[rng.integers(8, 12, size=rows)]
    dash = constant(rows, b"-")
    return np.concatenate([h[:, :8], dash, h[:, 8:12], dash, h[:, 12:16], dash, h[:, 16:20], dash, h[:, 20:]],
                          axis=1)


def gaid(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Google advertising ids (lower-case UUID); 10 % all zeros (limit ad tracking)."""
    valid = present(rng, rows, 0.05)
    zero = rng.random(rows) < 0.10
    chars = uuid_chars(rng, rows)
    chars[zero] = np.frombuffer(ZERO_UUID, dtype=np.uint8)
    return strings(chars, valid), int((zero & valid).sum())


def oaid(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """MSA OAIDs in the vendor shapes (UUID, 16/32/64 lower hex, 64 upper hex); 6 % all zeros."""
    def block(make: Callable[[int], Chars]) -> Callable[[int], pa.Array[Any]]:
        return lambda n: strings(make(n))

    parts = [
        (0.33, block(lambda n: uuid_chars(rng, n))), (0.14, block(lambda n: android_id_chars(rng, n))),
        (0.05, block(lambda n: hex_chars(rng, n, 32))), (0.28, block(lambda n: hex_chars(rng, n, 64))),
        (0.14, block(lambda n: hex_chars(rng, n, 64, upper=True))),
        (0.03, block(lambda n: constant(n, ZERO_UUID))), (0.03, block(lambda n: constant(n, b"0" * 64))),
    ]
    valid = present(rng, rows, 0.08)
    array, kind = mixture(rng, rows, parts, valid)
    return array, int(((kind >= 5) & valid).sum())


def cn_mobile(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Chinese mobile numbers, 11 digits; a fifth written with ``+86``."""
    def bare(n: int) -> pa.Array[Any]:
        return strings(np.concatenate([pick_rows(rng, n, CN_MOBILE_PREFIXES), digits(rng, n, 8) + ZERO], axis=1))

    def plus(n: int) -> pa.Array[Any]:
        return strings(np.concatenate([constant(n, b"+86"), pick_rows(rng, n, CN_MOBILE_PREFIXES),
                                       digits(rng, n, 8) + ZERO], axis=1))

    return mixture(rng, rows, [(0.8, bare), (0.2, plus)], present(rng, rows, 0.03))[0], 0


def email(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """``name.name42@163.com``-style addresses and ``12345678@qq.com``."""
    def named(n: int) -> pa.Array[Any]:
        number = pc.cast(pa.array(rng.integers(0, 2000, size=n)), pa.string())
        return join(take_strings(rng, n, MAIL_NAMES), take_strings(rng, n, (".", "_", "")),
                    take_strings(rng, n, MAIL_NAMES), number, "@", take_strings(rng, n, MAIL_DOMAINS))

    def qq(n: int) -> pa.Array[Any]:
        number = pc.cast(pa.array(rng.integers(10_000_000, 4_000_000_000, size=n)), pa.string())
        return join(number, "@qq.com")

    return mixture(rng, rows, [(0.8, named), (0.2, qq)], present(rng, rows, 0.06))[0], 0


def cn_resident_id(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """18-character resident IDs: district code, birth date 1962-2004, sequence, MOD 11-2 check character."""
    days = rng.integers(0, (np.datetime64("2005-01-01") - np.datetime64("1962-01-01")).astype(int), size=rows)
    born = np.datetime64("1962-01-01") + days.astype("timedelta64[D]")
    year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    month = born.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
    body = np.concatenate([
        pick_rows(rng, rows, AREAS) - ZERO, number_digits(year, 4), number_digits(month, 2), number_digits(day, 2),
        number_digits(rng.integers(1, 1000, size=rows), 3),
    ], axis=1)
    check = RIC_CHECK[(body.astype(np.int64) @ RIC_WEIGHTS) % 11][:, None]
    return strings(np.concatenate([body + ZERO, check], axis=1), present(rng, rows, 0.10)), 0


def mac(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Wi-Fi MACs ``aa:bb:cc:dd:ee:ff`` with handset-vendor OUIs; 2 % Android's fake ``02:00:00:00:00:00``."""
    octets = np.concatenate([pick_rows(rng, rows, [oui.lower() for oui in OUIS]), hex_chars(rng, rows, 6)], axis=1)
    colon = constant(rows, b":")
    pieces = [octets[:, i:i + 2] for i in range(0, 12, 2)]
    chars = np.concatenate([x for piece in pieces for x in (piece, colon)][:-1], axis=1)
    valid = present(rng, rows, 0.05)
    fake = rng.random(rows) < 0.02
    chars[fake] = np.frombuffer(FAKE_MAC, dtype=np.uint8)
    return strings(chars, valid), int((fake & valid).sum())


def order_no(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Order numbers: ``202411`` + 13 digits (19) or 18 digits; no check digit (Luhn passes 1 in 10)."""
    def dated(n: int) -> pa.Array[Any]:
        return strings(np.concatenate([constant(n, b"202411"), digits(rng, n, 13) + ZERO], axis=1))

    def plain(n: int) -> pa.Array[Any]:
        chars = digits(rng, n, 18) + ZERO
        chars[:, 0] = ord("1") + rng.integers(0, 9, size=n, dtype=np.uint8)
        return strings(chars)

    return mixture(rng, rows, [(0.5, dated), (0.5, plain)])[0], 0


def trace_id(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """OpenTelemetry trace ids (32 lower hex)."""
    return strings(hex_chars(rng, rows, 32)), 0


def span_id(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """OpenTelemetry span ids (16 lower hex: the Android ID look-alike)."""
    return strings(hex_chars(rng, rows, 16)), 0


def sku(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """``AB-123456-BLK``."""
    letters = UPPER[rng.integers(0, len(UPPER), size=(rows, 2))]
    dash = constant(rows, b"-")
    chars = np.concatenate([letters, dash, digits(rng, rows, 6) + ZERO, dash, pick_rows(rng, rows, SKU_STYLES)],
                           axis=1)
    return strings(chars), 0


def amount(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Decimal amounts (12, 2) from 0.01 to 99,999.99, 2 % null."""
    cents = rng.integers(1, 10_000_000, size=rows, dtype=np.int64)
    words = np.zeros((rows, 2), dtype=np.int64)  # decimal128: little-endian 128-bit unscaled values
    words[:, 0] = cents
    valid = present(rng, rows, 0.02)
    array = pa.Array.from_buffers(pa.decimal128(12, 2), rows, [validity(valid), buffer(words)],
                                  null_count=int(rows - valid.sum()))
    return array, 0


def app_version(rng: Rng, rows: int) -> tuple[pa.Array[Any], int]:
    """Dictionary-encoded version strings."""
    indices = pa.array(rng.integers(0, len(APP_VERSIONS), size=rows, dtype=np.int8), type=pa.int8())
    return pa.DictionaryArray.from_arrays(indices, pa.array(APP_VERSIONS, pa.string())), 0


COLUMNS = (
    Column("dev_hw", "IMEI", "", imei),
    Column("c3", "IMSI", "", imsi),
    Column("aid", "ANDROID_ID", "", android_id),
    Column("oaid", "OAID", "", oaid),
    Column("gaid", "ADVERTISING_ID", "", gaid),
    Column("mobile", "PHONE_NUMBER", "", cn_mobile),
    Column("contact", "EMAIL_ADDRESS", "", email),
    Column("idno", "CN_RESIDENT_ID", "", cn_resident_id),
    Column("wlan", "MAC_ADDRESS", "", mac),
    Column("order_no", None, "order number (18-19 digits, no checksum)", order_no),
    Column("trace_id", None, "trace id (32 hex)", trace_id),
    Column("span_id", None, "span id (16 hex)", span_id),
    Column("sku", None, "SKU", sku),
    Column("amount", None, "amount", amount),
    Column("app_ver", None, "version string", app_version),
)


# --- tables and files ------------------------------------------------------------------------------------


def _chunk(rows: int, rng: Rng) -> tuple[pa.Table, dict[str, int]]:
    arrays, placeholders = [], {}
    for column in COLUMNS:
        array, count = column.make(rng, rows)
        arrays.append(array)
        placeholders[column.name] = count
    return pa.Table.from_arrays(arrays, names=[c.name for c in COLUMNS]), placeholders


def generate_counted(rows: int, seed: int, part: int = 0) -> tuple[pa.Table, dict[str, int]]:
    """:func:`generate_table`, and the placeholder count of each column."""
    rng = np.random.default_rng([seed, part])
    tables, totals = [], dict.fromkeys((c.name for c in COLUMNS), 0)
    for start in range(0, rows, CHUNK_ROWS):
        table, placeholders = _chunk(min(CHUNK_ROWS, rows - start), rng)
        tables.append(table)
        for name, count in placeholders.items():
            totals[name] += count
    if not tables:
        return _chunk(0, rng)
    return pa.concat_tables(tables), totals


def generate_table(rows: int, seed: int, part: int = 0) -> pa.Table:
    """``rows`` rows of the benchmark columns; ``(seed, part)`` fixes the content (file ``part`` of a dataset)."""
    return generate_counted(rows, seed, part)[0]


def _write_part(out: Path, index: int, rows: int, seed: int, row_group: int,
                compression: Compression) -> dict[str, Any]:
    table, placeholders = generate_counted(rows, seed, index)
    pq.write_table(table, out / f"part-{index:05d}.parquet", row_group_size=row_group, compression=compression)
    nulls = {name: table.column(name).null_count for name in table.column_names}
    return {"rows": rows, "nulls": nulls, "placeholders": placeholders}


def labels_document(out: Path, seed: int, rows: int, files: int, row_group: int,
                    parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``_labels.json``: the samples' format, one table; nulls and placeholders summed over the files."""
    columns: dict[str, dict[str, Any]] = {}
    for column in COLUMNS:
        label: dict[str, Any] = {"entity": column.entity}
        if column.decoy:
            label["decoy"] = column.decoy
        placeholders = sum(p["placeholders"][column.name] for p in parts)
        if placeholders:
            label["placeholders"] = placeholders
        nulls = sum(p["nulls"][column.name] for p in parts)
        label.update({"values": rows - nulls, "nulls": nulls})
        columns[column.name] = label
    table = {"source": ".", "format": "parquet", "table": out.name, "rows": rows, "columns": columns}
    return {"generator": GENERATOR, "seed": seed, "files": files, "row_group_rows": row_group, "tables": [table]}


def _clear_previous(out: Path) -> None:
    """Remove a dataset written earlier by this script (recognised by its labels); refuse anything else."""
    if not out.exists():
        return
    labels = out / LABELS_NAME
    try:
        previous = json.loads(labels.read_text(encoding="utf-8")) if labels.is_file() else {}
    except (OSError, ValueError):
        previous = {}
    if previous.get("generator") == GENERATOR:
        shutil.rmtree(out)
    elif any(out.iterdir()):
        raise SystemExit(f"{out} exists and was not written by this script; choose another --out")


def make_tables(out: Path, rows: int = DEFAULT_ROWS, files: int = DEFAULT_FILES, seed: int = 7,
                row_group: int = DEFAULT_ROW_GROUP, jobs: int = 0, compression: Compression = "zstd") -> dict[str, Any]:
    """Write the dataset and ``_labels.json`` into ``out``; return the labels document."""
    _clear_previous(out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [rows // files + (1 if i < rows % files else 0) for i in range(files)]
    workers = min(jobs or os.cpu_count() or 1, files)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_write_part, [out] * files, range(files), sizes, [seed] * files,
                                  [row_group] * files, [compression] * files))
    else:
        parts = [_write_part(out, i, size, seed, row_group, compression) for i, size in enumerate(sizes)]
    document = labels_document(out, seed, rows, files, row_group, parts)
    (out / LABELS_NAME).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return document


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, required=True,
                        help="output directory (10 million rows take 1.4 GB: keep it out of the repository)")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help=f"rows in all (default: {DEFAULT_ROWS})")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES, help=f"Parquet files (default: {DEFAULT_FILES})")
    parser.add_argument("--row-group", type=int, default=DEFAULT_ROW_GROUP,
                        help=f"rows per row group (default: {DEFAULT_ROW_GROUP})")
    parser.add_argument("--seed", type=int, default=7, help="seed (default: 7)")
    parser.add_argument("--jobs", type=int, default=0, help="parallel processes (default: one per CPU)")
    parser.add_argument("--compression", choices=("zstd", "snappy", "none"), default="zstd",
                        help="Parquet compression (default: zstd; random hex barely compresses with snappy)")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.files < 1 or args.row_group < 1:
        parser.error("--rows, --files and --row-group must be positive")
    if args.files > args.rows:
        parser.error("--files must not exceed --rows")
    started = time.perf_counter()
    make_tables(args.out, args.rows, args.files, args.seed, args.row_group, args.jobs, args.compression)
    size = sum(p.stat().st_size for p in args.out.glob("*.parquet"))
    print(f"wrote {args.rows:,} rows x {len(COLUMNS)} columns in {args.files} files ({size / 2**20:,.0f} MiB) "
          f"to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
