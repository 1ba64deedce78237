"""Untouched starter code: a function whose code is still the starter's placeholder.

Its verdict is ``not_implemented`` ("still the starter's placeholder"), not whatever its
placeholder return value happens to look like (``loss = 0.0`` is not "a wrong loss", zeros are
not "dists is all zeros"). A function is untouched when its syntax tree, docstring and comments
aside, is the starter's. The starter's trees are hashed: a source checkout computes them from the
spec's ``starter`` folder; an install reads ``<spec>.starter.json`` beside the spec (hashes only:
nothing of the code)."""

from __future__ import annotations

import ast
import copy
import hashlib
import json
from functools import cache
from pathlib import Path

FINGERPRINTS = ".starter.json"


def fingerprint(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """A hash of the function's code without its docstring (comments are not in the tree)."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                             ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    text = _canon(node.args) + "|" + _canon(body)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


SKIPPED_FIELDS = {"type_comment", "type_params", "ctx", "kind"}


def _canon(node: object) -> str:
    """A spelling of a syntax tree that is the same on every Python version (``ast.dump``'s
    is not: 3.13 leaves out empty fields)."""
    if isinstance(node, ast.AST):
        parts = []
        for name in node._fields:
            value = getattr(node, name, None)
            if name in SKIPPED_FIELDS or value is None or value == []:
                continue
            parts.append(f"{name}={_canon(value)}")
        return f"{type(node).__name__}({','.join(parts)})"
    if isinstance(node, list):  # a `pass` beside other statements changes nothing (the
        # starters of some years have one after the given code, others not)
        return "[" + ",".join(_canon(v) for v in node if not isinstance(v, ast.Pass)) + "]"
    return repr(node)


def definitions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Module-level functions and methods of module-level classes, by qualified name."""
    found: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found[f"{node.name}.{item.name}"] = item
    return found


def fingerprints_of(folder: Path) -> dict[str, list[str]]:
    """qualname -> the fingerprints of its starter definitions (every file of the folder)."""
    prints: dict[str, set[str]] = {}
    for name, node in _definitions_in(folder):
        prints.setdefault(name, set()).add(fingerprint(node))
    return {name: sorted(values) for name, values in sorted(prints.items())}


def _definitions_in(folder: Path):
    """(qualname, definition) of every function in the folder's files that parse."""
    for path in sorted(folder.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except SyntaxError:
            continue
        yield from definitions(tree).items()


def signatures_of(folder: Path) -> dict[str, str]:
    """qualname -> the parameters students see in the starter (``ctx, grad_output``; a
    method's ``self`` left out)."""
    found: dict[str, str] = {}
    for name, node in _definitions_in(folder):
        args = node.args
        if "." in name and args.args and args.args[0].arg in ("self", "cls"):
            args = copy.copy(args)
            args.args = args.args[1:]
            args.defaults = args.defaults[-len(args.args):] if args.args else []
        found.setdefault(name, ast.unparse(args))
    return dict(sorted(found.items()))


def describe_starter(folder: Path) -> dict:
    """What an install keeps of a starter: its files' paths, its functions' fingerprints and
    their signatures (what `grader list` shows)."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py"))
    return {"files": files, "functions": fingerprints_of(folder),
            "signatures": signatures_of(folder)}


@cache
def starter_description(spec_path: Path, starter: Path | None) -> dict:
    """From the spec's starter folder where it exists, else from the shipped
    ``<spec>.starter.json`` beside the spec, else nothing."""
    if starter is not None and starter.is_dir():
        return describe_starter(starter)
    try:
        data = json.loads(spec_path.with_name(spec_path.stem + FINGERPRINTS).read_text())
    except (OSError, ValueError):
        return {"files": [], "functions": {}}
    return data if isinstance(data, dict) else {"files": [], "functions": {}}


def starter_fingerprints(spec_path: Path, starter: Path | None) -> dict[str, frozenset[str]]:
    functions = starter_description(spec_path, starter).get("functions", {})
    return {name: frozenset(values) for name, values in functions.items()}


def starter_files(spec_path: Path, starter: Path | None) -> list[str]:
    """The starter's .py files, as paths relative to its root (its package layout)."""
    return list(starter_description(spec_path, starter).get("files", []))


def untouched(node, qualname: str, prints: dict[str, frozenset[str]]) -> bool:
    if node is None or qualname not in prints:
        return False
    try:
        return fingerprint(node) in prints[qualname]
    except RecursionError:  # a deeply nested function is not the starter's placeholder
        return False
