"""The self-contained HTML report of an inventory (``piiscan inventory --output report.html``).

One document, readable offline: inline CSS and SVG charts drawn here, no script, and nothing to
fetch (no font, image, stylesheet or CDN); a ``Content-Security-Policy`` of ``default-src 'none'``
tells the browser so as well. Sections, top to bottom:

* overview: targets, scan time, totals and the highest sensitivity;
* summary by sensitivity and by category (assets, inventory records and findings counted);
* two charts, one stacked horizontal bar per container: its assets by highest sensitivity, and
  its records by category (the 20 riskiest containers, the rest summed into an "others" bar);
* the assets ranked by risk (see :func:`risk_key`; the first 200 rows);
* every policy violation with its rule and evidence;
* a footer with the piiscan version.

Sensitivity is told apart by colour (restricted red, confidential amber, internal blue, public
grey), by a fill pattern in the charts and by its name in the tables. Every string that comes
from a scan (paths, table names, reasons, messages, the targets) goes through :func:`escape`.
The output depends only on the inventory's content: not on the clock, nor on the order of its
containers, assets or violations.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import piiscan
from piiscan.inventory.model import Asset, Container, Inventory, Record
from piiscan.model import Sensitivity
from piiscan.policy.model import KINDS, Violation

MAX_ASSET_ROWS = 200
"""Rows of the ranked-assets table; the inventory file lists every asset."""

MAX_CHART_BARS = 20
"""Containers drawn as their own bar; the rest are summed into one "others" bar."""

LEVELS: tuple[Sensitivity, ...] = tuple(sorted(Sensitivity, reverse=True))
"""Sensitivity levels, highest first: the order of every table, legend and stacked bar."""

SENSITIVITY_COLOURS: Mapping[Sensitivity, str] = {
    Sensitivity.RESTRICTED: "#c62828",
    Sensitivity.CONFIDENTIAL: "#f59e0b",
    Sensitivity.INTERNAL: "#0277bd",
    Sensitivity.PUBLIC: "#9e9e9e",
}

# Text drawn on a level's colour, and the pattern laid over it (also readable without colour).
_LEVEL_INK = {
    Sensitivity.RESTRICTED: "#ffffff", Sensitivity.CONFIDENTIAL: "#1f2937",
    Sensitivity.INTERNAL: "#ffffff", Sensitivity.PUBLIC: "#1f2937",
}
_LEVEL_PATTERN = {
    Sensitivity.RESTRICTED: '<path d="M0 0L8 8M8 0L0 8" stroke="#fff" stroke-opacity=".55" stroke-width="1.4"/>',
    Sensitivity.CONFIDENTIAL: '<path d="M-2 2L2-2M0 8L8 0M6 10L10 6" stroke="#fff" stroke-opacity=".6" '
                              'stroke-width="1.6"/>',
    Sensitivity.INTERNAL: '<circle cx="4" cy="4" r="1.4" fill="#fff" fill-opacity=".6"/>',
    Sensitivity.PUBLIC: "",
}

# Categories in a fixed order (most sensitive kinds first) with fixed colours, so a category looks
# the same in every report; categories a user adds take the spare colours in name order.
CATEGORY_COLOURS: Mapping[str, str] = {
    "government_id": "#8e44ad",
    "financial": "#e67e22",
    "location": "#2e7d32",
    "device_identifier": "#1565c0",
    "subscriber_identifier": "#00838f",
    "advertising_identifier": "#ad1457",
    "contact": "#f9a825",
    "network_identifier": "#6d4c41",
    "person": "#546e7a",
}
_SPARE_COLOURS = ("#7cb342", "#5c6bc0", "#d81b60", "#26a69a", "#8d6e63", "#78909c", "#c0ca33", "#ab47bc")

# Shown escaped (like the terminal report): C0/C1 control characters, which could hide or fake
# text; bidirectional marks and overrides, which could reorder a file name ("Trojan Source");
# lone surrogates (undecodable file names), which cannot be written as UTF-8.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape(value: object) -> str:
    """``value`` as HTML text or attribute content: unsafe characters shown as ``\\xNN``, markup escaped."""
    text = _UNSAFE.sub(_escape_char, str(value))
    return html.escape(text, quote=True)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _path(value: str) -> str:
    """``value`` escaped, with a line-break opportunity after each ``/`` and ``#`` (long paths wrap there)."""
    return "<wbr>".join(escape(part) for part in re.split(r"(?<=[/#])", value) if part)


# --- ranking -----------------------------------------------------------------------------------------


def sensitive_entities(asset: Asset) -> int:
    """Distinct entities of ``asset`` whose records are ``confidential`` or above."""
    return len({r.entity for r in asset.records if r.sensitivity >= Sensitivity.CONFIDENTIAL})


def asset_count(asset: Asset) -> int:
    """Findings (a file) or matching sampled values (a column) over all of the asset's entities."""
    return sum(r.count for r in asset.records)


def risk_key(asset: Asset) -> tuple[int, int, int, str]:
    """Sort key, riskiest first: highest sensitivity, then sensitive entities, then counts, then id."""
    return (-asset.sensitivity, -sensitive_entities(asset), -asset_count(asset), asset.id)


def rank_assets(assets: Iterable[Asset]) -> list[Asset]:
    """``assets`` ordered by :func:`risk_key`, the riskiest first."""
    return sorted(assets, key=risk_key)


def _level_counts(container: Container) -> tuple[int, ...]:
    """Assets of ``container`` per highest sensitivity, in :data:`LEVELS` order."""
    return tuple(sum(1 for a in container.assets if a.sensitivity == level) for level in LEVELS)


def rank_containers(containers: Iterable[Container]) -> list[Container]:
    """Containers with the most restricted assets first, then confidential ..., then by id."""
    return sorted(containers, key=lambda c: (tuple(-n for n in _level_counts(c)), c.id))


# --- page --------------------------------------------------------------------------------------------


def render_html(inventory: Inventory, violations: Sequence[Violation] = (), *, title: str = "piiscan inventory") -> str:
    """The HTML report of ``inventory`` and its policy ``violations``, as one self-contained document."""
    ordered = _canonical(inventory)
    body = "\n".join([
        _pattern_defs(),
        _overview(ordered, violations, title),
        _nav(),
        "<main>",
        _summary_section(ordered),
        _charts_section(ordered),
        _assets_section(ordered),
        _violations_section(violations),
        "</main>",
        _footer(ordered),
    ])
    return f"{_head(title)}\n<body>\n{body}\n</body>\n</html>\n"


def _canonical(inventory: Inventory) -> Inventory:
    """The same inventory with containers, assets and records in a fixed order."""
    containers = [
        Container(c.id, c.kind, c.parent, [_sorted_asset(a) for a in sorted(c.assets, key=lambda a: a.id)],
                  list(c.reasons))
        for c in sorted(inventory.containers, key=lambda c: (c.id, c.kind, c.parent))
    ]
    return Inventory(inventory.scanned_at, inventory.targets, containers)


def _sorted_asset(asset: Asset) -> Asset:
    records = sorted(asset.records, key=lambda r: (-r.sensitivity, -r.count, r.entity, r.category))
    return Asset(asset.id, asset.kind, asset.container, records)


_CSS = """
:root{color-scheme:light;--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--panel:#f8fafc}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Liberation Sans","DejaVu Sans","Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif}
header,nav,main,footer{max-width:1320px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 6px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:22px 0 6px}
p.lead{font-size:16px;margin:6px 0 14px}
.muted,.note{color:var(--muted)}
.note{font-size:13px;margin:6px 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0 14px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
ul.targets{margin:0;padding:0;list-style:none}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:130px}
.card b{display:block;font-size:22px}
.card span{color:var(--muted);font-size:12px}
nav{margin-top:8px;font-size:13px}
nav a{color:#0369a1;margin-right:14px;text-decoration:none}
.grid2{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:8px 32px;align-items:start}
#by-sensitivity{width:min-content}
.nowrap{white-space:nowrap}
@media (max-width:1100px){.grid2{grid-template-columns:minmax(0,1fr)}}
td.key{white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{background:var(--panel);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.path{overflow-wrap:break-word;font-family:ui-monospace,"DejaVu Sans Mono","WenQuanYi Micro Hei Mono",
monospace;font-size:12px}
#assets-table td.path{min-width:11em}
#assets-table td:last-child{min-width:14em}
tr.others td{font-style:italic}
.lvl{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;white-space:nowrap}
.lvl-restricted{background:#c62828;color:#fff}
.lvl-confidential{background:#f59e0b;color:#1f2937}
.lvl-internal{background:#0277bd;color:#fff}
.lvl-public{background:#e0e0e0;color:#1f2937}
.ent{display:inline-block;white-space:nowrap;margin:0 6px 2px 0;padding-left:5px;border-left:4px solid #9e9e9e}
.ent.e-restricted{border-color:#c62828}
.ent.e-confidential{border-color:#f59e0b}
.ent.e-internal{border-color:#0277bd}
.tag{display:inline-block;background:#eef2ff;color:#3730a3;border-radius:10px;padding:0 7px;margin:0 4px 2px 0;
font-size:12px}
ul.reasons{margin:0;padding-left:16px;font-size:12px;color:#374151}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:6px 0;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
figure.chart{margin:8px 0 24px}
.chart svg.bars{display:block;width:100%;max-width:1200px;height:auto}
svg.swatch{vertical-align:-2px}
.chart text{font-family:system-ui,"Noto Sans","Liberation Sans","DejaVu Sans","WenQuanYi Micro Hei",sans-serif}
details{margin:8px 0}
summary{cursor:pointer;color:#0369a1}
.empty{background:var(--panel);border:1px dashed #cbd5e1;border-radius:8px;padding:14px;color:var(--muted)}
.kinds span{margin-right:14px}
footer{margin-top:40px;padding-top:12px;padding-bottom:24px;border-top:1px solid var(--line);color:var(--muted);
font-size:12px}
@media print{nav{display:none}h2{break-after:avoid}tr{break-inside:avoid}}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="piiscan {escape(piiscan.__version__)}">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>"
    )


def _pattern_defs() -> str:
    """The fill patterns of the levels, defined once and referenced by every chart and swatch."""
    patterns = "".join(
        f'<pattern id="fill-{level.label}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{SENSITIVITY_COLOURS[level]}"/>{_LEVEL_PATTERN[level]}</pattern>'
        for level in LEVELS
    )
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">'
        f"<defs>{patterns}</defs></svg>"
    )


def _badge(level: Sensitivity) -> str:
    return f'<span class="lvl lvl-{level.label}">{level.label}</span>'


def _num(count: int) -> str:
    return f"{count:,}"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


# --- overview ----------------------------------------------------------------------------------------


def _overview(inventory: Inventory, violations: Sequence[Violation], title: str) -> str:
    assets = inventory.assets
    records = inventory.records
    highest = max((a.sensitivity for a in assets), default=None)
    targets = "".join(f"<li>{escape(t)}</li>" for t in inventory.targets) or '<li class="muted">none</li>'
    cards = [
        (_num(len(inventory.containers)), "containers"),
        (_num(len(assets)), "assets"),
        (_num(len(records)), "inventory records"),
        (_num(sum(r.count for r in records)), "findings / values"),
        (_num(len(violations)), "policy violations"),
    ]
    cards_html = "".join(f'<div class="card"><b>{value}</b><span>{label}</span></div>' for value, label in cards)
    highest_html = _badge(highest) if highest is not None else '<span class="muted">no personal data</span>'
    return (
        f'<header id="overview">\n<h1>{escape(title)}</h1>\n<p class="lead">{_lead(inventory, violations)}</p>\n'
        f'<dl class="meta"><dt>Targets</dt><dd><ul class="targets">{targets}</ul></dd>'
        f"<dt>Scanned at</dt><dd>{escape(inventory.scanned_at) or '—'}</dd>"
        f"<dt>Highest sensitivity</dt><dd>{highest_html}</dd></dl>\n"
        f'<div class="cards">{cards_html}</div>\n</header>'
    )


def _lead(inventory: Inventory, violations: Sequence[Violation]) -> str:
    assets = inventory.assets
    if not assets:
        text = "No personal data found in the scanned targets."
    else:
        restricted = sum(1 for a in assets if a.sensitivity == Sensitivity.RESTRICTED)
        text = (f"{_plural(len(assets), 'asset')} in {_plural(len(inventory.containers), 'container')} "
                f"hold personal data; {_num(restricted)} {'is' if restricted == 1 else 'are'} restricted.")
    if violations:
        text += f" {_plural(len(violations), 'policy violation')}."
    return text


def _nav() -> str:
    links = [("summary", "Summary"), ("charts", "Charts"), ("assets", "Assets by risk"),
             ("violations", "Policy violations")]
    return "<nav>" + "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in links) + "</nav>"


# --- summary -----------------------------------------------------------------------------------------


def _summary_section(inventory: Inventory) -> str:
    return (
        '<section id="summary">\n<h2>Summary</h2>\n'
        '<p class="note">An asset is a file or a table column; its sensitivity is the highest of its records '
        "(one record per asset and entity). Count: findings in files plus matching sampled values in columns.</p>\n"
        f'<div class="grid2">{_sensitivity_table(inventory)}{_category_table(inventory)}</div>\n</section>'
    )


def _sensitivity_table(inventory: Inventory) -> str:
    assets, records = inventory.assets, inventory.records
    rows = []
    for level in LEVELS:
        level_records = [r for r in records if r.sensitivity == level]
        rows.append(
            f"<tr><td>{_badge(level)}</td>"
            f'<td class="num">{_num(sum(1 for c in inventory.containers if c.assets and c.sensitivity == level))}</td>'
            f'<td class="num">{_num(sum(1 for a in assets if a.sensitivity == level))}</td>'
            f'<td class="num">{_num(len(level_records))}</td>'
            f'<td class="num">{_num(sum(r.count for r in level_records))}</td></tr>'
        )
    return (
        '<div id="by-sensitivity"><h3>By sensitivity</h3><table><thead><tr><th>Sensitivity</th>'
        '<th class="num">Containers</th><th class="num">Assets</th><th class="num">Records</th>'
        '<th class="num">Count</th></tr></thead><tbody>'
        + "".join(rows)
        + '</tbody></table><p class="note">Containers and assets are counted at their highest level, records '
        "at their own.</p></div>"
    )


def _category_names() -> dict[str, str]:
    from piiscan.taxonomy import categories

    return {key: fields.get("name", "") for key, fields in categories().items()}


def _entity_totals(records: Iterable[Record]) -> str:
    """``IMEI 980, IMSI 12``: counts per entity, the largest first."""
    totals: dict[str, int] = {}
    for record in records:
        totals[record.entity] = totals.get(record.entity, 0) + record.count
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f'<span class="nowrap">{escape(entity)} {_num(count)}</span>' for entity, count in ordered)


def _category_row(category: str, records: Sequence[Record], name: str, colour: str) -> str:
    named = f'<br><span class="muted">{escape(name)}</span>' if name else ""
    return (
        f'<tr><td class="key">{_swatch(colour)} {escape(category)}{named}</td>'
        f"<td>{_badge(max(r.sensitivity for r in records))}</td>"
        f'<td class="num">{_num(len({r.asset for r in records}))}</td>'
        f'<td class="num">{_num(len(records))}</td>'
        f'<td class="num">{_num(sum(r.count for r in records))}</td><td>{_entity_totals(records)}</td></tr>'
    )


def _category_table(inventory: Inventory) -> str:
    by_category: dict[str, list[Record]] = {}
    for record in inventory.records:
        by_category.setdefault(record.category, []).append(record)
    names = _category_names()
    colours = _category_colours(by_category)
    ordered = sorted(by_category.items(), key=lambda item: (-max(r.sensitivity for r in item[1]), -len(item[1]),
                                                             item[0]))
    rows = "".join(_category_row(c, records, names.get(c, ""), colours[c]) for c, records in ordered)
    body = rows or '<tr><td colspan="6" class="muted">No categories: no personal data found.</td></tr>'
    return (
        '<div id="by-category"><h3>By category</h3><table><thead><tr><th>Category</th><th>Highest</th>'
        '<th class="num">Assets</th><th class="num">Records</th><th class="num">Count</th>'
        f"<th>Entities</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


# --- charts ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Series:
    """One stacked segment kind: a level or a category."""

    key: str
    fill: str  # SVG paint
    ink: str  # text colour on it
    halo: str  # solid colour behind that text (keeps it readable over a pattern)


@dataclass(frozen=True, slots=True)
class _Bar:
    """One container's row (or the "others" row)."""

    label: str
    note: str
    values: tuple[int, ...]
    others: bool = False


_CHART_WIDTH, _LABEL_WIDTH, _PLOT_WIDTH = 1000, 290, 540
_ROW, _BAR, _TOP, _AXIS = 28, 18, 8, 40
_LABEL_CHARS = 40


def _level_series() -> list[_Series]:
    return [
        _Series(level.label, f"url(#fill-{level.label})", _LEVEL_INK[level], SENSITIVITY_COLOURS[level])
        for level in LEVELS
    ]


def _category_colours(categories: Iterable[str]) -> dict[str, str]:
    """Fixed colours for known categories; spare colours for the others, in name order."""
    present = set(categories)
    unknown = sorted(present - set(CATEGORY_COLOURS))
    colours = {c: CATEGORY_COLOURS[c] for c in CATEGORY_COLOURS if c in present}
    for index, category in enumerate(unknown):
        colours[category] = _SPARE_COLOURS[index % len(_SPARE_COLOURS)]
    return colours


def _ink(colour: str) -> str:
    """White or dark text, whichever reads better on ``colour`` (``#rrggbb``)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#1f2937" if 299 * red + 587 * green + 114 * blue > 150_000 else "#ffffff"


def _category_order(categories: Iterable[str]) -> list[str]:
    present = set(categories)
    return [c for c in CATEGORY_COLOURS if c in present] + sorted(present - set(CATEGORY_COLOURS))


def _charts_section(inventory: Inventory) -> str:
    containers = rank_containers(c for c in inventory.containers if c.assets)
    if not containers:
        return ('<section id="charts">\n<h2>Charts</h2>\n<p class="empty">No containers with personal data: '
                "nothing to chart.</p>\n</section>")
    shown, rest = containers[:MAX_CHART_BARS], containers[MAX_CHART_BARS:]
    note = ""
    if rest:
        note = (f'<p class="note">The {len(shown)} containers with the most sensitive assets are drawn; the other '
                f"{_plural(len(rest), 'container')} {'is' if len(rest) == 1 else 'are'} summed in the last bar.</p>")
    return (
        '<section id="charts">\n<h2>Charts</h2>\n'
        '<p class="note">One bar per container (a folder of files, or a table), the riskiest first, in the same '
        "order in both charts. Hover a bar for its numbers; the table below lists them.</p>\n"
        + note + _sensitivity_chart(shown, rest) + "\n" + _category_chart(shown, rest) + "\n"
        + _container_table(containers) + "\n</section>"
    )


def _container_note(container: Container) -> str:
    where = f" in {container.parent}" if container.parent else ""
    return f"{container.kind}{where}"


def _others_bar(rest: Sequence[Container], values: tuple[int, ...]) -> list[_Bar]:
    if not rest:
        return []
    return [_Bar(f"others ({_plural(len(rest), 'container')})", "", values, others=True)]


def _sum_columns(rows: Iterable[tuple[int, ...]], width: int) -> tuple[int, ...]:
    totals = [0] * width
    for row in rows:
        for index, value in enumerate(row):
            totals[index] += value
    return tuple(totals)


def _sensitivity_chart(shown: Sequence[Container], rest: Sequence[Container]) -> str:
    bars = [_Bar(c.id, _container_note(c), _level_counts(c)) for c in shown]
    bars += _others_bar(rest, _sum_columns((_level_counts(c) for c in rest), len(LEVELS)))
    series = _level_series()
    return _figure(
        "chart-sensitivity", "Sensitivity by container", "assets, by their highest sensitivity",
        _legend(series, [level.label for level in LEVELS]), _stacked_bars("sensitivity", bars, series, "asset"),
    )


def _category_counts(container: Container, order: Sequence[str]) -> tuple[int, ...]:
    counts = {category: 0 for category in order}
    for asset in container.assets:
        for record in asset.records:
            counts[record.category] += 1
    return tuple(counts[category] for category in order)


def _category_chart(shown: Sequence[Container], rest: Sequence[Container]) -> str:
    order = _category_order(r.category for c in [*shown, *rest] for a in c.assets for r in a.records)
    colours = _category_colours(order)
    series = [_Series(c, colours[c], _ink(colours[c]), colours[c]) for c in order]
    bars = [_Bar(c.id, _container_note(c), _category_counts(c, order)) for c in shown]
    bars += _others_bar(rest, _sum_columns((_category_counts(c, order) for c in rest), len(order)))
    return _figure(
        "chart-category", "Category by container", "inventory records (asset × entity), by category",
        _legend(series, order), _stacked_bars("category", bars, series, "record"),
    )


def _figure(chart_id: str, heading: str, unit: str, legend: str, svg: str) -> str:
    return (
        f'<figure class="chart" id="{chart_id}">\n<h3>{heading}</h3>\n'
        f'<p class="note">Bar length: {unit}.</p>\n{legend}\n{svg}\n</figure>'
    )


def _swatch(fill: str) -> str:
    return (f'<svg class="swatch" width="14" height="14" aria-hidden="true">'
            f'<rect width="14" height="14" rx="2" fill="{fill}"/></svg>')


def _legend(series: Sequence[_Series], labels: Sequence[str]) -> str:
    items = "".join(f"<li>{_swatch(s.fill)}{escape(label)}</li>" for s, label in zip(series, labels, strict=True))
    return f'<ul class="legend">{items}</ul>'


def _ticks(maximum: int) -> tuple[int, int]:
    """A round step (1, 2, 5, 10, 20 ...) and the axis end, a multiple of it, for values up to ``maximum``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * 5 >= maximum:
                return step, max(step, -(-maximum // step) * step)
        magnitude *= 10


def _short(label: str) -> str:
    """``label`` cut to fit the label column, keeping its end (the table or innermost folder)."""
    if len(label) <= _LABEL_CHARS:
        return label
    head = _LABEL_CHARS // 3
    return label[:head] + "…" + label[len(label) - (_LABEL_CHARS - head - 1):]


def _stacked_bars(name: str, bars: Sequence[_Bar], series: Sequence[_Series], noun: str) -> str:
    regular = [b for b in bars if not b.others] or list(bars)
    step, end = _ticks(max((sum(b.values) for b in regular), default=0))
    height = _TOP + _ROW * len(bars) + _AXIS
    parts = [
        f'<svg class="bars" width="{_CHART_WIDTH}" height="{height}" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'role="img" aria-label="{escape(name)} by container" font-size="12">',
        _grid(step, end, height),
    ]
    for index, bar in enumerate(bars):
        y = _TOP + index * _ROW
        if bar.others:  # set the summed bar apart
            parts.append(f'<line x1="0" y1="{y - 5}" x2="{_CHART_WIDTH}" y2="{y - 5}" stroke="#9ca3af" '
                         'stroke-dasharray="4 3"/>')
        parts.append(_bar_row(bar, series, y, end, noun))
    parts.append("</svg>")
    return "\n".join(parts)


def _x(value: int, end: int) -> float:
    return _LABEL_WIDTH + _PLOT_WIDTH * value / end


def _grid(step: int, end: int, height: int) -> str:
    axis_y = height - _AXIS + 4
    lines = []
    for tick in range(0, end + 1, step):
        x = f"{_x(tick, end):.1f}"
        lines.append(f'<line x1="{x}" y1="{_TOP - 4}" x2="{x}" y2="{axis_y}" stroke="#e5e7eb"/>'
                     f'<text x="{x}" y="{axis_y + 14}" text-anchor="middle" fill="#6b7280">{_num(tick)}</text>')
    return "".join(lines)


def _bar_row(bar: _Bar, series: Sequence[_Series], y: int, end: int, noun: str) -> str:
    total = sum(bar.values)
    own_scale = bar.others and total > end  # a long "others" bar fills the plot instead of squashing the rest
    if own_scale:
        end = total
    label_title = escape(f"{bar.label} ({bar.note})" if bar.note else bar.label)
    style = ' font-style="italic"' if bar.others else ""
    parts = [
        f'<g class="bar"><text x="{_LABEL_WIDTH - 8}" y="{y + _BAR - 5}" text-anchor="end" fill="#1f2937"{style}>'
        f"<title>{label_title}</title>{escape(_short(bar.label))}</text>"
    ]
    offset = 0
    for item, value in zip(series, bar.values, strict=True):
        if value:
            parts.append(_segment(bar.label, item, value, offset, y, end, noun))
        offset += value
    parts.append(f'<text x="{_x(total, end) + 6:.1f}" y="{y + _BAR - 5}" fill="#1f2937" font-weight="600">'
                 f"{_plural(total, noun)}{' (own scale)' if own_scale else ''}</text></g>")
    return "".join(parts)


def _segment(label: str, item: _Series, value: int, offset: int, y: int, end: int, noun: str) -> str:
    x0, x1 = _x(offset, end), _x(offset + value, end)
    width = x1 - x0
    text = ""
    digits = _num(value)
    if width >= 10 + 7 * len(digits):
        text = (f'<text x="{(x0 + x1) / 2:.1f}" y="{y + _BAR - 5}" text-anchor="middle" fill="{item.ink}" '
                f'font-size="11" font-weight="700" stroke="{item.halo}" stroke-width="4" paint-order="stroke">'
                f"{digits}</text>")
    tip = escape(f"{label} — {item.key}: {_plural(value, noun)}")
    return (f'<rect x="{x0:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{item.fill}" stroke="#fff" '
            f'stroke-width="1"><title>{tip}</title></rect>{text}')


def _container_table(containers: Sequence[Container]) -> str:
    rows = []
    for container in containers:
        counts = _level_counts(container)
        reasons = _reason_list(container.reasons)
        rows.append(
            f'<tr><td class="path">{_path(container.id)}</td><td>{escape(_container_note(container))}</td>'
            f"<td>{_badge(container.sensitivity)}</td>"
            + "".join(f'<td class="num">{_num(n)}</td>' for n in counts)
            + f"<td>{reasons}</td></tr>"
        )
    heads = "".join(f'<th class="num">{level.label}</th>' for level in LEVELS)
    return (
        f'<details id="containers"><summary>All {_plural(len(containers), "container")} as a table, with '
        "their escalations</summary><table><thead><tr><th>Container</th><th>Kind</th><th>Highest</th>"
        f"{heads}<th>Escalations</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


# --- assets ------------------------------------------------------------------------------------------


def _reason_list(reasons: Iterable[str]) -> str:
    unique = list(dict.fromkeys(reasons))
    if not unique:
        return ""
    return '<ul class="reasons">' + "".join(f"<li>{escape(r)}</li>" for r in unique) + "</ul>"


def _entities_cell(asset: Asset) -> str:
    return "".join(
        f'<span class="ent e-{r.sensitivity.label}" title="{escape(r.category)}, {r.sensitivity.label}">'
        f"{escape(r.entity)} ×{_num(r.count)}</span>"
        for r in asset.records
    )


def _tags_cell(asset: Asset) -> str:
    tags = sorted({t for r in asset.records for t in r.tags})
    return "".join(f'<span class="tag">{escape(t)}</span>' for t in tags)


def _asset_row(rank: int, asset: Asset) -> str:
    return (
        f'<tr><td class="num">{rank}</td><td class="path">{_path(asset.id)}</td><td>{escape(asset.kind)}</td>'
        f'<td class="path">{_path(asset.container)}</td><td>{_badge(asset.sensitivity)}</td>'
        f'<td>{_entities_cell(asset)}</td><td class="num">{_num(asset_count(asset))}</td>'
        f"<td>{_tags_cell(asset)}</td><td>{_reason_list(r for rec in asset.records for r in rec.reasons)}</td></tr>"
    )


def _assets_section(inventory: Inventory) -> str:
    ranked = rank_assets(inventory.assets)
    intro = (
        '<p class="note">Risk order: highest sensitivity first; then the number of distinct sensitive entities '
        "(records at confidential or above); then the findings or matching values; then the asset name.</p>"
    )
    if not ranked:
        return (f'<section id="assets">\n<h2>Assets ranked by risk</h2>\n{intro}\n'
                '<p class="empty">No assets with personal data.</p>\n</section>')
    shown = ranked[:MAX_ASSET_ROWS]
    cap = ""
    if len(ranked) > len(shown):
        cap = (f'<p class="note" id="assets-cap">Showing the {len(shown):,} riskiest of {len(ranked):,} assets; '
               "the JSON, CSV or Parquet inventory lists every one.</p>")
    rows = "\n".join(_asset_row(rank, asset) for rank, asset in enumerate(shown, start=1))
    return (
        f'<section id="assets">\n<h2>Assets ranked by risk</h2>\n{intro}\n{cap}\n'
        '<table id="assets-table"><thead><tr><th class="num">#</th><th>Asset</th><th>Kind</th><th>Container</th>'
        '<th>Sensitivity</th><th>Entities (count)</th>'
        '<th class="num" title="findings in a file, matching sampled values in a column">Count</th><th>Tags</th>'
        f"<th>Reasons and escalations</th></tr></thead><tbody>\n{rows}\n</tbody></table>\n</section>"
    )


# --- violations --------------------------------------------------------------------------------------


def _violation_key(violation: Violation) -> tuple[int, int, str, str, str, str]:
    kind = KINDS.index(violation.kind) if violation.kind in KINDS else len(KINDS)
    return (kind, -violation.sensitivity, violation.kind, violation.asset, violation.rule, violation.message)


def _violation_row(violation: Violation) -> str:
    what = " / ".join(escape(part) for part in (violation.category, violation.entity) if part)
    count = "" if violation.count is None else _num(violation.count)
    return (
        f"<tr><td>{escape(violation.kind)}</td><td class=\"path\">{_path(violation.asset)}</td>"
        f'<td class="path">{escape(violation.rule)}</td><td>{escape(violation.message)}</td>'
        f'<td>{_badge(violation.sensitivity)}</td><td>{what}</td><td class="num">{count}</td></tr>'
    )


def _violations_section(violations: Sequence[Violation]) -> str:
    if not violations:
        return ('<section id="violations">\n<h2>Policy violations</h2>\n'
                '<p class="empty">No policy violations: no policy was checked, or every asset complies.</p>\n'
                "</section>")
    ordered = sorted(violations, key=_violation_key)
    kinds: dict[str, int] = {}
    for violation in ordered:
        kinds[violation.kind] = kinds.get(violation.kind, 0) + 1
    by_kind = "".join(f"<span><b>{_num(n)}</b> {escape(kind)}</span>" for kind, n in kinds.items())
    rows = "\n".join(_violation_row(v) for v in ordered)
    return (
        f'<section id="violations">\n<h2>Policy violations</h2>\n<p class="kinds">{by_kind}</p>\n'
        '<table id="violations-table"><thead><tr><th>Kind</th><th>Asset</th><th>Rule</th><th>Evidence</th>'
        '<th>Sensitivity</th><th>Category / entity</th><th class="num">Count</th></tr></thead><tbody>\n'
        f"{rows}\n</tbody></table>\n</section>"
    )


def _footer(inventory: Inventory) -> str:
    return (
        f'<footer id="footer">Generated by piiscan {escape(piiscan.__version__)} from the inventory of '
        f"{escape(inventory.scanned_at) or 'an unknown time'}. Self-contained: no scripts, nothing fetched. "
        "No raw values: entities, counts and reasons only.</footer>"
    )
