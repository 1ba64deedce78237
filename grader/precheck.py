"""``grader.check()`` from a notebook or a Python prompt: the student's pre-check of the files
they are editing, graded exactly as ``grader check`` grades them (detection, editions, the
sandbox), shown as HTML in Jupyter or Colab and as the terminal report elsewhere."""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.results import GradeResult


@dataclass(frozen=True)
class Report:
    """A graded pre-check: ``result`` holds everything; Jupyter shows ``_repr_html_``."""

    result: GradeResult

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def passed(self) -> bool:
        return self.result.all_passed

    def __str__(self) -> str:
        from grader.formats import terminal

        return terminal.render(self.result, width=88)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from rich.console import Console

        from grader.formats import terminal

        console = Console(record=True, file=io.StringIO(), width=88, force_terminal=True,
                          color_system="truecolor", highlight=False)
        console.print(terminal.report(self.result), crop=False)
        return console.export_html(inline_styles=True, code_format=(
            '<pre class="grader-report" style="font-family: ui-monospace, Menlo, Consolas, '
            'monospace; font-size: 12px; line-height: 1.35">{code}</pre>'))


def check(*functions: str, path: str | Path = ".", assignment: str | None = None,
          seed: int | None = None, timeout: float | None = None) -> Report:
    """Grade the assignment in ``path`` (default: the notebook's folder), or only
    ``functions`` (``grader.check("svm_loss_naive")``, ``grader.check("TwoLayerNet")`` for
    all its methods), in the sandbox. The assignment and its edition are detected as
    ``grader check`` detects them unless ``assignment`` names one."""
    from dataclasses import replace

    from grader.detect import resolve
    from grader.grade import Options, grade_submission
    from grader.sandbox.backends import prestarted
    from grader.submission import open_submission

    options = Options(seed=seed, timeout=None if timeout is None else float(timeout))
    with open_submission(Path(path)) as sub, \
            prestarted(options.sandbox, sub.root, options.limits) as warm:
        spec = resolve(assignment, sub)
        options = replace(options, only=select(spec.spec.functions, functions))
        result = grade_submission(spec, sub, options, warm)
    return Report(result)


def select(graded: dict, wanted: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The graded functions ``wanted`` names: exact names, case aside, or a class for all its
    methods. An unknown name is a usage error that offers the closest ones."""
    chosen: list[str] = []
    lowered = {name.lower(): name for name in graded}
    for want in wanted:
        key = str(want).strip().lower()
        found = [lowered[key]] if key in lowered else [
            name for name in graded if name.lower().startswith(key + ".")]
        if not found:
            close = difflib.get_close_matches(str(want), list(graded), n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise UsageError(f"{want!r} is not a function this assignment grades{hint} "
                             f"(see `grader list`)")
        chosen += [name for name in found if name not in chosen]
    return tuple(chosen)
