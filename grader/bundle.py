"""Student pre-check bundles: the public grading of an assignment, without its reference code.

``grader export student-bundle`` grades the reference, every catalogued mistake and every
planned input of every public check on the host, with each reference evaluation *recorded*:
its inputs (hashed) and its outputs (plain data, the wire format). The bundle holds the spec,
those recordings and the names of the catalogued mistakes, nothing else: no reference source,
no hidden seed, no hidden input (a pack's own ``generators.py``, which draws inputs and holds no
solution, travels along). ``grader check --bundle DIR`` grades with *replaying*
references that answer from the recordings. A check that needs the reference on values only
the student's code chooses (a training loop's loss at the student's W) cannot be answered: it
is reported as needing the course's grader, never guessed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from grader import __version__, catalogue, starter
from grader.assignment import CHECKS, GENERATORS, Assignment, load
from grader.sandbox import wire
from grader.variants import Variant

MISSES: list[str] = []
"""Labels of the evaluations a replaying reference could not answer (reset per check)."""


class NotRecorded(Exception):
    """The bundle has no recording for this evaluation."""


def _label(fn) -> tuple[str, dict]:
    """A stable name for a reference function or a variant (a partial with knobs)."""
    if isinstance(fn, partial):
        base = f"{fn.func.__module__}.{fn.func.__qualname__}"
        return base, dict(fn.keywords)
    return f"{fn.__module__}.{fn.__qualname__}", {}


def _full(base: str, keywords: dict) -> str:
    return base + "|" + json.dumps(sorted(keywords.items()), default=repr)


def _key(label: str, args: tuple, kwargs: dict) -> str:
    frame = wire.encode({"args": list(args), "kwargs": kwargs})
    return hashlib.sha256(label.encode() + b"\0" + frame).hexdigest()


class Recorder:
    """A reference function that records every evaluation into ``book``."""

    def __init__(self, fn, book: dict, base: str | None = None, keywords: dict | None = None):
        self.fn, self.book = fn, book
        self.base, self.keywords = (base, keywords or {}) if base else _label(fn)
        self.label = _full(self.base, self.keywords)

    def __call__(self, *args, **kwargs):
        key = _key(self.label, args, kwargs)
        before = {k: wire.encode(v) for k, v in kwargs.items() if isinstance(v, (dict, np.ndarray))}
        try:
            value = self.fn(*args, **kwargs)
        except Exception as exc:
            self.book[key] = wire.encode({"raise": f"{type(exc).__name__}: {exc}"})
            raise
        # only the arguments the reference changed (a layer's parameter dict, say)
        after = {k: kwargs[k] for k, frame in before.items() if wire.encode(kwargs[k]) != frame}
        self.book[key] = wire.encode({"value": value, "after": after})
        return value

    def combine(self, other):
        if not isinstance(other, Recorder) or other.base != self.base or \
                set(self.keywords) & set(other.keywords) or not isinstance(self.fn, partial):
            return None
        merged = {**self.keywords, **other.keywords}
        return Recorder(partial(self.fn.func, **merged), self.book, self.base, merged)


class Replayer:
    """A reference function answered from the recordings."""

    def __init__(self, book: dict, base: str, keywords: dict | None = None):
        self.book, self.base, self.keywords = book, base, keywords or {}
        self.label = _full(base, self.keywords)

    def __call__(self, *args, **kwargs):
        frame = self.book.get(_key(self.label, args, kwargs))
        if frame is None:
            MISSES.append(self.label)
            raise NotRecorded(self.label)
        record = wire.decode_frame(frame)
        if "raise" in record:
            raise ValueError(record["raise"])
        for name, value in record["after"].items():  # arguments the reference updated
            target = kwargs.get(name)
            if isinstance(target, dict) and isinstance(value, dict):
                target.clear()
                target.update(value)
            elif isinstance(target, np.ndarray) and isinstance(value, np.ndarray):
                np.copyto(target, value)
        return record["value"]

    def combine(self, other):
        if not isinstance(other, Replayer) or other.base != self.base or \
                set(self.keywords) & set(other.keywords):
            return None
        return Replayer(self.book, self.base, {**self.keywords, **other.keywords})


# --------------------------------------------------------------------------- assignments


class RecordingAssignment(Assignment):
    """The assignment with every reference function, variant and accepted form recording."""

    def __init__(self, inner: Assignment, book: dict) -> None:
        super().__init__(inner.spec, inner.path, inner.text)
        self.inner, self.book = inner, book
        self._package = SimpleNamespace(
            VARIANTS=[Variant(v.mistake, v.functions, Recorder(v.fn, book), v.label)
                      for v in inner.variants],
            ACCEPTED=[Variant(v.mistake, v.functions, Recorder(v.fn, book), v.label)
                      for v in inner.accepted],
            PROXIES={})  # student-dependent: never recorded

    @property
    def reference_package(self):  # type: ignore[override]
        return self._package

    @property
    def variants(self) -> tuple:  # type: ignore[override]
        return tuple(self._package.VARIANTS)

    @property
    def accepted(self) -> tuple:  # type: ignore[override]
        return tuple(self._package.ACCEPTED)

    @property
    def spec_hash(self) -> str:  # type: ignore[override]
        return self.inner.spec_hash

    def reference_named(self, target: str):
        return Recorder(self.inner.reference_named(target), self.book, f"ref:{target}")


class BundleAssignment(Assignment):
    """An assignment loaded from a bundle: replaying references, no reference code."""

    def __init__(self, folder: Path) -> None:
        inner = load(folder / "spec.yaml")
        super().__init__(inner.spec, inner.path, inner.text)
        meta = json.loads((folder / "bundle.json").read_text())
        index = meta["index"]
        data = (folder / "recordings.bin").read_bytes()
        self.book = {k: data[o:o + n] for k, (o, n) in index.items()}
        self.meta = meta

        def variants(rows):
            return [Variant(r["mistake"], tuple(r["functions"]),
                            Replayer(self.book, r["base"], r["keywords"]), r["label"])
                    for r in rows]

        catalogue.declare({k: tuple(v) for k, v in meta.get("mistakes", {}).items()},
                          f"{folder / 'bundle.json'} (mistakes)")
        self._package = SimpleNamespace(VARIANTS=variants(meta["variants"]),
                                        ACCEPTED=variants(meta["accepted"]),
                                        SIGNATURES=meta.get("signatures", {}),
                                        PROXIES=_missing_proxies(self.spec))

    @property
    def reference_package(self):  # type: ignore[override]
        return self._package

    @property
    def variants(self) -> tuple:  # type: ignore[override]
        return tuple(self._package.VARIANTS)

    @property
    def accepted(self) -> tuple:  # type: ignore[override]
        return tuple(self._package.ACCEPTED)

    @property
    def spec_hash(self) -> str:  # type: ignore[override]
        return self.meta["spec_hash"]

    @property
    def starter_path(self):
        return None

    def reference_named(self, target: str):
        return Replayer(self.book, f"ref:{target}")


def _missing_proxies(spec) -> dict:
    """Proxy stand-ins that cannot answer (their arguments are the student's choice)."""
    names = {p.target or n for f in spec.functions.values() for n, p in f.proxies.items()}

    def missing(name):
        def proxy(*args, attrs=None, **kwargs):
            MISSES.append(f"proxy:{name}")
            raise NotRecorded(f"proxy:{name}")
        return proxy

    return {name: missing(name) for name in names}


# --------------------------------------------------------------------------- export


def export(assignment: Assignment, out: Path, progress=None) -> Path:
    """Record every public reference evaluation and write the bundle to ``out``.
    ``progress(done, total, what)`` is told of each step (the reference and each variant
    judged, then each check's inputs recorded)."""
    from grader.grade import contexts, run_checks
    from grader.validate import HostSession, located_everywhere, needs_submission

    book: dict[str, bytes] = {}
    recording = RecordingAssignment(assignment, book)
    seed = assignment.spec.public_seed
    functions = [n for n, f in assignment.spec.functions.items()
                 if not f.constructor and not any(needs_submission(c.kind) for c in f.checks)]
    located = located_everywhere(assignment)
    reference = {n: assignment.reference(n) for n in assignment.spec.functions}
    implementations = [reference] + [{**reference, n: v.fn} for v in
                                     assignment.variants
                                     for n in v.functions if n in functions]
    planned = [ctx for ctx in contexts(recording, seed, False) if ctx.function in functions]
    total = len(implementations) + len(planned)
    tell = progress or (lambda done, total, what: None)
    for i, table in enumerate(implementations):  # the judges' own reference evaluations
        tell(i, total, "judging the reference" if i == 0 else "judging the known mistakes")
        run_checks(recording, HostSession(assignment, table), located, {}, seed, False, functions)
    for i, ctx in enumerate(planned, start=len(implementations)):  # every input, every mistake
        tell(i, total, f"recording {ctx.function}")
        _enumerate(ctx)
    tell(total, total, "writing the bundle")
    out.mkdir(parents=True, exist_ok=True)
    keys = sorted(book)
    offsets, blob, position = {}, bytearray(), 0
    for key in keys:
        offsets[key] = (position, len(book[key]))
        blob += book[key]
        position += len(book[key])
    (out / "recordings.bin").write_bytes(bytes(blob))
    (out / "spec.yaml").write_text(assignment.text)
    for name in (GENERATORS, CHECKS):  # the pack's inputs and judges: no solution in them
        source = assignment.pack_files().get(name)
        if source is not None:
            (out / name).write_bytes(source.read_bytes())
    (out / f"spec{starter.FINGERPRINTS}").write_text(json.dumps(  # paths and hashes, no code
        starter.starter_description(assignment.path, assignment.starter_path)) + "\n")

    def rows(variants):
        return [{"mistake": v.mistake, "functions": list(v.functions), "label": v.label,
                 "base": v.fn.base, "keywords": v.fn.keywords} for v in variants]

    meta = {"assignment": assignment.name, "spec_hash": assignment.spec_hash,
            "grader_version": __version__, "public_seed": seed,
            "variants": rows(recording.reference_package.VARIANTS),
            "accepted": rows(recording.reference_package.ACCEPTED), "index": offsets,
            "mistakes": {i: list(_words(i)) for i in _pack_ids(assignment)},
            "signatures": dict(getattr(assignment.reference_package, "SIGNATURES", {}))}
    (out / "bundle.json").write_text(json.dumps(meta, default=_plain) + "\n")
    return out


def _pack_ids(assignment: Assignment) -> list[str]:
    """The ids a bundle must explain: its variants' and every id the pack declares (its own
    check kinds may name them)."""
    package = assignment.reference_package
    declared = getattr(package, "MISTAKES", {})
    ids = [v.mistake for v in assignment.variants]
    ids += list(declared) if isinstance(declared, dict) else [m.id for m in declared]
    return list(dict.fromkeys(ids))


def _words(mistake_id: str) -> tuple[str, str, str]:
    m = catalogue.get(mistake_id)
    return m.title, m.fix, m.shows


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot go into a bundle's index")


def _enumerate(ctx) -> None:
    """The reference, every variant and every pair of variants on every input the check can
    plan (its cases, and the smaller cases the shrink phase may try)."""
    from grader.checks import KINDS
    from grader.checks.value import smaller_cases
    from grader.diagnose import _combine

    kind = KINDS[ctx.check.kind]
    calls = [c for c in kind.plan(ctx) if c.function == ctx.function]
    if ctx.check.kind == "value" and not ctx.spec.proxies and not ctx.spec.constructor:
        from grader.checks.base import Call

        for case in ctx.check.cases:
            for i, small in enumerate(smaller_cases(ctx.spec.recipe, case)):
                try:  # as the shrink phase: a smaller case the recipe refuses is skipped
                    calls.append(Call(ctx.function, ctx.inputs(small, "shrink", i),
                                      f"shrink{i}"))
                except ValueError:
                    continue
    functions = [ctx.reference, *(v.fn for v in ctx.variants), *(v.fn for v in ctx.accepted)]
    for first_index, first in enumerate(ctx.variants):
        for second in ctx.variants[first_index + 1:]:
            combined = _combine(first, second)
            if combined is not None and first.mistake != second.mistake:
                functions.append(combined)
    for call in calls:
        for fn in functions:
            try:
                with np.errstate(all="ignore"):
                    ctx.run_reference(fn, copy.deepcopy(call.args))
            except Exception:  # noqa: BLE001 - recorded as raising
                pass
