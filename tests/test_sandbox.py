"""The process sandbox: a real child interpreter, its limits, and how the host survives it."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox.backends import pick_backend
from grader.sandbox.bwrap import works as bwrap_works
from grader.sandbox.limits import Limits
from grader.sandbox.session import ModuleRef, Session

BACKENDS = ["process"] + (["bwrap"] if bwrap_works()[0] else [])


@pytest.fixture
def sub_dir():
    """A submission folder the sandbox's unprivileged uid can read (as intake makes them)."""
    path = Path(tempfile.mkdtemp(prefix="grader-test-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def session_for(sub_dir, request):
    sessions = []

    def make(source: str, **limits) -> tuple[Session, ModuleRef]:
        (sub_dir / "student.py").write_text(textwrap.dedent(source))
        os.chmod(sub_dir / "student.py", 0o644)
        backend = pick_backend(request.param)
        s = Session(backend, sub_dir, replace(Limits(), call_seconds=2, **limits))
        sessions.append(s)
        return s, ModuleRef("student", "student.py", {}, (str(sub_dir),))

    yield make
    for s in sessions:
        s.close()


def test_environment_is_scrubbed(session_for, monkeypatch):
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "hunter2")
    monkeypatch.setenv("GRADER_HIDDEN_SEED", "12345")
    s, m = session_for("import os\ndef env():\n    return dict(os.environ)\n")
    out = s.call(m, "env", (), {}, 0)
    assert out.ok
    env = out.value
    assert "GRADER_SECRET_TOKEN" not in env and "GRADER_HIDDEN_SEED" not in env
    assert env["OPENBLAS_NUM_THREADS"] == "1" and set(env) <= {
        "PATH", "HOME", "TMPDIR", "LANG", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "LC_CTYPE",
        "LD_LIBRARY_PATH", "PWD"}


def test_rlimits_are_applied_and_cannot_be_raised(session_for):
    s, m = session_for("""
        import resource
        def limits():
            return [resource.getrlimit(getattr(resource, n)) for n in
                    ("RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU")]
        def raise_it():
            resource.setrlimit(resource.RLIMIT_AS, (-1, -1))
    """, memory_bytes=1 << 30, file_bytes=1 << 20, open_files=64, cpu_seconds=100)
    out = s.call(m, "limits", (), {}, 0)
    assert out.value == [(1 << 30, 1 << 30), (1 << 20, 1 << 20), (64, 64), (100, 101)]
    raised = s.call(m, "raise_it", (), {}, 0)
    assert raised.status == "raised" and raised.error["type"] == "ValueError"


def test_file_size_limit_fails_the_write_not_the_host(session_for):
    s, m = session_for("""
        import os
        def big():
            with open(os.path.join(os.environ["TMPDIR"], "big.bin"), "wb") as f:
                f.write(b"x" * (4 << 20))
    """, file_bytes=1 << 20)
    out = s.call(m, "big", (), {}, 0)
    assert out.status == "raised" and out.error["type"] == "OSError"


def test_memory_limit_raises_memory_error(session_for):
    s, m = session_for("import numpy as np\ndef hog():\n    return np.ones(10**10)\n",
                       memory_bytes=1 << 30)
    out = s.call(m, "hog", (), {}, 0)
    assert out.status == "raised" and out.error["type"] == "MemoryError"


def test_timeout_kills_the_group_and_a_fresh_sandbox_serves_the_next_call(session_for):
    s, m = session_for("""
        import os, subprocess, sys, time
        TOKEN = os.urandom(8).hex()  # differs in every fresh sandbox
        def spin():
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            while True:
                pass
        def pid():
            return TOKEN
    """)
    first = s.call(m, "pid", (), {}, 0).value
    out = s.call(m, "spin", (), {}, 0)
    assert out.status == "timeout" and 1.9 < out.wall_s < 4
    assert s.call(m, "spin", (), {}, 0).detail.startswith("not run again")
    second = s.call(m, "pid", (), {}, 0)
    assert second.ok and second.value != first and s.restarts == 1


def test_crash_is_reported_with_the_exit_status(session_for):
    s, m = session_for("import os\ndef die():\n    os._exit(7)\ndef ok():\n    return 1\n")
    out = s.call(m, "die", (), {}, 0)
    assert out.status == "crashed" and "status 7" in out.detail
    assert s.call(m, "ok", (), {}, 0).value == 1


def test_segfault_is_a_crash(session_for):
    s, m = session_for("import ctypes\ndef segv():\n    ctypes.string_at(0)\n")
    out = s.call(m, "segv", (), {}, 0)
    assert out.status == "crashed" and "SIGSEGV" in out.detail


def test_stdout_is_not_the_channel(session_for):
    s, m = session_for("""
        import os, sys
        def noisy():
            print('{"ok": true, "value": 40}')
            os.write(1, b'{"ok": true}\\n')
            sys.__stdout__.write("x" * 100000)
            return 1.0
    """)
    out = s.call(m, "noisy", (), {}, 0)
    assert out.ok and out.value == 1.0
    assert '"value": 40' in out.printed


def test_student_rngs_are_reseeded_before_each_call(session_for):
    s, m = session_for("import numpy as np, random\n"
                       "def draw():\n    return float(np.random.rand()), random.random()\n")
    a, b = s.call(m, "draw", (), {}, 5).value, s.call(m, "draw", (), {}, 5).value
    assert a == b
    assert s.call(m, "draw", (), {}, 6).value != a


def test_budget_stops_further_calls(session_for):
    """Margins, not luck: the sandbox's start-up is not charged to the budget (it is slow on a
    loaded machine), so the first 1 s nap fits a 2.5 s budget and the fourth cannot."""
    s, m = session_for("import time\ndef nap():\n    time.sleep(1.0)\n", budget_seconds=2.5)
    statuses = [s.call(m, "nap", (), {}, 0).status for _ in range(4)]
    assert statuses[0] == "ok" and statuses[-1] == "timeout"


def test_arrays_cross_intact_and_inputs_in_the_sandbox_are_copies(session_for):
    s, m = session_for("def double(x):\n    x *= 2\n    return x\n")
    x = np.arange(5.0)
    out = s.call(m, "double", (x,), {}, 0)
    np.testing.assert_array_equal(out.value, np.arange(5.0) * 2)
    np.testing.assert_array_equal(x, np.arange(5.0))


def test_the_sandbox_cwd_holds_only_the_submission(session_for):
    s, m = session_for("import os\ndef where():\n    return sorted(os.listdir('.'))\n")
    assert s.call(m, "where", (), {}, 0).value == ["student.py"]


def test_a_sandbox_that_cannot_start_is_the_graders_error_not_the_students(session_for):
    from grader.errors import InternalError

    s, m = session_for("def f():\n    return 1\n", memory_bytes=1 << 20)  # numpy cannot load
    with pytest.raises(InternalError, match="sandbox failed to start"):
        s.call(m, "f", (), {}, 0)


def test_the_submission_copy_is_read_only_to_student_code(session_for):
    s, m = session_for("def w():\n    open('student.py', 'a').write('# tampered')\n")
    out = s.call(m, "w", (), {}, 0)
    assert out.status == "raised" and out.error["type"] in ("PermissionError", "OSError")


def test_frames_injected_into_the_channel_are_caught(session_for):
    s, m = session_for("""
        import os, sys
        sys.path.insert(0, "/sandbox/runtime")
        def inject():
            # find the channel (the runner's argv names it) and answer for the runner, twice
            fd_out = int(open("/proc/self/cmdline").read().split("\\0")[-3])
            sys.path.insert(0, os.path.dirname(sys.modules["__main__"].__file__))
            import wire
            wire.write_frame(fd_out, {"ok": True, "value": 1.0, "id": 999})
            return 2.0
        def ok():
            return 3.0
    """)
    out = s.call(m, "inject", (), {}, 0)
    assert out.status == "bad_reply" and "out of turn" in out.detail
    assert s.call(m, "ok", (), {}, 0).value == 3.0


def test_string_hashing_is_deterministic_between_sandboxes(session_for):
    s, m = session_for("def order():\n    return list({'alpha', 'beta', 'gamma', 'delta', 'eps'})\n")
    first = s.call(m, "order", (), {}, 0).value
    s.close()
    s2, m2 = session_for("def order():\n    return list({'alpha', 'beta', 'gamma', 'delta', 'eps'})\n")
    assert s2.call(m2, "order", (), {}, 0).value == first


def test_user_site_and_python_env_vars_of_the_host_do_not_apply(session_for, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/nowhere-host-path")
    monkeypatch.setenv("PYTHONSTARTUP", "/nowhere")
    s, m = session_for("import sys\ndef paths():\n    return [p for p in sys.path if 'nowhere' in p]\n")
    assert s.call(m, "paths", (), {}, 0).value == []


def test_auto_says_in_one_line_why_it_fell_back(monkeypatch):
    from grader.sandbox import backends, bwrap

    monkeypatch.setattr(bwrap, "works", lambda: (False, "user namespaces are disabled"))
    from grader.grade import Options, _sandbox_note

    assert backends.auto_choice()[0] == "process"
    assert _sandbox_note(Options()) == [
        "sandbox: process (bwrap is unavailable: user namespaces are disabled)"]
    assert _sandbox_note(Options(sandbox="process")) == []


def test_what_the_sandbox_writes_outside_calls_reaches_the_result_but_never_on_hidden_inputs(
        tmp_path):
    from conftest import FAST
    from grader import find, grade

    (tmp_path / "linear_svm.py").write_text(
        "import os\nos.write(1, b'fd-level output at import')\n"
        "def svm_loss_naive(W, X, y, reg):\n    return 0.0, W * 0\n")
    public = grade(find("cs231n-a1"), tmp_path, FAST)
    assert "fd-level output at import" in public.log
    hidden = grade(find("cs231n-a1"), tmp_path, replace(FAST, hidden=True, hidden_seed=7))
    assert hidden.log == ""


def test_a_timeout_says_where_the_code_was_stopped(session_for):
    """A stack dump is asked for before the kill: the feedback names the line of the loop."""
    s, m = session_for("def spin():\n    i = 0\n    while True:\n        i += 1\n")
    out = s.call(m, "spin", (), {}, 0)
    assert out.status == "timeout"
    assert "stopped at student.py:3 in spin" in out.detail or \
        "stopped at student.py:4 in spin" in out.detail, out.detail


def test_a_cpu_limit_stops_a_busy_loop_before_the_wall_limit(session_for):
    """A call that spins is stopped once it has used its CPU seconds (here 0.5 s of a 2 s
    wall limit), with the dump of where it was; a sleeping call uses no CPU and still meets
    the wall-clock limit; each stopped call poisons only itself."""
    s, m = session_for("""
        import time
        def spin():
            while True:
                pass
        def nap():
            time.sleep(30)
        def quick():
            return sum(range(10 ** 6))
    """, call_cpu_seconds=0.5)
    out = s.call(m, "spin", (), {}, 0)
    assert out.status == "timeout" and out.wall_s < 1.5, out
    assert "used more than 0.5 s of CPU time" in out.detail and "stopped at student.py:" \
        in out.detail, out.detail
    slept = s.call(m, "nap", (), {}, 0)
    assert slept.status == "timeout" and 1.9 < slept.wall_s < 4
    assert "did not finish within 2 s" in slept.detail
    assert s.call(m, "quick", (), {}, 0).value == sum(range(10 ** 6))


def test_limits_given_for_one_call_replace_the_sessions(session_for):
    s, m = session_for("def spin():\n    while True:\n        pass\n")
    out = s.call(m, "spin", (), {}, 0, seconds=5, cpu_seconds=0.3)
    assert out.status == "timeout" and out.wall_s < 1.2 and "0.3 s of CPU" in out.detail


def test_a_stack_dump_costs_no_more_than_it_takes():
    """The host waits for the dump itself (it used to sleep 0.3 s at every timeout)."""
    import time

    from grader.sandbox.process import STACK_DUMP

    dump = (b"student output\nStack (most recent call first):\n  File \"/s/student.py\", "
            b"line 3 in spin\n  File \"/r/runner.py\", line 9 in <module>\n")
    assert STACK_DUMP.search(dump) and not STACK_DUMP.search(dump[:-12])
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        path = Path(tmp) / "student.py"
        path.write_text("def spin():\n    while True:\n        pass\n")
        os.chmod(path, 0o644)
        s = Session(pick_backend("process"), Path(tmp), replace(Limits(), call_seconds=1))
        start = time.monotonic()
        out = s.call(ModuleRef("student", "student.py", {}, (tmp,)), "spin", (), {}, 0)
        s.close()
    assert out.status == "timeout" and "stopped at student.py:" in out.detail, out.detail
    assert time.monotonic() - start < 1.25 + 0.25  # the import, the 1 s, and a quick dump


def test_a_sandbox_started_early_is_adopted_only_when_it_was_started_alike(sub_dir):
    """`grader check` starts the sandbox before it knows the assignment (default limits):
    grading adopts it when only host-enforced time limits differ, else closes it and starts
    one with the assignment's own (torch, course stand-ins)."""
    from grader.grade import _adopt
    from grader.sandbox.backends import prestarted

    backend = pick_backend("process")
    graded = replace(Limits(), call_seconds=3, call_cpu_seconds=1)
    with prestarted("process", sub_dir, Limits()) as warm:
        assert warm is not None and warm._worker is not None
        assert _adopt(warm, backend, sub_dir, graded) is warm and warm.limits == graded
    assert warm._worker is None  # closed on leaving
    with prestarted("process", sub_dir, Limits()) as warm:
        torch_limits = replace(Limits(), framework="torch")
        fresh = _adopt(warm, backend, sub_dir, torch_limits)
        assert fresh is not warm and warm._worker is None and fresh.limits == torch_limits
        fresh.close()
    with prestarted("process", sub_dir / "elsewhere", Limits()) as warm:
        other = _adopt(warm, backend, sub_dir, Limits())
        assert other is not warm and other.root == sub_dir
        other.close()
