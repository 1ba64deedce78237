"""Who each submission belongs to, from the layouts instructors download.

- A Gradescope export: ``submission_metadata.yml`` beside one ``submission_<id>`` folder per
  submission; the metadata names the submitters (``:sid:``, ``:name:``, ``:email:``).
- A Canvas bulk download: flat files named ``lastfirst[_LATE]_userid_submissionid_filename``;
  the files of one student are gathered into one submission.
- Otherwise: one entry per student, named by the entry (a folder, a zip, a notebook or a .py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader.errors import UsageError

CANVAS = re.compile(r"^(?P<name>[a-z0-9]+)(?P<late>_LATE)?_(?P<user>\d+)_(?P<sub>\d+)_(?P<file>.+)$",
                    re.I)
SUFFIXES = {".zip", ".py", ".ipynb"}
IGNORED = {"submission_metadata.yml", ".DS_Store", "__MACOSX"}


@dataclass(frozen=True)
class Entry:
    """One student's submission in a batch."""

    student: str
    """The id to report under: a Canvas user id, a Gradescope SIS id, or the entry's name."""
    paths: tuple[Path, ...]
    """One folder, zip, notebook or .py; several files for a Canvas download."""
    name: str = ""
    """A display name where the layout gives one."""
    meta: dict = field(default_factory=dict, compare=False)
    """What else the layout says (email, late, submission id, layout)."""


def discover(root: Path) -> list[Entry]:
    """The submissions under ``root``, whichever layout it has, sorted by student."""
    if (root / "submission_metadata.yml").is_file():
        entries = _gradescope(root)
    elif is_canvas(root):
        entries = _canvas([p for p in root.iterdir() if p.is_file() and CANVAS.match(p.name)])
    else:
        entries = _plain(root)
    seen: dict[str, int] = {}
    unique = []
    for entry in sorted(entries, key=lambda e: (e.student, str(e.paths[0]))):
        count = seen.get(entry.student, 0)
        seen[entry.student] = count + 1
        if count:  # two entries for one student id: keep both, apart
            entry = Entry(f"{entry.student}#{count + 1}", entry.paths, entry.name, entry.meta)
        unique.append(entry)
    return unique


def is_canvas(root: Path) -> bool:
    """A Canvas bulk download: most of its files carry Canvas' names (a stray gradebook.csv
    or README does not change that; they are listed by ``unmatched``)."""
    files = [p for p in root.iterdir() if p.is_file() and p.name not in IGNORED
             and not p.name.startswith(".")]
    canvas = [p for p in files if CANVAS.match(p.name)]
    return bool(canvas) and 2 * len(canvas) >= len(files)


def unmatched(root: Path, entries: list[Entry]) -> list[str]:
    """What is in ``root`` but in no submission: said, never silently dropped."""
    used = {p.resolve() for e in entries for p in e.paths}
    return sorted(p.name for p in root.iterdir()
                  if p.name not in IGNORED and not p.name.startswith(".")
                  and p.resolve() not in used)


def _plain(root: Path) -> list[Entry]:
    entries = []
    for path in sorted(root.iterdir()):
        if path.name in IGNORED or path.name.startswith("."):
            continue
        if path.is_dir() or path.suffix in SUFFIXES:
            entries.append(Entry(_clean(path.stem if path.is_file() else path.name), (path,),
                                 meta={"layout": "folder"}))
    return entries


def _canvas(files: list[Path]) -> list[Entry]:
    groups: dict[str, list[Path]] = {}
    info: dict[str, dict] = {}
    for path in files:
        match = CANVAS.match(path.name)
        assert match is not None
        user = match["user"]
        groups.setdefault(user, []).append(path)
        info.setdefault(user, {"layout": "canvas", "name": match["name"], "late": False,
                               "submission_id": match["sub"]})
        info[user]["late"] |= bool(match["late"])
    return [Entry(user, tuple(sorted(paths)), info[user]["name"], info[user])
            for user, paths in groups.items()]


def canvas_filename(path: Path) -> str:
    """The name the student gave the file (Canvas prefixes it and may append -1, -2)."""
    match = CANVAS.match(path.name)
    name = match["file"] if match else path.name
    return re.sub(r"-\d+(\.\w+)$", r"\1", name)


class _MetadataLoader(yaml.SafeLoader):
    """Gradescope writes its metadata from Ruby: ``!ruby/object:BigDecimal`` scores and
    ``!ruby/hash:...`` records. Any such tag is read as the plain value it tags."""


def _plain_value(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_MetadataLoader.add_multi_constructor("!", _plain_value)


def read_metadata(path: Path) -> dict:
    """``submission_metadata.yml`` as a dict, or a usage error naming the file and line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8", errors="replace"),  # noqa: S506
                         Loader=_MetadataLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{path}: not valid YAML{where}: {problem}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected one record per submission folder, "
                         f"got {type(data).__name__}")
    return data


def _gradescope(root: Path) -> list[Entry]:
    path = root / "submission_metadata.yml"
    meta = read_metadata(path)
    entries = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in IGNORED):
        record = meta.get(folder.name)
        submitters = record.get(":submitters") if isinstance(record, dict) else None
        first = submitters[0] if isinstance(submitters, list) and submitters else None
        info = {"layout": "gradescope", "submission": folder.name}
        if not isinstance(first, dict):
            info["problem"] = (f"{path.name} has no usable record of its submitters "
                               f"({'missing' if record is None else 'malformed'}); graded "
                               f"under the folder's name")
            entries.append(Entry(_clean(folder.name), (folder,), "", info))
            continue
        group = [m for m in submitters if isinstance(m, dict)]
        ids = [str(m.get(":sid") or m.get(":email") or folder.name) for m in group]
        for member, student in zip(group, ids):  # a group submission: a row for each member
            entries.append(Entry(_clean(student), (folder,), str(member.get(":name") or ""),
                                 {**info, "email": member.get(":email"), "submitters": ids}))
    return entries


def _clean(name: str) -> str:
    """A student id usable as a file name."""
    return re.sub(r"[^\w.@+-]", "_", name).strip("._") or "unnamed"
