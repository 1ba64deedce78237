"""Grade one submission: locate functions, run each check's calls in the sandbox, judge on the host."""

from __future__ import annotations

import functools
import importlib.util
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from grader import __version__, bundle, hidden, starter, tensors
from grader.assignment import Assignment
from grader.checks import KINDS, Call, Context, Verdict
from grader.checks.base import found, partial_points
from grader.detect import also_here, wrong_place
from grader.errors import GraderError, UsageError
from grader.loops import LoopsOf
from grader.results import GradeResult, TestResult
from grader.sandbox.backends import auto_choice, pick_backend
from grader.sandbox.limits import Limits
from grader.sandbox.session import Outcome, Session
from grader.seeds import student_seed
from grader.submission import Located, NotLocated, Submission, locate, open_submission

LOG_CHARS = 4000


@dataclass(frozen=True)
class Options:
    """How to grade. Precedence: command line > environment > assignment > these defaults."""

    seed: int | None = None
    """Public seed; None means the assignment's ``public_seed``."""
    hidden: bool = False
    """Draw inputs from ``hidden_seed`` and show no values in feedback."""
    hidden_seed: int | None = None
    sandbox: str = "auto"
    limits: Limits = field(default_factory=Limits)
    device: str = "cpu"
    """Where a torch assignment's inputs are placed (``cuda`` on a GPU machine)."""
    only: tuple[str, ...] = ()
    """Grade only these functions (a student's pre-check of what they are working on)."""
    timeout: float | None = None
    """Seconds every call may take (``--timeout``): replaces the spec's time limits, its CPU
    limits included. None: the spec's, else ``limits``'."""


def grade(assignment: Assignment, path: Path, options: Options = Options()) -> GradeResult:
    with open_submission(path) as sub:
        return grade_submission(assignment, sub, options)


def grade_submission(assignment: Assignment, sub: Submission, options: Options,
                     warm: Session | None = None) -> GradeResult:
    """Grade ``sub``. ``warm``: a sandbox already started for it
    (``grader.sandbox.backends.prestarted``, which closes it in the end), used when it was
    started alike, closed at once otherwise."""
    started = time.monotonic()
    spec = assignment.spec
    backend = pick_backend(options.sandbox)
    require_framework(spec.framework)
    gpu = spec.framework == "torch" and options.device != "cpu"
    if gpu:
        require_cuda(options.device)
    limits = replace(time_limits(options, spec), framework=spec.framework, gpu=gpu,
                     provided=tuple(spec.provided))
    identity = sub.hash  # of what was handed in, before any file is moved
    moved = sub.rearrange(starter.starter_files(assignment.path, assignment.starter_path)) \
        if getattr(assignment, "path", None) else []
    session = _adopt(warm, backend, sub.root, limits)
    seed = options.hidden_seed if options.hidden else (
        spec.public_seed if options.seed is None else options.seed)
    located = {name: locate(sub, name, f.file) for name, f in spec.functions.items()}
    loops = LoopsOf(sub, {name: loc.definition for name, loc in located.items()
                          if isinstance(loc, Located)})
    try:
        tests = run_checks(assignment, session, located, loops, seed, options.hidden,
                           list(options.only) or None, device=options.device if gpu else "cpu",
                           origins=import_paths(sub), own_limits=options.timeout is None)
    finally:
        session.close()
    return GradeResult(
        assignment=spec.name,
        assignment_title=spec.title,
        spec_hash=assignment.spec_hash,
        grader_version=__version__,
        seed=None if options.hidden else seed,
        hidden=options.hidden,
        submission=str(sub.source),
        submission_hash=identity,
        backend=backend.name,
        tests=tuple(tests),
        timings={"total_seconds": round(time.monotonic() - started, 4),
                 "sandbox_restarts": session.restarts},
        notes=tuple(([assignment.edition_note] if getattr(assignment, "edition_note", "") else [])
                    + moved + wrong_place(sub, spec) + also_here(sub, spec) + _notes(sub, located)
                    + _only_note(spec, options.only)
                    + sorted(session.notes)),
        edition=spec.edition or "",
        staff_notes=tuple(_sandbox_note(options)),
        log="" if options.hidden else session.log[-LOG_CHARS:],
    )


def time_limits(options: Options, spec) -> Limits:
    """``options.limits`` with the call limits that apply: ``--timeout`` for both when given,
    else the spec's (a function's own are applied per call)."""
    if options.timeout is not None:
        return replace(options.limits, call_seconds=options.timeout, call_cpu_seconds=None)
    own = spec.time_limits
    return replace(options.limits,
                   call_seconds=own.call_seconds or options.limits.call_seconds,
                   call_cpu_seconds=own.call_cpu_seconds or options.limits.call_cpu_seconds)


def _adopt(warm: Session | None, backend, root: Path, limits: Limits) -> Session:
    """The sandbox started early when it suits this grading (same backend, root and start-up
    limits; the host-enforced time limits are set now), else a fresh one."""
    if warm is not None and warm.backend.name == backend.name and warm.root == root \
            and warm.limits.started_alike(limits):
        warm.limits = limits
        return warm
    if warm is not None:
        warm.close()
    session = Session(backend, root, limits)
    session.start()  # the interpreter starts while the host plans
    return session


def _only_note(spec, only: tuple[str, ...]) -> list[str]:
    if not only:
        return []
    return [f"only {', '.join(only)} checked, as asked; the whole assignment is "
            f"{spec.points:g} points"]


def not_graded(assignment: Assignment | None, submission: str, why: str, status: str,
               options: Options, detail: str = "") -> GradeResult:
    """The result for a submission that could not be graded: score 0 out of the assignment's
    points, ``why`` in its notes (``ungraded``: the submission's problem; ``error``: the
    grader's, with ``detail`` such as a trace kept for course staff only)."""
    spec = assignment.spec if assignment is not None else None
    points = spec.points if spec else 0.0
    hidden_seed = options.hidden
    seed = None if hidden_seed else (options.seed if options.seed is not None
                                     else spec.public_seed if spec else None)
    return GradeResult(
        assignment=spec.name if spec else "", assignment_title=spec.title if spec else "",
        spec_hash=assignment.spec_hash if assignment is not None else "",
        grader_version=__version__, seed=seed, hidden=options.hidden, submission=submission,
        submission_hash="", backend=options.sandbox, tests=(), status=status,
        edition=(spec.edition or "") if spec else "",
        max_points=float(points), notes=(f"not graded: {why}",),
        staff_notes=(detail[-4000:],) if detail else ())


def run_checks(assignment: Assignment, session, located: dict, loops: Mapping, seed: int,
               hidden: bool, functions: list[str] | None = None,
               spec_functions: dict | None = None, device: str = "cpu",
               origins: dict[str, str] | None = None,
               own_limits: bool = True) -> list[TestResult]:
    """Every check of every function (or of ``functions``), in spec order.

    ``session`` is anything with ``Session.call``'s signature: the sandbox, or (for
    ``grader validate``) the host evaluating reference code and its variants.
    ``own_limits``: a function's own ``time_limits`` apply to its calls (not when
    ``--timeout`` replaced every limit).
    """
    runner = _Runner(assignment, session, located, seed, device, origins, own_limits)
    return [runner.run(ctx) for ctx in contexts(assignment, seed, hidden, functions,
                                                spec_functions, device, loops)]


def contexts(assignment: Assignment, seed: int, hidden: bool,
             functions: list[str] | None = None, spec_functions: dict | None = None,
             device: str = "cpu", loops: Mapping | None = None):
    """The Context of every check to run, in spec order (hidden checks only when hidden)."""
    spec = assignment.spec
    specs = spec_functions or spec.functions
    variants, accepted = assignment.variants, assignment.accepted
    signatures = dict(getattr(assignment.reference_package, "SIGNATURES", {}))
    for name, fspec in specs.items():
        if functions is not None and name not in functions:
            continue
        for index, check in enumerate(fspec.checks):
            if check.hidden and not hidden:
                continue
            yield Context(spec.name, name, fspec, check, index, seed, hidden,
                          assignment.reference(name),
                          tuple(v for v in variants if name in v.functions), loops or {},
                          specs, assignment.reference_named, spec.framework, device,
                          tuple(v for v in accepted if name in v.functions),
                          signatures=signatures)


class _Runner:
    """Runs one check: plan, evaluate its calls in the sandbox, judge."""

    def __init__(self, assignment: Assignment, session: Session, located: dict, seed: int,
                 device: str = "cpu", origins: dict[str, str] | None = None,
                 own_limits: bool = True):
        self.assignment, self.session, self.located, self.seed = assignment, session, located, seed
        self.own_limits = own_limits
        self.origins = origins or {}
        prints = starter.starter_fingerprints(assignment.path, assignment.starter_path) \
            if getattr(assignment, "path", None) else {}
        self.untouched = {name for name, where in located.items() if isinstance(where, Located)
                          and starter.untouched(where.definition.node,
                                                where.definition.qualname, prints)}
        self.torch, self.device = assignment.spec.framework == "torch", device
        # host implementations of the proxies (reference code; it never enters the sandbox)
        self.proxies = getattr(assignment.reference_package, "PROXIES", {})

    def run(self, ctx: Context) -> TestResult:
        """The check's result, marked extra credit when the spec makes its part so."""
        result = self._run(ctx)
        if self.assignment.spec.is_extra_credit(ctx.check):
            result = replace(result, extra_credit=True)
        return result

    def _run(self, ctx: Context) -> TestResult:
        kind = KINDS[ctx.check.kind]
        where = self.located[ctx.function]
        if isinstance(where, NotLocated):
            verdict = Verdict(False, where.message, (found(where.mistake, where.message),))
        elif ctx.function in self.untouched:  # not run: its placeholder is not an answer
            text = (f"{ctx.function} in {where.definition.file} is still the starter's code "
                    f"(unchanged apart from comments and docstring)")
            verdict = Verdict(False, text + ".", (found("not_implemented", text),))
        else:
            misses = len(bundle.MISSES)
            ctx = replace(ctx, module=self.import_path(where))
            try:
                calls = kind.plan(ctx)
                outcomes = [self.evaluate(ctx, call) for call in calls]
                more = kind.more(ctx, calls, outcomes) if hasattr(kind, "more") else []
                if more:  # calls only some outcomes call for (a naive version's timing)
                    calls = [*calls, *more]
                    outcomes += [self.evaluate(ctx, call) for call in more]
                verdict = kind.judge(ctx, calls, outcomes)
                built = fallback_build(outcomes)
                if built:
                    note, summary = build_notes(ctx, built)
                    verdict = replace(verdict, output=f"{verdict.output}\n{note}".strip())
                    if isinstance(getattr(self.session, "notes", None), set):  # also up top
                        self.session.notes.add(summary)
                if not verdict.passed and hasattr(kind, "shrink"):
                    verdict = self.shrink(kind, ctx, verdict)
                if ctx.hidden:  # nothing the submission chose may reach the feedback
                    verdict = hidden.redact(verdict)
            except GraderError:  # the environment is broken (e.g. no sandbox): stop grading
                raise
            except bundle.NotRecorded:
                return _not_in_bundle(ctx, kind)
            except Exception:  # noqa: BLE001 - the grader's own bug: never the student's fault
                return _internal_error(ctx, kind, traceback.format_exc())
            if len(bundle.MISSES) > misses:  # a pre-check bundle could not answer everything
                return _not_in_bundle(ctx, kind)
        status = "passed" if verdict.passed else ("error" if verdict.is_error else "failed")
        return TestResult(
            name=f"{ctx.function}: {title(kind, ctx)}",
            function=ctx.function,
            check=ctx.check.kind,
            status=status,
            score=float(ctx.check.points) if verdict.passed
            else partial_points(float(ctx.check.points), verdict.credit),
            max_score=float(ctx.check.points),
            mistakes=verdict.mistakes,
            output=verdict.output,
            hidden=ctx.hidden,
            evidence={**verdict.evidence, "tolerance": _tolerance(ctx.check)},
        )

    def import_path(self, where: Located) -> str:
        """What a student types to import the graded function (see Context.module)."""
        if where.definition.file in self.origins:
            return self.origins[where.definition.file]
        if where.module.by_path:
            return ""
        return where.module.name

    def _proxy(self, name: str, seed: int):
        """The host function answering a proxy; one with state (a sampler's generator) is made
        afresh for every graded call, seeded like it."""
        proxy = self.proxies[name]
        return proxy.fresh(seed) if hasattr(proxy, "fresh") else proxy

    def shrink(self, kind, ctx: Context, verdict: Verdict) -> Verdict:
        """Look for a smaller failing input; the verdict stands whatever happens here."""
        before = len(bundle.MISSES)  # an unanswerable shrink costs nothing either
        try:
            smaller = kind.shrink(ctx, verdict)
            if not smaller:
                return verdict
            return kind.shrunk(ctx, verdict, smaller, [self.evaluate(ctx, c) for c in smaller])
        except GraderError:
            raise
        except Exception:  # noqa: BLE001 - an optional nicety must not cost a verdict
            return verdict
        finally:
            del bundle.MISSES[before:]

    def evaluate(self, ctx: Context, call: Call) -> Outcome:
        where = self.located.get(call.function)
        if not isinstance(where, Located):
            detail = where.message if isinstance(where, NotLocated) else f"{call.function} unknown"
            return Outcome("missing", detail=detail)
        fspec = ctx.specs[call.function]
        proxies = {n: p.model_dump() for n, p in fspec.proxies.items()}
        for name, proxy in proxies.items():
            if proxy["where"] == "arg":  # the sandbox puts the proxy at this position
                proxy["index"] = fspec.params.index(name)
        prepared = fspec.prepare.param if fspec.prepare else None
        args = tuple(None if proxies.get(p, {}).get("where") == "arg" or p == prepared
                     else call.args[p]
                     for p in fspec.params if p in call.args or p in proxies or p == prepared)
        extra: dict = {}
        qualname = where.definition.qualname
        if fspec.constructor:  # the class itself is called; its attributes come back
            extra["construct"] = True
            qualname = qualname.rpartition(".")[0]
        elif fspec.via:  # e.g. MyReLU.apply for a torch.autograd.Function's forward/backward
            qualname = f"{qualname.rpartition('.')[0]}.{fspec.via}"
        elif fspec.is_method:
            extra["self"] = {"attrs": {a: call.args[a] for a in fspec.self_attrs}}
            if fspec.build is not None:
                extra["self"]["build"] = {
                    "init": {a: call.args[a] for a in fspec.build.init},
                    "calls": [[c.method, [call.args[a] for a in c.args]]
                              for c in fspec.build.calls]}
        if fspec.prepare:  # e.g. the cache of the student's own forward pass
            first = self.located.get(fspec.prepare.function)
            if not isinstance(first, Located):
                return Outcome("missing", detail=f"{call.function} is graded on the cache of your "
                               f"{fspec.prepare.function}, which could not be found")
            extra["prepare"] = {"module": first.module.name, "qualname": first.definition.qualname,
                                "args": [call.args[a] for a in fspec.prepare.args],
                                "index": fspec.prepare.output,
                                "position": fspec.params.index(fspec.prepare.param)}
        if call.autograd:  # a check's: differentiate the forward pass through autograd
            wrt, upstream = call.autograd
            extra["autograd"] = {"wrt": [fspec.params.index(n) for n in wrt],
                                 "upstream": [call.args[u] for u in upstream]}
        elif fspec.autograd:
            extra["autograd"] = {"wrt": [fspec.params.index(n) for n in fspec.autograd.wrt],
                                 "upstream": call.args[fspec.autograd.upstream]}
        if proxies:
            extra["proxies"] = proxies
        if fspec.return_attrs:
            extra["return_attrs"] = list(fspec.return_attrs)
        if call.return_args or any(o.from_arg for o in ctx.outputs_for(call.function)):
            extra["return_args"] = True
        seed = student_seed(self.seed, ctx.assignment, ctx.function, ctx.index, call.label)
        callbacks = {n: self._proxy(p.target or n, seed) for n, p in fspec.proxies.items()}
        own = fspec.time_limits if self.own_limits and fspec.time_limits else None
        limits = {"seconds": own.call_seconds, "cpu_seconds": own.call_cpu_seconds} if own else {}
        if not self.torch:
            return self.session.call(where.module, qualname, args, {}, seed, extra, callbacks,
                                     **limits)
        outcome = self.session.call(
            where.module, qualname, tensors.to_sandbox(args, self.device), {}, seed,
            tensors.to_sandbox(extra, self.device),
            {n: tensors.bridge(f, self.device) for n, f in callbacks.items()}, **limits)
        return tensors.plain_outcome(outcome)


def framework_installed(framework: str) -> bool:
    """Whether this interpreter (which the sandbox runs too) has the assignment's framework."""
    return framework != "torch" or importlib.util.find_spec("torch") is not None


def require_framework(framework: str) -> None:
    """A torch assignment needs torch installed (the sandbox runs this interpreter)."""
    if not framework_installed(framework):
        raise UsageError("this assignment is graded with PyTorch, which is not installed: "
                         "pip install 'cs231n-grader[torch]' (or pip install torch)")


@functools.cache
def require_cuda(device: str) -> None:
    """``--device cuda`` needs a GPU that torch can use; asked of a child interpreter, so the
    grader itself never loads torch."""
    import subprocess
    import sys

    probe = ("import sys, torch; sys.exit(0 if torch.cuda.is_available() and "
             f"torch.cuda.device_count() > {int(device.partition(':')[2] or 0)} else 1)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=120)
    if done.returncode != 0:
        raise UsageError(f"--device {device}: no CUDA device is available to PyTorch here; "
                         "grade with --device cpu")


def title(kind, ctx: Context) -> str:
    if ctx.check.name:
        return ctx.check.name
    case = getattr(ctx.check, "case", None) or {}
    names = ctx.output_names()
    outputs = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
    shift = getattr(ctx.check, "shift", None)
    fields = {**ctx.check.model_dump(), **case, "outputs": outputs,
              "magnitude": case.get(shift, 0.0) if shift else 0.0,
              "match": "match" if len(names) > 1 else "matches"}
    return kind.title.format(**fields)


def _tolerance(check) -> dict:
    return {k: getattr(check, k) for k in ("rtol", "atol", "max_ratio") if hasattr(check, k)}


def _not_in_bundle(ctx: Context, kind) -> TestResult:
    return TestResult(
        name=f"{ctx.function}: {title(kind, ctx)}", function=ctx.function, check=ctx.check.kind,
        status="error", score=0.0, max_score=0.0,
        output="Not checked by this pre-check: it needs the course's grader (the reference "
               "evaluated on values your code chose).",
        evidence={"not_in_bundle": True})


def import_paths(sub: Submission) -> dict[str, str]:
    """Module file -> how the student imports it where they have it: ``notebook:NAME`` for a
    notebook's code, the original module path for a file the grader moved ("" if none)."""
    marker = "# Generated by the grader from "
    paths = {rel: "notebook:" + text[len(marker):].split(":", 1)[0]
             for rel, text in sub.files.items() if text.startswith(marker)}
    for new, old in sub.moved.items():
        parts = PurePosixPath(old).with_suffix("").parts
        paths[new] = ".".join(parts) if all(p.isidentifier() for p in parts) else ""
    return paths


def fallback_build(outcomes: list) -> dict:
    """How the runner built the instance, when the student's own constructor or ``train``
    raised and it fell back to one the grader built ({} otherwise)."""
    for outcome in outcomes:
        built = getattr(outcome, "built", None) or {}
        if built and not built.get("own"):
            return built
    return {}


def build_notes(ctx: Context, built: dict) -> tuple[str, str]:
    """(the note for this check, the one-line note for the whole result): the method was
    graded on an instance the grader built (a crash there may come from that)."""
    why = "an exception" if ctx.hidden else built.get("error", "an error")
    step = built.get("step", "constructor")
    attrs = ", ".join(ctx.spec.self_attrs) or "nothing"
    return (f"Note: your {step} raised {why}, so this method was graded on an instance the "
            f"grader built, with only {attrs} set on it (attributes your own code sets are "
            f"missing there). Fix that first.",
            f"{step} raised {why}: its methods were graded on instances the grader built "
            f"(see each method)")


def _internal_error(ctx: Context, kind, trace: str) -> TestResult:
    return TestResult(
        name=f"{ctx.function}: {title(kind, ctx)}", function=ctx.function, check=ctx.check.kind,
        status="error", score=0.0, max_score=float(ctx.check.points),
        output="Internal error in the grader (not your fault; please report it to your course "
               "staff). This check was not graded.",
        evidence={"internal_error": trace[-4000:]},
    )


def _sandbox_note(options: Options) -> list[str]:
    """One line when ``auto`` could not use the strongest sandbox."""
    if options.sandbox != "auto":
        return []
    chosen, why = auto_choice()
    return [f"sandbox: {chosen} (bwrap is unavailable: {why})"] if chosen != "bwrap" else []


def _notes(sub: Submission, located: dict) -> list[str]:
    notes = [f"syntax error: {p}" for p in sub.syntax_errors.values()]
    if sub.ignored:
        shown = ", ".join(sub.ignored[:5])
        more = f" and {len(sub.ignored) - 5} more" if len(sub.ignored) > 5 else ""
        notes.append(f"not code, so not read: {shown}{more}")
    for loc in located.values():
        if isinstance(loc, Located) and loc.others:
            notes.append(f"{loc.function}: graded the definition in {loc.definition.file}:"
                         f"{loc.definition.line}; also defined in {', '.join(loc.others)}")
    return notes
