"""What every check kind shares: its context, the calls it plans, its verdict, and helpers that
turn a call's outcome into numbers or a named failure.

A check kind is two functions: ``plan(ctx) -> list[Call]`` says which calls the sandbox must
evaluate, and ``judge(ctx, calls, outcomes) -> Verdict`` decides, on the host, from plain data.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from grader import catalogue, tensors
from grader.compare import Comparison, compare
from grader.inputs import draw
from grader.legacy import legacy_hint
from grader.loops import LoopEvidence
from grader.outputs import OutputProblem, flatten, normalize, split, with_arguments
from grader.results import Found
from grader.sandbox.session import Outcome
from grader.seeds import rng_for
from grader.variants import Variant

ERROR_IDS = {"timeout", "crash", "memory_limit", "import_error", "syntax_error", "not_text",
             "missing_function", "python2_code", "numpy2_removed_api"}


@dataclass(frozen=True)
class Call:
    """One evaluation the check needs: ``function(**args)`` in the sandbox."""

    function: str
    args: dict
    """Named inputs: the function's parameters and the instance attributes it needs."""
    label: str = ""
    return_args: bool = False
    """Ask for the arguments as they are after the call (mutation evidence)."""
    autograd: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """(inputs differentiated, upstream gradients): the call returns their ``.grad`` after
    back-propagating through it (a torch sandbox)."""


@dataclass(frozen=True)
class Verdict:
    passed: bool
    output: str
    mistakes: tuple[Found, ...] = ()
    evidence: dict = field(default_factory=dict)
    credit: float = 0.0
    """For a failed check: the share of its points still earned (see ``partial_points``)."""

    @property
    def is_error(self) -> bool:
        return any(m.id in ERROR_IDS for m in self.mistakes)


@dataclass(frozen=True)
class Context:
    """Everything a check may know: the spec, the seed, the reference, the static evidence."""

    assignment: str
    function: str
    spec: object
    """The function's FunctionSpec."""
    check: object
    """This check's spec model."""
    index: int
    seed: int
    hidden: bool
    reference: Callable
    variants: tuple[Variant, ...] = ()
    loops: Mapping = field(default_factory=dict)
    """Function name -> list of LoopEvidence (for located functions)."""
    specs: dict = field(default_factory=dict)
    """All functions' specs, for checks that call another function."""
    reference_for: Callable | None = None
    """module:function -> the reference function (for checks that need more than one)."""
    framework: str = "numpy"
    """"torch": outputs must be tensors of the inputs' dtype and device (see grader.tensors)."""
    device: str = "cpu"
    accepted: tuple[Variant, ...] = ()
    """Harmless variations of the reference that pass (their ``mistake`` says what they are)."""
    module: str = ""
    """How the student imports the graded function from their submission's root
    (``course.classifiers.losses``), ``notebook:NAME`` for a notebook, "" when unknown."""
    signatures: dict = field(default_factory=dict)
    """The pack's ``SIGNATURES``: a numeric signature's name (grader.diagnose.SIGNATURES) ->
    the mistake id it means in this pack."""

    def rng(self, *labels: object) -> np.random.Generator:
        return rng_for(self.seed, self.assignment, self.function, self.index, *labels)

    def inputs(self, case: dict, *labels: object, recipe: str | None = None) -> dict:
        return draw(recipe or self.spec.recipe, case, self.rng(*labels))

    def declared(self, args: dict) -> dict:
        """The function's own inputs (parameters and instance attributes) out of a recipe's."""
        return {k: args[k] for k in self.spec.inputs if k in args}

    def check_reference(self, target: str):
        """Another reference function named in the check's spec (``module:function``)."""
        if self.reference_for is None:
            raise AssertionError("this context has no reference package")
        return self.reference_for(target)

    def run_reference(self, fn: Callable, args: dict) -> object:
        """``fn`` (the reference or a variant) on a private copy of ``args``; outputs that are
        arguments updated in place are read from that copy."""
        named = copy.deepcopy(self.declared(args))
        with warnings.catch_warnings():  # a variant's nan on a 1-element case is its business
            warnings.simplefilter("ignore", RuntimeWarning)
            return with_arguments(fn(**named), self.outputs, named)

    def outputs_for(self, function: str) -> list:
        return self.specs[function].outputs if function != self.function else self.outputs

    def expected(self, args: dict) -> tuple:
        """The reference outputs on (a private copy of) ``args``, normalized like the student's."""
        value = self.run_reference(self.reference, args)
        result = normalize(value, self.outputs, args)
        if isinstance(result, OutputProblem):
            raise AssertionError(f"the reference returned bad outputs: {result.message}")
        return result

    def normalize(self, value: object, args: dict, function: str | None = None) -> tuple | OutputProblem:
        outputs = self.specs[function].outputs if function and function != self.function \
            else self.outputs
        if self.framework == "torch":
            value = tensors.check_outputs(value, outputs, self.device)
            if isinstance(value, OutputProblem):
                return value
        return normalize(value, outputs, args)

    def flatten(self, values: tuple) -> list[tuple[str, np.ndarray]]:
        return flatten(self.outputs, values)

    @property
    def outputs(self) -> list:
        """The outputs this check compares (a check may look at another mode of the function)."""
        return getattr(self.check, "outputs", None) or self.spec.outputs

    @property
    def lib(self) -> str:
        """How a pasted call writes arrays: ``np`` or ``torch``."""
        return "torch" if self.framework == "torch" else "np"

    def output_names(self) -> list[str]:
        return [o.name for o in self.outputs if o.kind != "opaque"]

    def tolerance(self) -> tuple[float, float]:
        """(rtol, atol) for comparing values: the check's own, or the value check's defaults
        for checks that judge something else (a backward check's directional error)."""
        return float(getattr(self.check, "rtol", 1e-7)), float(getattr(self.check, "atol", 0.0))

    def mistake_ids(self) -> set[str]:
        return {v.mistake for v in self.variants}


# --------------------------------------------------------------------------- helpers


def partial_points(points: float, credit: float) -> float:
    """The partial-credit policy, one rule for every check: a check that compares several
    outputs (loss and dW; loss and each entry of grads) gives each output an equal share of
    its points, earned when that output matches on every input of the check; the total is
    rounded down to half a point. Anything that stops the comparison (a crash, a timeout, the
    wrong type or shape, the starter's placeholder) earns nothing, and so does nan/inf."""
    return math.floor(points * max(0.0, min(credit, 1.0)) * 2) / 2


def one_call_per_case(ctx: Context, label: str) -> list[Call]:
    """The usual plan: the graded function once on each of the check's cases."""
    return [Call(ctx.function, ctx.inputs(case, label, i), str(i))
            for i, case in enumerate(ctx.check.cases)]


def found(mistake_id: str, observed: str) -> Found:
    """A catalogue mistake with what was observed, then what it is and the fix."""
    if mistake_id not in catalogue.CATALOGUE:
        raise LookupError(f"the mistake id {mistake_id!r} is not in the catalogue: declare it "
                          "in the pack's MISTAKES = {id: (title, fix)}")
    return Found(mistake_id, f"{observed.rstrip('.')}. {catalogue.sentence(mistake_id)}")


def examine(ctx: Context, call: Call, outcome: Outcome) -> tuple | Found:
    """The call's outputs as float64, or the named reason there are none."""
    if outcome.status == "timeout":
        return found("timeout", outcome.detail)
    if outcome.status == "crashed":
        return found("crash", outcome.detail)
    if outcome.status == "overused":
        return found("too_many_evaluations", outcome.detail)
    if outcome.status == "missing":
        return found("missing_function", outcome.detail)
    if outcome.status == "bad_reply":
        detail = "the sandbox sent back something that is not plain data" if ctx.hidden \
            else outcome.detail
        return found("wrong_output_type", detail)
    legacy = legacy_hint(*_error_words(outcome)) if outcome.error else None
    if outcome.status == "import_failed":
        if legacy:
            return found(legacy[0], f"importing the file failed: {legacy[1]} "
                                    f"({_trace(outcome, False)})")
        return found("import_error", f"importing the file failed: {_trace(outcome, False)}")
    if outcome.status == "raised":
        if legacy:
            return found(legacy[0], f"{call.function}() raised {_trace(outcome, ctx.hidden)}: "
                                    f"{legacy[1]}")
        kind = "memory_limit" if outcome.error and outcome.error["type"] == "MemoryError" else "crash"
        if ctx.framework == "torch" and tensors.device_error(_error_words(outcome)[1]):
            return found("hard_coded_device", f"{call.function}() raised "
                         f"{_trace(outcome, ctx.hidden)}: the grader runs on {ctx.device}")
        return found(kind, f"{call.function}() raised {_trace(outcome, ctx.hidden)}")
    value = outcome.value
    outputs = ctx.outputs_for(call.function)
    if any(o.from_arg for o in outputs):
        params = ctx.specs[call.function].params
        value = with_arguments(value, outputs, dict(zip(params, outcome.args_after or [])))
    result = ctx.normalize(value, call.args, call.function)
    if isinstance(result, OutputProblem):
        mistake = shaped_like_a_variant(ctx, call, value) or result.mistake
        if ctx.hidden:  # type names and shapes are the student's choice: they could carry data
            return found(mistake, f"{call.function}(): {HIDDEN_WORDS[result.mistake]}")
        return found(mistake, f"{call.function}(): {result.message}")
    return result


def shaped_like_a_variant(ctx: Context, call: Call, value: object) -> str | None:
    """The catalogued mistake whose outputs are exactly what the student returned, when that
    cannot be compared as declared (a gradient summed over the wrong axis has the wrong
    shape): the mistake keeps its own id rather than a generic "wrong shape"."""
    if call.function != ctx.function:
        return None
    outputs = ctx.outputs
    if ctx.framework == "torch":  # the tensors' values (their dtype was not the problem)
        value = tensors.plain(value)
    mine = split(value, len(outputs))
    if mine is None:
        return None
    rtol, atol = ctx.tolerance()

    def same(fn) -> bool:
        try:
            theirs = split(ctx.run_reference(fn, call.args), len(outputs))
        except Exception:  # noqa: BLE001 - a variant that cannot run here names nothing
            return False
        return theirs is not None and all(spec.kind == "opaque" or _same_plain(a, b, rtol, atol)
                                          for spec, a, b in zip(outputs, mine, theirs))

    if same(ctx.reference):  # the right values (a dtype or grad problem): no value mistake
        return None
    return next((v.mistake for v in ctx.variants if same(v.fn)), None)


def _same_plain(actual: object, expected: object, rtol: float, atol: float) -> bool:
    """Equal shapes and close values, for arrays, numbers and dicts of them."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            _same_plain(actual[k], expected[k], rtol, atol) for k in expected)
    try:
        a = np.asarray(actual, dtype=np.float64)
        b = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=max(rtol, 1e-9), atol=atol))


HIDDEN_WORDS = {
    "returns_none": "an output is None",
    "wrong_output_type": "an output has the wrong type (details are not shown on hidden inputs)",
    "wrong_output_shape": "an output has the wrong shape (details are not shown on hidden inputs)",
    "dtype_changed": "an output tensor's dtype differs from the inputs'",
    "hard_coded_device": "an output tensor is on another device than the inputs",
    "output_requires_grad": "an output tensor requires grad",
}


def _error_words(outcome: Outcome) -> tuple[str, str]:
    error = outcome.error or {}
    return str(error.get("type", "")), str(error.get("message", ""))


def _trace(outcome: Outcome, hidden: bool) -> str:
    """The exception and the student's frames. On hidden inputs the message is left out: the
    student's code chooses it, and could write the hidden inputs into it."""
    error = outcome.error or {}
    kind = error.get("type", "an error")
    if hidden:
        return f"{kind} at {error.get('where') or 'an unknown line'} (message hidden on hidden inputs)"
    text = f"{kind}: {error.get('message', '')}".strip()
    frames = error.get("traceback") or []
    return text + ("\n    " + "\n    ".join(frames[-3:]) if frames else "")


def fmt(x: float) -> str:
    return f"{x:.6g}"


DECLARATION = {"inputs"}  # the declared recipe's input forms: the same for every case


def describe_case(ctx: Context, case: dict) -> str:
    """The input in words: shapes and parameters, marked hidden where it is (a declared
    recipe's sizes and per-case settings, not its declaration)."""
    shown = {k: v for k, v in case.items() if k not in DECLARATION}
    shown.update(case.get("set") or {})
    shown.pop("set", None)
    text = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in shown.items())
    return f"a hidden input ({text})" if ctx.hidden else f"the input {text}"


def describe_mismatch(ctx: Context, name: str, comp: Comparison) -> str:
    """What differs, with numbers; values only when the inputs are public."""
    if comp.problem:
        return f"{name} has {comp.problem}"
    if comp.size <= 1:
        if ctx.hidden:
            return f"{name} differs from the expected value (relative error {comp.rel_error:.2e})"
        return (f"{name}: expected {fmt(comp.expected_at_worst)}, got {fmt(comp.actual_at_worst)} "
                f"(relative error {comp.rel_error:.2e})")
    where = list(comp.worst_index)
    text = (f"{name}: {comp.mismatched} of {comp.size} entries differ "
            f"({100 * comp.mismatched_fraction:.0f}%); cs231n rel_error {comp.rel_error:.2e}")
    if not ctx.hidden:
        text += (f"; largest error at {where}: expected {fmt(comp.expected_at_worst)}, "
                 f"got {fmt(comp.actual_at_worst)}")
    return text


def compare_all(ctx: Context, actual: tuple, expected: tuple) -> list[tuple[str, Comparison]]:
    """(label, comparison) for every compared output (dict outputs: one per key)."""
    mine, theirs = ctx.flatten(actual), dict(ctx.flatten(expected))
    rtol, atol = ctx.tolerance()
    return [(name, compare(a, theirs[name], rtol, atol)) for name, a in mine if name in theirs]


def mismatches(ctx: Context, comps: list[tuple[str, Comparison]]) -> list[str]:
    return [describe_mismatch(ctx, name, c) for name, c in comps if not c.passed]


def printed_note(ctx: Context, outcomes: list[Outcome]) -> str:
    """What the student's code printed, for public checks only (it may echo hidden inputs)."""
    if ctx.hidden:
        return ""
    text = "".join(o.printed for o in outcomes if o.printed)
    if not text:
        return ""
    clipped = text[:600] + ("\n... (more output cut)" if len(text) > 600 else "")
    # each line marked as the student's, so that printed text cannot pass for the grader's
    return "\nYour code printed:\n" + "\n".join("  | " + line for line in clipped.splitlines())


def loops_text(evidence: list[LoopEvidence], limit: int = 3) -> str:
    shown = "; ".join(str(e) for e in evidence[:limit])
    more = f" and {len(evidence) - limit} more" if len(evidence) > limit else ""
    return shown + more


def failed_on(ctx: Context, case: dict, problems: list[Found]) -> Verdict:
    """The failing verdict for ``problems`` observed on ``case``."""
    text = f"On {describe_case(ctx, case)}: " + "; ".join(p.message for p in problems)
    return Verdict(False, text, tuple(problems))


def proxy_records(outcome, name: str) -> tuple[list, Found | None]:
    """The recorded calls of one proxy, and a crash if any of them failed."""
    records = [r for r in outcome.callbacks if r.name == name]
    failed = [r for r in records if r.error]
    return records, (found("crash", failed[0].error) if failed else None)


def record_arg(record, index: int, name: str):
    """A proxy call's argument, passed by position or by name."""
    return record.args[index] if len(record.args) > index else record.kwargs.get(name)
