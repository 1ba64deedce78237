"""One submission's conversation with its sandbox: imports, calls, restarts, budgets.

Every reply becomes an ``Outcome``. A timeout or a crash kills the sandbox; the next call
starts a fresh one. A function that hung or crashed the sandbox once is not called again
(its later calls get the same outcome at no cost), so one broken function costs its own
points and nothing else.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from grader.sandbox import wire
from grader.sandbox.limits import Limits

MAX_PRINTED = 4000
MAX_CALLBACKS = 100_000


class Worker(Protocol):
    sandbox_root: str
    """Where the submission's root appears inside the sandbox."""

    def request(self, msg: dict, timeout: float) -> object: ...
    def wait_ready(self) -> None: ...
    def send(self, msg: dict, deadline: float) -> None: ...
    def receive(self, deadline: float, cpu_until: float | None = None) -> object: ...
    def exit_reason(self) -> str: ...
    def log_tail(self) -> str: ...
    def kill(self) -> None: ...
    def close(self) -> None: ...


class Backend(Protocol):
    """A way to start sandboxes; the only thing that differs between process, bwrap, docker."""

    name: str

    def start(self, root: Path, limits: Limits) -> Worker: ...


@dataclass(frozen=True)
class ModuleRef:
    """Where a student module lives and how the sandbox imports it."""

    name: str
    """Dotted module name, e.g. ``course.classifiers.losses`` or ``losses``."""
    file: str
    """Path of the file relative to the submission root."""
    packages: dict[str, str] = field(default_factory=dict)
    """Parent packages to register without running their ``__init__``: name -> folder."""
    paths: tuple[str, ...] = ()
    """Folders to put on ``sys.path`` (the package root and the file's own folder)."""
    by_path: str | None = None
    """Load from this file (its name is not a valid module name); None: import by name."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one call, as the host saw it."""

    status: str
    """``ok``, ``raised`` (the student's code raised), ``timeout``, ``crashed``,
    ``import_failed``, ``bad_reply`` or ``overused`` (it asked the host's proxies for more
    evaluations, or more data, than one call may)."""
    value: object = None
    """The returned value, decoded as plain data (only when ``status == "ok"``)."""
    error: dict | None = None
    """For ``raised`` / ``import_failed``: type, message, traceback lines, where."""
    wall_s: float = 0.0
    """Round-trip wall time measured by the host."""
    cpu_s: float | None = None
    """CPU time the sandbox used during the call, measured by the host (None: unknown)."""
    printed: str = ""
    """What the student's code printed during the call (capped)."""
    detail: str = ""
    """A sentence for the student when the call did not return normally."""
    attrs: dict = field(default_factory=dict)
    """Attributes of the instance after a method call or construction (as requested)."""
    args_after: list | None = None
    """The arguments as they were after the call (to see whether the function mutated them)."""
    callbacks: tuple = ()
    """Every proxy call the sandbox made during this call, in order: CallbackRecord."""
    built: dict = field(default_factory=dict)
    """For a method: whether the instance came from the student's own constructor and calls
    (``own``), or why not (``step``, ``error``, ``type``)."""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class CallbackRecord:
    """One evaluation of reference code the sandbox asked for (a proxy call)."""

    name: str
    args: tuple
    kwargs: dict
    attrs: dict
    """Attributes of the instance the proxy belongs to, at the time of the call (e.g. W)."""
    result: object = None
    error: str | None = None


class Session:
    """Runs calls for one submission, restarting the sandbox when it dies."""

    def __init__(self, backend: Backend, root: Path, limits: Limits) -> None:
        self.backend, self.root, self.limits = backend, root, limits
        self._worker: Worker | None = None
        self._imported: set[str] = set()
        self._import_failures: dict[str, Outcome] = {}
        self._poisoned: dict[tuple[str, str], Outcome] = {}
        self._spent = 0.0
        self._sequence = 0
        self.restarts = 0
        self.log = ""
        self.notes: set[str] = set()
        """Things worth telling the student about how their files were loaded."""

    def start(self) -> None:
        """Start the sandbox now (so its start-up overlaps the host's own work)."""
        if self._worker is None:
            self._worker = self.backend.start(self.root, self.limits)
            self._imported = set()

    def call(self, module: ModuleRef, qualname: str, args: tuple, kwargs: dict, seed: int,
             extra: dict | None = None, callbacks: dict | None = None,
             seconds: float | None = None, cpu_seconds: float | None = None) -> Outcome:
        """Evaluate ``qualname(*args, **kwargs)`` in the sandbox.

        ``extra`` adds call options (``self``, ``construct``, ``proxies``, ``return_attrs``,
        ``return_args``); ``callbacks`` maps proxy names to host functions that answer them.
        ``seconds`` and ``cpu_seconds`` replace the limits' ``call_seconds`` and
        ``call_cpu_seconds`` for this call.
        """
        key = (module.name, qualname)
        if key in self._poisoned:
            return _replayed(self._poisoned[key])
        if module.name in self._import_failures:
            return self._import_failures[module.name]
        if self._spent >= self.limits.budget_seconds:
            return Outcome("timeout", detail=f"not run: the submission's time budget of "
                           f"{self.limits.budget_seconds:g} s is spent")
        failed = self._ensure_imported(module)
        if failed is not None:
            return failed
        msg = {"op": "call", "module": module.name, "qualname": qualname, "args": list(args),
               "kwargs": dict(kwargs), "seed": seed, **(extra or {})}
        outcome = self._exchange(msg, seconds or self.limits.call_seconds, what=f"{qualname}()",
                                 callbacks=callbacks or {},
                                 cpu=cpu_seconds or self.limits.call_cpu_seconds)
        if outcome.status in ("timeout", "crashed", "bad_reply"):
            self._poisoned[key] = outcome
        return outcome

    def _ensure_imported(self, module: ModuleRef) -> Outcome | None:
        self.start()
        if module.name in self._imported:
            return None
        inside = self._inside
        msg = {"op": "import", "module": module.name,
               "packages": {k: inside(v) for k, v in module.packages.items()},
               "paths": [inside(p) for p in module.paths],
               "file": inside(module.by_path) if module.by_path else None}
        outcome = self._exchange(msg, self.limits.import_seconds, what=f"importing {module.file}")
        if outcome.ok:
            self._imported.add(module.name)
            found = outcome.value if isinstance(outcome.value, dict) else {}
            for name in found.get("stubbed", []):
                self.notes.add(f"{module.file} was imported without {name}, which failed to "
                               "import; its functions are graded with the grader's stand-ins")
            tops = sorted({n.split(".")[0] for n in found.get("standins", [])})
            if tops:
                self.notes.add(f"{', '.join(tops)} {'is' if len(tops) == 1 else 'are'} not "
                               f"installed here: inert stand-ins were used (plots, progress "
                               f"bars and displays are not graded)")
            absent = sorted({n.split(".")[0] for n in found.get("provided", [])})
            if absent:
                self.notes.add(f"{', '.join(f + '.py' for f in absent)} (the course's code) "
                               f"{'is' if len(absent) == 1 else 'are'} not in the submission: "
                               "the grader answers the calls its checks make into it")
            return None
        failed = Outcome("import_failed", error=outcome.error, wall_s=outcome.wall_s,
                         printed=outcome.printed, detail=outcome.detail or _error_line(outcome.error))
        if outcome.status != "raised":  # hung or crashed at import
            failed = Outcome(outcome.status, wall_s=outcome.wall_s,
                             detail=f"while importing {module.file}: {outcome.detail}")
        self._import_failures[module.name] = failed
        return failed

    def _inside(self, path: str) -> str:
        """A host path under the submission root, as the sandbox sees it."""
        assert self._worker is not None
        host = str(self.root)
        return self._worker.sandbox_root + path[len(host):] if path.startswith(host) else path

    def _exchange(self, msg: dict, timeout: float, what: str,
                  callbacks: dict | None = None, cpu: float | None = None) -> Outcome:
        timeout = min(timeout, max(self.limits.budget_seconds - self._spent, 0.01))
        worker = self._worker
        assert worker is not None
        worker.wait_ready()  # the sandbox's start-up is not the student's time
        self._sequence += 1
        msg = {**msg, "id": self._sequence}
        start = time.monotonic()
        records: list[CallbackRecord] = []
        cpu_before = _cpu(worker)
        cpu_until = None if cpu is None or cpu_before is None else cpu_before + cpu
        try:
            deadline = start + timeout
            worker.send(msg, deadline)
            reply = worker.receive(deadline, cpu_until)
            kept = 0
            while isinstance(reply, dict) and reply.get("op") == "callback":
                if len(records) >= MAX_CALLBACKS:
                    return self._lost(start, "overused", f"{what} asked the grader for more "
                                      f"than {MAX_CALLBACKS} evaluations")
                answer = self._answer(reply, callbacks or {}, records)
                kept += _elements([reply, answer])
                if kept > MAX_RECORDED_ELEMENTS:  # every call is recorded to be verified
                    return self._lost(start, "overused", f"{what} handed the grader's "
                                      f"functions more than {MAX_RECORDED_ELEMENTS} numbers "
                                      "in all during one call")
                worker.send(answer, deadline)
                reply = worker.receive(deadline, cpu_until)
        except wire.ChannelTimeout as exc:
            dump = getattr(worker, "dump_stack", None)
            if dump is not None:
                dump()
            outcome = self._lost(start, "timeout", f"{what} used more than {cpu:g} s of CPU time"
                                 if isinstance(exc, wire.CpuTimeout) else
                                 f"{what} did not finish within {timeout:g} s")
            where = stopped_at(self.log, worker.sandbox_root)
            return replace(outcome, detail=f"{outcome.detail}; it was stopped at {where}") \
                if where else outcome
        except wire.ChannelClosed:
            return self._lost(start, "crashed", f"{what} ended the sandbox: "
                              f"{self._worker_reason()}")
        except wire.WireError as exc:
            return self._lost(start, "bad_reply", f"{what} sent back something that is not "
                              f"plain data: {exc}")
        wall = time.monotonic() - start
        self._spent += wall
        if not isinstance(reply, dict) or reply.get("id") != self._sequence:
            return self._lost(start, "bad_reply", f"{what}: the sandbox answered out of turn "
                              "(something wrote into the grader's channel)")
        cpu_after = _cpu(worker)
        outcome = replace(_outcome(reply, wall), callbacks=tuple(records),
                          cpu_s=None if cpu_before is None or cpu_after is None
                          else max(cpu_after - cpu_before, 0.0))
        if outcome.printed:  # the private copy's path means nothing to the student
            printed = outcome.printed.replace(f"{self.root}{os.sep}", "")
            if self._worker is not None:
                printed = printed.replace(f"{self._worker.sandbox_root}{os.sep}", "")
            outcome = replace(outcome, printed=printed)
        return outcome

    @staticmethod
    def _answer(request: dict, callbacks: dict, records: list[CallbackRecord]) -> dict:
        """Evaluate a proxy call on the host (reference code) and record it."""
        name = request.get("name")
        args = request.get("args") if isinstance(request.get("args"), list) else []
        kwargs = request.get("kwargs") if isinstance(request.get("kwargs"), dict) else {}
        attrs = request.get("attrs") if isinstance(request.get("attrs"), dict) else {}
        if name not in callbacks:
            records.append(CallbackRecord(str(name), tuple(args), kwargs, attrs,
                                          error="no such proxy"))
            return {"error": f"the grader has no function {name!r} to evaluate"}
        too_big = _oversized([*args, *kwargs.values(), *attrs.values()])
        if too_big:  # reference code must not run on shapes chosen to exhaust the host
            records.append(CallbackRecord(name, tuple(args), kwargs, attrs, error=too_big))
            return {"error": f"{name}(): {too_big}"}
        try:
            result = callbacks[name](*args, attrs=attrs, **kwargs)
        except Exception as exc:  # noqa: BLE001 - bad arguments from student code
            error = f"{name}() was called with arguments it cannot use: {type(exc).__name__}: {exc}"
            records.append(CallbackRecord(name, tuple(args), kwargs, attrs, error=error))
            return {"error": error}
        records.append(CallbackRecord(name, tuple(args), kwargs, attrs, result))
        return {"value": result}

    def _worker_reason(self) -> str:
        assert self._worker is not None
        return self._worker.exit_reason()

    def _lost(self, start: float, status: str, detail: str) -> Outcome:
        """The sandbox is unusable: kill it, keep its log, and start afresh on the next call."""
        assert self._worker is not None
        self._worker.kill()
        wall = time.monotonic() - start
        self._spent += wall
        self.log += self._worker.log_tail()
        self._worker.close()
        self._worker = None
        self.restarts += 1
        return Outcome(status, wall_s=wall, detail=detail)

    def close(self) -> None:
        if self._worker is not None:
            self.log += self._worker.log_tail()
            self._worker.close()
            self._worker = None


def _cpu(worker) -> float | None:
    measure = getattr(worker, "cpu_seconds", None)
    return measure() if measure is not None else None


def stopped_at(log: str, root: str) -> str:
    """The student's innermost frame in the last stack dump of ``log`` ("file:line in f")."""
    dump = log.rpartition("most recent call first")[2]
    for line in dump.splitlines():
        match = re.match(r'\s*File "(.+)", line (\d+) in (\S+)', line)
        if match and root and match[1].startswith(root.rstrip("/") + "/"):
            return f"{match[1][len(root.rstrip('/')) + 1:]}:{match[2]} in {match[3]}"
    return ""


MAX_CALLBACK_ELEMENTS = 1 << 22
MAX_RECORDED_ELEMENTS = 1 << 25  # 256 MiB of float64 kept per graded call, all proxy calls


def _elements(values: list) -> int:
    """How many array entries ``values`` hold (nested lists, tuples and dicts included)."""
    total = 0
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, np.ndarray):
            total += value.size
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return total


def _oversized(values: list) -> str | None:
    """Why the arguments of a proxy call are too large to evaluate, or None."""
    total = _elements(values)
    if total > MAX_CALLBACK_ELEMENTS:
        return f"the arguments hold {total} numbers; at most {MAX_CALLBACK_ELEMENTS} are evaluated"
    return None


def _built(reply: dict) -> dict:
    """The runner's word on how it built the instance, as plain strings (capped)."""
    built = reply.get("built")
    if not isinstance(built, dict):
        return {}
    return {k: (str(v)[:300] if k != "own" else bool(v)) for k, v in built.items()
            if k in ("own", "step", "error", "type")}


def _outcome(reply: object, wall: float) -> Outcome:
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        return Outcome("bad_reply", wall_s=wall, detail="the sandbox's reply was malformed")
    printed = reply.get("printed", "")
    printed = printed[:MAX_PRINTED] if isinstance(printed, str) else ""
    if reply["ok"] and "stubbed" in reply:  # an import: the stand-ins it needed
        value = {key: [str(n)[:200] for n in reply.get(key)][:8]
                 if isinstance(reply.get(key), list) else [] for key in ("stubbed", "standins", "provided")}
        return Outcome("ok", value=value, wall_s=wall, printed=printed)
    if reply["ok"]:
        attrs = reply.get("attrs") if isinstance(reply.get("attrs"), dict) else {}
        after = reply.get("args_after") if isinstance(reply.get("args_after"), list) else None
        return Outcome("ok", value=reply.get("value"), wall_s=wall, printed=printed, attrs=attrs,
                       args_after=after, built=_built(reply))
    error = reply.get("error")
    if not isinstance(error, dict):
        return Outcome("bad_reply", wall_s=wall, detail="the sandbox's error report was malformed")
    error = {
        "type": str(error.get("type", "Exception"))[:100],
        "message": str(error.get("message", ""))[:2000],
        "traceback": [str(x)[:300] for x in error.get("traceback", [])][:8]
        if isinstance(error.get("traceback"), list) else [],
        "where": str(error["where"])[:300] if error.get("where") else None,
    }
    return Outcome("raised", error=error, wall_s=wall, printed=printed, detail=_error_line(error),
                   built=_built(reply))


def _error_line(error: dict | None) -> str:
    if not error:
        return ""
    where = f" at {error['where']}" if error.get("where") else ""
    return f"{error['type']}: {error['message']}{where}"


def _replayed(outcome: Outcome) -> Outcome:
    return Outcome(outcome.status, wall_s=0.0,
                   detail=f"not run again: an earlier call failed ({outcome.detail})")
