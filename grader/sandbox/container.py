"""The ``docker`` backend (the Docker SDK): for grading servers with a Docker engine.

Each sandbox is a container of the *sandbox* image (``docker/Dockerfile``, target
``sandbox``: Python and numpy, optionally torch; no grader, no reference, no specs) with no
network, a read-only root, every capability dropped, ``no-new-privileges``, an unprivileged
user, pids / memory (= memory + swap, so no swap) / CPU limits, size-capped tmpfs mounts and a
capped log. The submission and our runner are bind-mounted read-only. The channel is the
container's stdin/stdout (the runner moves it off fds 0/1 so prints go to stderr); the host
demultiplexes Docker's attach stream and parses frames with the same checks as every backend.
Flags and their reasons: ``shared/research/security.md`` section 2.4.
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from pathlib import Path

from grader import __version__
from grader.errors import InternalError, UsageError
from grader.sandbox import runtime, wire
from grader.sandbox.limits import Limits
from grader.sandbox.process import STARTUP_SECONDS

IMAGE_ENV = "GRADER_DOCKER_IMAGE"
DEFAULT_IMAGE = f"cs231n-grader-sandbox:{__version__}"
SUB, RUNTIME = "/sandbox/sub", "/sandbox/runtime"
USER = "65534:65534"
STDOUT, STDERR = 1, 2
_HEADER = struct.Struct(">BxxxI")


def container_config(image: str, root: Path, runner_dir: str, limits: Limits) -> dict:
    """Everything passed to ``containers.create`` except the command (pure; tested)."""
    from docker.types import DeviceRequest, LogConfig, Mount, Ulimit

    gpus = {"device_requests": [DeviceRequest(count=-1, capabilities=[["gpu"]])]} \
        if limits.gpu else {}
    return {
        **gpus,
        "image": image,
        "user": USER,
        "working_dir": SUB,
        "environment": {"HOME": "/tmp", "TMPDIR": "/tmp", "OMP_NUM_THREADS": "1",
                        "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
                        "LANG": "C.UTF-8"},
        "network_mode": "none",
        "read_only": True,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "pids_limit": limits.processes,
        "mem_limit": limits.memory_bytes,
        "memswap_limit": limits.memory_bytes,
        "nano_cpus": 1_000_000_000,
        "tmpfs": {"/tmp": f"rw,size={limits.tmp_bytes},mode=1777,nosuid,nodev"},
        "shm_size": 1 << 20,
        "ipc_mode": "private",
        "ulimits": [Ulimit(name="core", soft=0, hard=0),
                    Ulimit(name="nofile", soft=limits.open_files, hard=limits.open_files),
                    Ulimit(name="fsize", soft=limits.file_bytes, hard=limits.file_bytes),
                    Ulimit(name="cpu", soft=limits.cpu_seconds, hard=limits.cpu_seconds + 1)],
        "mounts": [Mount(SUB, str(root), type="bind", read_only=True),
                   Mount(RUNTIME, runner_dir, type="bind", read_only=True)],
        "init": True,
        "log_config": LogConfig(type="json-file", config={"max-size": "1m", "max-file": "1"}),
        "stdin_open": True,
        "tty": False,
        "detach": True,
        "labels": {"cs231n-grader": "sandbox"},
    }


class Demux:
    """Docker's attach stream for a non-TTY container: 8-byte headers (stream, size) + data."""

    def __init__(self, log_cap: int) -> None:
        self._raw = bytearray()
        self.stdout = bytearray()
        self.log = bytearray()
        self._log_cap = log_cap

    def feed(self, data: bytes) -> None:
        self._raw += data
        while len(self._raw) >= _HEADER.size:
            stream, size = _HEADER.unpack_from(self._raw)
            if len(self._raw) < _HEADER.size + size:
                break
            chunk = bytes(self._raw[_HEADER.size : _HEADER.size + size])
            del self._raw[: _HEADER.size + size]
            if stream == STDOUT:
                self.stdout += chunk
            elif len(self.log) < self._log_cap:
                self.log += chunk[: self._log_cap - len(self.log)]

    def take_frame(self, max_bytes: int) -> object | None:
        """One complete frame from stdout, parsed with the usual checks; None if incomplete."""
        if len(self.stdout) < 4:
            return None
        (size,) = struct.unpack_from("<I", self.stdout)
        if size > wire.MAX_HEADER_BYTES:
            raise wire.WireError(f"header of {size} bytes exceeds the cap")
        if len(self.stdout) < 4 + size:
            return None
        header = bytes(self.stdout[4 : 4 + size])
        try:
            sizes = json.loads(header).get("buffers", [])
            total = sum(n for n in sizes if type(n) is int and n >= 0)
        except (ValueError, AttributeError, TypeError, UnicodeDecodeError):
            raise wire.WireError("header is not a JSON object") from None
        if total > max_bytes:
            raise wire.WireError(f"frame of {total} bytes exceeds the cap of {max_bytes}")
        if len(self.stdout) < 4 + size + total:
            return None
        payload = bytes(self.stdout[4 + size : 4 + size + total])
        del self.stdout[: 4 + size + total]
        return wire.decode(header, payload)


class DockerWorker:
    sandbox_root = SUB

    def __init__(self, client, image: str, root: Path, limits: Limits) -> None:
        self.limits = limits
        rt = runtime.prepare()
        config = json.dumps({**limits.runner_config(SUB), "processes": None})  # pids_limit
        command = ["python3", *runtime.PYTHON_FLAGS, f"{RUNTIME}/runner.py", "0", "1", config]
        try:
            self.container = client.containers.create(
                command=command, **container_config(image, root, rt.runner_dir, limits))
            self._sock = self.container.attach_socket(
                params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
            self._raw_sock = getattr(self._sock, "_sock", self._sock)
            self.container.start()
        except Exception as exc:  # noqa: BLE001 - docker.errors.* and socket errors alike
            raise InternalError(f"cannot start a docker sandbox from {image}: {exc}") from None
        self._demux = Demux(limits.log_bytes)
        self._ready = False

    def _read_frame(self, deadline: float) -> object:
        while True:
            frame = self._demux.take_frame(self.limits.reply_bytes)
            if frame is not None:
                return frame
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._raw_sock], [], [], left)[0]:
                raise wire.ChannelTimeout("no answer before the deadline")
            data = self._raw_sock.recv(1 << 20)
            if not data:
                raise wire.ChannelClosed("the container closed its output")
            self._demux.feed(data)

    def request(self, msg: dict, timeout: float) -> object:
        deadline = time.monotonic() + timeout
        self.send(msg, deadline)
        return self.receive(deadline)

    def receive(self, deadline: float, cpu_until: float | None = None) -> object:
        """The next frame. A container's CPU time is not read by the host (it has no
        ``cpu_seconds``), so ``cpu_until`` is not enforced here: the wall-clock limit is."""
        return self._read_frame(deadline)

    def wait_ready(self) -> None:
        """The container's runner is up (its start-up is not charged to any call)."""
        if not self._ready:
            try:
                ready = self._read_frame(time.monotonic() + STARTUP_SECONDS)
            except wire.WireError as exc:
                raise InternalError(f"the docker sandbox failed to start ({exc}): "
                                    f"{self.log_tail()[-2000:]}") from None
            if not isinstance(ready, dict) or ready.get("ready") is not True:
                raise InternalError("the docker sandbox sent no ready signal")
            self._ready = True

    def send(self, msg: dict, deadline: float) -> None:
        self.wait_ready()
        try:
            self._raw_sock.settimeout(max(deadline - time.monotonic(), 0.01))
            self._raw_sock.sendall(wire.encode(msg))
        except TimeoutError:
            raise wire.ChannelTimeout("the sandbox stopped reading its input") from None
        except OSError:
            raise wire.ChannelClosed("the container exited") from None

    def exit_reason(self) -> str:
        try:
            status = self.container.wait(timeout=5)
            self.container.reload()
        except Exception:  # noqa: BLE001
            return "the container stopped answering"
        if self.container.attrs.get("State", {}).get("OOMKilled"):
            return "the container ran out of memory (killed by the memory limit)"
        return f"the container exited with status {status.get('StatusCode')}"

    def log_tail(self) -> str:
        return self._demux.log.decode("utf-8", "replace")

    def kill(self) -> None:
        try:
            self.container.remove(force=True)  # kills every process in it
        except Exception:  # noqa: BLE001 - already gone
            pass

    def close(self) -> None:
        try:
            self._raw_sock.close()
        except OSError:
            pass
        self.kill()


class DockerBackend:
    name = "docker"

    def __init__(self, image: str | None = None) -> None:
        try:
            import docker
        except ImportError:
            raise UsageError("the docker backend needs the Docker SDK: "
                             "pip install 'cs231n-grader[docker]'") from None
        self.image = image or os.environ.get(IMAGE_ENV, DEFAULT_IMAGE)
        try:
            self.client = docker.from_env()
            self.client.ping()
        except Exception as exc:  # noqa: BLE001 - docker.errors.DockerException and friends
            raise UsageError(f"no Docker engine is reachable: {exc}") from None

    def start(self, root: Path, limits: Limits) -> DockerWorker:
        return DockerWorker(self.client, self.image, root, limits)


def engine_available() -> tuple[bool, str]:
    try:
        DockerBackend()
    except UsageError as exc:
        return False, str(exc)
    return True, ""
