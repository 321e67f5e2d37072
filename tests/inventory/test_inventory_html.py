"""The self-contained HTML report: content, escaping, determinism, scale, and a real headless browser.

Regenerate the golden file with ``PIISCAN_UPDATE_GOLDEN=1 pytest tests/inventory/test_inventory_html.py``.
The browser tests run Debian's ``chromium`` (``.ci/run`` installs it); they are skipped when it is
missing, except under CI (``CI`` set), where a missing browser fails. Set ``PIISCAN_REPORT_SCREENSHOT``
to a path to keep the screenshot of the sample report.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

import piiscan
from piiscan.inventory.html import MAX_ASSET_ROWS, MAX_CHART_BARS, escape, rank_assets, render_html
from piiscan.inventory.model import COLUMN, FILE, Asset, Container, Inventory, Record
from piiscan.model import Sensitivity
from piiscan.policy.model import HASHING, RESIDENCY, RETENTION, SHARING, UNDECLARED, Violation

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("PIISCAN_UPDATE_GOLDEN") == "1"

R, C, INTERNAL, P = Sensitivity.RESTRICTED, Sensitivity.CONFIDENTIAL, Sensitivity.INTERNAL, Sensitivity.PUBLIC
WHEN = "2026-11-29T08:30:00Z"
DB = "postgresql://scanner@db.internal:5432/app"
LINKABLE = ("linkable: IMEI together with the direct identifier PHONE_NUMBER in the same table public.devices "
            "(PIPL Art. 28: aggregation that identifies a person; spec 5.3)")
TRAJECTORY = ("trajectory: precise coordinates (2917) beside the device identifier OAID in the same table events "
              "(PIPL Art. 28 行踪轨迹)")
HOSTILE = '<script>alert("x")</script>'


# --- sample inventories, built by hand ---------------------------------------------------------------


def record(asset: str, entity: str, category: str, level: Sensitivity, count: int, *, container: str,
           kind: str = FILE, tags: tuple[str, ...] = (), reasons: tuple[str, ...] = ()) -> Record:
    return Record(asset=asset, asset_kind=kind, entity=entity, category=category, sensitivity=level, count=count,
                  max_score=0.9, scanned_at=WHEN, container=container, tags=tags, reasons=reasons)


def file_asset(path: str, folder: str, *entities: tuple[str, str, Sensitivity, int]) -> Asset:
    return Asset(path, FILE, folder, [record(path, e, c, lvl, n, container=folder) for e, c, lvl, n in entities])


def column_asset(table: str, field: str, entity: str, category: str, level: Sensitivity, count: int,
                 *, tags: tuple[str, ...] = (), reasons: tuple[str, ...] = ()) -> Asset:
    asset = f"{table}.{field}"
    return Asset(asset, COLUMN, table, [record(asset, entity, category, level, count, container=table, kind=COLUMN,
                                               tags=tags, reasons=reasons)])


def sample_inventory() -> Inventory:
    """A repository, a PostgreSQL table and a Parquet dataset: every level, hashed values, escalations."""
    devices, events = f"{DB}#public.devices", "warehouse/events#events"
    app = Container("src/app", "folder", assets=[
        file_asset("src/app/config.py", "src/app", ("EMAIL_ADDRESS", "contact", INTERNAL, 2),
                   ("IMEI", "device_identifier", C, 1)),
        file_asset("src/app/settings.py", "src/app", ("IP_ADDRESS", "network_identifier", INTERNAL, 3)),
    ])
    users = Container("数据", "folder", assets=[
        file_asset("数据/用户 列表.txt", "数据", ("CN_RESIDENT_ID", "government_id", R, 4),
                   ("PHONE_NUMBER", "contact", C, 4)),
    ])
    docs = Container("docs", "folder", assets=[file_asset("docs/README.md", "docs", ("ADVERTISING_ID",
                                                                                     "advertising_identifier", P, 1))])
    table = Container(devices, "table", DB, reasons=[LINKABLE], assets=[
        column_asset(devices, "dev_hw", "IMEI", "device_identifier", R, 980, reasons=(
            "evidence: 98% of 1,000 sampled values are valid IMEI values (imei validator)", LINKABLE)),
        column_asset(devices, "imei_md5", "IMEI", "device_identifier", R, 1000, tags=("hashed",), reasons=(
            "evidence: header 'imei_md5' says they are hashed IMEI values", LINKABLE)),
        column_asset(devices, "owner_phone", "PHONE_NUMBER", "contact", R, 870, reasons=(
            "evidence: 87% of 1,000 sampled values are phone numbers", LINKABLE)),
        column_asset(devices, "iccid", "ICCID", "subscriber_identifier", C, 990),
    ])
    dataset = Container(events, "table", "warehouse/events", reasons=[TRAJECTORY], assets=[
        column_asset(events, "device.lat", "GEO_COORDINATE", "location", R, 2917, reasons=(TRAJECTORY,)),
        column_asset(events, "device.oaid", "OAID", "advertising_identifier", C, 2917),
        column_asset(events, "client_ip", "IP_ADDRESS", "network_identifier", INTERNAL, 2500),
        column_asset(events, "card_last4", "CREDIT_CARD", "financial", C, 12, tags=("masked",)),
    ])
    return Inventory(WHEN, ("samples/repo", DB, "warehouse/events"), [app, users, docs, table, dataset])


def sample_violations() -> list[Violation]:
    """One violation of each kind."""
    devices = f"{DB}#public.devices"
    return [
        Violation(SHARING, f"{devices}.dev_hw", "categories.device_identifier.recipients",
                  "shared with ad_partner, which may not receive device_identifier (IMEI)",
                  "device_identifier", "IMEI", R),
        Violation(HASHING, f"{devices}.owner_phone", "categories.contact.hashed_for",
                  "raw PHONE_NUMBER values shared with logistics, which must receive them hashed",
                  "contact", "PHONE_NUMBER", R),
        Violation(RETENTION, devices, "categories.device_identifier.retention_days",
                  "1,204 rows older than 365 days (dated by created_at)", "device_identifier", "", C, 1204),
        Violation(RESIDENCY, "warehouse/events#events", "categories.location.regions",
                  "location data resides in eu-west-1; allowed regions: cn-north-1", "location", "", R),
        Violation(UNDECLARED, "src/app/config.py", "assets[0].categories",
                  "holds device_identifier, which its owner (team-app) did not declare", "device_identifier",
                  "IMEI", C),
    ]


def hostile_inventory() -> Inventory:
    """Names, reasons and tags that try to inject markup, hide text or reorder it."""
    folder = f"evil/{HOSTILE}"
    path = f"{folder}/a\x1b[31m\"quoted\" & 'single'\u202etxt.exe"
    asset = Asset(path, FILE, folder, [record(
        path, "EMAIL<b>", "contact", C, 1, container=folder, tags=("<i>tag</i>",),
        reasons=("<img src=x onerror=alert(1)>", "line\nbreak\ttab\x00nul\x9b"),
    )])
    table = f"db#{HOSTILE}"
    column = column_asset(table, "c\udcff", "IMEI", "custom<cat>", R, 5)
    inventory = Inventory(f"{WHEN}<b>", (f"target {HOSTILE}",), [
        Container(folder, "folder", reasons=["</td></tr></table><script>alert(2)</script>"], assets=[asset]),
        Container(table, "table", "db", assets=[column]),
    ])
    return inventory


def hostile_violations() -> list[Violation]:
    return [Violation(SHARING, f"evil/{HOSTILE}", "rule<x>", 'message "quoted" <script>alert(3)</script>')]


def big_inventory(assets: int = 1000, containers: int = 50) -> Inventory:
    """``assets`` column assets spread over ``containers`` tables, levels and categories varied."""
    levels, categories = [R, C, INTERNAL, P], ["device_identifier", "contact", "location", "network_identifier"]
    tables = [Container(f"db#public.t{index:02d}", "table", "db") for index in range(containers)]
    for index in range(assets):
        table = tables[index % containers]
        table.assets.append(column_asset(table.id, f"col{index:04d}", f"ENTITY_{index % 7}", categories[index % 4],
                                         levels[(index // 3) % 4], 10 + index))
    return Inventory(WHEN, ("db",), tables)


# --- helpers -----------------------------------------------------------------------------------------


class _Structure(HTMLParser):
    """Collects ids, tags, attributes and text; checks that elements nest and close."""

    VOID = frozenset({"meta", "br", "wbr", "link", "img", "input", "hr"})  # HTML void elements; SVG self-closes

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        self.ids += [value or "" for name, value in attrs if name == "id"]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> _Structure:
    parser = _Structure()
    parser.feed(document)
    parser.close()
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack)
    return parser


def assert_self_contained(document: str) -> None:
    """Nothing that could reach the network: no script, no external reference of any kind."""
    structure = parse(document)
    assert not {"script", "link", "img", "iframe", "object", "embed", "image", "use", "base"} & set(structure.tags)
    for name, value in structure.attrs:
        if name in {"src", "href", "xlink:href", "action", "srcset", "poster", "data"}:
            assert value.startswith("#"), (name, value)
        assert not name.startswith("on"), name
    lowered = document.lower()
    for needle in ("http://", "https://", "//cdn", "@import", "@font-face", "url(http", "url(//", "url('", 'url("'):
        assert needle not in lowered, needle
    assert "default-src 'none'" in document  # the browser is told too


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/name`` byte for byte, or rewrite it when PIISCAN_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run with PIISCAN_UPDATE_GOLDEN=1 to create it")
    assert actual == path.read_bytes().decode("utf-8"), f"{name} differs; PIISCAN_UPDATE_GOLDEN=1 regenerates it"


def asset_cell(row: str) -> str:
    """The text of a row's first path cell (line-break hints removed)."""
    match = re.search(r'class="path">(.*?)</td>', row)
    assert match is not None, row
    return match.group(1).replace("<wbr>", "")


def rows(document: str, table_id: str) -> list[str]:
    """The ``<tr>`` elements of a table's body (the renderer writes one per line)."""
    body = document.split(f'id="{table_id}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [line for line in body.splitlines() if line.startswith("<tr")]


# --- content -----------------------------------------------------------------------------------------


def test_golden_sample_report() -> None:
    check_golden("report.html", render_html(sample_inventory(), sample_violations(), title="Sample inventory"))


def test_sections_and_self_contained() -> None:
    document = render_html(sample_inventory(), sample_violations())
    structure = parse(document)
    for section in ("overview", "summary", "by-sensitivity", "by-category", "charts", "chart-sensitivity",
                    "chart-category", "containers", "assets", "assets-table", "violations", "violations-table",
                    "footer"):
        assert section in structure.ids
    assert len(structure.ids) == len(set(structure.ids))
    assert_self_contained(document)
    assert document.startswith("<!DOCTYPE html>") and "<title>piiscan inventory</title>" in document
    assert f"piiscan {piiscan.__version__}" in document.split('<footer id="footer">')[1]
    for target in ("samples/repo", DB, "warehouse/events"):
        assert f"<li>{target}</li>" in document
    assert WHEN in document


def test_summary_counts_assets_records_and_findings() -> None:
    document = render_html(sample_inventory())
    by_level = document.split('id="by-sensitivity"')[1].split("</table>")[0]
    # restricted: containers 3 (数据, devices, events); assets 5 (用户 列表.txt, dev_hw, imei_md5, owner_phone,
    # device.lat); records 5; findings 4 + 980 + 1000 + 870 + 2917
    restricted = by_level.split('lvl-restricted">restricted</span></td>')[1].split("</tr>")[0]
    assert re.findall(r'class="num">([\d,]+)<', restricted) == ["3", "5", "5", "5,771"]
    by_category = document.split('id="by-category"')[1].split("</table>")[0]
    assert "Device identifiers" in by_category and "IMEI 1,981" in by_category
    cards = re.findall(r'<div class="card"><b>([\d,]+)</b><span>([^<]+)</span>', document)
    assert cards == [("5", "containers"), ("12", "assets"), ("14", "inventory records"),
                     ("12,201", "findings / values"), ("0", "policy violations")]


def test_assets_ranked_by_risk() -> None:
    inventory = sample_inventory()
    ranked = [a.id for a in rank_assets(inventory.assets)]
    devices = f"{DB}#public.devices"
    # restricted first; within restricted, two sensitive entities beat one, then the larger count
    assert ranked[:5] == ["数据/用户 列表.txt", "warehouse/events#events.device.lat", f"{devices}.imei_md5",
                          f"{devices}.dev_hw", f"{devices}.owner_phone"]
    assert ranked[-1] == "docs/README.md"  # public last
    table = rows(render_html(inventory), "assets-table")
    assert len(table) == len(ranked)
    assert [asset_cell(row) for row in table] == ranked
    first = table[0]
    assert "CN_RESIDENT_ID ×4" in first and "PHONE_NUMBER ×4" in first and 'lvl-restricted">restricted' in first
    hashed = next(row for row in table if "imei_md5" in row)
    assert '<span class="tag">hashed</span>' in hashed and "linkable: IMEI together" in hashed


def test_every_violation_with_its_reason() -> None:
    violations = sample_violations()
    document = render_html(sample_inventory(), violations)
    table = rows(document, "violations-table")
    assert len(table) == len(violations)
    assert [re.search(r"<tr><td>(\w+)</td>", row).group(1) for row in table] == [  # type: ignore[union-attr]
        "undeclared", "sharing", "hashing", "retention", "residency"]
    for violation in violations:
        assert any(escape(violation.message) in row and escape(violation.rule) in row for row in table)
    assert '<td class="num">1,204</td>' in document


def test_no_violations_says_so() -> None:
    document = render_html(sample_inventory())
    assert "No policy violations" in document.split('id="violations"')[1]
    assert 'id="violations-table"' not in document


def test_charts_draw_every_container_with_legends() -> None:
    document = render_html(sample_inventory())
    sensitivity = document.split('id="chart-sensitivity"')[1].split("</figure>")[0]
    assert sensitivity.count('<g class="bar">') == 5
    assert [label for label in re.findall(r'<ul class="legend">(.*?)</ul>', sensitivity)[0].split("</li>") if label]
    for level in ("restricted", "confidential", "internal", "public"):
        assert f'url(#fill-{level})' in sensitivity
        assert f'<pattern id="fill-{level}"' in document
    # the riskiest container first: the devices table has three restricted assets
    labels = re.findall(r'<title>([^<]*)</title>[^<]*</text>', sensitivity)
    assert labels[0].startswith(f"{DB}#public.devices (table in {DB})")
    category = document.split('id="chart-category"')[1].split("</figure>")[0]
    assert category.count('<g class="bar">') == 5
    for name in ("device_identifier", "contact", "location", "government_id", "financial"):
        assert f"{name}</li>" in category
    assert "4 records</text>" in category  # the devices table: four column records


def test_empty_inventory() -> None:
    document = render_html(Inventory(WHEN, ()))
    assert_self_contained(document)
    assert "No personal data found in the scanned targets." in document
    assert "nothing to chart" in document and "No assets with personal data." in document
    assert "No policy violations" in document
    assert "<svg class=\"bars\"" not in document


def test_thousand_assets_stay_readable() -> None:
    inventory = big_inventory()
    document = render_html(inventory)
    assert_self_contained(document)
    assert len(rows(document, "assets-table")) == MAX_ASSET_ROWS
    assert f"Showing the {MAX_ASSET_ROWS} riskiest of 1,000 assets" in document
    for chart in ("chart-sensitivity", "chart-category"):
        figure = document.split(f'id="{chart}"')[1].split("</figure>")[0]
        assert figure.count('<g class="bar">') == MAX_CHART_BARS + 1
        assert "others (30 containers)" in figure
    assert len(document) < 1_000_000


def test_output_depends_on_content_not_order() -> None:
    inventory, violations = sample_inventory(), sample_violations()
    expected = render_html(inventory, violations)
    assert render_html(inventory, violations) == expected
    shuffler = random.Random(7)
    for _ in range(3):
        containers = [Container(c.id, c.kind, c.parent, shuffler.sample(c.assets, len(c.assets)), c.reasons)
                      for c in shuffler.sample(inventory.containers, len(inventory.containers))]
        for container in containers:
            for asset in container.assets:
                asset.records = shuffler.sample(asset.records, len(asset.records))
        shuffled = Inventory(inventory.scanned_at, inventory.targets, containers)
        assert render_html(shuffled, shuffler.sample(violations, len(violations))) == expected


# --- escaping ----------------------------------------------------------------------------------------


def test_escape_markup_quotes_and_invisible_characters() -> None:
    assert escape('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert escape("a\x1b[31mb\x00\n\t\x9b") == "a\\x1b[31mb\\x00\\x0a\\x09\\x9b"
    assert escape("abc\u202etxt.exe\u2066") == "abc\\u202etxt.exe\\u2066"
    assert escape("file\udcff") == "file\\udcff"
    assert escape("数据/用户 列表.txt — ok") == "数据/用户 列表.txt — ok"


def test_user_derived_text_is_escaped_everywhere() -> None:
    document = render_html(hostile_inventory(), hostile_violations(), title="report <b>title</b>")
    document.encode("utf-8")  # lone surrogates were escaped
    assert_self_contained(document)
    assert "<script" not in document.lower() and "<img" not in document.lower() and "<i>" not in document
    assert "<b>title" not in document and "EMAIL<b>" not in document and "EMAIL&lt;b&gt;" in document
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in document
    assert "&lt;img src=x onerror=alert(1)&gt;" in document
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in document
    assert "\\x1b[31m&quot;quoted&quot; &amp; &#x27;single&#x27;\\u202etxt.exe" in document
    assert "line\\x0abreak\\x09tab\\x00nul\\x9b" in document
    assert "c\\udcff" in document and "custom&lt;cat&gt;" in document and "&lt;i&gt;tag&lt;/i&gt;" in document
    assert "<title>report &lt;b&gt;title&lt;/b&gt;</title>" in document
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", document)


# --- a real browser ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What headless chromium made of a page."""

    dom: str
    screenshot: bytes
    requests: list[str]  # URLs the page asked the network for (from chromium's net log)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI: .ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")
    return path


def _run_chromium(binary: str, profile: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,2000",
        *extra, url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _page_requests(net_log: Path) -> list[str]:
    """URLs of network requests made on behalf of a ``file://`` page (not chromium's own housekeeping)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params and "file://" in params.get("network_isolation_key", ""):
            urls.append(params["url"])
    return urls


def open_page(tmp_path: Path, document: str) -> Page:
    """Load ``document`` from a file in headless chromium: its DOM, a screenshot and its network requests."""
    binary = _chromium()
    page = tmp_path / "report.html"
    page.write_text(document, encoding="utf-8")
    shot, net_log = tmp_path / "report.png", tmp_path / "netlog.json"
    dom = _run_chromium(binary, tmp_path / "profile-dom", page.as_uri(), "--dump-dom").stdout
    _run_chromium(binary, tmp_path / "profile-shot", page.as_uri(), f"--screenshot={shot}",
                  f"--log-net-log={net_log}")
    return Page(dom, shot.read_bytes(), _page_requests(net_log))


def png_pixels(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Decode an 8-bit RGB or RGBA PNG with the standard library: width, height, rows, bytes per pixel."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride, previous, rows_out = width * bpp, bytes(width * bpp), []
    for row in range(height):
        start = row * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous, bpp)
        rows_out.append(line)
        previous = line
    return width, height, rows_out, bpp


def _unfilter(kind: int, line: bytearray, previous: bytes, bpp: int) -> bytes:
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    return bytes(line)


def colour_counts(data: bytes) -> dict[tuple[int, int, int], int]:
    """How many pixels of each RGB colour the screenshot has."""
    width, _, lines, bpp = png_pixels(data)
    counts: dict[tuple[int, int, int], int] = {}
    for line in lines:
        for x in range(0, width * bpp, bpp):
            rgb = (line[x], line[x + 1], line[x + 2])
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


def test_browser_renders_report_offline(tmp_path: Path) -> None:
    document = render_html(sample_inventory(), sample_violations(), title="Sample inventory")
    page = open_page(tmp_path, document)
    assert page.requests == []
    for section in ('id="overview"', 'id="summary"', 'id="charts"', 'id="chart-sensitivity"',
                    'id="chart-category"', 'id="assets"', 'id="violations"', 'id="footer"'):
        assert section in page.dom
    assert "<title>Sample inventory</title>" in page.dom
    assert page.dom.count('<g class="bar">') == 10
    assert "retention" in page.dom and "1,204 rows older than 365 days" in page.dom
    assert "<script" not in page.dom
    keep = os.environ.get("PIISCAN_REPORT_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(page.screenshot)
    width, height, _, _ = png_pixels(page.screenshot)
    assert (width, height) == (1280, 2000)
    colours = colour_counts(page.screenshot)
    assert len(colours) > 50  # text, badges and charts: not a blank page
    white = colours.get((255, 255, 255), 0)
    assert white < width * height * 0.95
    for hex_colour in ("#c62828", "#f59e0b", "#0277bd", "#9e9e9e"):  # every level's colour is on screen
        rgb = (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))
        assert colours.get(rgb, 0) > 200, hex_colour


def test_browser_keeps_hostile_names_as_text(tmp_path: Path) -> None:
    page = open_page(tmp_path, render_html(hostile_inventory(), hostile_violations()))
    assert page.requests == []
    assert "<script" not in page.dom and "<img" not in page.dom
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in page.dom
    assert page.dom.count("<section") == 4 and page.dom.count("<footer") == 1


def test_network_check_sees_external_references(tmp_path: Path) -> None:
    """The net-log check is not vacuous: a page with a CDN script and an image is caught."""
    page = open_page(tmp_path, '<!DOCTYPE html><html><body><p>x</p><img src="http://cdn.example.com/a.png">'
                               '<script src="https://cdn.example.org/lib.js"></script></body></html>')
    assert sorted(page.requests) == ["http://cdn.example.com/a.png", "https://cdn.example.org/lib.js"]
