"""``grader.check()`` in a real Jupyter kernel (nbclient): the whole assignment and one
function, rendered as HTML inline, with the terminal report as the plain-text fallback."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def _run(cells: list[str], where) -> list[dict]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     allow_errors=True,
                                     resources={"metadata": {"path": str(where)}})
    client.execute()
    return [cell.outputs for cell in notebook.cells]


def _html(outputs: list) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in outputs)


def test_grader_check_in_a_notebook_renders_the_report_inline(tmp_path):
    example = EXAMPLES / "assignment1"
    outputs = _run(["import grader",
                    f"grader.check(path={str(example)!r})",
                    f"grader.check('svm_loss_naive', path={str(example)!r})",
                    f"r = grader.check('TwoLayerNet', path={str(example)!r}); "
                    "print(r.score, r.max_score, r.passed)",
                    f"grader.check('svm_loss_naiv', path={str(example)!r})"], tmp_path)
    whole = _html(outputs[1])
    assert "<pre" in whole and "Total 89/89: all public checks passed" in whole
    assert "svm_loss_naive" in whole and "passed" in whole
    plain = "".join(o.get("data", {}).get("text/plain", "") for o in outputs[1])
    assert "Total 89/89" in plain  # a terminal Python shows the text report
    one = _html(outputs[2])
    assert "svm_loss_naive" in one and "Total 10/10" in one and "softmax_loss_naive" not in one
    assert "only svm_loss_naive checked" in one
    printed = "".join(o.get("text", "") for o in outputs[3])
    assert printed.split() == ["8.0", "8.0", "True"]
    error = outputs[4][0]
    assert error["output_type"] == "error" and "did you mean" in error["evalue"]


def test_grader_check_finds_the_working_folder_of_the_notebook(tmp_path):
    """Without a path: the folder the notebook runs in (its own), detected as the CLI does."""
    import shutil

    shutil.copytree(EXAMPLES / "assignment1", tmp_path / "assignment1")
    outputs = _run(["import grader", "grader.check('softmax_loss_vectorized')"],
                   tmp_path / "assignment1")
    html = _html(outputs[1])
    assert "CS231n assignment 1" in html and "Total 10/10" in html
