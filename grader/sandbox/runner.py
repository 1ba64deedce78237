"""The in-sandbox runner: imports student modules and evaluates calls the host sends.

Run as ``python -I runner.py FD_IN FD_OUT LIMITS_JSON``. Everything it says is untrusted once
student code is imported (the student can patch this module); the host treats replies as data
and judges them itself. It imports nothing of the grader but ``wire`` (stdlib + numpy).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import signal
import sys
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_PRINTED = 16 << 10


def set_limits(limits: dict) -> None:
    """Apply rlimits with soft == hard (CPU: hard = soft + 1) so student code cannot raise them."""
    try:
        import resource
    except ImportError:  # Windows: only the host's wall clock applies
        return
    wanted = {
        "RLIMIT_AS": limits.get("memory_bytes"),
        "RLIMIT_FSIZE": limits.get("file_bytes"),
        "RLIMIT_NOFILE": limits.get("open_files"),
        "RLIMIT_CORE": 0,
    }
    for name, value in wanted.items():
        if value is not None and hasattr(resource, name):
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(getattr(resource, name), (value, value))
    if limits.get("processes") and hasattr(resource, "RLIMIT_NPROC"):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)
    cpu = limits.get("cpu_seconds")
    if cpu is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def stub_packages(packages: dict[str, str]) -> None:
    """Register parent packages as plain namespace modules without running their __init__.py.

    A graded file inside ``cs231n/classifiers/`` can then use package-relative imports, while a
    broken or heavy ``__init__.py`` elsewhere in the student's tree cannot stop it loading.
    """
    for name in sorted(packages, key=lambda n: n.count(".")):
        if name in sys.modules:
            continue
        module = types.ModuleType(name)
        module.__path__ = [packages[name]]
        module.__package__ = name
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent in sys.modules:
            setattr(sys.modules[parent], child, module)


class ProvidedFinder:
    """Course modules the submission imports but does not hold (``from a3_helper import
    softmax_loss``): found last on the import path, as inert stand-ins whose attributes raise
    when used. A graded function that only passes them on (a loss() whose softmax_loss the host
    answers) is graded; one that calls them learns why it failed."""

    def __init__(self, names) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] not in self.names:
            return None
        import importlib.machinery

        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = ProvidedModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module) -> None:
        module.__dict__["__grader_provided__"] = True


class ProvidedModule(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return Unavailable(f"{self.__name__}.{name}")


class Unavailable:
    """A name from a course module the submission did not include."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _fail(self, *args, **kwargs):
        raise RuntimeError(f"{self._name} comes from a course file that is not in the "
                           "submission (the grader has no copy of it)")

    __call__ = _fail

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return Unavailable(f"{self._name}.{name}")


def provide(names) -> None:
    if names:
        sys.meta_path.append(ProvidedFinder(names))


def describe_error(exc: BaseException, root: str) -> dict:
    """Type, message and the traceback frames that belong to the student's files."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(root + os.sep)
    ]
    if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(root):
        frames.append(traceback.FrameSummary(exc.filename, exc.lineno or 0, "<module>"))
    lines = [
        f"{os.path.relpath(f.filename, root)}:{f.lineno} in {f.name}: {(f.line or '').strip()}"
        for f in frames[-8:]
    ]
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001
        message = "<unprintable message>"
    return {
        "type": type(exc).__name__,
        "message": message[:2000],
        "traceback": lines,
        "where": lines[-1].split(" in ")[0] if lines else None,
    }


def load(msg: dict) -> None:
    if msg.get("file"):  # a file whose name is not a module name: load it by path
        import importlib.util

        spec = importlib.util.spec_from_file_location(msg["module"], msg["file"])
        module = importlib.util.module_from_spec(spec)
        sys.modules[msg["module"]] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(msg["module"], None)
            raise
    else:
        __import__(msg["module"])


def imported_by_submission(root: str) -> set[str]:
    """The top-level modules the submission's .py files import (a library's own lazy import of
    tqdm, say, is not the student's)."""
    pattern = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)
    names: set[str] = set()
    for folder, _, files in os.walk(root):
        for file in files:
            if file.endswith(".py"):
                try:
                    with open(os.path.join(folder, file), encoding="utf-8",
                              errors="replace") as handle:
                        names.update(pattern.findall(handle.read(1 << 20)))
                except OSError:
                    continue
    return names


def import_isolated(msg: dict, root: str) -> list[str]:
    """Import the graded module; when *another* submission file breaks the import (a syntax
    error in layers.py stopping fc_net.py's ``from ..layers import *``), register an empty
    stand-in for that file and try again, so one broken file costs its own functions only.
    Returns the stand-ins used (the host reports them)."""
    target = os.path.realpath(msg.get("file") or "") if msg.get("file") else None
    stubbed: list[str] = []
    for _ in range(8):
        before = set(sys.modules)
        try:
            load(msg)
            return stubbed
        except BaseException as exc:
            culprit = culprit_module(exc, root, msg, target)
            if culprit is None or culprit in stubbed:
                raise
            for name in set(sys.modules) - before:  # forget the half-imported attempt
                sys.modules.pop(name, None)
            stub = types.ModuleType(culprit)
            sys.modules[culprit] = stub
            parent, _, child = culprit.rpartition(".")
            if parent in sys.modules:
                setattr(sys.modules[parent], child, stub)
            stubbed.append(culprit)
    raise ImportError("too many submission files failed to import")


def culprit_module(exc: BaseException, root: str, msg: dict, target: str | None) -> str | None:
    """The dotted name of the submission file (other than the graded one) that failed."""
    path = getattr(exc, "filename", None) if isinstance(exc, SyntaxError) else None
    if path is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.startswith(root + os.sep)]
        path = frames[-1].filename if frames else None
    if not path or not path.startswith(root + os.sep):
        return None
    path = os.path.realpath(path)
    folder, stem = os.path.split(os.path.splitext(path)[0])
    if target and path == target:
        return None
    for package, directory in msg.get("packages", {}).items():
        if os.path.realpath(directory) == folder:
            name = f"{package}.{stem}"
            break
    else:
        name = stem
    own = msg["module"]
    return None if name == own or not name.isidentifier() and "." not in name else name


def resolve(module_name: str, qualname: str) -> object:
    if module_name not in sys.modules:  # e.g. another file's function, for a prepared argument
        __import__(module_name)
    target: object = sys.modules[module_name]
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def reseed(seed: int) -> None:
    random.seed(seed)
    try:
        import numpy

        numpy.random.seed(seed % 2**32)
    except Exception:  # noqa: BLE001 - a patched numpy is the student's problem
        pass
    torch = sys.modules.get("torch")
    if torch is not None:
        with contextlib.suppress(Exception):
            torch.manual_seed(seed % 2**63)


DEVICES = ("cpu", "cuda", "mps")


def load_torch(wire: types.ModuleType) -> None:
    """Import torch before any student code (one thread: the sandbox's process limit counts
    threads, and timings stay comparable) and let tensors cross the wire as tensors."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = "1"
    import numpy
    import torch

    torch.set_num_threads(1)

    def make_tensor(array, dtype: str, device: str, requires_grad: bool):
        kind = getattr(torch, dtype, None)
        tensor = torch.from_numpy(numpy.array(array))
        if isinstance(kind, torch.dtype):
            tensor = tensor.to(kind)
        if device.split(":")[0] in DEVICES and device != "cpu":
            tensor = tensor.to(device)
        if requires_grad and tensor.is_floating_point():
            tensor.requires_grad_(True)
        return tensor

    wire.TENSOR_FACTORY = make_tensor
    wire.DTYPE_FACTORY = lambda name: getattr(torch, name)


class Capture(io.StringIO):
    """A capped text buffer standing in for sys.stdout / sys.stderr during a call."""

    def write(self, s: str) -> int:
        if self.tell() < MAX_PRINTED:
            super().write(str(s)[: MAX_PRINTED - self.tell()])
        return len(s)


def handle(msg: dict, root: str) -> dict:
    op = msg.get("op")
    if op == "import":
        stub_packages(msg.get("packages", {}))
        for path in msg.get("paths", []):
            if path not in sys.path:
                sys.path.insert(0, path)
        stubbed = import_isolated(msg, root)
        # the module's own flag: a lazy module __getattr__ (torch's) answers any name
        flagged = {key: sorted(n for n, m in list(sys.modules.items())
                               if getattr(m, "__dict__", {}).get(flag))
                   for key, flag in (("standins", "__grader_standin__"),
                                     ("provided", "__grader_provided__"))}
        if flagged["standins"]:  # only those the student's files import are worth a note
            theirs = imported_by_submission(root)
            flagged["standins"] = [n for n in flagged["standins"]
                                   if n.partition(".")[0] in theirs]
        return {"ok": True, "stubbed": stubbed, **flagged}
    if op == "call":
        return call(msg)
    if op == "ping":
        return {"ok": True}
    raise ValueError(f"unknown op {op!r}")


class Host:
    """The way back to the host during a call: proxies ask it to evaluate reference code."""

    wire: types.ModuleType | None = None
    fd_in = fd_out = -1
    call_id = None

    @classmethod
    def ask(cls, name: str, args: tuple, kwargs: dict, attrs: dict) -> object:
        cls.wire.write_frame(cls.fd_out, {"op": "callback", "name": name, "args": list(args),
                                          "kwargs": kwargs, "attrs": attrs, "id": cls.call_id})
        reply = cls.wire.read_frame(cls.fd_in)
        if not isinstance(reply, dict) or "error" in reply:
            raise ValueError(str(reply.get("error") if isinstance(reply, dict) else reply))
        return reply.get("value")


def make_proxy(name: str, spec: dict, owner: object = None):
    """A stand-in for a reference function: the call is evaluated (and recorded) by the host."""
    wanted = spec.get("attrs", [])

    def proxy(*args, **kwargs):
        attrs = {a: getattr(owner, a, None) for a in wanted}
        return Host.ask(name, args, kwargs, attrs)

    proxy.__name__ = name
    proxy.forward = proxy  # a module's stand-in, which a student may call as .forward(x)
    return proxy


def set_attributes(obj: object, attrs: dict) -> None:
    """The grader's instance attributes: plain names straight into the instance; a dotted
    name (``key.weight``) on the object it leads to, a torch Parameter staying a Parameter
    (of the value's dtype: a module graded in float64; frozen: nothing is trained here)."""
    obj.__dict__.update({k: v for k, v in attrs.items() if "." not in k})
    for dotted, value in attrs.items():
        if "." not in dotted:
            continue
        *path, last = dotted.split(".")
        parent = obj
        for part in path:
            parent = getattr(parent, part)
        torch = sys.modules.get("torch")
        current = getattr(parent, last, None)
        if torch is not None and isinstance(current, torch.nn.Parameter):
            value = torch.nn.Parameter(value, requires_grad=False)
        setattr(parent, last, value)


def call(msg: dict) -> dict:
    """Evaluate one call: a function, a method on a grader-built instance, or a constructor."""
    module = sys.modules[msg["module"]]
    owner_spec, proxies = msg.get("self"), msg.get("proxies", {})
    args, kwargs = msg.get("args", []), msg.get("kwargs", {})
    obj, built = None, ""
    if msg.get("construct"):
        target = resolve(msg["module"], msg["qualname"])
    elif owner_spec is not None:
        cls_name, _, method = msg["qualname"].rpartition(".")
        cls = resolve(msg["module"], cls_name)
        obj, built = build(cls, owner_spec.get("build"))
        BUILT.update(built)
        set_attributes(obj, owner_spec.get("attrs", {}))
        target = getattr(obj, method)
    else:
        target = resolve(msg["module"], msg["qualname"])
    saved, patched = {}, []
    args = list(args)
    for name, spec in proxies.items():  # reference stand-ins: an argument, on the instance,
        if spec.get("where") == "arg":  # or in the module
            args[int(spec["index"])] = make_proxy(name, spec)
        elif spec.get("where") == "self" and obj is not None:
            proxy = make_proxy(name, spec, obj)
            try:  # the instance's own dict shadows a torch submodule of that name
                obj.__dict__[name] = proxy
            except (AttributeError, TypeError):  # no __dict__ (slots)
                setattr(obj, name, proxy)
        elif "." in name:  # a class's static method (Linear.forward): wherever it is used
            owner_name, _, attr = name.partition(".")
            owner = module.__dict__.get(owner_name)
            if isinstance(owner, type) and attr in vars(owner):
                patched.append((owner, attr, vars(owner)[attr]))
                setattr(owner, attr, staticmethod(make_proxy(name, spec)))
        else:
            saved[name] = module.__dict__.get(name, _MISSING)
            module.__dict__[name] = make_proxy(name, spec)
    prepare = msg.get("prepare")
    if prepare:  # an argument made by another of the student's functions (their own cache)
        made = resolve(prepare["module"], prepare["qualname"])(*prepare["args"])
        args[int(prepare["position"])] = made[int(prepare["index"])]
    autograd = msg.get("autograd")
    if autograd:  # differentiate through the call: fresh leaves for the inputs asked for
        for i in autograd["wrt"]:
            args[i] = args[i].detach().clone().requires_grad_(True)
    reseed(int(msg.get("seed", 0)))
    out = Capture()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            value = target(*args, **kwargs)
            if autograd:
                upstream = autograd["upstream"]
                if isinstance(upstream, list):  # one per output, in order (next_h, next_c)
                    outs = value if isinstance(value, (tuple, list)) else (value,)
                    outs = list(outs)[:len(upstream)]
                    sys.modules["torch"].autograd.backward(outs, upstream[:len(outs)])
                else:
                    sys.modules["torch"].autograd.backward(value, upstream)
                grads = tuple(args[i].grad for i in autograd["wrt"])
                value = grads[0] if len(grads) == 1 else grads
    finally:
        for owner, attr, old in reversed(patched):
            setattr(owner, attr, old)
        for name, old in saved.items():
            if old is _MISSING:
                module.__dict__.pop(name, None)
            else:
                module.__dict__[name] = old
    if msg.get("construct"):
        obj, value = value, None
    reply = {"ok": True, "value": value, "printed": out.getvalue()}
    if owner_spec is not None and not msg.get("construct"):
        reply["built"] = built
    if msg.get("return_attrs") and obj is not None:
        reply["attrs"] = {a: getattr(obj, a, None) for a in msg["return_attrs"]}
    if msg.get("return_args"):
        reply["args_after"] = args
    return reply


_MISSING = object()
BUILT: dict = {}
"""How the current call's instance was built (reported with an error reply too)."""


def build(cls: type, how: dict | None) -> tuple[object, dict]:
    """The instance as the notebook makes it: the student's own constructor, then their own
    methods (``train``). If either raises, an empty instance (the grader then sets the
    attributes itself) and what went wrong."""
    if how is None:
        return cls.__new__(cls), {}
    out = Capture()  # what the constructor prints is not the graded call's
    step = "__init__"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            kwargs = how.get("init", {})
            try:
                obj = cls(**kwargs)
            except TypeError:  # other parameter names, same order (an older starter)
                obj = cls(*kwargs.values())
            for step, args in how.get("calls", []):
                getattr(obj, step)(*args)
        return obj, {"own": True}
    except Exception as exc:  # noqa: BLE001 - the student's constructor or train is broken
        return cls.__new__(cls), {"own": False, "step": f"{cls.__name__}.{step}",
                                  "error": f"{type(exc).__name__}: {exc}"[:300],
                                  "type": type(exc).__name__}


def serve(fd_in: int, fd_out: int, root: str, wire: types.ModuleType) -> None:
    Host.wire, Host.fd_in, Host.fd_out = wire, fd_in, fd_out
    while True:
        try:
            msg = wire.read_frame(fd_in)
        except wire.ChannelClosed:
            return
        if msg.get("op") == "exit":
            return
        Host.call_id = msg.get("id")
        BUILT.clear()
        try:
            reply = handle(msg, root)
        except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt included
            reply = {"ok": False, "error": describe_error(exc, root)}
            if BUILT:  # the method raised: say how its instance was made
                reply["built"] = dict(BUILT)
        reply["id"] = msg.get("id")  # the host matches replies to requests
        try:
            wire.write_frame(fd_out, reply)
        except BaseException as exc:  # noqa: BLE001 - e.g. MemoryError while encoding
            wire.write_frame(fd_out, {"ok": False, "error": describe_error(exc, root),
                                      "id": msg.get("id")})


def set_python_path(entries: list[str] | None, sites: list[str]) -> None:
    """Make ``sys.path`` the host's, entry for entry (the backend passes it as seen from here),
    after reading the ``.pth`` files of its site folders (the interpreter runs with -S)."""
    if entries is None:  # a container: its own interpreter and packages
        return
    import site

    site.setquit()  # exit() and quit(), as without -S
    for folder in sites:
        site.addsitedir(folder)
    sys.path[:] = list(dict.fromkeys(entries))


def library(name: str) -> dict:
    """Which install of ``name`` this sandbox imported (version and file), for the host."""
    module = sys.modules.get(name)
    if module is None:
        return {"error": "not imported"}
    return {"version": str(getattr(module, "__version__", "")),
            "file": os.path.realpath(getattr(module, "__file__", "") or "")}


def private_channel(fd_in: int, fd_out: int) -> tuple[int, int]:
    """With the channel on stdin/stdout (a container), move it to fresh descriptors and point
    fd 1 at stderr and fd 0 at /dev/null, so that nothing the student prints can reach it."""
    if fd_out in (1, 2):
        fd_out = os.dup(fd_out)
        os.dup2(2, 1)
    if fd_in == 0:
        fd_in = os.dup(0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
    return fd_in, fd_out


def main(argv: list[str]) -> None:
    fd_in, fd_out = private_channel(int(argv[1]), int(argv[2]))
    limits = json.loads(argv[3])
    root = os.path.realpath(limits["root"])
    set_limits(limits)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the cap fail, not kill
    if hasattr(signal, "SIGUSR1"):  # the host asks where a call that takes too long is
        import faulthandler

        faulthandler.register(signal.SIGUSR1, all_threads=False)
    for fd in (fd_in, fd_out):
        os.set_inheritable(fd, False)
    set_python_path(limits.get("python_path"), limits.get("sites") or ())
    while HERE in sys.path:  # Python 3.10 has no -P: drop the script folder ourselves
        sys.path.remove(HERE)
    sys.path.insert(0, HERE)
    import wire  # noqa: PLC0415 - only after sys.path points at this folder

    sys.path.remove(HERE)
    sys.modules.pop("wire", None)  # the student cannot reach our codec through sys.modules
    sys.path.append(os.path.join(HERE, "shims"))  # past.builtins, eecs598 for starter code
    libraries = {"numpy": library("numpy")}
    if limits.get("framework") == "torch":
        try:
            load_torch(wire)
        except Exception as exc:  # noqa: BLE001 - reported to the host, which refuses
            libraries["torch"] = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            libraries["torch"] = library("torch")
    provide(limits.get("provided") or ())
    os.chdir(root)
    # set up, before any student code runs; the host checks these are its own libraries
    wire.write_frame(fd_out, {"ready": True, "libraries": libraries})
    serve(fd_in, fd_out, root, wire)


if __name__ == "__main__":
    main(sys.argv)
