"""Assignment specs: the shipped ones load; bad ones are refused with file, line and field."""

from __future__ import annotations

import textwrap

import pytest

from grader import assignment
from grader.errors import SpecError, UsageError

SHIPPED = assignment.find("cs231n-a1").path  # the shipped pack's pack.yaml


def write(tmp_path, text: str):
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def mutate(tmp_path, old: str, new: str):
    """The shipped pack's spec with one change, in a copy of the pack (its generators and
    checks beside it, as they must be)."""
    text = SHIPPED.read_text()
    assert old in text
    for name in ("generators.py", "checks.py"):
        (tmp_path / name).write_text((SHIPPED.parent / name).read_text())
    return write(tmp_path, text.replace(old, new, 1))


def test_shipped_spec_loads_with_every_function_of_assignment_1():
    a = assignment.find("cs231n-a1")
    assert set(a.spec.functions) == {
        "svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive", "softmax_loss_vectorized",
        "KNearestNeighbor.compute_distances_two_loops", "KNearestNeighbor.compute_distances_one_loop",
        "KNearestNeighbor.compute_distances_no_loops", "KNearestNeighbor.predict_labels",
        "LinearClassifier.train", "LinearClassifier.predict", "affine_forward", "affine_backward",
        "relu_forward", "relu_backward", "svm_loss", "softmax_loss", "TwoLayerNet.__init__",
        "TwoLayerNet.loss"}
    assert sum(c.points for f in a.spec.functions.values() for c in f.checks) == 89
    assert len(a.spec_hash) == 64


def test_a_name_no_recipe_produces_is_refused(tmp_path):
    path = mutate(tmp_path, "outputs: [{name: out, kind: array, shape: [x.0, w.1]}",
                  "outputs: [{name: out, kind: array, shape: [x.0, weights.1]}")
    with pytest.raises(SpecError, match="'weights' is not an input of recipe 'affine'"):
        assignment.load(path)


def test_unknown_field_names_line_and_suggests(tmp_path):
    path = mutate(tmp_path, "{kind: value, points: 5,", "{kind: value, pionts: 5,")
    with pytest.raises(SpecError) as err:
        assignment.load(path)
    text = str(err.value)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "pionts" in text)
    assert f"{path}:{line}:" in text
    assert "pionts" in text and "did you mean 'points'?" in text


def test_bad_recipe_parameter_names_line_and_field(tmp_path):
    path = mutate(tmp_path, "- {N: 1, D: 3, C: 2, reg: 0.0}", "- {N: 1, D: 3, C: 1, reg: 0.0}")
    with pytest.raises(SpecError) as err:
        assignment.load(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "C: 1," in text)
    assert f":{line}:" in str(err.value) and ".C:" in str(err.value)
    assert "greater than or equal to 2" in str(err.value)


def test_misspelled_recipe_parameter_suggests(tmp_path):
    path = mutate(tmp_path, "{N: 12, D: 6, C: 4}", "{N: 12, D: 6, Cs: 4}")
    with pytest.raises(SpecError, match="did you mean 'C'"):
        assignment.load(path)


def test_unknown_check_kind_is_refused(tmp_path):
    path = mutate(tmp_path, "{kind: gradient, points: 3,", "{kind: gradients, points: 3,")
    with pytest.raises(SpecError, match="kind"):
        assignment.load(path)


def test_check_naming_an_unknown_function_is_refused(tmp_path):
    path = mutate(tmp_path, "naive: svm_loss_naive,", "naive: svm_loss_naïve,")
    with pytest.raises(SpecError, match="unknown function"):
        assignment.load(path)


def test_invalid_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "schema: 1\nname: [unclosed\n")
    with pytest.raises(SpecError, match=r"spec.yaml:\d+: not valid YAML"):
        assignment.load(path)


def test_unknown_assignment_suggests_a_name():
    with pytest.raises(UsageError, match="did you mean 'cs231n-a1'"):
        assignment.find("cs231n_a1")


def test_extra_search_path_is_used(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(SHIPPED.parent, tmp_path / "mine", ignore=shutil.ignore_patterns("__pycache__"))
    spec = tmp_path / "mine" / "pack.yaml"
    spec.write_text(spec.read_text().replace("name: cs231n-a1", "name: mine"))
    monkeypatch.setenv(assignment.PATH_ENV, str(tmp_path))
    assert "mine" in assignment.available()
    assert assignment.find("mine").spec.name == "mine"


def test_outlines_are_cached_on_disk_by_content(tmp_path, monkeypatch):
    """Detection reads every installed spec's outline at every run: from a cache on disk,
    keyed by the bytes of the spec files, never by their dates (a spec rewritten in the same
    instant with the same size is read again), and a broken cache is ignored."""
    import json
    import os

    from grader import specfiles

    monkeypatch.setenv(specfiles.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(specfiles, "_OUTLINES", specfiles._DiskCache("outlines"))
    pack = tmp_path / "pack"
    pack.mkdir()
    spec = pack / "pack.yaml"
    spec.write_text("schema: 1\nname: hw\ntitle: One\ndetect: [aaa.py]\nfunctions: {}\n")
    first = specfiles._read_outline(spec)
    assert specfiles.outline(pack) == first and first.detect == ("aaa.py",)
    table = json.loads(specfiles._OUTLINES.path.read_text())
    assert len(table) == 1
    stat = spec.stat()
    spec.write_text(spec.read_text().replace("aaa.py", "bbb.py"))  # same size
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same date
    specfiles._outline.cache_clear()
    monkeypatch.setattr(specfiles, "_OUTLINES", specfiles._DiskCache("outlines"))  # a new run
    assert specfiles.outline(pack).detect == ("bbb.py",)
    specfiles._OUTLINES.path.write_text("{not json")
    specfiles._outline.cache_clear()
    monkeypatch.setattr(specfiles, "_OUTLINES", specfiles._DiskCache("outlines"))
    assert specfiles.outline(pack).detect == ("bbb.py",)
    # what was stored reads back as the very outline
    stored = json.loads(specfiles._OUTLINES.path.read_text())
    assert [specfiles._outline_from(v) for v in stored.values()] == [specfiles.outline(pack)]
