"""The student's report in the terminal, rendered to a string (so tests can pin it)."""

from __future__ import annotations

import io
import re

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from grader.reproduce import CODE_MARK
from grader.results import GradeResult, TestResult

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text from a submission as the terminal should show it: no escape sequences (colours,
    cursor moves, a cleared screen) and no bidirectional overrides, each shown as '?'."""
    return CONTROL.sub("?", str(text))


MARKS = {"passed": ("✓", "green"), "failed": ("✗", "red"), "error": ("!", "magenta")}


def render(result: GradeResult, width: int = 80, color: bool = False, staff: bool = True,
           again: str | None = None) -> str:
    """The report as text at ``width`` columns (ANSI colours only when ``color``; the grader's
    own notes only for ``staff``, the person running it; ``again``: the command that grades
    the same inputs again, where it is not the usual one, e.g. with ``--bundle``)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, color_system="standard"
                      if color else None, highlight=False, soft_wrap=False)
    console.print(report(result, staff, again), crop=False)  # a copyable command stays whole
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def report(result: GradeResult, staff: bool = True, again: str | None = None) -> Group:
    """The whole report; ``staff=False`` for feedback a student reads on an LMS (no notes about
    the grader's own environment). A summary first (one line per function), then the details
    of what did not pass: a file that could not be read or imported once, not per check."""
    functions = result.functions()
    parts: list = [_header(result, staff), Text(""), _summary(functions)]
    broken: dict[tuple, list[str]] = {}
    for function, tests in functions.items():
        problem = _file_problem(function, tests)
        if problem is not None:
            broken.setdefault(problem, []).append(function)
    for (mistake, _), names in broken.items():
        parts += [Text(""), _broken_file(mistake, names, functions)]
    shown = {name for names in broken.values() for name in names}
    absent: dict[str, list[str]] = {}
    for function, tests in functions.items():
        word = _word(tests)[0]
        if any(t.unchecked for t in tests):  # a pre-check bundle cannot run these
            absent.setdefault("later", []).append(function)
        if word in ABSENT and word != "later":  # not attempted: named once, with the others
            absent.setdefault(word, []).append(function)
        elif function not in shown and word not in ("passed", "later"):
            parts += [Text(""), _function(function, [t for t in tests if not t.unchecked])]
    for word, names in absent.items():
        parts += [Text(""), Text.assemble((f"{ABSENT[word]}: ", "bold"), ", ".join(names))]
    parts.append(Text(""))
    parts.append(_footer(result, again))
    return Group(*parts)


FILE_LEVEL = ("syntax_error", "import_error")
ABSENT = {"missing": "Not found in the submission",
          "not started": "Not implemented yet (still the starter's code)",
          "later": "Graded by the course's grader (this pre-check cannot run their checks: "
                   "the reference on values your code chooses)"}


def _file_problem(function: str, tests: list[TestResult]) -> tuple[str, str] | None:
    """(id, message) when every check of ``function`` failed because its file could not be
    parsed or imported (the message with the function's name taken out, so that the
    functions of one broken file share it), else None."""
    for only in FILE_LEVEL:
        if tests and all(any(m.id == only for m in t.mistakes) for t in tests):
            message = next(m.message for m in tests[0].mistakes if m.id == only)
            return only, message.replace(function, "\0")
    return None


def _word(tests: list[TestResult]) -> tuple[str, str]:
    """One word (and its colour) for a function in the summary."""
    ids = [{m.id for m in t.mistakes} for t in tests]
    if all(t.passed for t in tests):
        return "passed", "green"
    if all(t.passed or t.unchecked for t in tests):
        return ("passed" if any(t.passed for t in tests) else "later"), "dim"
    for only, word in (("missing_function", "missing"), ("not_implemented", "not started"),
                       ("syntax_error", "syntax error"), ("import_error", "import error")):
        if all(only in i for i in ids):
            return word, "red"
    if any(t.status == "error" for t in tests):
        return "error", "magenta"
    return ("partial", "yellow") if any(t.score > 0 for t in tests) else ("failed", "red")


def _summary(functions: dict[str, list[TestResult]]) -> Table:
    table = Table.grid(expand=True, padding=(0, 1))
    table.add_column(ratio=1)
    table.add_column()
    table.add_column(justify="right")
    for function, tests in functions.items():
        word, colour = _word(tests)
        table.add_row(Text(function), Text(word, style=colour),
                      Text(_points(sum(t.score for t in tests), sum(t.max_score for t in tests)),
                           style=f"bold {colour}"))
    return table


def _broken_file(mistake: str, names: list[str], functions: dict) -> Group:
    """One block for the functions of a file that cannot be parsed or imported."""
    score = sum(t.score for n in names for t in functions[n])
    top = sum(t.max_score for n in names for t in functions[n])
    what = "has a syntax error" if mistake == "syntax_error" else "could not be imported"
    head = _heading(Text(f"{', '.join(names)}: the file {what}", style="bold"), score, top,
                    "bold red")
    first = functions[names[0]][0]
    output = safe(first.output).partition(CODE_MARK)[0].strip()
    if any(output.rstrip(".") in safe(m.message) for m in first.mistakes):
        output = ""  # the mistake's line below says it all
    details: list = [Text(output, style="dim")] if output else []
    details += _mistake_lines(output, first.mistakes, "magenta")
    more = sum(len(functions[n]) for n in names) - 1
    if more:
        details.append(Text(f"(the same for the {more} other check{'s' if more != 1 else ''} "
                            f"of {'these functions' if len(names) > 1 else 'this function'})",
                            style="dim"))
    return Group(head, Padding(Group(*details), (0, 0, 0, 6)))


def _header(result: GradeResult, staff: bool) -> Group:
    scope = ("hidden inputs (values are not shown)" if result.hidden
             else f"public inputs, seed {result.seed}")
    title = result.assignment_title + (f" · {result.edition} edition" if result.edition and
                                       result.edition not in result.assignment_title else "")
    lines = [Text(title, style="bold"),
             Text(f"{safe(result.submission)} · {scope} · {result.backend} sandbox", style="dim")]
    notes = [*result.notes, *(result.staff_notes if staff else ())]
    lines += [Text(f"note: {safe(n)}", style="yellow") for n in notes]
    return Group(*lines)


def _points(score: float, max_score: float) -> str:
    return f"{score:g}/{max_score:g}"


def _heading(left: Text, score: float, top: float, style: str) -> Table:
    """A line with ``left`` and the points flush right."""
    line = Table.grid(expand=True, padding=(0, 1))
    line.add_column(ratio=1)
    line.add_column(justify="right")
    line.add_row(left, Text(_points(score, top), style=style))
    return line


def _function(function: str, tests: list[TestResult]) -> Group:
    """A function that did not pass (the summary names the others): its checks."""
    style = "bold green" if all(t.passed for t in tests) else "bold red"
    head = _heading(Text(function, style="bold"), sum(t.score for t in tests),
                    sum(t.max_score for t in tests), style)
    return Group(head, *(_test(test) for test in tests))


def _mistake_lines(output: str, mistakes, colour: str) -> list[Text]:
    """Each mistake's id, and its message unless ``output`` already says it."""
    lines = []
    for m in mistakes:
        message = safe(m.message)
        said = bool(output) and message in output
        lines.append(Text.assemble((f"[{m.id}]" + ("" if said else " "), f"bold {colour}"),
                                   "" if said else message))
    return lines


def _test(test: TestResult) -> Group:
    mark, colour = MARKS[test.status]
    line = Table.grid(expand=True, padding=(0, 1))
    line.add_column(width=3, justify="right")
    line.add_column(ratio=1)
    line.add_column(justify="right")
    title = test.name.split(": ", 1)[-1] + (" (extra credit)" if test.extra_credit else "")
    line.add_row(Text(mark, style=colour), Text(title), Text(_points(test.score, test.max_score)))
    if test.passed:
        return Group(line)
    details: list = []
    output, _, code = safe(test.output).partition(CODE_MARK)
    if output:
        details.append(Text(output, style="dim"))
    details += _mistake_lines(output, test.mistakes, colour)
    parts: list = [line, Padding(Group(*details), (0, 0, 0, 6))]
    if code:  # flush left and unwrapped, so that it pastes into Python as it is
        parts += [Padding(Text(CODE_MARK.strip(), style="dim"), (0, 0, 0, 6)),
                  Text(code, no_wrap=True, overflow="ignore")]
    return Group(*parts)


def _footer(result: GradeResult, again: str | None = None) -> Text | Group:
    scope = "hidden" if result.hidden else "public"
    total = f"Total {_points(result.score, result.max_score)}"
    extra = [t for t in result.tests if t.extra_credit]
    if extra:  # inside the score, outside the total
        total += (f" (with {result.extra_credit:g} of "
                  f"{sum(t.max_score for t in extra):g} extra credit points)")
    if result.status != "graded":
        why = "the grader failed (not your fault)" if result.status == "error" else \
            "the submission could not be graded (see the note above)"
        return Text(f"{total}: {why}.", style="bold red")
    later = (f" ({result.unchecked} more need the course's grader)" if result.unchecked
             else "")
    if result.all_passed:
        return Text(f"{total}: all {scope} checks passed{later}.", style="bold green")
    failed = sum(not t.passed and not t.unchecked and not t.extra_credit for t in result.tests)
    tail = "" if result.hidden else " Hidden checks may still differ when you submit."
    text = Text(f"{total}: {failed} {scope} check{'s' if failed != 1 else ''} failed{later}."
                f"{tail}",
                style="bold red")
    if result.hidden:
        return text
    command = again or (f"grader check {safe(result.submission)} --assignment "
                        f"{result.assignment}{'@' + result.edition if result.edition else ''} "
                        f"--seed {result.seed}")
    # the command on a line of its own, never wrapped: it is copied as it is
    return Group(text, Text("Same inputs again:", style="dim"),
                 Text(command, style="dim", no_wrap=True, overflow="ignore"))
