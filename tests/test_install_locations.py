"""Where users really install: the sandbox imports exactly the host's packages wherever the
interpreter and its virtualenv live (/tmp, /var/tmp, /opt, under a 0700 home, the system
Python), as root and as an ordinary user, under bwrap and the process backend.

Each case builds a real virtualenv at that place (``python -m venv``) and fills its
site-packages with hard links to this interpreter's packages (same files, nothing downloaded),
then grades the bundled examples through the ``grader`` it holds, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from grader.sandbox import runtime
from grader.sandbox.bwrap import works as bwrap_works

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HAS_TORCH = __import__("importlib.util").util.find_spec("torch") is not None
BACKENDS = ["process"] + (["bwrap"] if bwrap_works()[0] else [])
VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"
SYSTEM_PYTHON = f"/usr/bin/{VERSION}"


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def make_venv(where: Path, base: str) -> Path:
    """A real venv at ``where`` from interpreter ``base``, holding this one's packages."""
    subprocess.run([base, "-m", "venv", "--without-pip", str(where)], check=True)
    site = Path(sysconfig.get_paths()["purelib"])
    target = where / "lib" / VERSION / "site-packages"
    shutil.copytree(site, target, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True)
    return where / "bin" / "python"


def grade(python: Path, example: str, backend: str, user: int | None = None) -> str:
    drop = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--"] \
        if user is not None else []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["GRADER_RUNTIME_DIR"] = env.get("GRADER_RUNTIME_DIR", str(runtime.DEFAULT_FARM_ROOT))
    if user is not None:
        env["HOME"] = "/tmp"
    done = subprocess.run([*drop, str(python), "-m", "grader", "check", example,
                           "--sandbox", backend], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def place(request):
    """A fresh folder at the named place (cleaned afterwards)."""
    kind = request.param
    if kind == "home-0700":
        home = Path(tempfile.mkdtemp(prefix="grader-home-", dir="/var/tmp"))
        os.chmod(home, 0o700)  # like /root: the sandbox uid cannot even look inside
        folder, cleanup = home / ".venvs" / "course", home
    else:
        base = {"tmp": "/tmp", "var-tmp": "/var/tmp", "opt": "/opt"}[kind]
        Path(base).mkdir(exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="grader-venv-", dir=base))
        cleanup = folder
        folder = folder / "venv"
    yield folder
    shutil.rmtree(cleanup, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("place", ["tmp", "var-tmp", "opt", "home-0700"], indirect=True)
def test_a_venv_anywhere_grades_the_examples_in_full(place, backend):
    python = make_venv(place, sys._base_executable if hasattr(sys, "_base_executable")
                       else sys.executable)
    out = grade(python, "examples/assignment1", backend)
    assert "Total 89/89" in out and f"{backend} sandbox" in out


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed in this interpreter")
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("place", ["tmp", "home-0700"], indirect=True)
def test_torch_in_a_venv_is_the_torch_the_sandbox_imports(place, backend):
    python = make_venv(place, getattr(sys, "_base_executable", sys.executable))
    assert "Total 75/75" in grade(python, "examples/eecs498-a2", backend)


@pytest.mark.slow
@pytest.mark.skipif(not Path(SYSTEM_PYTHON).exists(), reason=f"no {SYSTEM_PYTHON} here")
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("place", ["tmp"], indirect=True)
def test_a_venv_of_the_system_python_as_root_and_as_an_ordinary_user(place, backend):
    python = make_venv(place, SYSTEM_PYTHON)
    assert "Total 89/89" in grade(python, "examples/assignment1", backend)
    if IS_ROOT and runtime.traversable(ROOT):  # the same install, used by an ordinary user
        os.chmod(place.parent, 0o755)  # (no farm: that user reads everything it needs)
        assert "Total 89/89" in grade(python, "examples/assignment1", backend, user=1000)


def test_a_sandbox_that_imports_another_numpy_is_refused_not_graded(monkeypatch):
    """The runner reports its libraries; a different install is the grader's internal error."""
    from dataclasses import replace

    import numpy

    from grader.errors import InternalError
    from grader.sandbox.limits import Limits
    from grader.sandbox.process import ProcessBackend
    from grader.sandbox.session import ModuleRef, Session

    tmp_path = Path(tempfile.mkdtemp(prefix="grader-test-"))
    other = tmp_path / "other"
    site = Path(numpy.__file__).parent.parent
    for name in ("numpy", "numpy.libs"):  # a second install of the same numpy
        if (site / name).is_dir():
            shutil.copytree(site / name, other / name, symlinks=True, copy_function=_link_or_copy)
    os.chmod(tmp_path, 0o755)
    rt = runtime.prepare()
    monkeypatch.setattr(runtime, "prepare", lambda: replace(
        rt, python_path=(str(other), *rt.python_path), roots=((str(other), str(other)), *rt.roots)))
    (tmp_path / "student.py").write_text("def f():\n    return 1\n")
    os.chmod(tmp_path / "student.py", 0o644)
    session = Session(ProcessBackend(), tmp_path, Limits())
    try:
        with pytest.raises(InternalError, match="refusing to grade on a different library"):
            session.call(ModuleRef("student", "student.py", {}, (str(tmp_path),)), "f", (), {}, 0)
    finally:
        session.close()
        shutil.rmtree(tmp_path)


def test_library_mismatch_names_both_installs():
    import numpy

    assert runtime.library_mismatch({"numpy": {"version": numpy.__version__,
                                               "file": numpy.__file__}}) is None
    why = runtime.library_mismatch({"numpy": {"version": "1.0", "file": "/elsewhere/numpy.py"}})
    assert "/elsewhere/numpy.py" in why and numpy.__version__ in why
    assert "could not import torch" in runtime.library_mismatch(
        {"torch": {"error": "ModuleNotFoundError: No module named 'torch'"}})


def test_the_sandbox_path_is_the_hosts_without_the_current_folder_or_our_checkout():
    rt = runtime.prepare()
    assert os.path.realpath(os.getcwd()) not in rt.python_path
    assert not any(p == str(runtime.SOURCE_ROOT) for p in rt.python_path)
    numpy_dir = os.path.dirname(os.path.dirname(os.path.realpath(
        __import__("numpy").__file__)))
    assert numpy_dir in rt.python_path
    for original, _ in rt.roots:  # everything on the path is visible through a root
        assert any(p.startswith(original) for p in rt.python_path) or original in (
            os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix),
            *runtime.libpython_dirs())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_copy_of_the_grader_on_pythonpath_is_never_importable_in_the_sandbox(backend):
    """LMS runners put the exported grader on PYTHONPATH (PrairieLearn's run.sh): that folder
    is on the host's sys.path, so the sandbox gets it, without the grader in it."""
    import json

    from grader import find
    from grader.export.source import copy_pack, copy_package

    work = Path(tempfile.mkdtemp(prefix="grader-copy-"))
    try:
        copy_package(work / "course")
        copy_pack(find("cs231n-a1"), work / "course")
        sub = work / "sub"
        sub.mkdir()
        shutil.copy(ROOT / "tests" / "redteam" / "attacks" / "steal__import_grader.py",
                    sub / "linear_svm.py")
        for path in (work, work / "course", sub, sub / "linear_svm.py"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        env = {**os.environ, "PYTHONPATH": str(work / "course")}
        done = subprocess.run([sys.executable, "-m", "grader", "check", str(sub), "--assignment",
                               "cs231n-a1", "--sandbox", backend, "--json"], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr[-2000:]
        tests = [t for t in json.loads(done.stdout)["tests"] if t["function"] == "svm_loss_naive"]
        assert tests and all(t["score"] == 0 for t in tests)
    finally:
        shutil.rmtree(work)
