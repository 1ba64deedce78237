"""What feedback on hidden inputs may say: only words the grader wrote.

Everything a submission controls can carry the hidden inputs out: exception messages and
class names, the file and line that raised or hung, exit statuses, printed text, the shapes,
types, keys and values it returns, how many entries differ, error ratios, and how long a call
took. So on hidden inputs a check's feedback is rebuilt from fixed text alone: whether it
passed, and for each catalogued mistake its title and fix. The public checks of the same
function show the details, on inputs the student may see.
"""

from __future__ import annotations

from dataclasses import replace

from grader import catalogue
from grader.checks.base import Verdict
from grader.results import Found

PASSED = "Passed on hidden inputs."
PARTLY = ("Partly right on hidden inputs: some of its outputs match. Details are not shown for "
          "hidden inputs; the public checks of this function show them.")
FAILED = ("Failed on hidden inputs. Details are not shown for hidden inputs; the public checks of "
          "this function show them.")


def redact(verdict: Verdict) -> Verdict:
    """The verdict with its words replaced by the grader's own (score and ids unchanged)."""
    mistakes = tuple(Found(m.id, _sentence(m.id)) for m in verdict.mistakes)
    head = PASSED if verdict.passed else (PARTLY if verdict.credit > 0 else FAILED)
    lines = [head] + [m.message for m in mistakes]
    return replace(verdict, output="\n".join(lines), mistakes=mistakes, evidence={})


def _sentence(mistake_id: str) -> str:
    try:
        return catalogue.sentence(mistake_id)
    except KeyError:
        return "A mistake the grader recognised (not shown on hidden inputs)."
