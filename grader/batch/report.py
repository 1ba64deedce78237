"""``report.html``: one self-contained page about the class (no network needed to view it).

Inline SVG charts (the score histogram, how many students made each mistake, per-function
pass rates) and a table of students, sortable by clicking a column, linking to each
student's feedback, with their mistake ids; each mistake expands to the students who made it
and what they were told; a filter box narrows the table. Everything is escaped; the page runs
one small inline script (sorting, filtering, opening a mistake's list).
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from urllib.parse import quote

from grader import catalogue

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#222;max-width:72rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.facts{display:flex;gap:2rem;flex-wrap:wrap}.facts div{background:#f3f5f8;padding:.6rem 1rem;
border-radius:6px}.facts b{display:block;font-size:1.3rem}
svg text{font-size:11px;fill:#333}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}
th{cursor:pointer;background:#f3f5f8;user-select:none}th:hover{background:#e3e8ef}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.bad{color:#b00020}
.ids code{background:#f6e9e7;padding:0 .25rem;border-radius:3px;margin-right:.2rem}
#filter{font-size:1rem;padding:.35rem .6rem;width:24rem;max-width:100%;margin:.4rem 0}
details{margin:.2rem 0}summary{cursor:pointer}details ul{margin:.2rem 0 .6rem 1rem}
details li{margin:.15rem 0}.said{color:#555}.meta{color:#555;font-size:.9rem}
tr.flagged td{background:#fff4f4}
"""

SORT_SCRIPT = r"""
document.querySelectorAll('table.sortable th').forEach(function (th, column) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.dataset.order !== 'asc'; th.dataset.order = up ? 'asc' : 'desc';
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.value || a.cells[column].textContent;
      var y = b.cells[column].dataset.value || b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? cmp : -cmp;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
var filter = document.getElementById('filter');
function applyFilter() {
  var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  document.querySelectorAll('#students tbody tr').forEach(function (row) {
    var text = row.textContent.toLowerCase();
    row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
  });
}
if (filter) {
  filter.addEventListener('input', applyFilter);
  var given = new URLSearchParams(location.search).get('filter');  // a link to a filtered view
  if (given) { filter.value = given; applyFilter(); }
}
function openMistake() {
  var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.tagName === 'DETAILS') target.open = true;
}
window.addEventListener('hashchange', openMistake); openMistake();
"""


def facts_of(results: dict[str, dict]) -> dict:
    """What graded the class: the grader's version, the edition(s), the seed ("hidden" for
    hidden inputs) and the date of this report."""
    values = list(results.values())
    editions = sorted({str(r.get("edition") or "") for r in values} - {""})
    seeds = sorted({"hidden" if r.get("hidden") else str(r.get("seed")) for r in values})
    versions = sorted({str(r.get("grader_version", "")) for r in values} - {""})
    return {"grader": ", ".join(versions) or "?", "edition": ", ".join(editions) or "-",
            "seed": ", ".join(seeds) or "-",
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def render(title: str, summary: dict, rows: list[dict], meta: dict | None = None) -> str:
    """``rows``: {student, name, score, max_score, failed (function names), messages (mistake
    id -> the first message about it), status, late, feedback, result}; ``meta``:
    ``facts_of``."""
    scores = summary["scores"]
    facts = [("students", summary["students"]),
             ("mean", f"{scores['mean']:.2f} / {summary['max_score']:g}"),
             ("median", f"{scores['median']:.2f}"), ("full marks", scores["full_marks"]),
             ("zero", scores["zero"]),
             ("not graded", sum(r.get("status", "graded") != "graded" for r in rows)),
             ("late", sum(bool(r.get("late")) for r in rows))]
    meta = meta or {}
    about = " · ".join(f"{k} {escape(str(meta[k]))}" for k in ("grader", "edition", "seed", "date")
                       if k in meta)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}: class report</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta" id="meta">{about}</p>' if about else "",
        '<div class="facts">' + "".join(f"<div>{escape(k)}<b>{escape(str(v))}</b></div>"
                                        for k, v in facts) + "</div>",
        "<h2>Score distribution</h2>", histogram_svg(scores["histogram"]),
        "<h2>Mistakes, by the number of students who made them</h2>",
        mistakes_svg(summary["mistakes"]), mistakes_lists(summary["mistakes"], rows),
        "<h2>Pass rate per function</h2>", rates_svg(summary["functions"]),
        "<h2>Functions failing together</h2>", together_table(summary["failing_together"]),
        "<h2>Students</h2>",
        '<input id="filter" type="search" placeholder="filter: a name, a mistake id, late, '
        'not graded" aria-label="filter the students">',
        students_table(rows),
        f"<script>{SORT_SCRIPT}</script></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _title(mistake: str) -> str:
    known = catalogue.CATALOGUE.get(mistake)
    return known.title if known else ""


def _text_width(text: str, size: float = 11.0) -> float:
    """A generous estimate of a label's width in px (system-ui at ``size`` px)."""
    return len(text) * size * 0.62


def mistakes_lists(mistakes: list[dict], rows: list[dict]) -> str:
    """One expandable entry per mistake: who made it, each with their feedback."""
    by_student = {r["student"]: r for r in rows}
    items = []
    for m in mistakes:
        title = _title(m["id"])
        who = []
        for student in m.get("who", []):
            row = by_student.get(student, {})
            said = row.get("messages", {}).get(m["id"], "")
            link = f'<a href="{quote(row["feedback"])}">{escape(student)}</a>' if row else \
                escape(student)
            who.append(f"<li>{link}" + (f' <span class="said">{escape(said[:300])}</span>'
                                        if said else "") + "</li>")
        items.append(f'<details id="mistake-{escape(m["id"])}"><summary><code>'
                     f'{escape(m["id"])}</code> {escape(title)} ({m["students"]} student'
                     f'{"s" if m["students"] != 1 else ""})</summary><ul>{"".join(who)}</ul>'
                     "</details>")
    return f'<div id="mistake-lists">{"".join(items)}</div>' if items else ""


def histogram_svg(bins: list[dict], width: int = 640, height: int = 220) -> str:
    top = max((b["count"] for b in bins), default=0) or 1
    bar = (width - 40) / max(len(bins), 1)
    items = []
    for i, b in enumerate(bins):
        h = (height - 50) * b["count"] / top
        x, y = 30 + i * bar, height - 30 - h
        items.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" '
                     f'height="{h:.1f}" fill="#4a78c2"><title>{b["from"]:g}-{b["to"]:g}: '
                     f'{b["count"]}</title></rect>')
        items.append(f'<text x="{x + bar / 2 - 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
                     f'{b["count"]}</text>')
        items.append(f'<text x="{x:.1f}" y="{height - 14}">{b["from"]:g}</text>')
    return (f'<svg id="histogram" role="img" aria-label="score histogram" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">{"".join(items)}</svg>')


def mistakes_svg(mistakes: list[dict], bar_width: int = 240) -> str:
    """Bars of how many students made each mistake; a label links to who they are. The
    drawing is as wide as its longest label needs (labels are never clipped)."""
    shown = mistakes[:15]
    if not shown:
        return '<p id="mistakes">No mistakes were named.</p>'
    top = max(m["students"] for m in shown)
    left = max(_text_width(m["id"]) for m in shown) + 12
    counts = [f'{m["students"]} ({m["occurrences"]} checks)' for m in shown]
    width = int(left + bar_width + 8 + max(_text_width(c) for c in counts) + 8)
    row, height = 22, 22 * len(shown) + 10
    items = []
    for i, m in enumerate(shown):
        w = bar_width * m["students"] / top
        title = _title(m["id"])
        items.append(f'<a href="#mistake-{escape(m["id"])}"><text x="0" y="{i * row + 15}">'
                     f'{escape(m["id"])}</text></a>')
        items.append(f'<rect class="bar" x="{left:.0f}" y="{i * row + 4}" width="{w:.1f}" '
                     f'height="15" fill="#c2584a"><title>{escape(title)}</title></rect>')
        items.append(f'<text x="{left + w + 5:.1f}" y="{i * row + 15}">{counts[i]}</text>')
    return (f'<svg id="mistakes" role="img" aria-label="mistake frequency" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">{"".join(items)}</svg>')


def rates_svg(functions: dict[str, dict], bar_width: int = 280) -> str:
    """Pass rate per function, in the spec's order; as wide as its labels need."""
    if not functions:
        return '<p id="rates">No functions were graded.</p>'
    labels = {name: f'{100 * r["rate"]:.0f}% ({r["passed"]}/{r["of"]})'
              for name, r in functions.items()}
    left = max(_text_width(n) for n in functions) + 12
    width = int(left + bar_width + 8 + max(_text_width(t) for t in labels.values()) + 8)
    row, height = 22, 22 * len(functions) + 10
    items = []
    for i, (name, rate) in enumerate(functions.items()):
        w = bar_width * rate["rate"]
        items.append(f'<text x="0" y="{i * row + 15}">{escape(name)}</text>')
        items.append(f'<rect x="{left:.0f}" y="{i * row + 4}" width="{bar_width}" height="15" '
                     'fill="#eee"></rect>')
        items.append(f'<rect class="bar" x="{left:.0f}" y="{i * row + 4}" width="{w:.1f}" '
                     'height="15" fill="#3d9a5b"></rect>')
        items.append(f'<text x="{left + bar_width + 8:.0f}" y="{i * row + 15}">'
                     f'{escape(labels[name])}</text>')
    return (f'<svg id="rates" role="img" aria-label="pass rate per function" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">{"".join(items)}</svg>')


def together_table(pairs: list[dict]) -> str:
    if not pairs:
        return "<p>No two functions failed together.</p>"
    body = "".join(f"<tr><td>{escape(' + '.join(p['functions']))}</td>"
                   f'<td class="num">{p["students"]}</td></tr>' for p in pairs)
    return ("<table><thead><tr><th>functions</th><th>students</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def students_table(rows: list[dict]) -> str:
    body = []
    for r in rows:
        link = f'<a href="{quote(r["feedback"])}">feedback</a> · ' \
               f'<a href="{quote(r["result"])}">json</a>'
        failed = ", ".join(r["failed"])
        percent = 100 * r["score"] / r["max_score"] if r["max_score"] else 0.0
        status = r.get("status", "graded")
        flag = "" if status == "graded" else (
            "not graded (the grader failed)" if status == "error" else "not graded")
        ids = "".join(f'<a href="#mistake-{escape(m)}"><code>{escape(m)}</code></a>'
                      for m in sorted(r.get("messages", {})) if m != "missing_function")
        flagged = ' class="flagged"' if flag else ""
        body.append(
            f"<tr{flagged}><td>{escape(r['student'])}</td><td>{escape(r['name'])}</td>"
            f'<td class="num" data-value="{r["score"]}">{r["score"]:g} / {r["max_score"]:g}</td>'
            f'<td class="num" data-value="{percent:.2f}">{percent:.0f}%</td>'
            f'<td class="bad">{escape(flag)}</td><td>{"late" if r.get("late") else ""}</td>'
            f'<td class="bad">{escape(failed)}</td><td class="ids">{ids}</td><td>{link}</td></tr>')
    return ('<table id="students" class="sortable"><thead><tr><th>student</th><th>name</th>'
            "<th>score</th><th>percent</th><th>status</th><th>late</th>"
            "<th>failed functions</th><th>mistakes</th><th>details</th></tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")
