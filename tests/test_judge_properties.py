"""The judge never breaks: whatever a student's function returns, every check ends in a
student-facing verdict, never in the grader's internal error.

A property test over every function of every shipped assignment that the host can evaluate
(validate's set) and every check kind they use: each call returns the reference's output
after a random mutation (wrong shapes, transposes, swapped, missing or extra tuple items and
dict keys, dtypes, ints for floats, nan/inf, None, Python scalars and lists, a cache of another
type, huge values, strings). Seeded and bounded: ``GRADER_MUTATION_ROUNDS`` rounds per function
(default 6)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from grader import assignment, tensors
from grader.grade import framework_installed, run_checks
from grader.sandbox.session import Outcome
from grader.sandbox.wire import Opaque
from grader.validate import HostSession, located_everywhere, needs_submission

ODD = Opaque("generator", "not plain data", "<generator object f at 0x7f>")

ROUNDS = int(os.environ.get("GRADER_MUTATION_ROUNDS", "6"))


def _wrong_values(a: np.ndarray) -> list:
    """Same shape and dtype, wrong numbers: what most wrong answers are."""
    if a.dtype.kind not in "fc" or not a.size:
        return [a + 1] if a.dtype.kind in "iu" else []
    noise = np.random.default_rng(a.size).standard_normal(a.shape)
    one = a.copy()
    one.flat[0] += 1.0
    return [a * 2, a + 1, -a, np.zeros_like(a), a + noise, one, a * 1.0001, a / a.size]


def _array_mutations(a: np.ndarray) -> list:
    out = [*_wrong_values(a), *_wrong_values(a), a.T, a.reshape(1, -1), a.reshape(-1), a.reshape(-1, 1), a[..., None], a.astype(np.float32),
           a.astype(np.int64), a.astype(bool), np.full_like(a, np.nan, dtype=np.float64),
           np.where(np.arange(a.size).reshape(a.shape) == 0, np.inf, a) if a.size else a,
           a * 1e300, np.zeros((0,)), a[:1] if a.ndim else a, np.concatenate([a, a]) if a.ndim
           else a, a.tolist(), float(a.ravel()[0]) if a.size else 0.0, None, "array",
           np.array([str(x) for x in a.ravel()[:3]]), np.array([None, 1], dtype=object),
           np.sum(a) if a.size else 0, ODD, np.array(1e-320), np.full(a.shape, -0.0)]
    if a.ndim >= 2:
        out += [a[:, :1], a.reshape(a.shape[0], -1)[:, ::-1], np.swapaxes(a, 0, 1)]
    return out


def _mutations(value: object) -> list:
    """Every whole-value mutation of ``value`` (one level)."""
    if isinstance(value, np.ndarray):
        return _array_mutations(value)
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, bool):
        return [value * 2, value + 1, -value, 0.0, value * 2, value + 1,
                np.array([value]), np.array([[value]]), int(value) if np.isfinite(value) else 0,
                float("nan"), float("inf"), -float("inf"), None, str(value), [value], (value,),
                1e308 * 10, True, complex(value, 1)]
    if isinstance(value, tuple):
        out = [value[::-1], value[:-1], (*value, value[-1]), list(value), value[0], None,
               (*value, None), ODD, tuple(ODD for _ in value)] if value else [None]
        if len(value) >= 2:
            out.append((value[0], "cache of another type"))
            out.append((value[0], {"x": np.zeros(3)}))
        return out
    if isinstance(value, list):
        return [tuple(value), value[:-1], [*value, 0], np.asarray(value, dtype=object), None]
    if isinstance(value, dict):
        keys = sorted(value)
        out = [None, list(value.values()), {**value, "extra": np.zeros(2)}]
        if keys:
            out.append({k: value[k] for k in keys[1:]})
            out.append({**value, keys[0]: None})
            out.append({**value, keys[0]: "text"})
            first = value[keys[0]]
            if isinstance(first, np.ndarray):
                out += [{**value, keys[0]: m} for m in _array_mutations(first)[:6]]
        return out
    return [None, 0.0, np.zeros(2), "x", (), ODD]


def mutate(value: object, rng: np.random.Generator) -> object:
    """One random mutation somewhere in ``value`` (the whole value, or one part of it)."""
    if isinstance(value, tuple) and value and rng.random() < 0.6:
        i = int(rng.integers(len(value)))
        return tuple(mutate(v, rng) if j == i else v for j, v in enumerate(value))
    if isinstance(value, dict) and value and rng.random() < 0.5:
        key = sorted(value)[int(rng.integers(len(value)))]
        return {**value, key: mutate(value[key], rng)}
    options = _mutations(value)
    return options[int(rng.integers(len(options)))]


class MutatingSession(HostSession):
    """The reference, then a random mutation of what it returned."""

    def __init__(self, spec, table, rng):
        super().__init__(spec, table)
        self.rng = rng

    def call(self, module, qualname, args, kwargs, seed, extra=None, callbacks=None) -> Outcome:
        outcome = super().call(module, qualname, args, kwargs, seed, extra, callbacks)
        if outcome.status != "ok":
            return outcome
        value = tensors.plain(outcome.value)
        if self.rng.random() < 0.3:  # some calls right: the judge goes on to later paths
            return outcome
        mutated = mutate(value, self.rng)
        if self.torch and self.rng.random() < 0.7:
            mutated = tensors.as_student(mutated)
        return Outcome("ok", value=mutated, wall_s=outcome.wall_s, args_after=outcome.args_after)


def _functions():
    cases = []
    for name in sorted(assignment.available()):
        spec = assignment.find(name)
        mark = pytest.mark.skipif(not framework_installed(spec.spec.framework),
                                  reason=f"{spec.spec.framework} is not installed")
        for fname, fspec in spec.spec.functions.items():
            if fspec.constructor or any(needs_submission(c.kind) for c in fspec.checks):
                continue
            cases.append(pytest.param(name, fname, marks=mark, id=f"{name}:{fname}"))
    return cases


@pytest.mark.slow
@pytest.mark.parametrize("name, function", _functions())
def test_no_mutated_output_ever_ends_in_an_internal_error(name, function):
    spec = assignment.find(name)
    reference = {n: spec.reference(n) for n in spec.spec.functions}
    located = located_everywhere(spec)
    problems = []
    for round_ in range(ROUNDS):
        rng = np.random.default_rng([round_, len(function), sum(map(ord, function))])
        session = MutatingSession(spec, reference, rng)
        tests = run_checks(spec, session, located, {}, spec.spec.public_seed, round_ % 2 == 1,
                           [function])
        for test in tests:
            if "internal_error" in test.evidence:
                problems.append(f"round {round_}: {test.name}: "
                                f"{test.evidence['internal_error'].splitlines()[-1]}")
            elif not test.passed and not (test.output or test.mistakes):
                problems.append(f"round {round_}: {test.name}: failed without a word")
    assert not problems, "\n".join(problems[:20])


# -- through the real sandbox: every function of every assignment returns junk ----------------

JUNK = {
    "none": "None", "text": "'text'", "zero": "0", "float": "1.5", "pair": "(None, None)",
    "list": "[1, 2]", "dict": "{'a': 1}", "vector": "np.zeros(3)",
    "nan": "np.full((2, 2), np.nan)", "function": "(lambda: 0)", "generator": "(i for i in [1])",
    "huge": "np.full((3, 3), 1e308) * 10", "ints": "np.arange(6).reshape(2, 3)",
    "triple": "(np.zeros(2), np.zeros(2), 'cache')",
}


def junk_submission(spec, folder, value: str) -> None:
    """Every graded function and method of ``spec`` in its own file, all returning ``value``
    (constructors set nothing and return None)."""
    files: dict[str, dict[str, list[str]]] = {}
    for name, fspec in spec.spec.functions.items():
        cls, _, method = name.rpartition(".")
        params = ", ".join(["self", *fspec.params] if cls else fspec.params)
        params = params.replace("self, ctx", "ctx") if method in ("forward", "backward") \
            and cls else params
        body = "return None" if method == "__init__" else f"return {value}"
        deco = "    @staticmethod\n" if method in ("forward", "backward") and cls else ""
        files.setdefault(fspec.file, {}).setdefault(cls, []).append(
            f"{deco}{'    ' if cls else ''}def {method}({params}):\n"
            f"{'    ' if cls else ''}    {body}\n")
    for file, classes in files.items():
        lines = ["import numpy as np\n"]
        if spec.spec.framework == "torch":
            lines.append("import torch\n")
        for cls, methods in classes.items():
            if cls:
                base = "(torch.autograd.Function)" if any("staticmethod" in m for m in methods) \
                    else ""
                lines.append(f"\n\nclass {cls}{base}:\n" + "\n".join(methods))
            else:
                lines += ["\n\n" + m for m in methods]
        path = folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines))


def _assignments():
    out = []
    for name in sorted(assignment.available()):
        spec = assignment.find(name)
        out.append(pytest.param(name, marks=pytest.mark.skipif(
            not framework_installed(spec.spec.framework),
            reason=f"{spec.spec.framework} is not installed")))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", _assignments())
def test_junk_from_every_function_gets_a_verdict_never_an_internal_error(name, tmp_path):
    """All check kinds, constructors and training loops included, through the sandbox."""
    from grader import Options, grade

    spec = assignment.find(name)
    problems = []
    for label, value in JUNK.items():
        folder = tmp_path / label
        junk_submission(spec, folder, value)
        result = grade(spec, folder, Options(sandbox="process"))
        assert result.score == 0, (label, [(t.name, t.score) for t in result.tests if t.score])
        for test in result.tests:
            if "internal_error" in test.evidence:
                problems.append(f"{label}: {test.name}: "
                                f"{test.evidence['internal_error'].splitlines()[-1]}")
            elif not (test.output or test.mistakes):
                problems.append(f"{label}: {test.name}: failed without a word")
    assert not problems, "\n".join(problems[:30])
