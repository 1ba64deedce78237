"""``grader new NAME -o DIR``: a working pack to start from (a spec, a reference package with
one catalogued mistake, a starter, a correct and a buggy example) that validates as it is."""

from __future__ import annotations

import re
from pathlib import Path

from grader.errors import UsageError

TEMPLATE = Path(__file__).resolve().parent / "template"
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def create(name: str, folder: Path) -> list[Path]:
    """Write the scaffold of pack ``name`` into ``folder`` (new or empty); the files written."""
    if not NAME.fullmatch(name):
        raise UsageError(f"{name!r} is not a pack name: use lower-case letters, digits, - and _ "
                         "(e.g. mycourse-hw1)")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} already exists and is not an empty folder; choose a new one")
    title = name.replace("-", " ").replace("_", " ")
    ids = re.sub(r"[^a-z0-9]+", "_", name)
    written = []
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        target = folder / source.relative_to(TEMPLATE).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text().replace("{{name}}", name).replace("{{title}}", title) \
            .replace("{{ids}}", ids)
        target.write_text(text)
        written.append(target)
    return written
