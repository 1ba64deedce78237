"""Submission intake and static evidence: layouts, duplicates, loops."""

from __future__ import annotations

import textwrap

from grader.loops import find_loops
from grader.submission import locate, open_submission


def make(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return open_submission(tmp_path)


def test_package_layout_gets_a_dotted_module_with_stub_parents(tmp_path):
    with make(tmp_path, {"a1/cs231n/__init__.py": "", "a1/cs231n/classifiers/__init__.py":
                         "raise ImportError('broken init')",
                         "a1/cs231n/classifiers/linear_svm.py": "def svm_loss_naive(): pass"}) as sub:
        loc = locate(sub, "svm_loss_naive", "linear_svm.py")
        assert loc.module.name == "cs231n.classifiers.linear_svm"
        assert set(loc.module.packages) == {"cs231n", "cs231n.classifiers"}


def test_starter_named_file_wins_over_copies(tmp_path):
    with make(tmp_path, {"backup/old.py": "def svm_loss_naive(): pass",
                         "deep/er/linear_svm.py": "def svm_loss_naive(): pass",
                         "linear_svm.py": "def svm_loss_naive(): pass"}) as sub:
        loc = locate(sub, "svm_loss_naive", "linear_svm.py")
        assert loc.definition.file == "linear_svm.py"
        assert set(loc.others) == {"deep/er/linear_svm.py", "backup/old.py"}


def test_methods_are_found_by_qualified_name(tmp_path):
    with make(tmp_path, {"knn.py": "class KNearestNeighbor:\n    def predict(self): pass\n"}) as sub:
        assert locate(sub, "KNearestNeighbor.predict", "knn.py").definition.line == 2


def test_missing_function_mentions_files_that_do_not_parse(tmp_path):
    with make(tmp_path, {"other.py": "def f(:\n"}) as sub:
        miss = locate(sub, "svm_loss_naive", "linear_svm.py")
        assert miss.mistake == "missing_function" and "other.py:1" in miss.message


def test_junk_folders_are_ignored_and_the_hash_is_stable(tmp_path):
    files = {"linear_svm.py": "x = 1\n", ".ipynb_checkpoints/linear_svm.py": "y = 2\n",
             "__pycache__/z.py": "", "venv/lib/a.py": ""}
    with make(tmp_path, files) as sub:
        assert list(sub.files) == ["linear_svm.py"]
        first = sub.hash
    with open_submission(tmp_path) as again:
        assert again.hash == first


def loops_in(tmp_path, source: str, name: str = "f"):
    with make(tmp_path, {"m.py": source}) as sub:
        return [e.what for e in find_loops(sub, sub.definitions[name][0])]


def test_loop_evidence_follows_calls_and_sees_disguised_loops(tmp_path):
    assert loops_in(tmp_path, """
        def helper(x):
            return [v for v in x]
        def f(x):
            return helper(x)
    """) == ["a list comprehension"]
    assert "np.vectorize (a Python loop in disguise)" in loops_in(tmp_path, """
        import numpy as np
        def f(x):
            return np.vectorize(lambda v: v)(x)
    """)
    assert loops_in(tmp_path, "def f(x):\n    return list(map(abs, x))\n") == [
        "map() over Python objects"]


def test_vectorized_numpy_idioms_are_not_loops(tmp_path):
    assert loops_in(tmp_path, """
        import numpy as np
        def f(x, y):
            z = np.logaddexp.reduce(x, axis=1) + np.add.reduce(x, axis=0).sum()
            return np.einsum("ij,ij->", x, x) + x[np.arange(len(y)), y].sum() + z
    """) == []


def test_file_names_that_are_not_module_names_still_import(tmp_path):
    """Browser downloads rename files (`linear_svm (1).py`); they must still be graded."""
    from conftest import EXAMPLES
    from grader import find, grade

    source = (EXAMPLES / "assignment1/cs231n/classifiers/linear_svm.py").read_text()
    (tmp_path / "linear_svm (1).py").write_text(source)
    result = grade(find("cs231n-a1"), tmp_path)
    tests = [t for t in result.tests if t.function.startswith("svm_loss_")]
    assert tests and all(t.passed for t in tests), [t.output for t in tests if not t.passed]


def test_a_notebook_submission_is_graded_from_its_definitions_only():
    """Magics, shell lines, data loading, an infinite loop and a Python 2 scratch cell are
    left out; the functions defined in the notebook are graded."""
    from conftest import FIXTURES, graded

    result = graded(str(FIXTURES / "notebooks" / "svm.ipynb"))
    svm = [t for t in result.tests if t.function.startswith("svm_loss_")]
    assert svm and all(t.passed for t in svm), [t.output for t in svm if not t.passed]
    assert any("svm.ipynb, cell 4" in note for note in result.notes)
    assert result.timings["total_seconds"] < 30  # the infinite-loop cell never ran


def test_notebook_conversion_keeps_definitions_and_guards_imports():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from grader.notebooks import notebook_to_module

    text = nbformat.writes(new_notebook(cells=[
        new_code_cell("from __future__ import print_function\nimport missing_helper as mh\n"
                      "DATA = mh.load()"),
        new_code_cell("@staticmethod\ndef f(x):\n    return x + 1\n\nf(2)"),
        new_code_cell("def broken(:\n    pass"),
    ]))
    converted = notebook_to_module(text, "n.ipynb")
    namespace: dict = {}
    exec(compile(converted.source, "n.py", "exec"), namespace)  # the guarded import fails quietly
    assert "f" in namespace and "DATA" not in namespace
    assert list(converted.broken_cells) == [2]
