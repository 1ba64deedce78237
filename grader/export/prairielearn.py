"""``grader export prairielearn``: an external grader for PrairieLearn.

The folder it writes goes into the course repository: ``serverFilesCourse/cs231n_grader/``
holds the grader (with its reference code), pinned requirements, a secret seed and ``run.sh``,
the entrypoint; ``info.json`` shows the question's ``externalGradingOptions``. PrairieLearn
copies the student's files to /grade/student and the variant to /grade/data/data.json; the
entrypoint writes /grade/results/results.json (score in [0, 1], per-test points, at most 1 MB;
``gradable: false`` with ``format_errors`` when nothing of the submission could be imported).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from grader.export.source import copy_package, new_seed, requirements

FOLDER = "cs231n_grader"

RUN = """#!/usr/bin/env bash
# PrairieLearn's external grader entrypoint (externalGradingOptions.entrypoint).
HERE=/grade/serverFilesCourse/{folder}
PY="${{GRADER_PYTHON:-python3}}"
export PYTHONPATH="$HERE${{PYTHONPATH:+:$PYTHONPATH}}"
export GRADER_HIDDEN_SEED_FILE="$HERE/hidden_seed"
mkdir -p /grade/results
exec "$PY" -m grader.export.run_prairielearn {assignment}
"""


def export(assignment: str, out: Path, image: str = "cs231n-grader:latest") -> Path:
    target = out / "serverFilesCourse" / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    copy_package(target)
    (target / "requirements.txt").write_text(requirements("3.11"))
    seed = target / "hidden_seed"
    seed.write_text(new_seed() + "\n")
    os.chmod(seed, 0o600)
    run = target / "run.sh"
    run.write_text(RUN.format(folder=FOLDER, assignment=assignment))
    os.chmod(run, 0o755)
    info = {"externalGradingOptions": {
        "enabled": True, "image": image, "serverFilesCourse": [f"{FOLDER}/"],
        "entrypoint": f"/grade/serverFilesCourse/{FOLDER}/run.sh", "timeout": 300}}
    (out / "info.json").write_text(json.dumps(info, indent=2) + "\n")
    return out
