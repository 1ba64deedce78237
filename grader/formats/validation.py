"""``grader validate``'s table, rendered for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from grader.validate import Validation


def terminal_validation(result: Validation) -> Group:
    table = Table(title=f"{result.assignment}: catalogued mistakes", title_justify="left")
    for column in ("function", "mistake id", "caught", "named", "points lost", "fails"):
        table.add_column(column, justify="right" if column == "points lost" else "left")
    for row in result.rows:
        named = "yes" if row.correctly_named else f"no: {', '.join(row.named) or 'nothing'}"
        table.add_row(row.function, row.mistake + (f" ({row.label})" if row.label != "0" else ""),
                      "yes" if row.caught else "NO", named, f"{row.points_lost:g}",
                      ", ".join(row.failed))
    lines: list = [table]
    bad = {f: why for f, why in result.reference.items() if why}
    lines.append(Text(f"reference: {len(result.reference) - len(bad)} of {len(result.reference)} "
                      "functions pass with every tolerance divided by 10",
                      style="red" if bad else "green"))
    lines += [Text(f"  {f}: {why}", style="red") for f, why in bad.items()]
    for form, why in result.accepted.items():
        lines.append(Text(f"accepted variation {form}: " + (f"FAILS ({why})" if why else
                                                              "full marks"),
                          style="red" if why else "green"))
    for f, why in result.skipped.items():
        lines.append(Text(f"not validated here: {f} ({why})", style="dim"))
    if result.starter is not None:
        score, top = result.starter
        lines.append(Text(f"starter code: {score:g}/{top:g}", style="red" if score else "green"))
    else:
        lines.append(Text("starter code: not checked (none given or found)", style="yellow"))
    lines.append(Text(f"mutation score: {100 * result.mutation_score:.0f}% "
                      f"({sum(r.caught and r.correctly_named for r in result.rows)} of "
                      f"{len(result.rows)} caught and named)",
                      style="bold green" if result.ok else "bold red"))
    return Group(*lines)
