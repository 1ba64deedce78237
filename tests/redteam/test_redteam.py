"""The red-team suite: every attack in ``attacks/`` against every sandbox backend available here.

Each attack must score 0 on what it attacks (its ``ATTACKED`` table, read by parsing, never by
importing it on the host), leave no process or file behind, reach no network, leak no secret
into the result, and never stop the grader from writing a complete result. Known limits of the
``process`` backend (it is a crash-and-tamper boundary, not a security boundary) are listed in
``GAPS`` as strict expected failures: the suite says exactly what each backend stops.
"""

from __future__ import annotations

import ast
import glob
import json
import os
import re
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES, FAST
from grader import find, grade
from grader.formats.gradescope import gradescope
from grader.formats.results_json import dumps
from grader.formats.terminal import render
from grader.sandbox import runtime
from grader.sandbox.bwrap import works as bwrap_works

ATTACKS = sorted((Path(__file__).parent / "attacks").glob("*.py"))
BACKENDS = ["process"] + (["bwrap"] if bwrap_works()[0] else [])
ROOT_RUN = hasattr(os, "geteuid") and os.geteuid() == 0
SANDBOX_UID = runtime.sandbox_uid()
SANDBOX_UIDS = {str(u) for u in runtime.uid_pool()} if SANDBOX_UID is not None else set()
PORT = 47123
SECRET_ENV = "GRADER_REDTEAM_SECRET"
SECRET = "hunter2-d41d8cd98f00b204"
HIDDEN_SEED = 8675309123
LEFTOVER_GLOBS = [
    "/tmp/grader-redteam*", "/var/tmp/grader-redteam*", "/dev/shm/grader-redteam*",
    "/tmp/numpy.py", "/tmp/linear_svm.py", "/var/tmp/numpy.py", "/var/tmp/linear_svm.py",
    "/dev/shm/numpy.py", "/dev/shm/linear_svm.py", "/autograder", "/grade",
    "/var/tmp/grader-runtime/*/lib/python*/site-packages/sitecustomize.py",
    "/var/tmp/grader-runtime/*/lib/python*/site-packages/zz-grader-redteam.pth",
]


def gaps(backend: str) -> dict[str, str]:
    """What the process backend does not stop here, and why (shown in the test report)."""
    if backend != "process":
        return {}
    shared = "no mount namespace: the sandbox uid can write the host's shared /tmp"
    found = {
        "network__loopback": "no network namespace: loopback is reachable",
        "persist__plant_tmp": shared,
        "resource__disk_fill": shared,
        "forge__write_result_files": shared + " (the grader never reads these files)",
    }
    return found


# Gaps that depend on the host rather than on the grader: expected, not required, failures.
MAYBE = {
    "forge__atexit_hook": "the grader kills a sandbox when it is done, so exit hooks do not "
                          "run; one that exits by itself (sys.exit in the student's code) runs "
                          "them, and with no mount namespace they can write the host's /tmp "
                          "(the grader never reads these files)",
    "steal__read_reference": "any world-readable copy of the grader's source on the host (a "
                             "checkout, a clone in /tmp) is readable by the sandbox uid",
}


def declared(path: Path, name: str, default: object = None) -> object:
    """A constant the attack declares (read by parsing: an attack never runs on the host)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    if default is None:
        raise AssertionError(f"{path.name} declares no {name}")
    return default


def attacked(path: Path) -> dict[str, str | None]:
    return declared(path, "ATTACKED")


def visible(result) -> str:
    """Everything a student can see of a result: the JSON without the staff's notes, the
    Gradescope document and the terminal report."""
    data = {k: v for k, v in result.to_dict().items() if k != "staff_notes"}
    return "\n".join([dumps(data), json.dumps(gradescope(result)), render(result, staff=False)])


def leftovers() -> list[str]:
    return sorted(p for pattern in LEFTOVER_GLOBS for p in glob.glob(pattern))


def remove_leftovers() -> None:
    import shutil

    for path in leftovers():
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.unlink(path)


def sandbox_processes() -> set[int]:
    """Live processes of the sandbox uid that this test started (its descendants), or that were
    orphaned to init: another grader running on the same machine does not count."""
    if SANDBOX_UID is None:
        return set()
    uids, parents = {}, {}
    for status in glob.glob("/proc/[0-9]*/status"):
        try:
            lines = Path(status).read_text().splitlines()
        except OSError:
            continue
        fields = {line.split(":", 1)[0]: line.split(":", 1)[1].split() for line in lines
                  if ":" in line}
        pid = int(status.split("/")[2])
        uids[pid] = fields.get("Uid", ["-1"])[0]
        parents[pid] = int(fields.get("PPid", ["0"])[0])

    def ours(pid: int) -> bool:
        seen = set()
        while pid > 1 and pid not in seen:
            seen.add(pid)
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return {pid for pid, uid in uids.items() if uid in SANDBOX_UIDS
            and (parents.get(pid) == 1 or ours(pid))}


def describe(pids: set[int]) -> list[str]:
    out = []
    for pid in sorted(pids):
        try:
            state = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines()
                         if x.startswith(("State:", "PPid:")))
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120]
            out.append(f"{pid} {state} {cmd!r}")
        except (OSError, StopIteration):
            out.append(f"{pid} (gone)")
    return out


class Listener:
    """A loopback service the network attack tries to reach; it counts who got through."""

    def __init__(self) -> None:
        self.connections = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", PORT))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def cases():
    for backend in BACKENDS:
        known = gaps(backend)
        for path in ATTACKS:
            marks = []
            if path.stem in known:
                marks.append(pytest.mark.xfail(strict=True, reason=known[path.stem]))
            elif backend == "process" and path.stem in MAYBE:
                marks.append(pytest.mark.xfail(strict=False, reason=MAYBE[path.stem]))
            if backend == "process" and not ROOT_RUN:
                marks.append(pytest.mark.skip(
                    reason="as a normal user the process backend cannot drop privileges"))
            yield pytest.param(backend, path, marks=marks, id=f"{backend}-{path.stem}")


@pytest.mark.parametrize("backend,attack", list(cases()))
def test_attack_is_contained(backend, attack, listener, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv("GRADER_HIDDEN_SEED", str(HIDDEN_SEED))
    remove_leftovers()
    before_connections = listener.connections
    before = sandbox_processes()
    name = declared(attack, "ASSIGNMENT", "cs231n-a1")
    if find(name).spec.framework == "torch":
        pytest.importorskip("torch")
    options = replace(FAST, sandbox=backend, hidden=True, hidden_seed=HIDDEN_SEED)
    result = grade(find(name), attack, options)
    if "linger" in attack.stem or "atexit" in attack.stem:
        time.sleep(1.5)  # give a daemon the time it asked for
    problems = []
    for function, check in attacked(attack).items():
        for test in result.tests:
            if test.function == function and check in (None, test.check) and test.score > 0:
                problems.append(f"{test.name} scored {test.score}")
    spec = find(name).spec
    expected = sum(len(f.checks) for f in spec.functions.values())
    if len(result.tests) != expected:
        problems.append(f"result has {len(result.tests)} tests, expected {expected}")
    if result.status != "graded":
        problems.append(f"the result's status is {result.status}")
    text = dumps(result.to_dict())
    json.loads(text)
    for secret in (SECRET, str(HIDDEN_SEED)):
        if secret in text:
            problems.append(f"the result leaks {secret!r}")
    shown = visible(result)
    for marker in declared(attack, "MARKERS", []):
        hit = re.search(marker, shown)
        if hit:
            start = max(hit.start() - 80, 0)
            problems.append(f"visible feedback carries {marker!r}: ...{shown[start:hit.end() + 40]!r}")
    left = leftovers()
    if left:
        problems.append(f"files left behind: {left}")
    alive = sandbox_processes() - before
    if alive:
        problems.append(f"processes left behind: {describe(alive)}")
    if listener.connections != before_connections:
        problems.append("the sandbox reached the network")
    remove_leftovers()
    assert not problems, problems


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_bad_submission_never_sinks_the_next(backend):
    """Graded one after another, every attack is followed by a correct submission at full marks."""
    options = replace(FAST, sandbox=backend)
    hostile = [p for p in ATTACKS if p.stem.startswith(("persist", "subvert", "forge", "resource"))]
    assert len(hostile) >= 15
    for attack in hostile:
        grade(find("cs231n-a1"), attack, options)
        correct = grade(find("cs231n-a1"), EXAMPLES / "assignment1", options)
        assert correct.score == correct.max_score, f"after {attack.stem}: {correct.score}"
    remove_leftovers()


def test_the_suite_covers_every_category():
    categories = {p.stem.split("__")[0] for p in ATTACKS}
    assert {"forge", "subvert", "steal", "serial", "resource", "lifecycle", "timing", "persist",
            "network", "leak", "proxy", "wire", "torch", "cheat"} <= categories
    assert len(ATTACKS) >= 60
