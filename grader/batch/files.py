"""What a batch writes for each student, rendered where the student was graded (a batch
worker), so that the class's files need no pass over every result at the end."""

from __future__ import annotations

from grader.formats import terminal
from grader.formats.gradescope import gradescope
from grader.formats.results_json import dumps
from grader.results import GradeResult


def student_files(student: str, result: dict) -> dict[str, str]:
    """Relative path -> text: the native result, the same in Gradescope's format, and the
    feedback the student reads."""
    graded = GradeResult.from_dict(result)
    return {f"results/{student}.json": dumps(result),
            f"results/{student}.gradescope.json": dumps(gradescope(graded)),
            f"feedback/{student}.txt": feedback_text(graded)}


def feedback_text(result: GradeResult) -> str:
    """What the student reads: the report as ``grader check`` prints it (its same-inputs
    command whole, no trailing spaces), without notes about the grader's environment."""
    return terminal.render(result, width=80, staff=False)
