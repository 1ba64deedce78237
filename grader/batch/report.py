"""``report.html``: one self-contained page about the class (no network needed to view it).

Inline SVG charts (the score histogram, how many students made each mistake, per-function
pass rates) and a table of students, sortable by clicking a column, linking to each
student's feedback. Everything is escaped; the page runs one small inline script (sorting).
"""

from __future__ import annotations

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
td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b00020}
"""

SORT_SCRIPT = """
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
"""


def render(title: str, summary: dict, rows: list[dict]) -> str:
    """``rows``: {student, name, score, max_score, failed (function names), feedback, result}."""
    scores = summary["scores"]
    facts = [("students", summary["students"]),
             ("mean", f"{scores['mean']:.4g} / {summary['max_score']:g}"),
             ("median", f"{scores['median']:.4g}"), ("full marks", scores["full_marks"]),
             ("zero", scores["zero"])]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}: class report</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        '<div class="facts">' + "".join(f"<div>{escape(k)}<b>{escape(str(v))}</b></div>"
                                        for k, v in facts) + "</div>",
        "<h2>Score distribution</h2>", histogram_svg(scores["histogram"]),
        "<h2>Mistakes, by the number of students who made them</h2>",
        mistakes_svg(summary["mistakes"]),
        "<h2>Pass rate per function</h2>", rates_svg(summary["functions"]),
        "<h2>Functions failing together</h2>", together_table(summary["failing_together"]),
        "<h2>Students</h2>", students_table(rows),
        f"<script>{SORT_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


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


def mistakes_svg(mistakes: list[dict], width: int = 640) -> str:
    shown = mistakes[:15]
    if not shown:
        return '<p id="mistakes">No mistakes were named.</p>'
    top = max(m["students"] for m in shown)
    row, height = 22, 22 * len(shown) + 10
    items = []
    for i, m in enumerate(shown):
        w = (width - 400) * m["students"] / top
        title = catalogue.CATALOGUE[m["id"]].title if m["id"] in catalogue.CATALOGUE else ""
        items.append(f'<text x="0" y="{i * row + 15}">{escape(m["id"])}</text>')
        items.append(f'<rect class="bar" x="250" y="{i * row + 4}" width="{w:.1f}" height="15" '
                     f'fill="#c2584a"><title>{escape(title)}</title></rect>')
        items.append(f'<text x="{255 + w:.1f}" y="{i * row + 15}">{m["students"]} '
                     f'({m["occurrences"]} checks)</text>')
    return (f'<svg id="mistakes" role="img" aria-label="mistake frequency" width="{width}" '
            f'height="{height}">{"".join(items)}</svg>')


def rates_svg(functions: dict[str, dict], width: int = 640) -> str:
    if not functions:
        return '<p id="rates">No functions were graded.</p>'
    row, height = 22, 22 * len(functions) + 10
    items = []
    for i, (name, rate) in enumerate(functions.items()):
        w = (width - 360) * rate["rate"]
        items.append(f'<text x="0" y="{i * row + 15}">{escape(name)}</text>')
        items.append(f'<rect x="290" y="{i * row + 4}" width="{width - 360}" height="15" '
                     'fill="#eee"></rect>')
        items.append(f'<rect class="bar" x="290" y="{i * row + 4}" width="{w:.1f}" height="15" '
                     'fill="#3d9a5b"></rect>')
        items.append(f'<text x="{width - 64}" y="{i * row + 15}">{100 * rate["rate"]:.0f}% '
                     f'({rate["passed"]}/{rate["of"]})</text>')
    return (f'<svg id="rates" role="img" aria-label="pass rate per function" width="{width}" '
            f'height="{height}">{"".join(items)}</svg>')


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
        body.append(
            f"<tr><td>{escape(r['student'])}</td><td>{escape(r['name'])}</td>"
            f'<td class="num" data-value="{r["score"]}">{r["score"]:g} / {r["max_score"]:g}</td>'
            f'<td class="num" data-value="{percent:.2f}">{percent:.0f}%</td>'
            f'<td class="bad">{escape(flag)}</td><td>{"late" if r.get("late") else ""}</td>'
            f'<td class="bad">{escape(failed)}</td><td>{link}</td></tr>')
    return ('<table id="students" class="sortable"><thead><tr><th>student</th><th>name</th>'
            "<th>score</th><th>percent</th><th>status</th><th>late</th>"
            "<th>failed functions</th><th>details</th></tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")
