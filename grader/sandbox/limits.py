"""Resource limits for one submission's sandbox."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Wall-clock limits are enforced by the host."""

    call_seconds: float = 10.0
    """Wall-clock limit of one call (the host kills the sandbox past it)."""
    call_cpu_seconds: float | None = None
    """CPU-time limit of one call (the host reads the sandbox's CPU time while it waits and
    kills it past this; None: the wall-clock limit only). Unlike wall-clock time it does not
    grow when the machine is loaded: a busy loop is stopped as soon as it has used this much,
    and slow but finishing code is judged the same on a busy grading server."""
    import_seconds: float = 20.0
    """Wall-clock limit for importing one student module."""
    budget_seconds: float = 300.0
    """Wall-clock budget of the whole submission; calls past it are not run."""
    memory_bytes: int = 2 << 30
    """Address-space limit of the sandbox process (RLIMIT_AS)."""
    cpu_seconds: int = 600
    """CPU-time limit of one sandbox process (RLIMIT_CPU)."""
    file_bytes: int = 16 << 20
    """Largest file the sandbox may write (RLIMIT_FSIZE)."""
    open_files: int = 256
    """Open file descriptors (RLIMIT_NOFILE)."""
    processes: int = 64
    """Processes (threads count) of the sandbox: pids cgroup, or RLIMIT_NPROC of its uid."""
    tmp_bytes: int = 64 << 20
    """Size of the private /tmp of a bwrap sandbox."""
    reply_bytes: int = 256 << 20
    """Largest reply the host accepts from the sandbox."""
    log_bytes: int = 16 << 10
    """How much of the sandbox's stdout/stderr the host keeps for feedback."""
    framework: str = "numpy"
    """"torch": the runner imports torch before student code and tensors cross as tensors."""
    provided: tuple[str, ...] = ()
    """Course modules a submission may import without holding them (stand-ins inside)."""
    gpu: bool = False
    """CUDA devices are visible (bwrap binds /dev/nvidia*, docker requests the GPUs). The
    address-space rlimit is then not applied (CUDA reserves huge virtual ranges); memory is
    bounded by the cgroup where there is one."""

    def started_alike(self, other: Limits) -> bool:
        """A sandbox started under these limits can serve ``other``: they differ at most in
        the time limits, which the host enforces from outside."""
        host = ("call_seconds", "call_cpu_seconds", "import_seconds", "budget_seconds")
        return replace(self, **{k: getattr(other, k) for k in host}) == other

    def rlimits(self) -> dict[str, int]:
        """The limits the runner applies to itself before importing student code."""
        return {
            "memory_bytes": self.memory_bytes,
            "cpu_seconds": self.cpu_seconds,
            "file_bytes": self.file_bytes,
            "open_files": self.open_files,
        }

    def runner_config(self, root: str) -> dict:
        """What the runner is told at start: its rlimits, the submission root, the framework."""
        limits = self.rlimits()
        if self.gpu:
            limits.pop("memory_bytes")
        return {**limits, "root": root, "processes": self.processes, "framework": self.framework,
                "provided": list(self.provided)}
