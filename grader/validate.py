"""``grader validate``: prove an assignment spec before any student sees it.

- The reference scores 100% with a margin: every check still passes with its tolerances
  divided by ten.
- Every catalogued variant (a known mistake) loses points, and is named with its own id and
  no other (warnings from zero-point checks aside).
- The starter code, when the spec names it, scores 0.

Reference code and variants are evaluated on the host, in-process: this is the instructor's
tool and no student code is involved. Constructors and training loops are judged from an
instance and its recorded proxy calls, which need a real submission; they are listed as such
and are covered by the fixture suite.
"""

from __future__ import annotations

import copy
import difflib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from grader import catalogue, tensors
from grader.assignment import Assignment
from grader.errors import SpecError
from grader.grade import Options, grade, run_checks
from grader.sandbox.session import ModuleRef, Outcome
from grader.submission import Definition, Located
from grader.variants import Variant


def needs_submission(kind: str) -> bool:
    """The check kind judges the submission's own behaviour (see CheckKind)."""
    from grader.checks import KINDS

    return bool(getattr(KINDS[kind], "needs_submission", False))


@dataclass(frozen=True)
class VariantRow:
    function: str
    mistake: str
    label: str
    points_lost: float
    named: tuple[str, ...]
    """Every id the grader named for the function (zero-point warnings excluded)."""
    failed: tuple[str, ...] = ()
    """The check kinds it failed (pinned by a golden table: what each mistake trips)."""

    @property
    def caught(self) -> bool:
        return self.points_lost > 0

    @property
    def correctly_named(self) -> bool:
        return self.named == (self.mistake,)


def table_text(result: Validation) -> str:
    """The validation table as plain text (one line a variant), for golden files and logs."""
    lines = [f"# {result.assignment}: function | mistake (form) | points lost | failed checks | "
             "named"]
    for r in result.rows:
        lines.append(f"{r.function} | {r.mistake} ({r.label}) | {r.points_lost:g} | "
                     f"{', '.join(r.failed)} | {', '.join(r.named)}")
    return "\n".join(lines) + "\n"


@dataclass
class Validation:
    assignment: str
    reference: dict[str, str] = field(default_factory=dict)
    """Function -> "" when the reference passes with margin, else what failed."""
    rows: list[VariantRow] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    starter: tuple[float, float] | None = None
    accepted: dict[str, str] = field(default_factory=dict)
    """"function: form" -> "" when the accepted variation scores full marks, else what failed."""

    @property
    def mutation_score(self) -> float:
        good = sum(r.caught and r.correctly_named for r in self.rows)
        return good / len(self.rows) if self.rows else 1.0

    @property
    def ok(self) -> bool:
        return (not any(self.reference.values()) and self.mutation_score == 1.0
                and not any(self.accepted.values())
                and (self.starter is None or self.starter[0] == 0))


class HostSession:
    """Stands in for the sandbox: evaluates implementations on the host, by function name."""

    def __init__(self, assignment: Assignment, table: dict[str, object]) -> None:
        self.specs, self.table = assignment.spec.functions, table
        self.torch = assignment.spec.framework == "torch"

    def call(self, module: ModuleRef, qualname: str, args: tuple, kwargs: dict, seed: int,
             extra: dict | None = None, callbacks: dict | None = None,
             seconds: float | None = None, cpu_seconds: float | None = None) -> Outcome:
        """The reference on the host (time limits are the sandbox's: none apply here)."""
        fspec, extra = self.specs[module.name], tensors.plain(extra or {})
        named = {**dict(zip(fspec.params, tensors.plain(args))),
                 **extra.get("self", {}).get("attrs", {})}
        through = extra.get("autograd") if isinstance(
            (extra.get("autograd") or {}).get("upstream"), list) else None
        if fspec.autograd and not through:
            named[fspec.autograd.upstream] = extra["autograd"]["upstream"]
        if fspec.prepare:
            named.update(zip(fspec.prepare.args, extra["prepare"]["args"]))
        named = copy.deepcopy({k: v for k, v in named.items() if k in fspec.inputs})
        start = time.perf_counter()
        try:
            with np.errstate(all="ignore"):  # a variant may divide by zero, as students do
                if through:  # what autograd gives through this forward pass, numerically
                    value = vjp(self.table[module.name], named,
                                [fspec.params[i] for i in through["wrt"]], through["upstream"])
                else:
                    value = self.table[module.name](**named)
        except Exception as exc:  # noqa: BLE001 - a variant may raise
            return Outcome("raised", error={"type": type(exc).__name__, "message": str(exc),
                                            "traceback": traceback.format_exc().splitlines()[-3:],
                                            "where": None}, detail=str(exc))
        after = [named[p] for p in fspec.params if p in named]
        value = tensors.as_student(value) if self.torch else value
        return Outcome("ok", value=value, wall_s=time.perf_counter() - start,
                       args_after=after if (extra or {}).get("return_args") else None)


def vjp(fn, named: dict, wrt: list[str], upstream: list, step: float = 1e-6) -> object:
    """The gradients autograd would give through ``fn`` (a reference forward pass): central
    differences, entry by entry, of Σ <upstream_k, output_k> for each input in ``wrt``."""

    def outputs(values: dict) -> list[np.ndarray]:
        value = fn(**copy.deepcopy(values))
        value = value if isinstance(value, tuple) else (value,)
        return [np.asarray(v, dtype=np.float64) for v in value[:len(upstream)]]

    grads = []
    for name in wrt:
        x = np.array(named[name], dtype=np.float64)
        grad = np.zeros_like(x)
        for index in np.ndindex(x.shape):
            shifted = []
            for sign in (1, -1):
                moved = x.copy()
                moved[index] += sign * step
                shifted.append(outputs({**named, name: moved}))
            grad[index] = sum(float(np.sum(np.asarray(u) * (p - m)))
                              for u, p, m in zip(upstream, *shifted)) / (2 * step)
        grads.append(grad)
    return grads[0] if len(grads) == 1 else tuple(grads)


def validate(assignment: Assignment, starter: Path | None = None, seed: int | None = None) -> Validation:
    spec = assignment.spec
    seed = spec.public_seed if seed is None else seed
    result = Validation(spec.name)
    problems = author_errors(assignment, starter)
    if problems:
        raise SpecError(f"{assignment.path}: the pack has {len(problems)} author error"
                        f"{'s' if len(problems) > 1 else ''}:\n" +
                        "\n".join(f"  - {p}" for p in problems))
    variants: list[Variant] = list(assignment.variants)
    result.skipped.update(_not_on_host(spec))
    functions = [n for n in spec.functions if n not in result.skipped]
    located = located_everywhere(assignment)
    reference = {n: assignment.reference(n) for n in spec.functions}
    tight = {n: _tightened(f) for n, f in spec.functions.items()}
    tests = run_checks(assignment, HostSession(assignment, reference), located, {}, seed, False,
                       functions, tight)
    _no_internal_errors(assignment, tests, "the reference")
    for name in functions:
        failed = [t for t in tests if t.function == name and not t.passed]
        result.reference[name] = "; ".join(_failure(t) for t in failed)
    for variant in variants:
        for name in variant.functions:
            if name not in functions:
                continue
            table = {**reference, name: variant.fn}
            tests = run_checks(assignment, HostSession(assignment, table), located, {}, seed,
                               False, [name])
            _no_internal_errors(assignment, tests, f"the variant {variant.mistake!r} "
                                f"({variant.label or 'its only form'})")
            lost = sum(t.max_score - t.score for t in tests)
            named = sorted({m.id for t in tests if t.max_score > 0 for m in t.mistakes})
            failed = tuple(dict.fromkeys(t.check for t in tests if not t.passed and t.max_score))
            result.rows.append(VariantRow(name, variant.mistake, variant.label, lost,
                                          tuple(named), failed))
    for form in assignment.accepted:
        for name in form.functions:  # a harmless variation must keep every point
            table = {**reference, name: form.fn}
            tests = run_checks(assignment, HostSession(assignment, table), located, {}, seed,
                               False, [name])
            result.accepted[f"{name}: {form.mistake}"] = "; ".join(
                _failure(t) for t in tests if not t.passed)
    if starter is not None and starter.exists():
        graded = grade(assignment, starter, Options(seed=seed))
        result.starter = (graded.score, graded.max_score)
    return result


def _not_on_host(spec) -> dict[str, str]:
    """Functions validate cannot judge on the host (name -> why): they need a submission."""
    skipped = {}
    for name, fspec in spec.functions.items():
        kinds = [c.kind for c in fspec.checks if needs_submission(c.kind)]
        if fspec.constructor or kinds:
            what = "a constructor" if fspec.constructor else f"judged by {kinds[0]} from its " \
                "own behaviour"
            skipped[name] = f"{what}: covered by the fixture suite"
    return skipped


def author_errors(assignment: Assignment, starter: Path | None = None) -> list[str]:
    """What is wrong with the pack itself, before anything is graded: every reference target
    resolves to a function, every catalogued mistake names a known id and graded functions,
    every function validate can judge has at least one catalogued mistake, the starter holds
    code. Each problem is a sentence for the author."""
    spec, problems = assignment.spec, []
    for name, fspec in spec.functions.items():
        problems += _target_problems(assignment, f"functions.{name}.reference", fspec.reference)
    forms = [(spec.variants, v) for v in assignment.variants] + \
        [(spec.accepted, v) for v in assignment.accepted]
    for table, form in forms:
        if not isinstance(form, Variant):
            problems.append(f"{spec.reference}.{table} holds {type(form).__name__!r}, not a "
                            "grader.variants.Variant")
            continue
        label = f"{table} entry {form.mistake!r}" + (f" ({form.label})" if form.label else "")
        if table == spec.variants and form.mistake not in catalogue.CATALOGUE:
            close = difflib.get_close_matches(form.mistake, list(catalogue.CATALOGUE), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{label}: unknown mistake id{hint}; declare it in the reference "
                            "package's MISTAKES = {id: (title, fix)}")
        for function in form.functions:
            if function not in spec.functions:
                close = difflib.get_close_matches(function, list(spec.functions), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"{label}: {function!r} is not a function of the spec{hint}")
        if not callable(form.fn):
            problems.append(f"{label}: fn is not callable")
    caught = {f for table, v in forms if table == spec.variants and isinstance(v, Variant)
              for f in v.functions}
    judged = set(spec.functions) - set(_not_on_host(spec))
    for name in spec.functions:
        if name in judged and name not in caught:
            problems.append(f"{name} has no catalogued mistake: validate cannot show that its "
                            f"checks catch anything (add a Variant to {spec.variants})")
    starter = starter or assignment.starter_path
    if starter is not None and starter.exists():
        code = [p for p in ([starter] if starter.is_file() else starter.rglob("*"))
                if p.suffix in (".py", ".ipynb") and p.is_file() and p.read_text().strip()]
        if not code:
            problems.append(f"the starter {starter} holds no code (.py or .ipynb)")
    return problems


def _target_problems(assignment: Assignment, where: str, target: str) -> list[str]:
    module, sep, attr = target.partition(":")
    if not sep or not module or not attr:
        return [f"{where}: {target!r} is not of the form module:function"]
    package = assignment.spec.reference
    try:
        found = assignment.reference_named(target)
    except ModuleNotFoundError as exc:
        return [f"{where}: {target!r}: the reference package {package} has no module "
                f"{module!r} ({exc})"]
    except AttributeError:
        return [f"{where}: {target!r}: {package}.{module} has no {attr!r}"]
    except Exception as exc:  # noqa: BLE001 - the author's module fails to import
        return [f"{where}: {target!r}: importing {package}.{module} failed: "
                f"{type(exc).__name__}: {exc}"]
    return [] if callable(found) else [f"{where}: {target!r} is not a function"]


def _no_internal_errors(assignment: Assignment, tests: list, on: str) -> None:
    """A check that raised proves nothing either way: the author sees its traceback (exit 2)
    instead of a variant counted as caught."""
    broken = [t for t in tests if (t.evidence or {}).get("internal_error")]
    if broken:
        raise SpecError(f"{assignment.path}: {broken[0].name} raised on {on}:\n"
                        f"{broken[0].evidence['internal_error']}")


def _failure(test) -> str:
    """A failed test for the author: whole sentences, and the traceback of a grader error."""
    text = f"{test.name}: {_clip(test.output, 400)}"
    trace = (test.evidence or {}).get("internal_error")
    return f"{text}\n{trace}" if trace else text


def _clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary, marked when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def located_everywhere(assignment: Assignment) -> dict:
    """Every function "located" at a stand-in: HostSession evaluates it by name."""
    return {n: Located(n, Definition(n, f"<{n}>", 0, None), ModuleRef(n, f"<{n}>"))
            for n in assignment.spec.functions}


def _tightened(fspec):
    """The function's spec with every tolerance divided by ten (the reference's margin)."""
    checks = []
    for check in fspec.checks:
        update = {k: getattr(check, k) / 10 for k in ("rtol", "atol")
                  if hasattr(check, k) and check.kind not in ("vectorized",)}
        checks.append(check.model_copy(update=update))
    return fspec.model_copy(update={"checks": checks})
