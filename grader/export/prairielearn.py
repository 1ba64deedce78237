"""``grader export prairielearn``: an external grader for PrairieLearn.

The folder it writes goes into the course repository: ``serverFilesCourse/cs231n_grader/``
holds the grader (with its reference code), pinned requirements, a secret seed and ``run.sh``,
the entrypoint; ``info.json`` shows the question's ``externalGradingOptions``. PrairieLearn
copies the student's files to /grade/student and the variant to /grade/data/data.json; the
entrypoint writes /grade/results/results.json (score in [0, 1], per-test points, at most 1 MB;
``gradable: false`` with ``format_errors`` when nothing of the submission could be imported).
``image/`` is the build context of the Docker image ``info.json`` names (``build_commands``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from grader.assignment import Assignment
from grader.export.source import PACKS, copy_pack, copy_package, new_seed, requirements

FOLDER = "cs231n_grader"

RUN = """#!/usr/bin/env bash
# PrairieLearn's external grader entrypoint (externalGradingOptions.entrypoint).
HERE=/grade/serverFilesCourse/{folder}
PY="${{GRADER_PYTHON:-python3}}"
export PYTHONPATH="$HERE${{PYTHONPATH:+:$PYTHONPATH}}"
export GRADER_ASSIGNMENTS_PATH="$HERE/{packs}"
export GRADER_HIDDEN_SEED_FILE="$HERE/hidden_seed"
mkdir -p /grade/results
exec "$PY" -m grader.export.run_prairielearn {assignment}
"""


IMAGE_DOCKERFILE = """# The image PrairieLearn runs this grader in: Python, the pinned requirements, bubblewrap.
# The grader itself is not in it: PrairieLearn mounts serverFilesCourse/{folder} at /grade.
FROM python:3.11-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends bubblewrap util-linux \\
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt && rm /tmp/requirements.txt{torch}
"""
TORCH_LAYER = (" \\\n && pip install --no-cache-dir --index-url "
               "https://download.pytorch.org/whl/cpu \"torch>=2.1\"")


def build_commands(out: Path, image: str) -> list[str]:
    """The commands that build and publish the image ``info.json`` names."""
    return [f"docker build -t {image} {out / 'image'}", f"docker push {image}"]


def export(spec: Assignment, out: Path, image: str = "cs231n-grader:latest") -> Path:
    assignment, torch = spec.name, spec.spec.framework == "torch"
    target = out / "serverFilesCourse" / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    copy_package(target)
    copy_pack(spec, target)
    (target / "requirements.txt").write_text(requirements("3.11"))
    seed = target / "hidden_seed"
    seed.write_text(new_seed() + "\n")
    os.chmod(seed, 0o600)
    run = target / "run.sh"
    run.write_text(RUN.format(folder=FOLDER, assignment=assignment, packs=PACKS))
    os.chmod(run, 0o755)
    info = {"externalGradingOptions": {
        "enabled": True, "image": image, "serverFilesCourse": [f"{FOLDER}/"],
        "entrypoint": f"/grade/serverFilesCourse/{FOLDER}/run.sh", "timeout": 300}}
    (out / "info.json").write_text(json.dumps(info, indent=2) + "\n")
    context = out / "image"  # the build context of the image info.json names
    context.mkdir(exist_ok=True)
    (context / "requirements.txt").write_text(requirements("3.11"))
    (context / "Dockerfile").write_text(IMAGE_DOCKERFILE.format(
        folder=FOLDER, torch=TORCH_LAYER if torch else ""))
    return out
