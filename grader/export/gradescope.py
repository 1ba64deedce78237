"""``grader export gradescope``: the autograder zip Gradescope expects.

At the zip's root: ``setup.sh`` (run once on Gradescope's Ubuntu 22.04 image: Python, a
virtual environment with the pinned requirements, bubblewrap, torch's CPU build for a torch
assignment; then the source is made readable by root only) and ``run_autograder`` (run per
submission: grades ``/autograder/submission`` on the hidden seed and always writes
``/autograder/results/results.json``). Student code runs in the sandbox as an unprivileged
user, so it can read neither the reference nor the seed and cannot write the results.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path

from grader.assignment import Assignment
from grader.export.source import PACKS, copy_pack, copy_package, new_seed, requirements

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu 22.04 image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null
python3 -m venv /opt/grader
/opt/grader/bin/pip install -q --upgrade pip
/opt/grader/bin/pip install -q -r /autograder/source/requirements.txt
{torch}
# the grader, its reference code and the secret seed: root only (student code runs as nobody)
chmod -R go-rwx /autograder/source
chmod 0755 /autograder/source /autograder/source/run_autograder
"""

TORCH = ('/opt/grader/bin/pip install -q --index-url https://download.pytorch.org/whl/cpu '
         '"torch>=2.1"')

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission, as root, in /autograder.
PY="${{GRADER_PYTHON:-/opt/grader/bin/python}}"
export PYTHONPATH="/autograder/source${{PYTHONPATH:+:$PYTHONPATH}}"
export GRADER_ASSIGNMENTS_PATH="/autograder/source/{packs}"
export GRADER_HIDDEN_SEED_FILE=/autograder/source/hidden_seed
mkdir -p /autograder/results
exec "$PY" -m grader.export.run_gradescope {assignment}
"""


def export(spec: Assignment, out: Path) -> Path:
    """Write the autograder zip to ``out``: the grader, the assignment's pack (a course's
    own one, under packs/), the entry points and a fresh secret seed."""
    assignment, torch = spec.name, spec.spec.framework == "torch"
    with tempfile.TemporaryDirectory(prefix="grader-export-") as tmp:
        root = Path(tmp)
        copy_package(root)
        copy_pack(spec, root)
        files = {
            "setup.sh": SETUP.format(torch=TORCH if torch else "# (no torch: a NumPy assignment)"),
            "run_autograder": RUN.format(assignment=assignment, packs=PACKS),
            "requirements.txt": requirements("3.10"),
            "hidden_seed": new_seed() + "\n",
            "assignment.txt": assignment + "\n",
        }
        for name, text in files.items():
            (root / name).write_text(text)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    rel = path.relative_to(root).as_posix()
                    info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
                    executable = rel in ("setup.sh", "run_autograder")
                    info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
    return out
