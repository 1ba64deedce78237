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
    else:
        files = [p for p in root.iterdir() if p.is_file() and p.name not in IGNORED]
        canvas = [p for p in files if CANVAS.match(p.name)]
        entries = _canvas(canvas) if canvas and len(canvas) == len(files) else _plain(root)
    seen: dict[str, int] = {}
    unique = []
    for entry in sorted(entries, key=lambda e: (e.student, str(e.paths[0]))):
        count = seen.get(entry.student, 0)
        seen[entry.student] = count + 1
        if count:  # two entries for one student id: keep both, apart
            entry = Entry(f"{entry.student}#{count + 1}", entry.paths, entry.name, entry.meta)
        unique.append(entry)
    return unique


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


def _gradescope(root: Path) -> list[Entry]:
    meta = yaml.safe_load((root / "submission_metadata.yml").read_text()) or {}
    entries = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in IGNORED):
        record = meta.get(folder.name) if isinstance(meta, dict) else None
        submitters = (record or {}).get(":submitters") or []
        first = submitters[0] if submitters and isinstance(submitters[0], dict) else {}
        student = str(first.get(":sid") or first.get(":email") or folder.name)
        entries.append(Entry(_clean(student), (folder,), str(first.get(":name") or ""),
                             {"layout": "gradescope", "submission": folder.name,
                              "email": first.get(":email"),
                              "submitters": [str(s.get(":sid") or s.get(":name"))
                                             for s in submitters if isinstance(s, dict)]}))
    return entries


def _clean(name: str) -> str:
    """A student id usable as a file name."""
    return re.sub(r"[^\w.@+-]", "_", name).strip("._") or "unnamed"
