"""The docker backend. Its pure parts run everywhere; the engine test runs where one exists."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox import wire
from grader.sandbox.container import Demux, container_config, engine_available
from grader.sandbox.limits import Limits

ROOT = Path(__file__).resolve().parent.parent


def test_container_settings_lock_the_sandbox_down(tmp_path):
    limits = Limits()
    cfg = container_config("img", tmp_path, "/runner", limits)
    assert cfg["network_mode"] == "none" and cfg["read_only"] is True
    assert cfg["cap_drop"] == ["ALL"] and cfg["security_opt"] == ["no-new-privileges"]
    assert cfg["user"] == "65534:65534"
    assert cfg["mem_limit"] == cfg["memswap_limit"] == limits.memory_bytes  # no swap
    assert cfg["pids_limit"] == limits.processes and cfg["nano_cpus"] == 10**9
    assert "size=" in cfg["tmpfs"]["/tmp"] and "nosuid" in cfg["tmpfs"]["/tmp"]
    mounts = {m["Target"]: m for m in cfg["mounts"]}
    assert mounts["/sandbox/sub"]["ReadOnly"] and mounts["/sandbox/runtime"]["ReadOnly"]
    assert mounts["/sandbox/sub"]["Source"] == str(tmp_path)
    assert {u["Name"] for u in cfg["ulimits"]} == {"core", "nofile", "fsize", "cpu"}
    assert cfg["log_config"]["Config"]["max-size"] == "1m"
    assert "privileged" not in cfg and "/var/run/docker.sock" not in json.dumps(
        [m["Source"] for m in cfg["mounts"]])


def docker_chunk(stream: int, data: bytes) -> bytes:
    return struct.pack(">BxxxI", stream, len(data)) + data


def test_demux_reassembles_frames_split_across_chunks_and_keeps_stderr_apart():
    frame = wire.encode({"ok": True, "value": np.arange(3.0), "id": 1})
    stream = (docker_chunk(2, b"student noise\n") + docker_chunk(1, frame[:5])
              + docker_chunk(2, b'{"score": 40}') + docker_chunk(1, frame[5:]))
    demux = Demux(log_cap=1000)
    for i in range(0, len(stream), 7):  # arbitrary TCP-sized pieces
        demux.feed(stream[i : i + 7])
    msg = demux.take_frame(1 << 20)
    assert msg["ok"] and np.array_equal(msg["value"], np.arange(3.0))
    assert demux.take_frame(1 << 20) is None
    assert demux.log == b'student noise\n{"score": 40}'


def test_demux_refuses_oversized_frames():
    header = json.dumps({"msg": 0, "buffers": [1 << 40]}).encode()
    demux = Demux(log_cap=10)
    demux.feed(docker_chunk(1, struct.pack("<I", len(header)) + header))
    with pytest.raises(wire.WireError, match="exceeds the cap"):
        demux.take_frame(1 << 20)


def test_dockerfile_sandbox_image_holds_no_grader_code():
    text = (ROOT / "docker" / "Dockerfile").read_text()
    sandbox = text.split("AS sandbox")[1].split("FROM ")[0]
    copies = [line for line in sandbox.splitlines() if line.startswith("COPY")]
    assert copies == ["COPY grader/export/pins/python3.11.txt /tmp/constraints.txt"]  # versions only
    assert "reference" not in sandbox.replace("no reference", "")
    assert "USER 65534:65534" in sandbox


def test_images_install_the_versions_the_project_pins():
    """grader/export/pins/python3.11.txt pins every runtime dependency within pyproject's ranges, both
    images install with it, and CI installs with it too (PIP_CONSTRAINT in .ci/run)."""
    import tomllib
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]
              + project["optional-dependencies"]["dask"] + project["optional-dependencies"]["docker"]]
    pins = {}
    for line in (ROOT / "grader" / "export" / "pins" / "python3.11.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    for requirement in wanted:
        assert requirement.name.lower() in pins, requirement.name
        assert requirement.specifier.contains(pins[requirement.name.lower()]), requirement
    text = (ROOT / "docker" / "Dockerfile").read_text()
    for stage in ("AS sandbox", "AS grader"):
        assert "-c /" in text.split(stage)[1].split("FROM ")[0], stage
    assert "PIP_CONSTRAINT=grader/export/pins/python3.11.txt" in (ROOT / ".ci" / "run").read_text()
    torch = next(r for r in project["optional-dependencies"]["torch"])
    assert torch == "torch>=2.1" and '"torch>=2.1"' in text  # a range, never a pin


ENGINE, WHY = engine_available()


@pytest.mark.skipif(not ENGINE, reason=f"no Docker engine here: {WHY}")
def test_grading_in_docker_matches_the_other_backends():
    from dataclasses import replace

    from conftest import EXAMPLES, FAST, graded
    from grader import find, grade

    result = grade(find("cs231n-a1"), EXAMPLES / "assignment1", replace(FAST, sandbox="docker"))
    assert result.backend == "docker" and result.score == result.max_score == 89
    buggy = grade(find("cs231n-a1"), EXAMPLES / "buggy-assignment1", replace(FAST, sandbox="docker"))
    ids = lambda r: sorted(m.id for t in r.tests for m in t.mistakes)  # noqa: E731
    assert ids(buggy) == ids(graded(str(EXAMPLES / "buggy-assignment1")))


def test_runner_stdio_channel_keeps_prints_off_the_channel(tmp_path):
    """The channel mode a container uses: frames on stdin/stdout, student prints to stderr."""
    import os
    import subprocess
    import sys
    import time

    from grader.sandbox import runtime

    (tmp_path / "m.py").write_text("import os\nprint('noise at import')\n"
                                   "def f():\n    print('noise')\n    os.write(1, b'raw')\n"
                                   "    return 7\n")
    runner = os.path.join(runtime.runner_dir(None), "runner.py")
    config = json.dumps({**Limits().rlimits(), "root": str(tmp_path)})
    proc = subprocess.Popen([sys.executable, "-I", "-B", "-u", runner, "0", "1", config],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        assert wire.read_frame(proc.stdout.fileno(), deadline)["ready"] is True
        for msg in ({"op": "import", "module": "m", "paths": [str(tmp_path)], "id": 1},
                    {"op": "call", "module": "m", "qualname": "f", "id": 2}):
            proc.stdin.write(wire.encode(msg))
            proc.stdin.flush()
            reply = wire.read_frame(proc.stdout.fileno(), deadline)
            assert reply["ok"] and reply["id"] == msg["id"]
        assert reply["value"] == 7 and reply["printed"] == "noise\n"
    finally:
        proc.kill()
        err = proc.communicate()[1]
    assert b"noise at import" in err and b"raw" in err
