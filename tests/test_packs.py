"""Assignment packs, as an instructor makes and ships them: `grader new`, `validate`, `check`
and the exports of a pack made outside the repository, and the three-part homework of
tests/packs/layers-hw, written with the public authoring API only."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_mounted
from grader import assignment
from grader.errors import SpecError

PACKS = ROOT / "tests" / "packs"
LAYERS = PACKS / "layers-hw"
PUBLIC_API = {"grader.variants", "grader.inputs", "grader.checks"}  # what a pack may import of the grader
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")


def _grader(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], capture_output=True,
                          text=True, cwd=cwd, env=env or os.environ, timeout=600)


def _env(folder: Path) -> dict:
    return {**os.environ, assignment.PATH_ENV: str(folder)}


@pytest.fixture(scope="module")
def new_pack(tmp_path_factory) -> Path:
    """`grader new mycourse-hw1 -o DIR`, outside the repository."""
    pack = tmp_path_factory.mktemp("course") / "mycourse-hw1"
    made = _grader("new", "mycourse-hw1", "-o", str(pack))
    assert made.returncode == 0, made.stderr
    assert f"export {assignment.PATH_ENV}={pack.parent}" in made.stdout
    return pack


def test_a_new_pack_validates_as_it_is(new_pack):
    run = _grader("validate", "--assignment", "mycourse-hw1", env=_env(new_pack.parent))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "mutation score: 100% (2 of 2 caught and named)" in run.stdout
    assert "starter code: 0/5" in run.stdout


def test_a_new_pack_grades_its_examples(new_pack, tmp_path):
    env = _env(new_pack.parent)
    correct = _grader("check", str(new_pack / "examples" / "correct"), env=env, cwd=tmp_path)
    assert correct.returncode == 0, correct.stdout + correct.stderr
    assert "Total 5/5" in correct.stdout
    buggy = _grader("check", str(new_pack / "examples" / "buggy"), env=env, cwd=tmp_path)
    assert buggy.returncode == 1, buggy.stdout + buggy.stderr
    assert "[mycourse_hw1_mse_not_averaged]" in buggy.stdout
    assert "inputs=" not in buggy.stdout  # the declaration is not "the input"
    starter = _grader("check", str(new_pack / "starter"), env=env, cwd=tmp_path)
    assert "Total 0/5" in starter.stdout


def test_new_refuses_a_used_folder_and_a_bad_name(new_pack, tmp_path):
    again = _grader("new", "mycourse-hw1", "-o", str(new_pack))
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = _grader("new", "My Course!", "-o", str(tmp_path / "x"))
    assert bad.returncode == 2 and "is not a pack name" in bad.stderr


@needs_bwrap
def test_the_gradescope_export_carries_the_pack_and_grades_its_examples(new_pack, tmp_path):
    out = tmp_path / "autograder.zip"
    run = _grader("export", "gradescope", "--assignment", "mycourse-hw1", "-o", str(out),
                  env=_env(new_pack.parent))
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    assert {"packs/mycourse-hw1/pack.yaml", "packs/mycourse-hw1/reference/__init__.py",
            "packs/mycourse-hw1/reference/losses.py"} <= names
    assert not any(n.startswith("packs/mycourse-hw1/examples") for n in names)
    scores = {}
    for kind in ("correct", "buggy"):
        tree = tmp_path / kind / "autograder"
        (tree / "results").mkdir(parents=True)
        with zipfile.ZipFile(out) as archive:
            archive.extractall(tree / "source")
        os.chmod(tree / "source" / "run_autograder", 0o755)
        shutil.copytree(new_pack / "examples" / kind, tree / "submission")
        done = run_mounted(tree, "/autograder", ["bash", "/autograder/source/run_autograder"])
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        scores[kind] = json.loads((tree / "results" / "results.json").read_text())
    assert scores["correct"]["score"] == 5.0, scores["correct"]
    assert 0 < scores["buggy"]["score"] < 5.0
    assert "mycourse_hw1_mse_not_averaged" in json.dumps(scores["buggy"])


@needs_bwrap
def test_the_prairielearn_export_carries_the_pack(new_pack, tmp_path):
    export = tmp_path / "export"
    run = _grader("export", "prairielearn", "--assignment", "mycourse-hw1", "-o", str(export),
                  env=_env(new_pack.parent))
    assert run.returncode == 0, run.stderr
    tree = tmp_path / "grade"
    shutil.copytree(export / "serverFilesCourse", tree / "serverFilesCourse")
    shutil.copytree(new_pack / "examples" / "correct", tree / "student")
    (tree / "data").mkdir()
    (tree / "data" / "data.json").write_text(json.dumps({"variant_seed": 1, "params": {}}))
    ran = run_mounted(tree, "/grade", ["bash", "/grade/serverFilesCourse/cs231n_grader/run.sh"])
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert json.loads((tree / "results" / "results.json").read_text())["score"] == 1.0


def test_an_export_refuses_a_pack_that_imports_from_outside_itself(tmp_path):
    pack = tmp_path / "packs" / "leaky"
    assert _grader("new", "leaky", "-o", str(pack)).returncode == 0
    (pack / "helpers_outside.py").write_text("SCALE = 1.0\n")
    losses = pack / "reference" / "losses.py"
    losses.write_text("import helpers_outside  # noqa\n" + losses.read_text())
    env = {**_env(pack.parent), "PYTHONPATH": str(pack)}
    run = _grader("export", "gradescope", "--assignment", "leaky", "-o",
                  str(tmp_path / "ag.zip"), env=env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "imports 'helpers_outside', which is not in the pack" in run.stderr
    assert not (tmp_path / "ag.zip").exists()


def test_a_student_bundle_of_a_pack_carries_its_generators_and_no_reference(tmp_path):
    bundle = tmp_path / "bundle"
    run = _grader("export", "student-bundle", "--assignment", "layers-hw", "-o", str(bundle),
                  env=_env(PACKS))
    assert run.returncode == 0, run.stderr
    assert (bundle / "generators.py").is_file() and (bundle / "checks.py").is_file()
    text = b"".join(p.read_bytes() for p in bundle.iterdir())
    assert b"logaddexp" not in text and b"def layernorm_backward" not in text
    plain = {k: v for k, v in os.environ.items() if k != assignment.PATH_ENV}
    correct = _grader("check", "--bundle", str(bundle), str(LAYERS / "examples" / "correct"),
                      env=plain, cwd=tmp_path)
    assert "Total 17/17" in correct.stdout, correct.stdout + correct.stderr
    buggy = _grader("check", "--bundle", str(bundle), str(LAYERS / "examples" / "buggy"),
                    env=plain, cwd=tmp_path)
    assert "[ln_normalizes_over_batch]" in buggy.stdout and "[sgd_changes_grads]" in buggy.stdout


# --------------------------------------------------------------------------- the homework


@pytest.fixture
def layers_hw(monkeypatch):
    monkeypatch.setenv(assignment.PATH_ENV, str(PACKS))
    return assignment.find("layers-hw")


def test_the_homework_validates_at_100_percent_with_three_mistakes_per_function(layers_hw):
    from grader.validate import validate

    result = validate(layers_hw, layers_hw.starter_path)
    assert result.ok and result.mutation_score == 1.0
    assert not any(result.reference.values())
    assert result.starter[0] == 0.0
    per_function = {}
    for row in result.rows:
        assert row.caught and row.correctly_named, row
        per_function.setdefault(row.function, set()).add(row.mistake)
    assert set(per_function) == set(layers_hw.spec.functions)
    assert all(len(ids) >= 3 for ids in per_function.values()), per_function


def test_the_homework_grades_correct_and_buggy_submissions(layers_hw):
    from conftest import FAST, by_function
    from grader import grade

    correct = grade(layers_hw, LAYERS / "examples" / "correct", FAST)
    assert correct.score == correct.max_score == 17
    buggy = by_function(grade(layers_hw, LAYERS / "examples" / "buggy", FAST))
    assert "ln_normalizes_over_batch" in buggy["layernorm_forward"][2]
    assert "ln_dx_missing_terms" in buggy["layernorm_backward"][2]
    assert "logistic_sum_not_mean" in buggy["logistic_loss"][2]
    assert "sgd_changes_grads" in buggy["MiniBatchSGD.step"][2]
    assert all(score < top for score, top, _ in buggy.values())


def test_a_pack_needs_only_the_public_authoring_api():
    """The homework is written as any instructor would: its code imports numpy, pydantic, its
    own modules (relatively) and the grader's public authoring modules, nothing else."""
    for source in LAYERS.rglob("*.py"):
        if "examples" in source.parts or "starter" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert name in PUBLIC_API or not name.startswith("grader"), (source, name)


def test_kinds_lists_the_recipes_and_check_kinds_with_their_fields():
    run = _grader("kinds", "--assignment", "layers-hw", env=_env(PACKS))
    assert run.returncode == 0, run.stderr
    for text in ("  declared:", "  binary_logistic:", "  row_statistics:", "N (int, required): number of examples",
                 "  regularization:", "param (str, required)", "  backward:",
                 "blocks (dict[str, str], required)"):
        assert text in run.stdout, text


# --------------------------------------------------------------------------- discovery


def test_a_pack_is_found_through_an_installed_packages_entry_point(tmp_path, new_pack):
    """A course `pip install`s its packs: its distribution declares a folder of packs under
    the grader.packs entry point (here a real dist-info on sys.path)."""
    site = tmp_path / "site"
    course = site / "mycourse_packs"
    shutil.copytree(new_pack, course / "packs" / "mycourse-hw1")
    (course / "__init__.py").write_text(
        "from pathlib import Path\nFOLDER = Path(__file__).parent / 'packs'\n")
    info = site / "mycourse_packs-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mycourse-packs\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[grader.packs]\nmycourse = mycourse_packs:FOLDER\n")
    env = {k: v for k, v in os.environ.items() if k != assignment.PATH_ENV}
    env["PYTHONPATH"] = str(site)
    run = _grader("list", env=env)
    assert run.returncode == 0, run.stderr
    assert "mycourse-hw1" in run.stdout and "mse_loss(pred, target)" in run.stdout


def test_declared_inputs_are_checked_with_the_line(tmp_path):
    spec = tmp_path / "p" / "pack.yaml"
    assert _grader("new", "p", "-o", str(spec.parent)).returncode == 0
    text = spec.read_text()
    spec.write_text(text.replace("target: {array: [N, D]}", "target: {array: [N, K]}"))
    with pytest.raises(SpecError, match=r"pack.yaml:\d+: .*the size 'K' is not given by the "
                       r"case \(its sizes: D, N\)"):
        assignment.load(spec.parent)
    spec.write_text(text.replace("target: {array: [N, D]}", "target: {aray: [N, D]}"))
    with pytest.raises(SpecError, match="target: declare exactly one of array, labels"):
        assignment.load(spec)


# --------------------------------------------------------------------------- distributions


def _wheels(tmp_path: Path) -> dict[str, Path]:
    """The two distributions, built from this checkout: the engine and the shipped packs."""
    import importlib.util

    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []
    out = tmp_path / "wheels"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation,
                           "-w", str(out), str(ROOT), str(ROOT / "packs")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return {("packs" if "packs" in w.name else "engine"): w for w in out.glob("*.whl")}


def _reference_lines() -> set[bytes]:
    """Distinctive lines of the shipped packs' reference code (the solutions)."""
    lines = set()
    for source in (ROOT / "packs" / "grader_packs").glob("*/reference/*.py"):
        if source.name in ("mistakes.py", "__init__.py"):
            continue
        for line in source.read_text().splitlines():
            text = line.strip()
            if len(text) >= 30 and not text.startswith(("#", '"', "from ", "import ", "def ")):
                lines.add(text.encode())
    return lines


@pytest.mark.slow
def test_the_student_distribution_holds_no_reference_solution(tmp_path):
    """What a student installs (`pip install .`: the engine) has no pack, no reference
    source and no assignment's recipe; the instructors' distribution holds the packs."""
    wheels = _wheels(tmp_path)
    with zipfile.ZipFile(wheels["engine"]) as engine:
        names = engine.namelist()
        blob = b"".join(engine.read(n) for n in names)
    assert not [n for n in names if n.startswith("grader_packs") or n.endswith("pack.yaml")]
    assert not [n for n in names if "/reference/" in n and "scaffold/template" not in n]
    leaked = [line for line in _reference_lines() if line in blob]
    assert not leaked, leaked[:5]
    for recipe_name in (b'"linear_classifier"', b'"two_layer"', b'"batchnorm"'):
        assert recipe_name not in blob
    with zipfile.ZipFile(wheels["packs"]) as packs:
        shipped = set(packs.namelist())
    # every file of every pack folder (editions, fingerprints, checks) is in the wheel
    packs_root = ROOT / "packs"
    files = {p.relative_to(packs_root).as_posix() for p in (packs_root / "grader_packs").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert files <= shipped, sorted(files - shipped)
    assert "grader_packs/cs231n-a1/pack@2016.yaml" in shipped
    entry = next(n for n in shipped if n.endswith("entry_points.txt"))
    with zipfile.ZipFile(wheels["packs"]) as packs:
        assert "[grader.packs]" in packs.read(entry).decode()


@pytest.mark.slow
def test_a_student_install_grades_with_a_bundle_and_knows_no_assignment(tmp_path):
    """A venv with the engine's wheel alone (as `pip install .` gives a student): no
    assignment to list, the packs not importable, and `check --bundle` grades in full."""
    from test_install_locations import VERSION, make_venv

    wheels = _wheels(tmp_path)
    bundle = tmp_path / "bundle"
    assert _grader("export", "student-bundle", "--assignment", "cs231n-a1", "-o",
                   str(bundle)).returncode == 0
    venv = tmp_path / "student"
    python = make_venv(venv, sys.executable)
    site = venv / "lib" / VERSION / "site-packages"
    for path in site.iterdir():
        if "cs231n_grader" in path.name or path.name in ("grader", "grader_packs"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                           "--target", str(site), str(wheels["engine"])],  # not --prefix: that
                          capture_output=True, text=True, timeout=300)  # uninstalls ours
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(python), "-c", "import grader"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV")) and k != assignment.PATH_ENV}
    listed = subprocess.run([str(python), "-m", "grader", "list"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=120)
    assert "cs231n-a1" not in listed.stdout
    probe = subprocess.run([str(python), "-c", "import grader_packs"], capture_output=True,
                           env=env, cwd=tmp_path, timeout=60)
    assert probe.returncode != 0
    checked = subprocess.run([str(python), "-m", "grader", "check", "--bundle", str(bundle),
                              str(ROOT / "examples" / "assignment1")], capture_output=True,
                             text=True, env=env, cwd=tmp_path, timeout=300)
    import re

    total = re.search(r"Total ([\d.]+)/([\d.]+)", checked.stdout)
    assert total, checked.stdout[-2000:] + checked.stderr[-2000:]
    assert total[1] == total[2] and float(total[2]) >= 70  # every check a bundle can run


def test_the_guide_covers_every_field_of_the_schema():
    """docs/authoring.md names every field of every model of the spec and every check kind of
    the engine (a pack's own kinds are documented by their pack)."""
    guide = (ROOT / "docs" / "authoring.md").read_text()
    models = [assignment.AssignmentSpec, assignment.FunctionSpec, assignment.Output,
              assignment.Proxy, assignment.Autograd, assignment.Prepare, assignment.Build,
              assignment.BuildCall, assignment.CheckBase, assignment.Compared,
              *assignment.BUILTIN_CHECKS]
    missing = [f"{m.__name__}.{f.alias or n}" for m in models
               for n, f in m.model_fields.items() if f"`{f.alias or n}`" not in guide]
    assert not missing, missing
    assert all(f"| `{k}` |" in guide for k in assignment.BUILTIN_KINDS)


def test_explain_without_an_id_lists_the_ids():
    run = _grader("explain", env=_env(PACKS))
    assert run.returncode == 0, run.stderr
    assert "ln_dx_missing_terms" in run.stdout and "dW_not_normalized" in run.stdout


@pytest.mark.parametrize("mistake", ["syntax_error", "timeout", "naive_vectorized_disagree"])
def test_explain_adds_what_the_checks_own_sentence_does_not_say(mistake):
    from grader.catalogue import CATALOGUE, explain

    text = explain(mistake, [])
    m = CATALOGUE[mistake]
    assert "How it shows:" in text and len(m.shows) > 2 * len(m.title)
    assert m.shows not in (m.title, m.fix)


def test_an_unknown_check_kind_is_named_with_its_line(tmp_path):
    spec = tmp_path / "p" / "pack.yaml"
    assert _grader("new", "p", "-o", str(spec.parent)).returncode == 0
    spec.write_text(spec.read_text().replace("{kind: gradient,", "{kind: gradiant,"))
    with pytest.raises(SpecError, match=r"pack.yaml:\d+: .*unknown check kind 'gradiant' "
                       r"\(did you mean 'gradient'\?\)"):
        assignment.load(spec)


def test_a_packs_own_check_kind_judges_and_names(layers_hw):
    """tests/packs/layers-hw/checks.py registers row_statistics: a property check that
    needs no reference, written with grader.checks' public API."""
    from conftest import FAST
    from grader import grade

    kinds = [c.kind for c in layers_hw.spec.functions["layernorm_forward"].checks]
    assert "row_statistics" in kinds
    buggy = grade(layers_hw, LAYERS / "examples" / "buggy", FAST)
    test = next(t for t in buggy.tests if t.check == "row_statistics")
    assert not test.passed and [m.id for m in test.mistakes] == ["ln_normalizes_over_batch"]


def test_a_check_that_names_an_unknown_id_is_an_author_error(tmp_path):
    """validate never counts a check that raised as "caught": the author sees the traceback
    and the reason, with exit 2."""
    pack = tmp_path / "packs" / "typo"
    assert _grader("new", "typo", "-o", str(pack)).returncode == 0
    (pack / "checks.py").write_text(
        "from typing import Literal\n\n"
        "from grader.checks import CheckSpec, Verdict, found, one_call_per_case, register\n\n\n"
        "class AlwaysSpec(CheckSpec):\n    kind: Literal['always']\n    cases: list[dict]\n\n\n"
        "@register('always', AlwaysSpec)\nclass Always:\n    title = 'always fails'\n"
        "    needs_submission = False\n\n"
        "    def plan(self, ctx):\n        return one_call_per_case(ctx, 'always')\n\n"
        "    def judge(self, ctx, calls, outcomes):\n"
        "        return Verdict(False, 'no', (found('mse_typo_id', 'no'),))\n")
    spec = pack / "pack.yaml"
    spec.write_text(spec.read_text().replace(
        "      - {kind: gradient,", "      - {kind: always, points: 1, cases: [{<<: *mse, N: 2, "
        "D: 2}]}\n      - {kind: gradient,"))
    run = _grader("validate", "--assignment", "typo", env=_env(pack.parent))
    assert run.returncode == 2, run.stdout + run.stderr
    assert "'mse_typo_id' is not in the catalogue" in run.stderr
    assert "always fails raised on the reference" in run.stderr
    assert "internal error (please report it)" not in run.stderr


def test_two_packs_may_not_register_one_recipe_name_with_other_code(tmp_path):
    """A copy of a recipe (word for word) may be registered twice; other code under the same
    name is refused, so one pack's recipe never silently replaces another's."""
    code = ("import numpy as np\nfrom grader.inputs import RecipeParams, recipe\n\n\n"
            "class P(RecipeParams):\n    N: int = 2\n\n\n@recipe('twice_named', P)\n"
            "def draw(p, rng):\n    return {'pred': rng.standard_normal(({0}, 2)), "
            "'target': rng.standard_normal(({0}, 2))}}\n")
    specs = []
    for name, rows in (("first", "p.N"), ("second", "p.N"), ("third", "p.N + 1")):
        pack = tmp_path / name
        assert _grader("new", name, "-o", str(pack)).returncode == 0
        (pack / "generators.py").write_text(code.replace("{0}", rows).replace("}}", "}"))
        specs.append(pack)
    assignment.load(specs[0])
    assignment.load(specs[1])  # the same code: accepted
    with pytest.raises(SpecError, match="'twice_named' is registered already, with other code"):
        assignment.load(specs[2])
