"""Inert stand-ins for display and progress libraries the sandbox does not have.

Graded files of older starters import ``matplotlib.pyplot`` (and students add tqdm, seaborn,
IPython.display, PIL) for the notebook's plots; none of it is graded. Without the library, the
import would make the whole file an import error. With these stand-ins every name exists, every
call does nothing and returns another stand-in (which unpacks, indexes and iterates), and the
grader notes that a stand-in was used. A real install always wins: these come last on sys.path.
A graded function that needs such a library's *values* gets stand-ins back, which the grader
reports as the wrong type."""


class Inert:
    __slots__ = ("_name",)

    def __init__(self, name: str = "stand-in") -> None:
        self._name = name

    def __call__(self, *args, **kwargs):
        return Inert(self._name + "()")

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Inert(f"{self._name}.{name}")

    def __iter__(self):  # fig, ax = plt.subplots()
        return iter((Inert(self._name + "[0]"), Inert(self._name + "[1]")))

    def __getitem__(self, key):
        return Inert(f"{self._name}[...]")

    def __setitem__(self, key, value) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return False

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<grader stand-in {self._name}>"


def module_getattr(prefix: str):
    """A module-level ``__getattr__`` that makes every name an inert stand-in."""

    def __getattr__(name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Inert(f"{prefix}.{name}")

    return __getattr__
