"""Submission intake: a folder, a zip or a single ``.py`` becomes a private copy of its sources,
and each graded function is located by parsing (never by importing) anywhere in the tree.
"""

from __future__ import annotations

import ast
import hashlib
import json
import keyword
import os
import re
import secrets
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.errors import SubmissionError, UsageError
from grader.layout import make_folders
from grader.legacy import legacy_hint
from grader.notebooks import notebook_to_module
from grader.sandbox.session import ModuleRef

SKIP_DIRS = {"__pycache__", "__MACOSX", "site-packages", "node_modules", "venv", ".venv", "env"}
MAX_FILES = 5000
MAX_FILE_BYTES = 5 << 20
MAX_NOTEBOOK_BYTES = 200 << 20
"""A notebook is read up to this size; its outputs go, then MAX_FILE_BYTES applies."""
MAX_TOTAL_BYTES = 200 << 20


@dataclass(frozen=True)
class Definition:
    """A function or method found in the submission's sources."""

    qualname: str
    file: str
    """Path relative to the submission root (POSIX separators)."""
    line: int
    node: ast.FunctionDef | ast.AsyncFunctionDef = field(compare=False, repr=False)


@dataclass(frozen=True)
class SyntaxProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


TOO_DEEP = ("is nested too deeply for Python to parse (an expression of many thousands of "
            "terms or brackets): split it into several statements")
BINARY = ("is not a text file (it holds binary data): hand in the .py file itself, not a "
          "compiled, encoded or renamed copy")


@dataclass
class Submission:
    """A private copy of a submission's Python sources, parsed."""

    source: Path
    """What the user gave (folder, zip or file)."""
    root: Path
    """The private copy the sandbox runs from."""
    files: dict[str, str]
    """Relative path -> source text."""
    definitions: dict[str, list[Definition]] = field(default_factory=dict)
    bindings: dict[str, list[Definition]] = field(default_factory=dict)
    """Module-level ``name = <expression>`` (node: the Assign), for the loop evidence of
    callables made at import (``_f = np.vectorize(g)``, lambdas)."""
    syntax_errors: dict[str, SyntaxProblem] = field(default_factory=dict)
    unparsed: dict[str, str] = field(default_factory=dict)
    """Text that could not become a module (a notebook cell that does not parse), by key."""
    ignored: list[str] = field(default_factory=list)
    """Files that are not code (data, images, PDFs): listed, never read."""
    moved: dict[str, str] = field(default_factory=dict)
    """Files graded at their starter paths: new path -> where the student has it."""
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def hash(self) -> str:
        """SHA-256 over the sorted (path, content) pairs: the identity of what was graded."""
        digest = hashlib.sha256()
        for rel in sorted(self.files):
            digest.update(rel.encode() + b"\0" + self.files[rel].encode() + b"\0")
        return digest.hexdigest()

    def rearrange(self, layout: list[str]) -> list[str]:
        """Files moved to their starter paths (``grader.layout``); one note saying which."""
        from grader.layout import arrange, note

        files, moves = arrange(self.root, self.files, layout)
        if moves:
            self.moved = {new: old for old, new in moves.items()}
            self.files = files
            self.definitions.clear()
            self.bindings.clear()
            for key in [k for k in self.syntax_errors if k not in self.unparsed]:
                del self.syntax_errors[key]  # parsed again under their new paths
            _parse_all(self)
        return [note(moves)] if moves else []

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Submission:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_submission(path: Path) -> Submission:
    """Copy the submission's sources into a private folder and parse them."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"submission not found: {path}")
    tmp = tempfile.TemporaryDirectory(prefix="grader-sub-")
    # The copy must be readable by the sandbox's unprivileged uid, not by other users: the
    # outer folder can be crossed but not listed, the inner one has an unguessable name.
    os.chmod(tmp.name, 0o711)
    root = Path(tmp.name) / secrets.token_hex(16)
    root.mkdir()
    os.chmod(root, 0o755)  # explicit modes: a umask such as 077 must not hide it from the uid
    try:
        if path.is_dir():
            intake = _from_folder(path)
        elif zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
            intake = _from_zip(path)
        elif path.suffix in (".py", ".ipynb"):
            intake = _Intake()
            intake.check_raw(PurePosixPath(path.name), path.stat().st_size)
            intake.add(PurePosixPath(path.name), path.read_bytes())
        else:
            raise SubmissionError(f"{path.name}: not a folder, a .zip archive (or a corrupt "
                                  f"one), a .py file or a notebook")
        if not intake.sources:
            raise SubmissionError(_no_code(path, intake.ignored))
        sources, broken = _convert_notebooks(intake.sources)
        for rel, text in sources.items():
            target = root / rel
            make_folders(root, target.parent)
            target.write_text(text)
            os.chmod(target, 0o644)
    except BaseException:
        tmp.cleanup()
        raise
    sub = Submission(path, root, sources, ignored=intake.ignored, _tmp=tmp)
    for key, (problem, text) in broken.items():
        sub.syntax_errors[key] = problem
        sub.unparsed[key] = text
    _parse_all(sub)
    return sub


def _convert_notebooks(sources: dict[str, str]) -> tuple[dict[str, str], dict]:
    """Replace each notebook by a module of its definitions (named after it, beside it)."""
    out = {k: v for k, v in sources.items() if not k.endswith(".ipynb")}
    broken: dict[str, tuple[SyntaxProblem, str]] = {}
    for rel in sorted(k for k in sources if k.endswith(".ipynb")):
        path = PurePosixPath(rel)
        try:
            converted = notebook_to_module(sources[rel], rel)
        except ValueError as exc:
            broken[rel] = (SyntaxProblem(rel, 0, str(exc)), "")
            continue
        target = str(path.with_suffix(".py"))
        if target in out:
            target = str(path.with_name(f"{path.stem}_notebook.py"))
        out[target] = converted.source
        for cell, (line, message, text) in converted.broken_cells.items():
            key = f"{rel} (cell {cell})"
            broken[key] = (SyntaxProblem(f"{rel}, cell {cell}", line, message), text)
    return out, broken


def _wanted(rel: PurePosixPath) -> bool:
    parts = rel.parts
    return (
        rel.suffix in (".py", ".ipynb")
        and not any(p in SKIP_DIRS or p.startswith(".") for p in parts[:-1])
        and not parts[-1].startswith(".")
    )


def _read_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _no_code(path: Path, ignored: list[str]) -> str:
    """Why there is nothing to grade, and where the code may be instead."""
    text = f"{path.name or path}: no Python files (.py or .ipynb) here"
    if ignored:
        text += f"; only {', '.join(ignored[:5])}" + (" and more" if len(ignored) > 5 else "")
    return text


class _Intake:
    """The code files of a submission as they are read, within the limits: notebooks lose
    their outputs (plots, printed arrays) before any limit applies; what is not code is
    listed, never read."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.ignored: list[str] = []
        self.total = 0

    def wants(self, rel: PurePosixPath) -> bool:
        if _wanted(rel):
            return True
        if not any(p in SKIP_DIRS or p.startswith(".") for p in rel.parts) \
                and rel.suffix.lower() != ".pyc" and len(self.ignored) < 10_000:
            self.ignored.append(printable(str(rel)))
        return False

    @staticmethod
    def raw_limit(rel: PurePosixPath) -> int:
        return MAX_NOTEBOOK_BYTES if rel.suffix == ".ipynb" else MAX_FILE_BYTES

    def check_raw(self, rel: PurePosixPath, size: int) -> None:
        if size > self.raw_limit(rel):
            _within_limits(str(rel), size, self.total, len(self.sources))

    def add(self, rel: PurePosixPath, data: bytes) -> None:
        rel = PurePosixPath(printable(str(rel)))
        self.check_raw(rel, len(data))
        text = _read_text(data)
        if rel.suffix == ".ipynb":
            text = strip_outputs(text)
        size = len(text.encode())
        self.total += size
        _within_limits(str(rel), size, self.total, len(self.sources))
        self.sources[str(rel)] = text


def printable(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (kept by the OS as lone
    surrogates) become U+FFFD, so the name can be hashed, written and shown."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def strip_outputs(text: str) -> str:
    """A notebook without its outputs and attachments (the code is all the grader reads)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text  # not JSON (or absurdly nested): the notebook reader names the problem
    cells = data.get("cells") if isinstance(data, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict):
            cell.pop("attachments", None)
            if "outputs" in cell:
                cell["outputs"] = []
    return json.dumps(data)


def _from_folder(folder: Path) -> _Intake:
    intake = _Intake()
    for path in sorted(folder.rglob("*")):
        rel = PurePosixPath(path.relative_to(folder).as_posix())
        if path.is_symlink() or not path.is_file() or not intake.wants(rel):
            continue
        intake.check_raw(rel, path.stat().st_size)
        intake.add(rel, path.read_bytes())
    return intake


def _within_limits(rel: str, size: int, total: int, count: int) -> None:
    """Name the file and the limit it breaks (a student can then fix exactly that)."""
    if size > MAX_FILE_BYTES:
        what = "even without its outputs " if rel.endswith(".ipynb") else ""
        raise SubmissionError(f"{rel} is {what}{_mib(size)}, over the limit of "
                              f"{_mib(MAX_FILE_BYTES)} for one code file")
    if total > MAX_TOTAL_BYTES:
        raise SubmissionError(f"the code files add up to more than {_mib(MAX_TOTAL_BYTES)} "
                              f"(at {rel})")
    if count >= MAX_FILES:
        raise SubmissionError(f"more than {MAX_FILES} code files (at {rel})")


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"


def _from_zip(archive: Path) -> _Intake:
    """Read code members, refusing path tricks (absolute paths, ``..``), links and bombs."""
    intake = _Intake()
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SubmissionError(f"{archive.name}: a corrupt .zip archive ({exc})") from None
    with zf:
        for info in zf.infolist():
            rel = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or rel.is_absolute() or ".." in rel.parts or not intake.wants(rel):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                continue
            intake.check_raw(rel, info.file_size)
            try:
                with zf.open(info) as member:
                    data = member.read(intake.raw_limit(rel) + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                    NotImplementedError) as exc:  # corrupt, encrypted, unknown compression
                raise SubmissionError(f"{archive.name}: cannot read {rel} ({exc})") from None
            intake.add(rel, data)
    return intake


def _parse_all(sub: Submission) -> None:
    for rel, text in sorted(sub.files.items()):
        if "\x00" in text:  # null bytes: not a text file at all (3.11 and 3.12 differ here)
            sub.syntax_errors[rel] = SyntaxProblem(rel, 0, BINARY)
            continue
        try:
            tree = ast.parse(text, filename=rel)
        except SyntaxError as exc:
            sub.syntax_errors[rel] = SyntaxProblem(rel, exc.lineno or 0, exc.msg)
            continue
        except (RecursionError, MemoryError):  # the parser's own limits, never the host's crash
            sub.syntax_errors[rel] = SyntaxProblem(rel, 0, TOO_DEEP)
            continue
        except ValueError:  # null bytes: not a text file at all
            sub.syntax_errors[rel] = SyntaxProblem(rel, 0, BINARY)
            continue
        for definition in _definitions(tree, rel):
            sub.definitions.setdefault(definition.qualname, []).append(definition)
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        sub.bindings.setdefault(target.id, []).append(
                            Definition(target.id, rel, node.lineno, node))


def _definitions(tree: ast.Module, rel: str, prefix: str = ""):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield Definition(prefix + node.name, rel, node.lineno, node)
        elif isinstance(node, ast.ClassDef) and not prefix:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield Definition(f"{node.name}.{item.name}", rel, item.lineno, item)


# --------------------------------------------------------------------------- locating


@dataclass(frozen=True)
class Located:
    function: str
    definition: Definition
    module: ModuleRef
    others: tuple[str, ...] = ()
    """Other files that also define it (the first match wins; reported for transparency)."""


@dataclass(frozen=True)
class NotLocated:
    function: str
    mistake: str
    """``missing_function`` or ``syntax_error``."""
    message: str


def locate(sub: Submission, function: str, expected_file: str) -> Located | NotLocated:
    """Find ``function`` (a qualified name) preferring files named like the starter's."""
    candidates = sub.definitions.get(function, [])
    if not candidates:
        return _not_found(sub, function, expected_file)
    ranked = sorted(candidates, key=lambda d: _rank(d.file, expected_file))
    best = ranked[0]
    return Located(function, best, module_ref(sub, best.file),
                   tuple(d.file for d in ranked[1:]))


def _rank(rel: str, expected_file: str) -> tuple:
    path = PurePosixPath(rel)
    return (path.name != expected_file, len(path.parts), rel)


def _not_found(sub: Submission, function: str, expected_file: str) -> NotLocated:
    short = function.rpartition(".")[2]
    broken = [p for f, p in sorted(sub.syntax_errors.items())
              if PurePosixPath(f).name == expected_file
              or re.search(rf"^\s*def\s+{re.escape(short)}\s*\(",
                           sub.files.get(f) or sub.unparsed.get(f, ""), re.M)]
    if broken and broken[0].message == BINARY:
        return NotLocated(function, "not_text", f"{broken[0]}; {function} cannot be graded")
    if broken:
        legacy = legacy_hint("SyntaxError", broken[0].message)
        if legacy:
            return NotLocated(function, legacy[0], f"{broken[0]}: {legacy[1]}; {function} "
                              "cannot be graded until this file parses")
        return NotLocated(function, "syntax_error", f"{broken[0]}: {function} cannot be graded "
                          "until this file parses")
    note = ""
    if sub.syntax_errors:
        first = next(iter(sorted(sub.syntax_errors.items())))[1]
        note = f" (note: {first} — a file that does not parse)"
    where = ", ".join(sorted(sub.files)[:5]) or "no .py files"
    return NotLocated(function, "missing_function",
                      f"no definition of {function} in the submission ({where}){note}")


def module_name(stem: str) -> str:
    """A valid module name for a file stem (``losses (1)`` -> ``losses__1_``)."""
    name = re.sub(r"\W", "_", stem)
    return name if name.isidentifier() and not keyword.iskeyword(name) else f"_{name}"


def _is_package(root: Path, folder: PurePosixPath) -> bool:
    """A folder with an ``__init__.py``. A folder without one inside such a package is one of
    its namespace subpackages (2025's ``cs231n/classifiers``): ``module_ref`` counts it too."""
    return (root / folder / "__init__.py").is_file()


def module_ref(sub: Submission, rel: str) -> ModuleRef:
    """How the sandbox imports ``rel``: as part of its package when it sits in one."""
    path = PurePosixPath(rel)
    parts = [module_name(path.stem)]
    folder = path.parent
    packages: dict[str, str] = {}
    chain = []
    while folder.parts and (_is_package(sub.root, folder) or (
            folder.parent.parts and _is_package(sub.root, folder.parent))):
        chain.append(folder)
        parts.insert(0, folder.name)
        folder = folder.parent
    for depth, pkg in enumerate(reversed(chain)):
        packages[".".join(parts[: depth + 1])] = str(sub.root / pkg)
    paths = [str(sub.root / path.parent), str(sub.root / folder), str(sub.root)]
    by_path = str(sub.root / rel) if parts[-1] != path.stem else None
    return ModuleRef(".".join(parts), rel, packages, tuple(dict.fromkeys(paths)), by_path)

