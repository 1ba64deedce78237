"""The ``process`` backend: a fresh interpreter per sandbox, killed as a process group.

This is a crash-and-tamper boundary, not a security boundary: the student's code runs as the
same user as the grader, so it can read what that user can read and reach the network. It
keeps the grader correct (no forged results, crashes and hangs contained, limits applied)
and is meant for students' local pre-checks. Use a stronger backend for untrusted batches.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from grader.errors import InternalError
from grader.sandbox import cgroups, reaper, runtime, wire
from grader.sandbox.limits import Limits

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# a whole faulthandler dump of the runner's thread: its bottom frame is runner.py's <module>
STACK_DUMP = re.compile(rb"most recent call first\):\n(?:  File .*\n)*?  File .* in <module>\n")
CPU_POLL = 0.05  # how often a call's CPU time is read while the host waits for its answer

STARTUP_SECONDS = 60.0
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def sandbox_env(home: str) -> dict[str, str]:
    """The whole environment the sandbox sees: nothing of the host's leaks in."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(dict.fromkeys(THREAD_VARS, "1"))
    if os.name == "nt":  # Windows needs these to start an interpreter at all
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "SYSTEMDRIVE") if k in os.environ})
    return env


class ProcessWorker:
    """One live sandbox process and its channel (any backend that starts a local process)."""

    def __init__(self, command: Callable[[int, int], list[str]], *, env: dict[str, str],
                 cwd: str, limits: Limits, sandbox_root: str,
                 preexec: Callable[[], None] | None = None,
                 cleanup: Callable[[], None] | None = None,
                 stop_first: Callable[[], set[int]] | None = None,
                 group: cgroups.Cgroup | None = None,
                 extra_fds: tuple[int, ...] = (),
                 verify: Callable[[dict], str | None] | None = None,
                 runner_pid: Callable[[], int | None] | None = None) -> None:
        self.limits, self.sandbox_root, self._cleanup = limits, sandbox_root, cleanup
        self._verify = verify
        self._runner_pid = runner_pid or (lambda: self.proc.pid)
        self._stop_first, self._group = stop_first, group
        self._stat: int | None = None  # the runner's /proc/PID/stat, once read
        reaper.become_subreaper()
        self._log = tempfile.TemporaryFile()
        child_in, self._to_child = os.pipe()
        self._from_child, child_out = os.pipe()
        try:
            self.proc = subprocess.Popen(
                command(child_in, child_out),
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
                pass_fds=(child_in, child_out, *extra_fds),
                start_new_session=True,
                env=env,
                cwd=cwd,
                preexec_fn=preexec,
            )
        except OSError as exc:
            raise InternalError(f"cannot start the sandbox: {exc}") from None
        finally:
            os.close(child_in)
            os.close(child_out)
        os.set_blocking(self._to_child, False)
        self._ready = False

    def _wait_ready(self) -> None:
        """The runner's first frame says it is set up; without it the grader, not the student,
        has a problem (a broken interpreter, numpy failing to import under the limits)."""
        try:
            frame = wire.read_frame(self._from_child, time.monotonic() + STARTUP_SECONDS)
        except wire.WireError as exc:
            self.kill()
            raise InternalError(
                f"the sandbox failed to start ({exc}): {self.log_tail()[-2000:]}") from None
        if not isinstance(frame, dict) or frame.get("ready") is not True:
            self.kill()
            raise InternalError(f"the sandbox sent {frame!r:.200} instead of its ready signal")
        problem = self._verify(frame.get("libraries") or {}) if self._verify else None
        if problem:
            self.kill()
            raise InternalError(problem)
        self._ready = True

    def request(self, msg: dict, timeout: float) -> object:
        """Send one message and wait for its reply; raise a wire error on timeout or death."""
        deadline = time.monotonic() + timeout
        self.send(msg, deadline)
        return self.receive(deadline)

    def wait_ready(self) -> None:
        """The runner is set up. Its start-up (slow on a loaded machine) is the grader's
        overhead, so the session waits for it before any call's clock starts."""
        if not self._ready:
            self._wait_ready()

    def send(self, msg: dict, deadline: float) -> None:
        self.wait_ready()
        self._write(wire.encode(msg), deadline)

    def receive(self, deadline: float, cpu_until: float | None = None) -> object:
        """The next frame. ``cpu_until``: the sandbox's CPU-time reading (``cpu_seconds``) past
        which the wait ends in ``wire.CpuTimeout``, checked while no answer has come."""
        if cpu_until is not None:
            while not wire.readable(self._from_child, min(CPU_POLL, deadline - time.monotonic())):
                if time.monotonic() >= deadline:
                    raise wire.ChannelTimeout("no answer before the deadline")
                used = self.cpu_seconds()
                if used is not None and used >= cpu_until:
                    raise wire.CpuTimeout("the CPU-time allowance is used up")
        return wire.read_frame(self._from_child, deadline, self.limits.reply_bytes)

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [self._to_child], [], left)[1]:
                raise wire.ChannelTimeout("the sandbox stopped reading its input")
            try:
                view = view[os.write(self._to_child, view[: 1 << 16]) :]
            except BrokenPipeError:
                raise wire.ChannelClosed("the sandbox exited") from None

    def dump_stack(self, wait: float = 0.3) -> None:
        """Ask the runner to write where its code is now (faulthandler, on SIGUSR1) into the
        log, before it is killed for taking too long."""
        pid = self._runner_pid()
        if pid is None or self.proc.poll() is not None:
            return
        self._log.seek(0, os.SEEK_END)
        before = self._log.tell()
        try:
            os.kill(pid, signal.SIGUSR1)
        except (ProcessLookupError, PermissionError):
            return
        until = time.monotonic() + wait
        while time.monotonic() < until:  # done as soon as the whole dump is in the log
            time.sleep(0.005)
            self._log.seek(before)
            if STACK_DUMP.search(self._log.read(1 << 16)):
                return

    def cpu_seconds(self) -> float | None:
        """CPU time the sandbox has used so far (its cgroup's, else the runner process's), or
        None where it cannot be read. Read by the host: the sandbox cannot fake it."""
        if self._group is not None:
            usage = self._group.cpu_seconds()
            if usage is not None:
                return usage
        try:
            if self._stat is None:  # kept open: read twice per call, a reopen costs more
                self._stat = os.open(f"/proc/{self._runner_pid()}/stat", os.O_RDONLY)
            fields = os.pread(self._stat, 4096, 0).rpartition(b")")[2].split()
            return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, ValueError, IndexError, TypeError):
            return None

    def exit_reason(self) -> str:
        """Why the process ended, in words (after it was killed or exited)."""
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "the sandbox stopped answering"
        # a signal shows as a negative code, or as 128 + N through bwrap (the shell convention)
        number = -code if code < 0 else code - 128 if code > 128 else 0
        if number in signal.Signals._value2member_map_:
            return f"the sandbox process was killed by signal {number} {signal.Signals(number).name}"
        return f"the sandbox process exited with status {code}"

    def log_tail(self) -> str:
        """The last bytes the sandbox wrote to its stdout/stderr (capped, for feedback only)."""
        self._log.seek(0, os.SEEK_END)
        size = self._log.tell()
        self._log.seek(max(0, size - self.limits.log_bytes))
        return self._log.read().decode("utf-8", "replace")

    def _members(self) -> set[int]:
        members = reaper.members(self.proc.pid)
        if self._group is not None:  # every process the sandbox ever started, daemons included
            members |= self._group.pids()
        return members

    def kill(self, members: set[int] | None = None) -> None:
        """Kill the sandbox and everything it started, and reap what was orphaned to us."""
        members = self._members() if members is None else members
        if self._stop_first is not None:  # e.g. bwrap: its pid 1 first, so bwrap reaps it
            members |= self._stop_first()
            self._stop_first = None
            _wait_exit(self.proc, 1.0)
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait()
        if self._cleanup is not None:  # e.g. kill what escaped the group, remove the cgroup
            self._cleanup()
            self._cleanup = None
        reaper.reap(members - {self.proc.pid})

    def close(self) -> None:
        """Make sure everything the sandbox started is gone. Nothing of it is needed any more
        (its replies and log are in), so it is killed rather than asked to exit: a Python
        interpreter's teardown is time a class of submissions would wait for."""
        self.kill(self._members())
        for fd in (self._to_child, self._from_child, self._stat):
            if fd is None:
                continue
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()


def _wait_exit(proc: subprocess.Popen, timeout: float) -> None:
    """Wait up to ``timeout`` for ``proc`` to exit: on its pidfd where Linux has them (woken
    at the exit, where ``Popen.wait(timeout)`` polls in growing sleeps)."""
    if proc.poll() is not None:
        return
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):  # not Linux 5.3+, or it is gone already
        fd = None
    if fd is not None:
        try:
            select.select([fd], [], [], timeout)
        finally:
            os.close(fd)
    try:
        proc.wait(timeout=0 if fd is not None else timeout)
    except subprocess.TimeoutExpired:
        pass


class ProcessBackend:
    """Student code in a plain child process: any POSIX system with Python.

    As root, the child drops to an unprivileged uid (``GRADER_SANDBOX_UID``, default 65534)
    running a runtime farm it can read, inside a memory+pids cgroup when the host allows one.
    """

    name = "process"

    def start(self, root: Path, limits: Limits) -> ProcessWorker:
        lease = runtime.lease_uid()
        rt = runtime.prepare() if lease is None else replace(runtime.prepare(), uid=lease.uid)
        home = Path(tempfile.mkdtemp(prefix="grader-home-"))
        group = cgroups.create(limits.memory_bytes, limits.processes) if rt.uid is not None else None
        if rt.uid is not None:
            os.chown(home, rt.uid, rt.uid)
        config = json.dumps({**limits.runner_config(str(root)), **runtime.runner_config(rt, True),
                             "processes": limits.processes if rt.uid is not None else None})
        env = sandbox_env(str(home))
        if rt.library_path:
            env["LD_LIBRARY_PATH"] = rt.library_path
        runner = os.path.join(rt.runner_dir, "runner.py")

        def command(fd_in: int, fd_out: int) -> list[str]:
            return [rt.executable, *runtime.LOCAL_FLAGS, runner, str(fd_in), str(fd_out), config]

        def cleanup() -> None:
            if group is not None:
                group.remove()
            shutil.rmtree(home, ignore_errors=True)
            if lease is not None:  # only once nothing of the sandbox runs as the uid
                lease.release()

        try:
            return ProcessWorker(command, env=env, cwd=str(root), limits=limits,
                                 sandbox_root=str(root), preexec=drop_privileges(rt.uid, group),
                                 cleanup=cleanup, group=group,
                                 verify=lambda found: runtime.library_mismatch(found, rt.original))
        except BaseException:
            cleanup()
            raise


def drop_privileges(uid: int | None, group: cgroups.Cgroup | None) -> Callable[[], None]:
    """Runs in the child before exec: join the cgroup (as root), become ``uid``, and ask the
    kernel to kill the sandbox if the grading process dies first (a SIGKILLed batch worker
    must not leave a student's infinite loop running)."""
    prctl = _prctl()  # looked up here: the child after fork only calls it

    def preexec() -> None:
        if group is not None:
            group.enter()
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        if prctl is not None:  # after setuid, which would clear it
            prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG

    return preexec


def _prctl():
    """libc's prctl on Linux, else None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
