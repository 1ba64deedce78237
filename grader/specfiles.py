"""Spec files: where they are found (the search path, packs and their editions), how they
are read (YAML, ``extends`` chains, the line of every value for error messages) and the
outline detection and ``grader list`` need, without validating a spec or importing any pack's
code (``grader.assignment`` does both, for the one spec being graded)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType

import yaml

from grader.errors import SpecError

PATH_ENV = "GRADER_ASSIGNMENTS_PATH"
PACK_FILE = "pack.yaml"  # a pack folder's spec
EDITION_FILES = "pack@*.yaml"  # other editions of the same assignment, beside pack.yaml
ENTRY_POINTS = "grader.packs"  # an installed course's packs: a name -> a folder of packs


@dataclass(frozen=True)
class Outline:
    """What detection needs of a spec, read without validating it or importing its pack's
    code (``load`` does both): its detect files, its functions and their files, its markers
    and its edition. A spec that does not load is found out when it is chosen."""

    detect: tuple[str, ...]
    functions: dict[str, str]
    markers: tuple[tuple[str, str | None], ...]
    edition: str | None
    title: str = ""
    params: dict[str, tuple[str, ...]] | None = None
    points: float = 0.0
    extra_points: float = 0.0
    """Extra credit beyond ``points`` (the checks of the spec's ``extra_credit`` parts)."""

    @property
    def years(self) -> tuple[int, int] | None:
        return _years(self.edition or "")


def versions(path: Path) -> tuple:
    """The version of every spec file beside ``path`` (name, mtime, size): what a spec read
    from it is cached by (an edition extends its neighbours)."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(path.parent.glob("*.y*ml")))


def outline(path: Path) -> Outline:
    if path.is_dir():
        path = path / PACK_FILE
    return _outline(path, versions(path))


@cache
def _outline(path: Path, seen: tuple) -> Outline:
    """Read from the outline cache on disk when the spec files beside ``path`` hold what
    they held when it was written (detection reads every installed spec at every run)."""
    try:
        key = _content_key(path)
    except OSError:
        return _read_outline(path)
    stored = _OUTLINES.get(key)
    if stored is not None:
        try:
            return _outline_from(stored)
        except (KeyError, TypeError, ValueError):
            pass
    found = _read_outline(path)
    _OUTLINES.put(key, dataclasses.asdict(found))
    return found


def _content_key(path: Path) -> str:
    """The spec's path and the bytes of every spec file beside it (an edition extends its
    neighbours), hashed."""
    digest = hashlib.sha256(str(path.resolve()).encode())
    for neighbour in sorted(path.parent.glob("*.y*ml")):
        digest.update(b"\0" + neighbour.name.encode() + b"\0" + neighbour.read_bytes())
    return digest.hexdigest()


def _outline_from(stored: dict) -> Outline:
    return Outline(detect=tuple(stored["detect"]), functions=dict(stored["functions"]),
                   markers=tuple((str(p), f) for p, f in stored["markers"]),
                   edition=stored["edition"], title=stored["title"],
                   params=None if stored["params"] is None else
                   {k: tuple(v) for k, v in stored["params"].items()},
                   points=float(stored["points"]),
                   extra_points=float(stored.get("extra_points", 0.0)))


class _DiskCache:
    """A small JSON table in the user's cache folder (``GRADER_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/cs231n-grader``), read once per process and rewritten atomically after
    a miss. Keyed by content and by this module's own version, so a stale entry is never
    read; a cache that cannot be read or written is simply not used."""

    def __init__(self, name: str) -> None:
        self.name, self._table = name, None

    @property
    def path(self) -> Path:
        base = os.environ.get(CACHE_ENV) or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cs231n-grader")
        return Path(base) / f"{self.name}-{_CODE_VERSION}.json"

    def _load(self) -> dict:
        if self._table is None:
            try:
                table = json.loads(self.path.read_text())
                self._table = table if isinstance(table, dict) else {}
            except (OSError, ValueError):
                self._table = {}
        return self._table

    def get(self, key: str):
        return self._load().get(key)

    def put(self, key: str, value: object) -> None:
        from grader.formats.results_json import write_atomic  # only on a miss

        table = self._load()
        table[key] = value
        try:
            write_atomic(self.path, json.dumps(table))
        except OSError:
            pass


CACHE_ENV = "GRADER_CACHE_DIR"
_CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
_OUTLINES = _DiskCache("outlines")


def _read_outline(path: Path) -> Outline:
    try:
        data, lines = _parse(path, path.read_text())
        if data.get("extends") is not None:
            data, _ = _extended(path, data, lines, {(): (path, lines)})
        functions = {str(k): str((v or {}).get("file", "")) for k, v in
                     (data.get("functions") or {}).items() if isinstance(v, dict)}
        markers = tuple((str(m.get("pattern", "")), m.get("file"))
                        for m in data.get("markers") or () if isinstance(m, dict))
        detect = tuple(str(f) for f in data.get("detect") or ())
        bodies = {str(k): v for k, v in (data.get("functions") or {}).items()
                  if isinstance(v, dict)}
        params = {k: tuple(str(p) for p in v.get("params") or ()) for k, v in bodies.items()}
        extra = set(data.get("extra_credit") or ())
        checks = [c for v in bodies.values() for c in v.get("checks") or () if isinstance(c, dict)]
        points = float(sum(float(c.get("points", 0)) for c in checks if c.get("part") not in extra))
        extra_points = float(sum(float(c.get("points", 0)) for c in checks
                                 if extra and c.get("part") in extra))
    except (SpecError, OSError, AttributeError, TypeError, ValueError):
        return Outline((), {}, (), None)
    label = edition_label(path)
    return Outline(detect, functions, markers,
                   label if label is not None else data.get("edition") and str(data["edition"]),
                   str(data.get("title", "")), params, points, extra_points)


def _extended(path: Path, data: dict, lines: dict, where: dict,
              chain: tuple[Path, ...] = ()) -> tuple[dict, tuple[Path, ...]]:
    """``data`` over the spec it extends (which may extend another, never in a circle)."""
    base_path = path.parent / str(data.pop("extends"))
    if not base_path.is_file():
        raise SpecError(f"{path}:{_line(lines, ('extends',))}: extends: {base_path} "
                        "does not exist")
    if base_path.resolve() in chain or base_path.resolve() == path.resolve():
        raise SpecError(f"{path}: extends {base_path.name}, which extends it back")
    base, base_lines = _parse(base_path, base_path.read_text())
    deeper: tuple[Path, ...] = ()
    if base.get("extends") is not None:
        base, deeper = _extended(base_path, base, base_lines, where, (*chain, path.resolve()))
    for fname in base.get("functions") or {}:
        if fname not in (data.get("functions") or {}):
            where.setdefault(("functions", fname), (base_path, base_lines))
    return _merge(base, data), (base_path, *deeper)


def _parse(path: Path, text: str) -> tuple[dict, dict[tuple, int]]:
    """A spec file's mapping (``x-`` keys, which hold anchors and notes, dropped) and the line
    of every value in it. Parsed once per text (detection reads the specs ``load`` reads
    again); the mapping returned is the caller's to change at its top level."""
    data, lines = _parse_text(str(path), text)
    return dict(data), lines


@lru_cache(maxsize=64)
def _parse_text(path: str, text: str) -> tuple[dict, dict[tuple, int]]:
    try:
        data = yaml.load(text, Loader=_LOADER)
        lines = _Lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SpecError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}:1: an assignment spec must be a mapping")
    return {k: v for k, v in data.items() if not str(k).startswith("x-")}, lines


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where it is installed


class _Lines(dict):
    """The line of every value of a spec file, composed only when an error needs one (a spec
    that loads cleanly never pays for it)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            self.update(_line_table(yaml.compose(text, Loader=_LOADER)))

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)


NOT_INHERITED = ("edition", "markers")


def _merge(base: dict, edition: dict) -> dict:
    """An edition over its base: its fields replace the base's; its functions replace the
    base's of the same name (in the base's order, new ones after) and ``null`` drops one.
    What proves the base's edition (``edition``, ``markers``) is not inherited."""
    merged = {**{k: v for k, v in base.items() if k not in NOT_INHERITED},
              **{k: v for k, v in edition.items() if k != "functions"}}
    functions = dict(base.get("functions") or {})
    for name, value in (edition.get("functions") or {}).items():
        if value is None:
            functions.pop(name, None)
        else:
            functions[name] = value
    merged["functions"] = functions
    return merged


def edition_label(path: Path) -> str | None:
    """``2016`` for ``pack@2016.yaml``; None for any other spec file."""
    stem = Path(path).name
    if stem.startswith("pack@") and stem.endswith((".yaml", ".yml")):
        return stem[len("pack@"):].rsplit(".", 1)[0]
    return None


def _line_table(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every path in the YAML document to the line (1-based) where its value starts."""
    table = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            table[path + (key.value,)] = key.start_mark.line + 1
            for sub, line in _line_table(value, path + (key.value,)).items():
                table.setdefault(sub, line)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            table.update(_line_table(value, path + (i,)))
    return table


def _line(lines: dict[tuple, int], loc: tuple) -> int:
    """The line of the deepest known prefix of ``loc`` (discriminator tags are skipped)."""
    path: tuple = ()
    for part in loc:
        if path + (part,) in lines:
            path += (part,)
    return lines.get(path, 1)


def search_path() -> list[Path]:
    """Where assignments are found, earlier folders winning: ``GRADER_ASSIGNMENTS_PATH``,
    then the folders that installed packages declare under the ``grader.packs`` entry point
    (``mycourse = "mycourse_packs:FOLDER"``, a module attribute naming a folder, or the module's
    own folder)."""
    extra = [Path(p) for p in os.environ.get(PATH_ENV, "").split(os.pathsep) if p]
    return [*extra, *_entry_point_folders()]


@cache
def _entry_point_folders() -> tuple[Path, ...]:
    """Read once per process (a broken entry point is reported once, not at every lookup)."""
    from importlib.metadata import entry_points

    folders = []
    for point in sorted(entry_points(group=ENTRY_POINTS), key=lambda p: p.name):
        try:
            value = point.load()
        except Exception as exc:  # a broken course package must not stop the others
            print(f"grader: the pack entry point {point.name!r} ({point.value}) failed to "
                  f"load: {exc}", file=sys.stderr)
            continue
        folder = Path(value.__file__).parent if isinstance(value, ModuleType) else Path(value)
        folders.append(folder)
    return tuple(folders)


def available() -> dict[str, Path]:
    """Assignment name -> spec file, earlier folders in the search path winning. A folder
    holds spec files (``NAME.yaml``) and pack folders (``*/pack.yaml``, named by their spec's
    ``name``), or is itself a pack folder. A pack's other editions (``pack@EDITION.yaml``)
    are listed as ``NAME@EDITION``."""
    found: dict[str, Path] = {}
    for folder in search_path():
        packs = [folder / PACK_FILE] if (folder / PACK_FILE).is_file() else \
            sorted(folder.glob(f"*/{PACK_FILE}"))
        for path in packs:
            name = _pack_name(path)
            found.setdefault(name, path)
            for edition in sorted(path.parent.glob(EDITION_FILES)):
                found.setdefault(f"{name}@{edition_label(edition)}", edition)
        for path in sorted(folder.glob("*.yaml")):
            if path.name != PACK_FILE:
                found.setdefault(path.stem, path)
    return found


def editions(name: str, specs: dict[str, Path] | None = None) -> dict[str, str]:
    """Edition label -> the name that finds it, for every edition of assignment ``name``
    (one entry, labelled ``""`` when its spec names no edition, for most assignments)."""
    specs = available() if specs is None else specs
    family = {}
    for key, path in specs.items():
        if key == name:
            family[_top_value(path, "edition") or ""] = key
        elif key.startswith(name + "@"):
            family[key.partition("@")[2]] = key
    return family


def _years(label: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", label)
    return (int(match[1]), int(match[2] or match[1])) if match else None


def _pack_name(path: Path) -> str:
    """A pack's name, read from its spec's top-level ``name:`` line without parsing the whole
    file (an edition without one has its pack's; else the folder's name)."""
    name = _top_value(path, "name")
    if name is None and edition_label(path) is not None and (path.parent / PACK_FILE).is_file():
        name = _top_value(path.parent / PACK_FILE, "name")
    return name or path.parent.name


def _top_value(path: Path, field: str) -> str | None:
    """A top-level scalar of a spec file, read without parsing the whole file (once per
    version of the file: listing the installed specs reads every one's name)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _top_values(path, stat.st_mtime_ns, stat.st_size).get(field)


@lru_cache(maxsize=256)
def _top_values(path: Path, mtime_ns: int, size: int) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    try:
        for line in path.read_text().splitlines():
            key, colon, rest = line.partition(":")
            if colon and key and not key[0].isspace() and key not in values:
                values[key] = rest.split("#")[0].strip().strip("'\"") or None
    except (OSError, UnicodeDecodeError):
        pass
    return values


NONE_INSTALLED = (
    "no assignment is installed here. Students: grade with the bundle your course hands out, "
    "grader check --bundle BUNDLE SUBMISSION. Instructors: install the packs (pip install "
    f"./packs, or a course's own) or point {PATH_ENV} at a folder of packs.")
