"""Control groups for one sandbox: total memory and process count, and a kill that reaches
every process it ever started (daemonized grandchildren included).

Used when the grader may create groups (root, or a delegated cgroup v2 subtree); otherwise
``create`` returns None and the documented fallback applies: total memory is bounded by the
process limit times the per-process address-space limit, plus the tmpfs sizes.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


class Cgroup:
    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = dirs
        self._stat: int | None = None  # cpu.stat, kept open (read twice per call); -1: none

    def enter(self) -> None:
        """Move the calling process in (called in the child before it execs)."""
        for d in self.dirs:
            (d / "cgroup.procs").write_text("0")

    def pids(self) -> set[int]:
        found: set[int] = set()
        for d in self.dirs:
            try:
                found |= {int(p) for p in (d / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return found

    def cpu_seconds(self) -> float | None:
        """CPU time of everything in the group so far (cgroup v2's cpu.stat), or None."""
        if self._stat == -1:  # not there (cgroup v1 has no cpu.stat in these groups)
            return None
        try:
            if self._stat is None:
                self._stat = os.open(self.dirs[0] / "cpu.stat", os.O_RDONLY)
            for line in os.pread(self._stat, 4096, 0).splitlines():
                if line.startswith(b"usage_usec "):
                    return int(line.split()[1]) / 1e6
        except FileNotFoundError:
            self._stat = -1
        except (OSError, ValueError, IndexError):
            pass
        return None

    def kill_all(self) -> None:
        kill_file = self.dirs[0] / "cgroup.kill"
        if kill_file.exists():
            try:
                kill_file.write_text("1")
            except OSError:
                pass
        for attempt in range(50):  # v1 has no cgroup.kill: kill until empty (forks race it)
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(_backoff(attempt))

    def remove(self) -> None:
        self.kill_all()
        if self._stat is not None and self._stat >= 0:
            os.close(self._stat)
        self._stat = None
        for d in self.dirs:
            for attempt in range(50):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # the killed processes are not gone yet
                    time.sleep(_backoff(attempt))


def _backoff(attempt: int) -> float:
    """Waits of 1, 2, 4 then 10 ms: a killed process is usually gone within the first."""
    return min(0.001 * 2 ** attempt, 0.01)


def create(memory_bytes: int, max_pids: int) -> Cgroup | None:
    """A fresh group limited to ``memory_bytes`` (swap included) and ``max_pids``; None if the
    host does not let us create one."""
    name = f"grader-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        if (ROOT / "cgroup.controllers").exists():
            return _v2(name, memory_bytes, max_pids)
        return _v1(name, memory_bytes, max_pids)
    except OSError:
        return None


def _v2(name: str, memory_bytes: int, max_pids: int) -> Cgroup | None:
    own = Path((Path("/proc/self/cgroup").read_text().strip().split("::", 1) + [""])[1])
    parent = ROOT / str(own).lstrip("/")
    controllers = set((parent / "cgroup.subtree_control").read_text().split())
    if not {"memory", "pids"} <= controllers:
        return None
    group = parent / name
    group.mkdir()
    (group / "memory.max").write_text(str(memory_bytes))
    if (group / "memory.swap.max").exists():
        (group / "memory.swap.max").write_text("0")
    (group / "pids.max").write_text(str(max_pids))
    return Cgroup([group])


def _v1(name: str, memory_bytes: int, max_pids: int) -> Cgroup | None:
    memory, pids = ROOT / "memory", ROOT / "pids"
    if not (memory / "cgroup.procs").exists() or not (pids / "cgroup.procs").exists():
        return None
    made: list[Path] = []
    try:
        for base in (memory, pids):
            (base / name).mkdir()
            made.append(base / name)
        (memory / name / "memory.limit_in_bytes").write_text(str(memory_bytes))
        swap = memory / name / "memory.memsw.limit_in_bytes"
        if swap.exists():
            swap.write_text(str(memory_bytes))
        (pids / name / "pids.max").write_text(str(max_pids))
    except OSError:
        for d in made:
            d.rmdir()
        return None
    return Cgroup(made)
