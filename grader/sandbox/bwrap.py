"""The ``bwrap`` backend: bubblewrap namespaces around the runner. The default on Linux.

Student code sees a read-only system, the interpreter, our runner and its own submission
(read-only) and nothing else of the host: no grader package, reference, specs, results or
secrets. New user, pid, network, ipc, uts and cgroup namespaces (no network at all); its own
size-capped /tmp and /dev/shm; a cleared environment; ``--die-with-parent`` and
``--as-pid-1`` (so /proc/1 is the runner, not bwrap with the grader's environment). As root,
bwrap itself runs as the unprivileged sandbox uid (running it as root would map the sandbox to
host uid 0, where process limits do not apply). Flags and their reasons:
``shared/research/security.md`` section 2.3.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from grader.sandbox import cgroups, runtime
from grader.sandbox.limits import Limits
from grader.sandbox.process import ProcessWorker, drop_privileges, sandbox_env

SUB = "/sandbox/sub"
RUNTIME = "/sandbox/runtime"


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


SYSTEM_DIRS = ("/usr", "/bin", "/lib", "/lib64", "/sbin", "/lib32")


def system_binds() -> list[str]:
    """/usr read-only, and /bin, /lib, /lib64, /sbin as the host has them (links or folders)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin", "lib32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    if Path("/etc/ld.so.cache").exists():
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def bwrap_args(rt: runtime.Runtime, root: Path, limits: Limits) -> list[str]:
    args = ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--as-pid-1",
            "--hostname", "sandbox", "--cap-drop", "ALL", "--disable-userns"]
    if rt.uid is not None:
        args += ["--uid", str(rt.uid), "--gid", str(rt.uid)]
    args += system_binds()
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp",
             "--size", str(1 << 20), "--tmpfs", "/dev/shm"]
    # after the private /tmp, so that an interpreter or venv under /tmp is seen through it
    for original, visible in rt.roots:
        if visible != original or not _under_system(original):
            args += ["--ro-bind", visible, original]
    for path in rt.masked:  # our own package inside a bound site-packages
        args += ["--tmpfs", path] if os.path.isdir(path) else ["--ro-bind", "/dev/null", path]
    args += ["--ro-bind", rt.runner_dir, RUNTIME, "--ro-bind", str(root), SUB]
    for device in gpu_devices() if limits.gpu else ():
        args += ["--dev-bind", device, device]
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SUB, "--clearenv"]
    for key, value in sandbox_env("/tmp").items():
        args += ["--setenv", key, value]
    return args


def _under_system(path: str) -> bool:
    """Already visible through the system binds (the system Python's prefix, /usr)."""
    return any(path == top or path.startswith(top + "/") for top in SYSTEM_DIRS)


def gpu_devices() -> list[str]:
    """The NVIDIA device nodes a CUDA sandbox needs (none on a machine without a GPU)."""
    import glob

    return sorted(glob.glob("/dev/nvidia*"))


class BwrapBackend:
    name = "bwrap"

    def start(self, root: Path, limits: Limits) -> ProcessWorker:
        lease = runtime.lease_uid()
        rt = runtime.prepare() if lease is None else replace(runtime.prepare(), uid=lease.uid)
        group = cgroups.create(limits.memory_bytes, limits.processes) if rt.uid is not None else None
        prefix = ["setpriv", f"--reuid={rt.uid}", f"--regid={rt.uid}", "--clear-groups", "--"] \
            if rt.uid is not None else []
        config = json.dumps({**limits.runner_config(SUB), **runtime.runner_config(rt, False)})
        # inside, every folder sits at its original path: the host's own interpreter runs there
        head = [*prefix, bwrap_path() or "bwrap", *bwrap_args(rt, root, limits), "--",
                rt.inside_executable, *runtime.LOCAL_FLAGS, f"{RUNTIME}/runner.py"]

        info_read, info_write = os.pipe()  # bwrap reports its child's pid here
        head.insert(len(prefix) + 1, "--info-fd")
        head.insert(len(prefix) + 2, str(info_write))

        def command(fd_in: int, fd_out: int) -> list[str]:
            return [*head, str(fd_in), str(fd_out), config]

        known: dict[str, int | None] = {}

        def runner_pid() -> int | None:
            """The host pid of the sandbox's pid 1 (the runner), read once from bwrap."""
            if "pid" not in known:
                known["pid"] = _child_pid(info_read)
                os.close(info_read)
            return known["pid"]

        def stop_first() -> set[int]:
            """Kill the sandbox's pid 1: the kernel then ends its whole pid namespace."""
            pid = runner_pid()
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            return {pid} if pid else set()

        def cleanup() -> None:
            if group is not None:
                group.remove()
            if lease is not None:  # only once nothing of the sandbox runs as the uid
                lease.release()

        try:
            return ProcessWorker(command, env={"PATH": "/usr/bin:/bin"}, cwd="/", limits=limits,
                                 sandbox_root=SUB, preexec=drop_privileges(None, group),
                                 cleanup=cleanup,
                                 stop_first=stop_first, group=group, extra_fds=(info_write,),
                                 verify=runtime.library_mismatch, runner_pid=runner_pid)
        except BaseException:
            cleanup()
            raise
        finally:
            os.close(info_write)


def _child_pid(fd: int) -> int | None:
    """The host pid of the sandbox's pid 1, from bwrap's --info-fd JSON (if it got that far)."""
    os.set_blocking(fd, False)
    try:
        data = os.read(fd, 4096)
    except (BlockingIOError, OSError):
        return None
    try:
        return int(json.loads(data.decode())["child-pid"])
    except (ValueError, KeyError, UnicodeDecodeError):
        return None


@cache
def works() -> tuple[bool, str]:
    """Whether a bwrap sandbox starts here (user namespaces allowed, binary present)."""
    binary = bwrap_path()
    if binary is None:
        return False, "bubblewrap (bwrap) is not installed"
    rt = runtime.prepare()
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        prefix = ["setpriv", f"--reuid={rt.uid}", f"--regid={rt.uid}", "--clear-groups", "--"] \
            if rt.uid is not None else []
        # namespaces, mounts and the interpreter itself are what can fail (a venv hidden by the
        # private /tmp, an unreadable prefix); the libraries are checked at the ready handshake
        cmd = [*prefix, binary, *bwrap_args(rt, Path(tmp), Limits()), "--",
               rt.inside_executable, *runtime.LOCAL_FLAGS, "-c", "import encodings"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, str(exc)
    if done.returncode != 0:
        return False, (done.stderr.strip().splitlines() or ["unknown error"])[-1]
    return True, ""
