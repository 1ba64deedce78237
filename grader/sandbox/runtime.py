"""What the sandbox runs: the host's own interpreter and packages, and our runner files.

The sandbox must import exactly what the host imports (the same numpy, the same torch), wherever
the interpreter and its virtualenv live: /tmp, /var/tmp, /opt, a home folder, the system Python,
a conda prefix. So the sandbox's ``sys.path`` is the host's, entry for entry (minus the current
folder and our own source), and every folder it names is made visible inside:

- bwrap binds each of them read-only at its original path (after its private /tmp, so a venv
  under /tmp stays visible), and runs the host's own ``sys.executable``;
- the process backend has no mount namespace: it runs the interpreter where it is.

When the grader runs as root, student code runs as an unprivileged uid (one of a pool, a
different one for each sandbox running at once; see ``lease_uid``), which must be able to read
all that. A folder it cannot reach (pyenv
under a 0700 ``/root``) is replaced by a *runtime farm*: a tree of hard links to it (same files,
no data copied; a copy where links cannot cross file systems) in a world-traversable folder,
without the grader's own package, so neither the reference code nor the specs are reachable from
the sandbox. A farm is built once per state of the folder (a fingerprint of its packages) and
reused. bwrap binds the farm at the original path; the process backend runs the farm's base
interpreter and is given the farm paths.

The runner reports where numpy (and torch) came from; :func:`library_mismatch` compares that with
the host's, so a sandbox that found another install is an internal error, never a grade.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path

from grader.errors import InternalError

SANDBOX_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = SANDBOX_DIR.parent.parent
"""The folder holding our ``grader`` package (a checkout, or site-packages when installed)."""
RUNNER_FILES = ("runner.py", "wire.py")
FARM_ENV = "GRADER_RUNTIME_DIR"
UID_ENV = "GRADER_SANDBOX_UID"
POOL_ENV = "GRADER_SANDBOX_UIDS"
DEFAULT_POOL = "1990000000:256"
DEFAULT_FARM_ROOT = Path("/var/tmp/grader-runtime")
# No user site, no script folder on sys.path, no bytecode files, unbuffered output. Not -I/-E:
# the environment is built from scratch by the backend, and PYTHONHASHSEED in it must apply.
PYTHON_FLAGS = ("-s", "-B", "-u", *(("-P",) if sys.version_info >= (3, 11) else ()))
LOCAL_FLAGS = (*PYTHON_FLAGS, "-S")
"""For the host's own interpreter: no site module, the runner rebuilds ``sys.path`` itself."""
# our own distribution: never visible inside a sandbox
HIDDEN_NAMES = ("grader", "cs231n_grader", "__editable__.cs231n_grader", "__editable___cs231n_grader")


@dataclass(frozen=True)
class Runtime:
    executable: str
    """The interpreter for the process backend, as a path on the host (a farm's, as root)."""
    inside_executable: str
    """The interpreter for bwrap: the host's own ``sys.executable`` at its original path."""
    roots: tuple[tuple[str, str], ...]
    """(original folder, where the sandbox uid can read it) for every folder the interpreter
    and ``sys.path`` need: the same path, or a farm."""
    python_path: tuple[str, ...]
    """The host's ``sys.path`` entries the sandbox gets, at their original paths, in order."""
    sites: tuple[str, ...]
    """The site folders among them: the runner reads their ``.pth`` files (it runs with -S)."""
    library_path: str | None
    """LD_LIBRARY_PATH for a relocated interpreter (its libpython sits beside it)."""
    runner_dir: str
    """A readable folder holding runner.py, wire.py and the shims."""
    uid: int | None
    """The uid to run student code as, or None to stay the current user."""
    masked: tuple[str, ...]
    """Paths inside directly bound folders that a bwrap sandbox must not see (our package)."""

    def visible(self, path: str) -> str:
        """Where the process backend finds the host's ``path``."""
        return _translate(path, self.roots)

    def original(self, path: str) -> str:
        """The host path of a path the process backend reported."""
        return _translate(path, tuple((v, o) for o, v in self.roots))


def _translate(path: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in sorted(pairs, key=lambda pair: -len(pair[0])):
        if path == old or path.startswith(old.rstrip(os.sep) + os.sep):
            return new + path[len(old):]
    return path


def sandbox_uid() -> int | None:
    """The first unprivileged uid for student code when running as root; None otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    return uid_pool()[0]


def uid_pool() -> list[int]:
    """The uids sandboxes run as: ``GRADER_SANDBOX_UID`` alone when it is set (every sandbox
    shares it), else ``GRADER_SANDBOX_UIDS`` ("first:count", default 1990000000:256)."""
    fixed = os.environ.get(UID_ENV)
    if fixed:
        return [int(fixed)]
    first, _, count = os.environ.get(POOL_ENV, DEFAULT_POOL).partition(":")
    return list(range(int(first), int(first) + max(int(count or 1), 1)))


class UidLease:
    """One uid of the pool, held by one sandbox (an exclusive lock file) until released.

    Sandboxes that run at the same time, in one grader or in several, never share a uid: so
    one cannot signal, trace or read the /proc of another, and the kernel's per-uid limits
    (RLIMIT_NPROC counts every process of the uid) are not shared either."""

    def __init__(self, uid: int, fd: int | None) -> None:
        self.uid, self._fd = uid, fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


def lease_uid() -> UidLease | None:
    """A uid no other running sandbox holds (None when not root: no uid is switched)."""
    if sandbox_uid() is None:
        return None
    pool = uid_pool()
    if len(pool) == 1:
        return UidLease(pool[0], None)
    import fcntl

    folder = farm_root() / "uids"
    folder.mkdir(mode=0o700, exist_ok=True)
    for uid in pool:
        fd = os.open(folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return UidLease(uid, fd)
    raise InternalError(f"all {len(pool)} sandbox uids ({POOL_ENV}) are in use: run fewer "
                        "sandboxes at once or give the pool more uids")


@cache
def prepare() -> Runtime:
    uid = sandbox_uid()
    path = host_python_path()
    prefixes = list(dict.fromkeys(os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)))
    libraries = libpython_dirs()
    originals = outermost([*prefixes, *libraries, *(p for p in path if os.path.isdir(p))])
    hide = frozenset(p for p in path if _holds_ours(p))
    roots = {o: o if uid is None or traversable(o) else str(farm(Path(o), hide))
             for o in originals}
    if uid is not None:  # a path folder holding our package is seen through a farm without it
        for folder in sorted(hide):
            if _translate(folder, tuple(roots.items())) == folder:  # not farmed already
                roots[folder] = str(farm(Path(folder), hide))
    roots_ = tuple(roots.items())
    sites = tuple(p for p in path if p.rstrip(os.sep).endswith("-packages"))
    direct = [p for p in path if os.path.isdir(p) and _translate(p, roots_) == p]
    masked = tuple(_our_paths(direct))
    runner = str(runner_dir(farm_root() if uid is not None else None))
    rt = Runtime(sys.executable, sys.executable, roots_, tuple(path), sites, None, runner, uid,
                 masked)
    if all(o == v for o, v in roots_):
        return rt
    # the venv's bin/python links to the original base, which the sandbox uid may not reach:
    # the process backend runs the base interpreter through its farm (-S: the runner then
    # reads the .pth files of the farmed site folders itself)
    base = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
    library = rt.visible(libraries[0]) if libraries else \
        os.path.join(rt.visible(os.path.realpath(sys.base_prefix)), "lib")
    return replace(rt, executable=rt.visible(base), library_path=library)


def libpython_dirs() -> list[str]:
    """Folders of the shared libpython this interpreter loaded, when it is one (its RUNPATH may
    point outside the prefix: a relocated or conda-style install)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            files = {line.split()[-1] for line in maps if "libpython" in line}
    except OSError:
        return []
    return sorted({os.path.dirname(os.path.realpath(f)) for f in files if f.startswith("/")})


def host_python_path() -> list[str]:
    """The host's ``sys.path`` as the sandbox should have it: every entry but the current
    folder, the script's folder and our own source checkout (resolved, existing, in order)."""
    script = os.path.realpath(os.path.dirname(sys.argv[0] or "."))
    # a launcher inside site-packages (a Jupyter kernel's ipykernel_launcher.py) does not
    # make site-packages the script's folder to hide
    skip = {os.path.realpath(os.getcwd())} | (
        set() if script.rstrip(os.sep).endswith("-packages") else {script})
    checkout = None if SOURCE_ROOT.name.endswith("-packages") else str(SOURCE_ROOT)
    found = []
    for entry in sys.path:
        if not entry or not os.path.exists(entry):
            continue
        real = os.path.realpath(entry)
        if real in skip or real == os.sep or (checkout and _under(real, checkout)):
            continue
        if _under(real, str(farm_root_path())):
            continue
        found.append(real)
    return list(dict.fromkeys(found))


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def outermost(paths: list[str]) -> list[str]:
    """The folders of ``paths`` that are not inside another of them, in first-seen order."""
    unique = list(dict.fromkeys(paths))
    return [p for p in unique if not any(q != p and _under(p, q) for q in unique)]


def traversable(path: str | Path) -> bool:
    """Whether any user can reach ``path`` (every folder on the way is o+x, the end o+r)."""
    path = Path(path).resolve()
    for part in [*reversed(path.parents), path]:
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def farm_root_path() -> Path:
    return Path(os.environ.get(FARM_ENV, DEFAULT_FARM_ROOT))


def farm_root() -> Path:
    root = farm_root_path()
    root.mkdir(parents=True, exist_ok=True, mode=0o755)
    os.chmod(root, 0o755)
    return root


FARM_FORMAT = "2"
"""Bumped whenever what a farm leaves out changes (an old farm is then never reused)."""


def fingerprint(folder: Path, hide: frozenset[str] = frozenset()) -> str:
    """Changes when packages are installed, removed or upgraded in ``folder`` (a prefix or a
    site folder of its own), and with the folders in it whose copy of the grader is hidden."""
    digest = hashlib.sha256(str(folder).encode() + sys.version.encode() + FARM_FORMAT.encode())
    digest.update(repr(sorted(h for h in hide if _under(h, str(folder)))).encode())
    for site in [folder, *sorted(folder.glob("lib*/python*/site-packages"))]:
        for entry in sorted(os.scandir(site), key=lambda e: e.name):
            digest.update(f"{entry.name}:{entry.stat(follow_symlinks=False).st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def farm(folder: Path, hide: frozenset[str] = frozenset()) -> Path:
    """A world-traversable tree of hard links to ``folder``, minus the grader's own files in
    any ``sys.path`` folder it holds (``hide``) and in any site folder."""
    target = farm_root() / f"{folder.name}-{fingerprint(folder, hide)}"
    if target.is_dir():
        return target
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        shutil.copytree(folder, building / "tree", symlinks=True, copy_function=_link_or_copy,
                        ignore=partial(_ignore_ours, hide), dirs_exist_ok=False)
        _open_up(building / "tree")
        os.replace(building / "tree", target)
    except FileExistsError:  # another grader built it first
        pass
    except OSError as exc:
        if not target.is_dir():
            raise RuntimeError(f"cannot build the sandbox runtime in {target}: {exc}") from exc
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _ignore_ours(hide: frozenset[str], folder: str, names: list[str]) -> set[str]:
    if not folder.endswith("-packages") and folder not in hide and Path(folder) != SOURCE_ROOT:
        return set()
    return {n for n in names if n.startswith(HIDDEN_NAMES)}


def _open_up(tree: Path) -> None:
    """Folders of the farm are 0755 (the files keep their own modes: they are the same inodes)."""
    for folder, dirs, _ in os.walk(tree):
        os.chmod(folder, 0o755)
        for d in dirs:
            path = os.path.join(folder, d)
            if not os.path.islink(path):
                os.chmod(path, 0o755)


def _holds_ours(folder: str) -> bool:
    return os.path.isdir(folder) and any(n.startswith(HIDDEN_NAMES) for n in os.listdir(folder))


def _our_paths(direct: list[str]) -> list[str]:
    """Where our own package sits in a directly bound folder (to be masked in a bwrap sandbox)."""
    found = []
    for entry in direct:
        found += [str(p) for p in Path(entry).iterdir() if p.name.startswith(HIDDEN_NAMES)]
    return list(dict.fromkeys(found))


def runner_dir(root: Path | None) -> Path:
    """A readable copy of the runner, the wire codec and the shims (nothing else of ours)."""
    digest = hashlib.sha256()
    sources = [SANDBOX_DIR / f for f in RUNNER_FILES] + sorted((SANDBOX_DIR / "shims").rglob("*.py"))
    for source in sources:
        digest.update(source.relative_to(SANDBOX_DIR).as_posix().encode() + source.read_bytes())
    base = root or Path(tempfile.gettempdir()) / f"grader-runner-{os.getuid()}"
    target = base / f"runner-{digest.hexdigest()[:16]}"
    if not target.is_dir():
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(base, 0o755)
        staging = Path(tempfile.mkdtemp(prefix=".runner-", dir=base))
        for source in sources:
            dest = staging / source.relative_to(SANDBOX_DIR)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        _open_up(staging)
        for path in staging.rglob("*.py"):
            os.chmod(path, 0o644)
        try:
            os.replace(staging, target)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def runner_config(rt: Runtime, relocated: bool) -> dict:
    """What the runner needs to rebuild the host's ``sys.path``: the entries as it sees them
    (through farms in the process backend, at their original paths under bwrap)."""
    see = rt.visible if relocated else (lambda path: path)
    return {"python_path": [see(p) for p in rt.python_path], "sites": [see(p) for p in rt.sites]}


def host_library(module: str) -> tuple[str | None, str | None]:
    """(version, file) of the install the host imports ``module`` from, without importing it."""
    loaded = sys.modules.get(module)
    origin = getattr(loaded, "__file__", None)
    if origin is None:
        spec = importlib.util.find_spec(module)  # a top-level module: nothing is executed
        origin = spec.origin if spec is not None else None
    version = getattr(loaded, "__version__", None)
    if version is None and origin is not None:
        try:
            from importlib.metadata import version as dist_version

            version = dist_version(module)
        except Exception:  # noqa: BLE001 - a version is for the message only
            version = None
    return version, os.path.realpath(origin) if origin else None


def library_mismatch(reported: dict, to_host=lambda path: path) -> str | None:
    """Why the sandbox's libraries are not the host's (None when they are the same install).

    ``reported`` maps a module to the runner's {"version", "file"}; ``to_host`` turns a path the
    sandbox saw into the host path it stands for."""
    for module, seen in sorted(reported.items()):
        version, origin = host_library(module)
        if not isinstance(seen, dict) or not seen.get("file"):
            return f"the sandbox could not import {module} ({(seen or {}).get('error', 'missing')}); " \
                   f"the host has {module} {version} from {origin}"
        where = os.path.realpath(to_host(str(seen["file"])))
        loaded = sys.modules.get(module)
        same_version = loaded is None or seen.get("version") == version
        if where != origin or not same_version:
            return (f"the sandbox imports {module} {seen.get('version')} from {seen['file']}, "
                    f"but the grader runs on {module} {version} from {origin}: refusing to grade "
                    f"on a different library")
    return None
