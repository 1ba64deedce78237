"""Loop evidence from the source (AST), following calls into the submission's own functions."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from grader.submission import Definition, Submission

LOOP_NODES = {
    ast.For: "a for loop",
    ast.AsyncFor: "an async for loop",
    ast.While: "a while loop",
    ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression",
}
# numpy helpers that loop in Python, in any spelling (np.vectorize, numpy.vectorize, vectorize)
LOOP_HELPERS = {
    "vectorize": "np.vectorize (a Python loop in disguise)",
    "apply_along_axis": "np.apply_along_axis (a Python loop in disguise)",
    "apply_over_axes": "np.apply_over_axes (a Python loop in disguise)",
    "frompyfunc": "np.frompyfunc (a Python loop in disguise)",
}
# builtins that loop, only as bare names or from their own module (np.add.reduce is fine)
LOOP_CALLS = {
    "map": "map() over Python objects",
    "filter": "filter() over Python objects",
    "reduce": "functools.reduce",
    "exec": "exec() of generated code",
    "eval": "eval() of generated code",
}


@dataclass(frozen=True)
class LoopEvidence:
    file: str
    line: int
    what: str
    via: str
    """The function the loop is in (the graded one, or one it calls)."""

    def __str__(self) -> str:
        return f"{self.what} at {self.file}:{self.line} (in {self.via})"


class LoopsOf(Mapping):
    """Function name -> its loop evidence (``find_loops``), found when first asked for: only
    the checks that judge vectorization read it."""

    def __init__(self, sub: Submission, definitions: dict[str, Definition]) -> None:
        self._sub, self._definitions, self._found = sub, definitions, {}

    def __getitem__(self, name: str) -> list[LoopEvidence]:
        if name not in self._found:
            self._found[name] = find_loops(self._sub, self._definitions[name])
        return self._found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._definitions)

    def __len__(self) -> int:
        return len(self._definitions)


def find_loops(sub: Submission, start: Definition, max_depth: int = 8) -> list[LoopEvidence]:
    """Loops in ``start`` and in every submission function it calls, transitively."""
    found: list[LoopEvidence] = []
    seen: set[tuple[str, str]] = set()
    todo = [(start, 0)]
    while todo:
        definition, depth = todo.pop()
        key = (definition.file, definition.qualname)
        if key in seen or depth > max_depth:
            continue
        seen.add(key)
        for node in ast.walk(definition.node):
            what = _loop_kind(node)
            if what:
                found.append(LoopEvidence(definition.file, node.lineno, what, definition.qualname))
            for made in _made_at_import(sub, node):
                found.append(LoopEvidence(made.file, made.line, made.what,
                                          f"{made.via}, called from {definition.qualname}"))
            for callee in _callees(sub, definition, node):
                if callee.qualname == definition.qualname and callee.file == definition.file:
                    found.append(LoopEvidence(definition.file, node.lineno, "recursion",
                                              definition.qualname))
                todo.append((callee, depth + 1))
    return sorted(set(found), key=lambda e: (e.file, e.line))


def _made_at_import(sub: Submission, node: ast.AST) -> list[LoopEvidence]:
    """A call of a module-level callable that loops each time it is called: one made by a loop
    helper (``_f = np.frompyfunc(g, 2, 1)``) or a lambda that loops. A module-level value
    computed once at import (``CLASSES = [c for c in ...]``) is not a loop of the call."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return []
    out = []
    for binding in sub.bindings.get(node.func.id, []):
        for inner in ast.walk(binding.node.value):
            what = None
            if isinstance(inner, ast.Call) and _call_name(inner) in ("vectorize", "frompyfunc"):
                what = LOOP_HELPERS[_call_name(inner)]
            elif isinstance(inner, ast.Lambda):
                what = next((_loop_kind(n) for n in ast.walk(inner.body) if _loop_kind(n)), None)
            if what:
                out.append(LoopEvidence(binding.file, inner.lineno, what, binding.qualname))
    return out


def _loop_kind(node: ast.AST) -> str | None:
    if type(node) in LOOP_NODES:
        return LOOP_NODES[type(node)]
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name in LOOP_HELPERS:
            return LOOP_HELPERS[name]
        func = node.func
        bare = isinstance(func, ast.Name)
        qualified = (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                     and func.value.id in ("functools", "builtins"))
        if bare or qualified:
            return LOOP_CALLS.get(name)
    return None


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _callees(sub: Submission, caller: Definition, node: ast.AST) -> list[Definition]:
    """Submission functions a call node may reach: same-file first, then anywhere by name."""
    if not isinstance(node, ast.Call):
        return []
    name = _call_name(node)
    if name is None:
        return []
    cls = caller.qualname.rpartition(".")[0]
    names = [name] + ([f"{cls}.{name}"] if cls else [])
    found = []
    for qualname in names:
        defs = sub.definitions.get(qualname, [])
        same_file = [d for d in defs if d.file == caller.file]
        found.extend(same_file or defs)
    return found
