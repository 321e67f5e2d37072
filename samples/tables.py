"""Write the sample warehouse ``samples/warehouse``: a SQLite database, a Parquet dataset and their labels.

Usage::

    python samples/tables.py                   # rewrite samples/warehouse (app.db, events/, labels.json)
    python samples/tables.py --out /tmp/wh     # somewhere else

``samples/generate.py`` does not call this script: after changing it (or ``synth.py``), run it
and commit ``samples/warehouse``; ``tests/test_sample_tables.py`` checks that the committed
tables hold what the generator writes.

* ``app.db`` imitates an app backend: ``users``, ``devices``, ``logins`` and ``order items``
  (a name that needs quoting). SQLite declared types vary (``TEXT``, ``VARCHAR(n)``, ``CHAR(n)``,
  ``INTEGER``, ``REAL``, ``DECIMAL``); one IMEI column is stored as ``INTEGER``, so IMEIs with
  reporting body ``01`` (the Apple handsets here) lose their leading zero.
* ``events/`` is an analytics dataset, hive-partitioned by ``dt`` (three days, a few row groups
  per file), with dictionary-encoded, ``int64``, ``binary``, ``decimal128``, ``timestamp``,
  ``struct``, ``list<struct>`` and ``map`` columns.

Many personal-data columns have uninformative names (``dev_hw``, ``c3``, ``c9``, ``shr_dh``,
``acct``, ``src``) and every table holds decoys that look like identifiers: order numbers
(19-digit, 16-digit in a Mastercard range, Snowflake ids), trace ids (32 hex), span ids (16 hex,
one named ``span_id``, the classic Android ID look-alike, next to an IMEI column), request-id UUIDs
(``req``), SHA-256 digests, SKUs, amounts, version strings, millisecond timestamps and status enums.

``labels.json`` is the ground truth for the column engine. For every table and every leaf column
(struct fields dotted as ``device.imei``, list elements as ``tags[].value``, map entries as
``attrs[].key`` / ``attrs[].value`` like a list of key/value structs, as ``piiscan.columns.flatten``
names them; see :func:`leaf_fields`):

* ``entity``: the entity a column-level finding must report, or ``null``: the column must stay silent;
* ``decoy``: what a silent column holds;
* ``hashed``: the values are unsalted digests of ``entity`` values (spec 1.6: same class, found by name);
* ``free_text``: prose; ``contains`` counts the values that hold each entity (``entity`` is ``null``);
* ``mixed``: values of several kinds (key/value pairs); ``contains`` counts those holding ``entity``;
* ``placeholders``: values that are placeholders of ``entity`` (all-zero ad ids, emulator IMEIs,
  Android's fake MAC ``02:00:00:00:00:00``), not personal data but a reportable share;
* ``type`` (declared SQL type or Arrow type), ``values`` (non-null values) and ``nulls``.

The seed fixes the content; the file bytes also depend on the SQLite and Arrow versions, so tests
compare rows, not bytes. All data is synthetic (see ``synth.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import hashlib
import json
import random
import shutil
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_HERE = Path(__file__).resolve().parent
for _path in (str(_HERE), str(_HERE.parent)):  # synth.py, and the piiscan package in a source checkout
    if _path not in sys.path:
        sys.path.insert(0, _path)

from synth import (  # noqa: E402
    BASE_EPOCH_MS,
    UPPER_NO_IO,
    ZERO_UUID,
    Device,
    Person,
    Synth,
    Vendor,
    World,
    format_cn_mobile,
    format_mac,
)

SEED = "20241129"
DEFAULT_OUT = _HERE / "warehouse"
DB_NAME = "app.db"
DATASET = "events"
LABELS_NAME = "labels.json"
PARTITIONS = ("2024-11-27", "2024-11-28", "2024-11-29")
PARTITION_ROWS = (1000, 1100, 1200)
ROW_GROUP_ROWS = 400
NAMING = {
    "struct": "parent.child (device.imei)",
    "list": "parent[] for the elements; parent[].child for struct elements (tags[].value)",
    "map": "parent[].key and parent[].value, as a list of key/value structs (attrs[].value)",
}

#: Snowflake epoch (2010-11-04), as in Twitter's original id generator
SNOWFLAKE_EPOCH_MS = 1288834974657
APP_VERSIONS = ("4.2.6", "4.2.5", "4.1.0", "3.9.8")
#: Luhn-valid placeholder IMEIs of emulators and test handsets (from spec Appendix A / ``IMEI_PLACEHOLDERS``)
EMULATOR_IMEIS = ("000000000000000", "004999010640000", "358673013795895", "352005048247251", "862280010599525")
FAKE_MAC = "02:00:00:00:00:00"  # what Android 6+ returns to apps instead of the Wi-Fi MAC


# --- tables and their ground truth -----------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """Ground truth of one column (see the module docstring for the meaning of each field)."""

    entity: str | None
    decoy: str = ""
    hashed: bool = False
    free_text: bool = False
    mixed: bool = False


def pii(entity: str, *, hashed: bool = False, mixed: bool = False) -> Spec:
    """A column holding ``entity`` values (or their digests, or a share of them)."""
    return Spec(entity, hashed=hashed, mixed=mixed)


def decoy(what: str) -> Spec:
    """A column that must stay silent."""
    return Spec(None, decoy=what)


def free_text() -> Spec:
    """Prose; the entities inside are counted while the values are written."""
    return Spec(None, free_text=True)


@dataclass
class Table:
    """One table under construction: declared columns, rows, and counts for the labels."""

    name: str
    columns: list[tuple[str, str, Spec]]  # (name, declared SQL type or "" for Parquet, spec)
    rows: list[dict[str, Any]] = field(default_factory=list)
    placeholders: Counter[str] = field(default_factory=Counter)
    contains: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, row: dict[str, Any]) -> None:
        """Append a row (every declared column, nothing else)."""
        assert list(row) == [name for name, _, _ in self.columns], (self.name, list(row))
        self.rows.append(row)

    def placeholder(self, column: str) -> None:
        """Count one placeholder value in ``column``."""
        self.placeholders[column] += 1

    def found(self, column: str, entities: Sequence[str]) -> None:
        """Count one value of ``column`` that contains ``entities`` (free text, mixed columns)."""
        tally = self.contains.setdefault(column, Counter())
        for entity in sorted(set(entities)):
            tally[entity] += 1


def _day_time(day: str, sy: Synth) -> dt.datetime:
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return start + dt.timedelta(milliseconds=sy.rng.randrange(86_400_000))


def _stamp(epoch_ms: int) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC, as SQLite's ``datetime()`` writes it."""
    return dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _past_ms(sy: Synth, days: int) -> int:
    return BASE_EPOCH_MS - sy.rng.randrange(days * 86_400_000)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("ascii")).hexdigest()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _maybe(sy: Synth, p_null: float, value: Any) -> Any:
    return None if sy.chance(p_null) else value


def _sku(sy: Synth) -> str:
    return f"{sy.pick(('HW', 'XM', 'AC', 'SP', 'OP'))}-{sy.chars(UPPER_NO_IO, 3)}{sy.digits(3)}-" + sy.pick(
        ("BLK", "WHT", "BLU", "GRN", "256G", "512G"))


def _snowflake(sy: Synth) -> int:
    """A Snowflake id (ms since 2010-11-04 << 22 | worker << 12 | sequence): 19 digits, no checksum."""
    return ((_past_ms(sy, 30) - SNOWFLAKE_EPOCH_MS) << 22) | (sy.rng.randrange(1024) << 12) | sy.rng.randrange(4096)


class WarehouseWorld(World):
    """The shared synthetic world, except that Apple handsets carry IMEIs with reporting body ``01``.

    Those IMEIs lose their leading zero when a table stores them as integers.
    """

    def _rbi(self, vendor: Vendor) -> str:
        return "01" if vendor.name == "Apple" else super()._rbi(vendor)


# --- app.db ------------------------------------------------------------------------------------------

NICKNAMES = ("星辰大海", "小鱼儿", "Lucky", "晴天", "momo", "阿杰", "橘子汽水", "Skyline", "木子", "风一样",
             "tiger", "奶茶三分糖", "Nova", "追光者", "kiki", "老猫")
ZH_REMARKS_PLAIN = ("VIP客户，优先发货。", "已核实身份，无异常。", "用户要求开具增值税发票，抬头为公司名称。",
                    "多次拒收，发货前请电话确认。", "账号已合并，旧账号停用。")
EN_REMARKS_PLAIN = ("VIP since 2022, ships to office.", "Chargeback dispute closed, no action needed.",
                    "Prefers delivery after 6 pm.", "Account merged after duplicate sign-up.")


def _remark(sy: Synth, p: Person) -> tuple[str | None, list[str]]:
    """A customer-service note (or none); about a third of the written ones hold a phone number or an e-mail."""
    if sy.chance(0.55):
        return None, []
    zh = p.locale == "zh"
    kind = sy.rng.randrange(10)
    if kind == 0:
        return (f"用户来电要求修改收货手机号为{p.phone}。" if zh
                else f"Asked to be called back on {p.phone} after 6 pm."), ["PHONE_NUMBER"]
    if kind == 1:
        return (f"备用邮箱：{p.email}，请优先邮件联系。" if zh
                else f"Prefers e-mail, reachable at {p.email}."), ["EMAIL_ADDRESS"]
    if kind == 2:
        phone = format_cn_mobile(p.phone, "344") if zh else p.phone
        return (f"联系人电话 {phone}，邮箱 {p.email}。" if zh
                else f"Changed contact e-mail to {p.email}; number {phone} stays."), ["PHONE_NUMBER", "EMAIL_ADDRESS"]
    if kind == 3:
        return (f"客户投诉物流慢，订单号{sy.order_no()}已加急。" if zh
                else f"Refund approved for order {sy.order_no()}."), []
    if kind == 4:
        return f"App {sy.pick(APP_VERSIONS)} 闪退，已转技术排查（trace {sy.trace_id()}）。", []
    return sy.pick(ZH_REMARKS_PLAIN if zh else EN_REMARKS_PLAIN), []


def users_table(sy: Synth, world: World) -> Table:
    """Accounts: contact data, resident ID, a hashed phone and a free-text remark."""
    t = Table("users", [
        ("id", "INTEGER PRIMARY KEY", decoy("primary key")),
        ("nickname", "VARCHAR(32)", decoy("nickname (chosen handle, not a name)")),
        ("mobile", "VARCHAR(20)", pii("PHONE_NUMBER")),
        ("email", "VARCHAR(64)", pii("EMAIL_ADDRESS")),
        ("id_no", "CHAR(18)", pii("CN_RESIDENT_ID")),
        ("hashed_phone", "CHAR(64)", pii("PHONE_NUMBER", hashed=True)),
        ("gender", "INTEGER", decoy("enum 0/1/2")),
        ("status", "VARCHAR(16)", decoy("status enum")),
        ("created_at", "TEXT", decoy("timestamp")),
        ("remark", "TEXT", free_text()),
    ])
    for p in world.people:
        mobile = None
        if not sy.chance(0.03):
            style = sy.pick(("bare",) * 8 + ("plus344", "dash"))
            mobile = format_cn_mobile(p.phone, style) if p.country == "CN" else p.phone
        remark, inside = _remark(sy, p)
        if remark is not None:
            t.found("remark", inside)
        t.add({
            "id": p.user_id,
            "nickname": sy.pick(NICKNAMES) + (sy.digits(sy.rng.randrange(1, 4)) if sy.chance(0.5) else ""),
            "mobile": mobile,
            "email": _maybe(sy, 0.1, p.email),
            "id_no": p.id_card if p.id_card and not sy.chance(0.2) else None,
            "hashed_phone": _sha256(p.phone) if mobile else None,
            "gender": sy.rng.randrange(3),
            "status": sy.pick(("active",) * 6 + ("frozen", "deleted")),
            "created_at": _stamp(_past_ms(sy, 1400)),
            "remark": remark,
        })
    return t


def _oaid_value(sy: Synth, d: Device, t: Table) -> str | None:
    if not d.oaid:
        return None
    if sy.chance(0.12):  # the user switched off "personalised ads": the SDK returns zeros
        t.placeholder("oaid")
        return ZERO_UUID if d.vendor.oaid_shape == "uuid" else "0" * len(d.oaid)
    return d.oaid


def _imei_value(sy: Synth, d: Device, t: Table) -> str | None:
    if d.is_ios:
        return None
    if sy.chance(0.015):  # emulators and rooted test phones
        t.placeholder("dev_hw")
        return sy.pick(EMULATOR_IMEIS)
    return d.imei


def devices_table(sy: Synth, world: World) -> Table:
    """Handsets: device and SIM identifiers under short names, a hashed IMEI and a span-id decoy."""
    t = Table("devices", [
        ("id", "INTEGER PRIMARY KEY", decoy("primary key")),
        ("user_id", "INTEGER", decoy("foreign key")),
        ("brand", "VARCHAR(16)", decoy("vendor name")),
        ("model", "VARCHAR(32)", decoy("model code")),
        ("os_ver", "VARCHAR(8)", decoy("version string")),
        ("dev_hw", "VARCHAR(20)", pii("IMEI")),
        ("hw_sn2", "INTEGER", pii("IMEI")),
        ("c3", "VARCHAR(20)", pii("IMSI")),
        ("aid", "VARCHAR(16)", pii("ANDROID_ID")),
        ("oaid", "VARCHAR(64)", pii("OAID")),
        ("gaid", "CHAR(36)", pii("ADVERTISING_ID")),
        ("wlan", "VARCHAR(17)", pii("MAC_ADDRESS")),
        ("sim_sn", "VARCHAR(20)", pii("ICCID")),
        ("sn", "VARCHAR(20)", pii("DEVICE_SERIAL")),
        ("push_token", "TEXT", pii("FCM_TOKEN")),
        ("imei_md5", "CHAR(32)", pii("IMEI", hashed=True)),
        ("span_id", "CHAR(16)", decoy("span id (16 hex)")),
        ("updated_at", "TEXT", decoy("timestamp")),
    ])
    ids = iter(range(1, 10_000))
    for p in world.people:
        for d in p.devices:
            imei = _imei_value(sy, d, t)
            gaid = d.gaid or None
            if gaid and sy.chance(0.2):  # "limit ad tracking" / no AD_ID permission
                gaid = ZERO_UUID
                t.placeholder("gaid")
            wlan = _maybe(sy, 0.05, format_mac(d.wifi_mac, "colon"))
            if wlan and not d.is_ios and sy.chance(0.06):
                wlan = FAKE_MAC
                t.placeholder("wlan")
            t.add({
                "id": next(ids), "user_id": p.user_id, "brand": d.vendor.name, "model": d.model_code,
                "os_ver": d.os_version, "dev_hw": imei,
                "hw_sn2": int(d.imei2 or d.imei),
                "c3": _maybe(sy, 0.04, d.imsi),
                "aid": d.android_id or None,
                "oaid": _oaid_value(sy, d, t),
                "gaid": gaid,
                "wlan": wlan,
                "sim_sn": _maybe(sy, 0.04, d.iccid),
                "sn": d.serial,
                "push_token": d.fcm_token if sy.chance(0.4) else None,
                "imei_md5": _md5(imei) if imei else None,
                "span_id": sy.span_id(),
                "updated_at": _stamp(_past_ms(sy, 90)),
            })
    return t


def logins_table(sy: Synth, world: World, rows: int) -> Table:
    """Sign-ins: client IP, coordinates and cell, next to request/trace ids, digests and epoch-ms times."""
    t = Table("logins", [
        ("id", "INTEGER PRIMARY KEY", decoy("primary key")),
        ("device_id", "INTEGER", decoy("foreign key")),
        ("ts", "INTEGER", decoy("epoch milliseconds")),
        ("req", "CHAR(36)", decoy("request id (UUID)")),
        ("trace_id", "CHAR(32)", decoy("trace id (32 hex)")),
        ("src", "VARCHAR(45)", pii("IP_ADDRESS")),
        ("lat", "REAL", pii("GEO_COORDINATE")),
        ("lng", "REAL", pii("GEO_COORDINATE")),
        ("lac", "INTEGER", pii("CELL_ID")),
        ("cid", "INTEGER", pii("CELL_ID")),
        ("app_ver", "VARCHAR(16)", decoy("version string")),
        ("status", "VARCHAR(8)", decoy("status enum")),
        ("digest", "CHAR(64)", decoy("sha256 digest of the request body")),
    ])
    owners = [(p, d) for p in world.people for d in p.devices]
    for i in range(rows):
        p, _ = sy.pick(owners)
        kind = sy.rng.randrange(10)
        src = sy.ipv4_private() if kind == 0 else sy.ipv6_public() if kind == 1 else sy.ipv4_public(p.country)
        located = not sy.chance(0.12)
        lat, lng = sy.latlng(p.city) if located else (None, None)
        (_, lac), (_, cid) = sy.cell(lte=False)
        cell = p.country == "CN" and not sy.chance(0.2)
        t.add({
            "id": i + 1, "device_id": sy.rng.randrange(1, len(owners) + 1), "ts": sy.ts_ms(3600 * 24 * 30),
            "req": sy.uuid4(), "trace_id": sy.trace_id(), "src": src,
            "lat": float(lat) if lat else None, "lng": float(lng) if lng else None,
            "lac": lac if cell else None, "cid": cid if cell else None,
            "app_ver": sy.pick(APP_VERSIONS), "status": sy.pick(("ok",) * 7 + ("fail", "mfa")),
            "digest": sy.sha256(),
        })
    return t


def order_items_table(sy: Synth, world: World, rows: int) -> Table:
    """``order items``: card numbers and consignee phones next to long order numbers and amounts."""
    t = Table("order items", [
        ("order_no", "VARCHAR(24)", decoy("order number (19 digits, no checksum)")),
        ("trade_no", "INTEGER", decoy("Snowflake id (19 digits)")),
        ("line", "INTEGER", decoy("line number")),
        ("sku", "VARCHAR(24)", decoy("SKU")),
        ("qty", "INTEGER", decoy("quantity")),
        ("price", "DECIMAL(10,2)", decoy("amount")),
        ("acct", "VARCHAR(24)", pii("CREDIT_CARD")),
        ("shr_dh", "VARCHAR(24)", pii("PHONE_NUMBER")),
        ("paid_at", "TEXT", decoy("timestamp")),
    ])
    while len(t.rows) < rows:
        p = sy.pick(world.people)
        order_no, trade_no, paid = sy.order_no(), _snowflake(sy), _stamp(_past_ms(sy, 60))
        by_card = sy.chance(0.6)
        phone = format_cn_mobile(p.phone, sy.pick(("bare", "dash", "plus", "344"))) if p.country == "CN" else p.phone
        for line in range(1, sy.rng.randrange(2, 5)):
            t.add({
                "order_no": order_no, "trade_no": trade_no, "line": line, "sku": _sku(sy),
                "qty": sy.rng.randrange(1, 4), "price": float(sy.amount()),
                "acct": p.bank_card if by_card else None, "shr_dh": phone, "paid_at": paid,
            })
    del t.rows[rows:]
    return t


def app_tables(seed: str) -> list[Table]:
    """The tables of ``app.db``."""
    world = WarehouseWorld(f"warehouse/{seed}", n_zh=240, n_en=16)

    def sy(name: str) -> Synth:
        return Synth(random.Random(f"warehouse/{seed}/{name}"))

    return [users_table(sy("users"), world), devices_table(sy("devices"), world),
            logins_table(sy("logins"), world, 360), order_items_table(sy("order_items"), world, 300)]


def quote(name: str) -> str:
    """SQL identifier quoting (``order items`` -> ``"order items"``)."""
    return '"' + name.replace('"', '""') + '"'


def write_sqlite(tables: Sequence[Table], path: Path) -> None:
    """Create ``path`` afresh with ``tables`` (rows inserted in order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        with con:
            for t in tables:
                ddl = ", ".join(f"{quote(name)} {sql_type}" for name, sql_type, _ in t.columns)
                con.execute(f"CREATE TABLE {quote(t.name)} ({ddl})")
                marks = ", ".join("?" for _ in t.columns)
                con.executemany(f"INSERT INTO {quote(t.name)} VALUES ({marks})",
                                [tuple(row.values()) for row in t.rows])
        con.execute("VACUUM")
    finally:
        con.close()


# --- events/ (Parquet) ---------------------------------------------------------------------------------

TAG = pa.struct([("key", pa.string()), ("value", pa.string())])
EVENT_FIELDS: list[tuple[str, pa.DataType]] = [
    ("event_id", pa.string()),
    ("ts", pa.timestamp("ms", tz="UTC")),
    ("event", pa.dictionary(pa.int8(), pa.string())),
    ("os", pa.dictionary(pa.int8(), pa.string())),
    ("carrier", pa.dictionary(pa.int8(), pa.string())),
    ("uid", pa.int64()),
    ("hw", pa.int64()),
    ("device", pa.struct([("imei", pa.string()), ("oaid", pa.string()), ("model", pa.string()),
                          ("os_version", pa.string())])),
    ("acct", pa.string()),
    ("c9", pa.binary()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("tags", pa.list_(TAG)),
    ("attrs", pa.map_(pa.string(), pa.string())),
    ("amount", pa.decimal128(10, 2)),
    ("order_no", pa.string()),
    ("sku", pa.string()),
    ("trace_id", pa.string()),
    ("span", pa.string()),
]
EVENT_SCHEMA = pa.schema(EVENT_FIELDS)
#: ground truth of every leaf field of ``events`` (in schema order), and of the partition column
EVENT_LABELS: dict[str, Spec] = {
    "event_id": decoy("event id (UUID)"),
    "ts": decoy("timestamp"),
    "event": decoy("event name enum"),
    "os": decoy("os enum"),
    "carrier": decoy("carrier name enum"),
    "uid": decoy("user id"),
    "hw": pii("IMEI"),
    "device.imei": pii("IMEI"),
    "device.oaid": pii("OAID"),
    "device.model": decoy("model code"),
    "device.os_version": decoy("version string"),
    "acct": pii("PHONE_NUMBER"),
    "c9": pii("ICCID"),
    "latitude": pii("GEO_COORDINATE"),
    "longitude": pii("GEO_COORDINATE"),
    "tags[].key": decoy("tag key"),
    "tags[].value": pii("EMAIL_ADDRESS", mixed=True),
    "attrs[].key": decoy("map key"),
    "attrs[].value": pii("IP_ADDRESS", mixed=True),
    "amount": decoy("amount"),
    "order_no": decoy("order number (16 digits in a Mastercard range, no checksum)"),
    "sku": decoy("SKU"),
    "trace_id": decoy("trace id (32 hex)"),
    "span": decoy("span id (16 hex)"),
    "dt": decoy("partition key (date)"),
}
EVENTS = ("app_start", "page_view", "ad_click", "login", "purchase", "push_open")


def _tags(sy: Synth, p: Person, event: str, t: Table) -> list[dict[str, str]]:
    tags = [{"key": "channel", "value": sy.pick(("huawei_store", "xiaomi_store", "appstore", "official"))}]
    if sy.chance(0.4):
        tags.append({"key": "ab", "value": sy.pick(("A", "B", "ctrl"))})
    if event in {"login", "purchase"} or sy.chance(0.3):
        tags.append({"key": "email", "value": p.email})
    for tag in tags:
        t.found("tags[].value", ["EMAIL_ADDRESS"] if tag["key"] == "email" else [])
    return tags


def _attrs(sy: Synth, p: Person, t: Table) -> list[tuple[str, str]]:
    attrs = [("net", sy.pick(("wifi", "4g", "5g"))), ("lang", "zh-CN" if p.locale == "zh" else "en-US")]
    if not sy.chance(0.1):
        attrs.append(("ip", sy.ipv4_public(p.country) if sy.chance(0.85) else sy.ipv6_public(p.country)))
    for key, _ in attrs:
        t.found("attrs[].value", ["IP_ADDRESS"] if key == "ip" else [])
    return attrs


def _event_row(sy: Synth, day: str, p: Person, d: Device, t: Table) -> dict[str, Any]:
    event = sy.pick(EVENTS)
    ts = _day_time(day, sy)
    lat, lng = sy.latlng(p.city) if not sy.chance(0.15) else (None, None)
    purchase = event == "purchase"
    order_no = f"{ts:%y%m%d%H}{sy.digits(8)}" if purchase else None
    return {
        "event_id": sy.uuid4(), "ts": ts, "event": event, "os": "ios" if d.is_ios else "android",
        "carrier": d.carrier[0], "uid": p.user_id,
        "hw": int(d.imei2 or d.imei),
        "device": {"imei": None if d.is_ios else d.imei, "oaid": d.oaid or None, "model": d.model_code,
                   "os_version": d.os_version},
        "acct": None if sy.chance(0.05) else ("+86" + p.phone if p.country == "CN" else p.phone),
        "c9": d.iccid.encode("ascii"),
        "latitude": float(lat) if lat else None, "longitude": float(lng) if lng else None,
        "tags": _tags(sy, p, event, t), "attrs": _attrs(sy, p, t),
        "amount": decimal.Decimal(sy.amount()) if purchase else None,
        "order_no": order_no, "sku": _sku(sy) if purchase else None,
        "trace_id": sy.trace_id(), "span": sy.span_id(),
    }


def event_partitions(seed: str) -> tuple[Table, list[tuple[str, pa.Table]]]:
    """The ``events`` dataset: one Arrow table per ``dt`` partition, and the counts for its labels."""
    world = WarehouseWorld(f"warehouse/{seed}", n_zh=240, n_en=16)
    sy = Synth(random.Random(f"warehouse/{seed}/events"))
    owners = [(p, d) for p in world.people for d in p.devices]
    t = Table(DATASET, [(name, "", spec) for name, spec in EVENT_LABELS.items()])
    parts = []
    for day, rows in zip(PARTITIONS, PARTITION_ROWS, strict=True):
        data = [_event_row(sy, day, *sy.pick(owners), t) for _ in range(rows)]
        parts.append((day, pa.Table.from_pylist(data, schema=EVENT_SCHEMA)))
    return t, parts


def write_events(parts: Sequence[tuple[str, pa.Table]], out: Path) -> None:
    """Write ``out/dt=<day>/part-0.parquet`` (zstd, a few row groups each); replaces an earlier dataset."""
    if out.exists():
        strays = [p for p in out.rglob("*") if p.is_file() and not p.match("dt=*/part-*.parquet")]
        if strays:
            raise SystemExit(f"{out} holds files this script did not write: {strays[:3]}")
        shutil.rmtree(out)
    for day, table in parts:
        target = out / f"dt={day}" / "part-0.parquet"
        target.parent.mkdir(parents=True)
        pq.write_table(table, target, compression="zstd", row_group_size=ROW_GROUP_ROWS)


# --- labels -----------------------------------------------------------------------------------------------


def leaf_fields(name: str, column: pa.Array[Any] | pa.ChunkedArray[Any]) -> Iterator[tuple[str, pa.Array[Any]]]:
    """Leaf columns of an Arrow column, named as in ``labels.json`` (``device.imei``, ``tags[].value``)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if isinstance(array, pa.StructArray):
        for child, values in zip(array.type, array.flatten(), strict=True):
            yield from leaf_fields(f"{name}.{child.name}", values)
    elif isinstance(array, pa.MapArray):  # before ListArray: a map is a list of key/value entries
        entries = pa.list_(pa.struct([("key", array.type.key_type), ("value", array.type.item_type)]))
        yield from leaf_fields(f"{name}[]", array.cast(entries).flatten())
    elif isinstance(array, pa.ListArray | pa.LargeListArray):
        yield from leaf_fields(f"{name}[]", array.flatten())
    else:
        yield name, array


def _column_label(spec: Spec, type_: str, values: int, nulls: int, t: Table, column: str) -> dict[str, Any]:
    label: dict[str, Any] = {"entity": spec.entity}
    if spec.decoy:
        label["decoy"] = spec.decoy
    if spec.hashed:
        label["hashed"] = True
    if spec.free_text:
        label["free_text"] = True
    if spec.mixed:
        label["mixed"] = True
    if spec.free_text or spec.mixed:
        label["contains"] = dict(sorted(t.contains.get(column, Counter()).items()))
    if t.placeholders[column]:
        label["placeholders"] = t.placeholders[column]
    label.update({"type": type_, "values": values, "nulls": nulls})
    return label


def sqlite_labels(t: Table) -> dict[str, Any]:
    """Labels of one ``app.db`` table."""
    columns = {}
    for name, sql_type, spec in t.columns:
        nulls = sum(row[name] is None for row in t.rows)
        columns[name] = _column_label(spec, sql_type, len(t.rows) - nulls, nulls, t, name)
    return {"source": DB_NAME, "format": "sqlite", "table": t.name, "rows": len(t.rows), "columns": columns}


def events_labels(t: Table, parts: Sequence[tuple[str, pa.Table]]) -> dict[str, Any]:
    """Labels of the ``events`` dataset (leaf fields, and the ``dt`` partition column)."""
    leaves: dict[str, list[pa.Array[Any]]] = {}
    for _, table in parts:
        for column in table.column_names:
            for leaf, values in leaf_fields(column, table.column(column)):
                leaves.setdefault(leaf, []).append(values)
    rows = sum(table.num_rows for _, table in parts)
    columns = {}
    for leaf, arrays in leaves.items():
        nulls = sum(a.null_count for a in arrays)
        columns[leaf] = _column_label(EVENT_LABELS[leaf], str(arrays[0].type), sum(len(a) for a in arrays) - nulls,
                                      nulls, t, leaf)
    columns["dt"] = _column_label(EVENT_LABELS["dt"], "string (hive partition)", rows, 0, t, "dt")
    return {"source": DATASET + "/", "format": "parquet", "table": DATASET, "rows": rows,
            "partitioning": "hive", "columns": columns}


def labels_document(seed: str, tables: Sequence[Table], events: Table,
                    parts: Sequence[tuple[str, pa.Table]]) -> dict[str, Any]:
    """The whole ``labels.json`` document."""
    return {
        "generator": "samples/tables.py",
        "seed": seed,
        "naming": NAMING,
        "tables": [*(sqlite_labels(t) for t in tables), events_labels(events, parts)],
    }


def dump_labels(document: dict[str, Any]) -> str:
    """``labels.json`` text: one line per column, so that diffs and reviews stay readable."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    lines += [f" {one(key)}: {one(value)}," for key, value in document.items() if key != "tables"]
    lines.append(' "tables": [')
    for i, table in enumerate(document["tables"]):
        head = ", ".join(f"{one(key)}: {one(value)}" for key, value in table.items() if key != "columns")
        lines.append(f'  {{{head}, "columns": {{')
        columns = list(table["columns"].items())
        lines += [f"   {one(name)}: {one(label)}{',' if j < len(columns) - 1 else ''}"
                  for j, (name, label) in enumerate(columns)]
        lines.append("  }}" + ("," if i < len(document["tables"]) - 1 else ""))
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


# --- entry points -------------------------------------------------------------------------------------------


def generate(out: Path = DEFAULT_OUT, seed: str = SEED) -> dict[str, Any]:
    """Write ``app.db``, ``events/`` and ``labels.json`` into ``out``; return the labels document."""
    tables = app_tables(seed)
    write_sqlite(tables, out / DB_NAME)
    events, parts = event_partitions(seed)
    write_events(parts, out / DATASET)
    document = labels_document(seed, tables, events, parts)
    (out / LABELS_NAME).write_text(dump_labels(document), encoding="utf-8")
    return document


def main(argv: Sequence[str] | None = None, write: Callable[[str], object] = print) -> int:
    """Command line: ``python samples/tables.py [--out DIR] [--seed SEED]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: samples/warehouse)")
    parser.add_argument("--seed", default=SEED, help=f"seed (default: {SEED})")
    args = parser.parse_args(argv)
    document = generate(args.out, args.seed)
    summary = ", ".join(f"{t['table']} ({t['rows']} rows)" for t in document["tables"])
    write(f"wrote {args.out}: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
