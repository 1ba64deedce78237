"""What the sandbox runs: an interpreter its unprivileged uid can read, and our runner files.

When the grader runs as root, student code runs as an unprivileged uid (65534 by default,
``GRADER_SANDBOX_UID``). That uid must be able to read the interpreter and its packages, which
may live where it cannot (pyenv under ``/root`` is mode 0700). The fix is a *runtime farm*: a
tree of hard links to the interpreter prefix (same files, no data copied; a copy where links
cannot cross file systems) in a world-traversable folder, without the grader's own package, so
neither the reference code nor the specs are reachable from the sandbox. It is built once per
interpreter state (a fingerprint of its site-packages) and reused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SANDBOX_DIR = Path(__file__).resolve().parent
RUNNER_FILES = ("runner.py", "wire.py")
FARM_ENV = "GRADER_RUNTIME_DIR"
UID_ENV = "GRADER_SANDBOX_UID"
DEFAULT_FARM_ROOT = Path("/var/tmp/grader-runtime")
# our own distribution: never visible inside a sandbox
# No user site, no script folder on sys.path, no bytecode files, unbuffered output. Not -I/-E:
# the environment is built from scratch by the backend, and PYTHONHASHSEED in it must apply.
PYTHON_FLAGS = ("-s", "-B", "-u", *(("-P",) if sys.version_info >= (3, 11) else ()))
HIDDEN_NAMES = ("grader", "cs231n_grader", "__editable__.cs231n_grader", "__editable___cs231n_grader")


@dataclass(frozen=True)
class Runtime:
    executable: str
    """The interpreter to run, as a path on the host."""
    prefixes: tuple[tuple[str, str], ...]
    """(host folder, path inside a bwrap sandbox) for every interpreter prefix."""
    site_dirs: tuple[str, ...]
    """Extra site folders the runner adds (a virtualenv's, when the base interpreter runs)."""
    library_path: str | None
    """LD_LIBRARY_PATH for a relocated interpreter (its libpython sits beside it)."""
    runner_dir: str
    """A readable folder holding runner.py, wire.py and the shims."""
    uid: int | None
    """The uid to run student code as, or None to stay the current user."""
    masked: tuple[str, ...]
    """Paths inside the bound prefixes that a bwrap sandbox must not see (our package)."""


def sandbox_uid() -> int | None:
    """The unprivileged uid for student code when running as root; None otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    return int(os.environ.get(UID_ENV, "65534"))


@cache
def prepare() -> Runtime:
    uid = sandbox_uid()
    prefixes = list(dict.fromkeys([sys.prefix, sys.base_prefix]))
    venv = sys.prefix != sys.base_prefix
    if uid is None or all(traversable(p) for p in prefixes):
        return Runtime(sys.executable, tuple((p, p) for p in prefixes),
                       _venv_site_dirs() if venv else (), None, str(runner_dir(None)), uid,
                       tuple(_our_paths(prefixes)))
    farms = {p: farm(Path(p)) for p in prefixes}
    base = farms[sys.base_prefix]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    executable = base / "bin" / version
    if not executable.exists():
        executable = base / Path(sys._base_executable).relative_to(sys.base_prefix)  # type: ignore[attr-defined]
    site_dirs = tuple(str(farms[sys.prefix] / Path(d).relative_to(sys.prefix))
                      for d in _venv_site_dirs()) if venv else ()
    return Runtime(str(executable), tuple((str(f), p) for p, f in farms.items()), site_dirs,
                   str(base / "lib"), str(runner_dir(farm_root())), uid, ())


def traversable(path: str | Path) -> bool:
    """Whether any user can reach ``path`` (every folder on the way is o+x, the end o+r)."""
    path = Path(path).resolve()
    for part in [*reversed(path.parents), path]:
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def farm_root() -> Path:
    root = Path(os.environ.get(FARM_ENV, DEFAULT_FARM_ROOT))
    root.mkdir(parents=True, exist_ok=True, mode=0o755)
    os.chmod(root, 0o755)
    return root


def fingerprint(prefix: Path) -> str:
    """Changes when packages are installed, removed or upgraded in ``prefix``."""
    digest = hashlib.sha256(str(prefix).encode() + sys.version.encode())
    for site in sorted(prefix.glob("lib/python*/site-packages")):
        for entry in sorted(os.scandir(site), key=lambda e: e.name):
            digest.update(f"{entry.name}:{entry.stat(follow_symlinks=False).st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def farm(prefix: Path) -> Path:
    """A world-traversable tree of hard links to ``prefix``, minus the grader's own files."""
    target = farm_root() / f"{prefix.name}-{fingerprint(prefix)}"
    if target.is_dir():
        return target
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        shutil.copytree(prefix, building / "tree", symlinks=True, copy_function=_link_or_copy,
                        ignore=_ignore_ours, dirs_exist_ok=False)
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


def _ignore_ours(folder: str, names: list[str]) -> set[str]:
    if not folder.endswith("site-packages"):
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


def _our_paths(prefixes: list[str]) -> list[str]:
    """Where our own package sits inside a bound prefix (to be masked in a bwrap sandbox)."""
    found = []
    for prefix in prefixes:
        for site in Path(prefix).glob("lib/python*/site-packages"):
            found += [str(p) for p in site.iterdir() if p.name.startswith(HIDDEN_NAMES)]
    return found


def _venv_site_dirs() -> tuple[str, ...]:
    return tuple(str(p) for p in Path(sys.prefix).glob("lib/python*/site-packages"))


def runner_dir(root: Path | None) -> Path:
    """A readable copy of the runner, the wire codec and the shims (nothing else of ours)."""
    digest = hashlib.sha256()
    sources = [SANDBOX_DIR / f for f in RUNNER_FILES] + sorted((SANDBOX_DIR / "shims").rglob("*.py"))
    for source in sources:
        digest.update(source.relative_to(SANDBOX_DIR).as_posix().encode() + source.read_bytes())
    base = root or Path(tempfile.gettempdir()) / f"grader-runner-{os.getuid()}"
    target = base / f"runner-{digest.hexdigest()[:16]}"
    if not target.is_dir():
        base.mkdir(parents=True, exist_ok=True, mode=0o755)
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
