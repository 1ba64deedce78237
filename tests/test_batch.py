"""``grader batch``: layouts, the durable store (a SIGKILLed batch resumes without grading
anything twice), outputs, class analytics, the HTML report in real headless Chromium, and
grading through a real Dask scheduler with two workers on loopback."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, ROOT
from grader.batch.layouts import discover

MISTAKES = FIXTURES / "mistakes"
CLASS = {  # student -> what they handed in
    "alice": EXAMPLES / "assignment1",
    "bob": MISTAKES / "dW_not_normalized__svm_loss_naive.py",
    "carol": MISTAKES / "reg_convention__svm_loss_vectorized.py",
    "dave": FIXTURES / "broken" / "syntax_error",
    "erin": MISTAKES / "timeout__svm_loss_naive.py",
    "frank": EXAMPLES / "buggy-assignment1",
    "grace": FIXTURES / "malicious" / "os_exit",
}


def make_class(root: Path, students: dict[str, Path] = CLASS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for student, source in students.items():
        if source.is_dir():
            shutil.copytree(source, root / student)
        else:
            shutil.copy(source, root / f"{student}{source.suffix}")
    return root


def batch(*args: str, check: bool = False, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "grader", "batch", *args, "--timeout", "1.5"],
                          capture_output=True, text=True, cwd=ROOT, **kwargs)
    if check:
        assert done.returncode in (0, 1), done.stderr[-3000:]
    return done


def verdicts(out: Path) -> dict[str, tuple]:
    """Student -> (score, sorted mistake ids): what must not depend on how the batch ran."""
    found = {}
    for path in sorted((out / "results").glob("*.json")):
        if path.name.endswith(".gradescope.json"):
            continue
        data = json.loads(path.read_text())
        ids = sorted({m["id"] for t in data["tests"] for m in t["mistakes"]})
        found[path.stem] = (data["score"], ids)
    return found


# --------------------------------------------------------------------------- layouts


def test_gradescope_export_layout_takes_the_student_ids_from_the_metadata(tmp_path):
    root = tmp_path / "export"
    shutil.copytree(EXAMPLES / "assignment1", root / "submission_111")
    (root / "submission_222").mkdir()
    shutil.copy(MISTAKES / "dW_not_normalized__svm_loss_naive.py",
                root / "submission_222" / "linear_svm.py")
    (root / "submission_metadata.yml").write_text(
        "submission_111:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '1815'\n"
        "    :email: ada@example.edu\n  :created_at: 2026-11-01 10:00:00\n"
        "submission_222:\n  :submitters:\n  - :name: Alan Turing\n    :sid: '1912'\n")
    entries = discover(root)
    assert [(e.student, e.name, e.paths[0].name) for e in entries] == [
        ("1815", "Ada Lovelace", "submission_111"), ("1912", "Alan Turing", "submission_222")]
    assert entries[0].meta["email"] == "ada@example.edu"


def test_canvas_bulk_download_groups_each_students_files(tmp_path):
    root = tmp_path / "canvas"
    root.mkdir()
    svm = EXAMPLES / "assignment1" / "cs231n" / "classifiers" / "linear_svm.py"
    soft = EXAMPLES / "assignment1" / "cs231n" / "classifiers" / "softmax.py"
    shutil.copy(svm, root / "lovelaceada_4242_900001_linear_svm.py")
    shutil.copy(soft, root / "lovelaceada_4242_900002_softmax-1.py")
    shutil.copy(svm, root / "turingalan_LATE_4343_900003_linear_svm.py")
    entries = discover(root)
    assert [(e.student, e.name, len(e.paths)) for e in entries] == [
        ("4242", "lovelaceada", 2), ("4343", "turingalan", 1)]
    assert entries[1].meta["late"] and not entries[0].meta["late"]
    from grader.batch.run import entry_files

    assert sorted(n for n, _ in entry_files(entries[0])) == ["linear_svm.py", "softmax.py"]


def test_plain_layout_is_one_entry_per_student(tmp_path):
    entries = discover(make_class(tmp_path / "class"))
    assert [e.student for e in entries] == sorted(CLASS)


# --------------------------------------------------------------------------- a whole batch


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = make_class(tmp_path_factory.mktemp("class") / "subs")
    out = tmp_path_factory.mktemp("class") / "out"
    roster = out.parent / "roster.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Assignment 1 (77)\n"
        "    Points Possible,,,,,89.00\n"
        "Alice Smith,alice,A1,alice@x,S1,\nBob Jones,bob,B2,bob@x,S1,\n"
        "Nobody Here,zed,Z9,zed@x,S2,\n")
    first = batch(str(root), "--assignment", "cs231n-a1", "--out", str(out), "-j", "2",
                  "--canvas-title", "Assignment 1", "--canvas-id", "77", "--roster", str(roster),
                  check=True)
    return root, out, first


def test_batch_writes_every_output(graded_class):
    root, out, first = graded_class
    assert "7 submissions: 7 graded, 0 already graded, 0 failed" in first.stdout
    for student in CLASS:
        assert (out / "results" / f"{student}.json").is_file()
        assert json.loads((out / "results" / f"{student}.gradescope.json").read_text())["tests"]
        feedback = (out / "feedback" / f"{student}.txt").read_text()
        assert "Total" in feedback
        assert not any(line != line.rstrip() for line in feedback.splitlines())  # no trailing
        assert not any(line.startswith("grader check") and not line.rstrip().endswith(
            tuple("0123456789")) for line in feedback.splitlines())  # the command stays whole
    rows = list(csv.DictReader((out / "grades.csv").open()))
    scores = {r["student"]: float(r["total"]) for r in rows}
    assert scores["alice"] == 89 and 0 < scores["bob"] < 89
    assert float(next(r for r in rows if r["student"] == "bob")["svm_loss_naive"]) < 10
    summary = json.loads((out / "summary.json").read_text())
    assert summary["students"] == 7 and summary["scores"]["full_marks"] == 1
    ids = {m["id"]: m["students"] for m in summary["mistakes"]}
    assert ids["dW_not_normalized"] >= 1 and ids["reg_convention"] >= 2 and ids["timeout"] == 1
    assert summary["functions"]["svm_loss_naive"]["of"] == 7


def test_one_hanging_or_broken_submission_costs_only_itself(graded_class):
    _, out, _ = graded_class
    found = verdicts(out)
    assert found["alice"] == (89.0, [])
    assert "timeout" in found["erin"][1]  # her one function hangs: she loses it, nobody else
    assert "syntax_error" in found["dave"][1]
    assert "crash" in found["grace"][1] and found["grace"][0] == 0  # os._exit in her code


def test_canvas_import_matches_the_roster(graded_class):
    _, out, first = graded_class
    rows = list(csv.reader((out / "canvas.csv").open()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Assignment 1 (77)"]
    assert rows[1][0] == "    Points Possible" and rows[1][-1] == "89.00"
    by_id = {r[1]: r[-1] for r in rows[2:]}
    assert by_id["alice"] == "89.00" and by_id["zed"] == "" and float(by_id["bob"]) < 89
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["not_in_roster"]) == {"carol", "dave", "erin", "frank", "grace"}


def test_a_rerun_grades_nothing_again_and_a_changed_submission_is_regraded(graded_class,
                                                                          tmp_path):
    root, out, _ = graded_class
    work, result = tmp_path / "subs", tmp_path / "out"
    shutil.copytree(root, work)
    shutil.copytree(out, result)
    shutil.rmtree(result / "feedback")  # a run that regrades nothing still writes every file
    (result / "results" / "alice.json").unlink()
    again = batch(str(work), "--assignment", "cs231n-a1", "--out", str(result), "--progress",
                  check=True)
    assert "0 graded, 7 already graded" in again.stdout
    assert (result / "results" / "alice.json").read_text() == \
        (out / "results" / "alice.json").read_text()
    assert {p.name for p in (result / "feedback").iterdir()} == \
        {p.name for p in (out / "feedback").iterdir()}
    assert "7/7" in again.stderr and "0 failed" in again.stderr  # the progress bar
    shutil.copy(EXAMPLES / "assignment1" / "cs231n" / "classifiers" / "linear_svm.py",
                work / "bob.py")  # bob fixes his bug
    fixed = batch(str(work), "--assignment", "cs231n-a1", "--out", str(result), check=True)
    assert "1 graded, 6 already graded" in fixed.stdout
    bob = json.loads((result / "results" / "bob.json").read_text())
    assert all(t["passed"] if "passed" in t else t["status"] == "passed"
               for t in bob["tests"] if t["function"].startswith("svm_loss_"))


def test_report_html_renders_in_headless_chromium(graded_class, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    _, out, _ = graded_class
    page = (out / "report.html").as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    for chart in ('id="histogram"', 'id="mistakes"', 'id="rates"', 'id="students"'):
        assert chart in html
    assert html.count('class="bar"') >= 10 and "alice" in html and "feedback/bob.txt" in html
    _report_parts_are_all_there(html, out)
    opened = subprocess.run([chromium, *flags, "--dump-dom", page + "#mistake-dW_not_normalized"],
                            capture_output=True, text=True, timeout=120).stdout
    assert re.search(r'<details id="mistake-dW_not_normalized" open="">', opened)  # a click
    filtered = subprocess.run([chromium, *flags, "--dump-dom", page + "?filter=bob"],
                              capture_output=True, text=True, timeout=120).stdout
    rows = re.findall(r"<tr( class=\"flagged\")?( hidden=\"\")?><td>(\w+)</td>", filtered)
    assert {r[2] for r in rows if not r[1]} == {"bob"} and len(rows) == 7
    shot = tmp_path / "report.png"
    done = subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1200,1600",
                           page], capture_output=True, text=True, timeout=120)
    data = shot.read_bytes()
    assert done.returncode == 0 and data.startswith(b"\x89PNG") and len(data) > 10_000


def _report_parts_are_all_there(html: str, out: Path) -> None:
    """What an instructor reads off report.html: who made which mistake (and where to read
    it), the grader, edition, seed and date, rounded scores, functions in the spec's order,
    flagged rows, and labels that fit their drawing."""
    summary = json.loads((out / "summary.json").read_text())
    assert re.search(r'id="meta">grader \S+ · edition [0-9, -]*2021-2024 · seed 231 · date \d{4}-', html)
    assert re.search(r"<b>\d+\.\d\d / 89</b>", html)  # mean 69.19 / 89, not 69.1935
    bob = re.search(r"<tr[^>]*><td>bob</td>.*?</tr>", html).group(0)
    assert '<a href="#mistake-dW_not_normalized"><code>dW_not_normalized</code></a>' in bob
    listed = re.search(r'<details id="mistake-dW_not_normalized">.*?</details>', html).group(0)
    assert '<a href="feedback/bob.txt">bob</a>' in listed and 'class="said"' in listed
    grace = re.search(r"<tr([^>]*)><td>grace</td>", html)
    assert grace is not None  # her os._exit crashed one check: graded, not flagged
    rates = re.search(r'<svg id="rates".*?</svg>', html).group(0)
    names = re.findall(r'<text x="0" y="[\d.]+">([^<]+)</text>', rates)
    assert names == list(summary["functions"])
    from grader import find

    spec_order = [f for f in find("cs231n-a1").spec.functions if f in names]
    assert names[:len(spec_order)] == spec_order  # another edition's functions come after
    for svg in re.findall(r"<svg id=\"(?:rates|mistakes)\".*?</svg>", html):
        width = float(re.search(r'width="(\d+)"', svg).group(1))
        for x, text in re.findall(r'<text x="([\d.]+)" y="[\d.]+">([^<]+)</text>', svg):
            assert float(x) + len(text) * 11 * 0.62 <= width, (text, x, width)


# --------------------------------------------------------------------------- SIGKILL


def _stored(out: Path) -> int:
    db = out / "grades.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_a_sigkilled_batch_resumes_without_grading_anything_twice(tmp_path):
    students = {f"s{i:02d}": src for i, src in enumerate(
        [EXAMPLES / "assignment1", MISTAKES / "dW_not_normalized__svm_loss_naive.py",
         MISTAKES / "reg_grad_scalar__svm_loss_naive.py", EXAMPLES / "buggy-assignment1"] * 3)}
    root = make_class(tmp_path / "subs", students)
    reference = tmp_path / "reference"
    batch(str(root), "--assignment", "cs231n-a1", "--out", str(reference), "-j", "2", check=True)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "grader", "batch", str(root), "--assignment",
                             "cs231n-a1", "--out", str(out), "-j", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while _stored(out) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _stored(out)
    assert 3 <= before < len(students), before
    rerun = batch(str(root), "--assignment", "cs231n-a1", "--out", str(out), "-j", "2",
                  check=True)
    assert f"{len(students) - before} graded, {before} already graded, 0 failed" in rerun.stdout
    assert _stored(out) == len(students)  # one row per submission: nothing twice, none lost
    assert verdicts(out) == verdicts(reference)


# --------------------------------------------------------------------------- Dask


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dask_workers_grade_into_the_same_store(graded_class, tmp_path):
    pytest.importorskip("distributed")
    root, reference, _ = graded_class
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
    procs = [subprocess.Popen([*scheduler, "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen(
                [*worker, address, "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--local-directory", str(tmp_path / "dask")], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as client:
                    if len(client.scheduler_info()["workers"]) == 2:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Dask cluster did not come up"
            time.sleep(0.5)
        out = tmp_path / "out"
        done = batch(str(root), "--assignment", "cs231n-a1", "--out", str(out), "--executor",
                     "dask", "--scheduler", address, check=True)
        assert "7 graded, 0 already graded, 0 failed" in done.stdout, done.stdout + done.stderr
        assert verdicts(out) == verdicts(reference)
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- analytics


def test_class_analytics_count_mistakes_students_and_co_failures():
    from grader.batch.analytics import summarize

    def result(score, failing):
        tests = [{"name": f"{f}: value", "function": f, "status": "failed" if f in failing
                  else "passed", "score": 0 if f in failing else 5, "max_score": 5,
                  "mistakes": [{"id": failing[f], "message": ""}] if f in failing else []}
                 for f in ("a", "b", "c")]
        return {"score": score, "tests": tests}

    summary = summarize({"x": result(15, {}), "y": result(5, {"a": "m1", "b": "m2"}),
                         "z": result(5, {"a": "m1", "b": "m1"})}, 15, bins=3)
    assert summary["scores"]["histogram"][1]["count"] == 2
    assert summary["scores"]["histogram"][2]["count"] == 1
    assert summary["mistakes"][0] == {"id": "m1", "occurrences": 3, "students": 2,
                                      "who": ["y", "z"]}
    assert summary["functions"]["a"] == {"passed": 1, "of": 3, "rate": 0.3333}
    assert summary["failing_together"] == [{"functions": ["a", "b"], "students": 2}]


def test_a_submission_that_cannot_be_opened_scores_zero_with_the_reason(tmp_path):
    root = make_class(tmp_path / "subs", {"alice": MISTAKES / "dW_not_normalized__svm_loss_naive.py"})
    (root / "hank.zip").write_bytes(b"this is not a zip archive")
    out = tmp_path / "out"
    done = batch(str(root), "--assignment", "cs231n-a1", "--out", str(out), "-j", "1", check=True)
    assert "2 graded, 0 already graded, 0 failed" in done.stdout
    hank = json.loads((out / "results" / "hank.json").read_text())
    assert hank["score"] == 0 and hank["max_score"] == 89 and hank["tests"] == []
    assert hank["notes"][0].startswith("not graded: ")
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert rows["hank"]["total"] == "0" and "not graded" in rows["hank"]["notes"]
    html = (out / "report.html").read_text()  # flagged in the class report too
    assert re.search(r'<tr class="flagged"><td>hank</td>.*?<td class="bad">not graded</td>', html)
    assert "<div>not graded<b>1</b></div>" in html


def test_late_submissions_are_marked_in_the_report(tmp_path):
    root = tmp_path / "canvas"
    root.mkdir()
    svm = EXAMPLES / "assignment1" / "cs231n" / "classifiers" / "linear_svm.py"
    shutil.copy(svm, root / "lovelaceada_4242_900001_linear_svm.py")
    shutil.copy(svm, root / "turingalan_LATE_4343_900003_linear_svm.py")
    out = tmp_path / "out"
    batch(str(root), "--assignment", "cs231n-a1", "--out", str(out), "-j", "1", check=True)
    html = (out / "report.html").read_text()
    late = re.search(r"<tr><td>4343</td>.*?</tr>", html).group(0)
    assert "<td>late</td>" in late and "<td>late</td>" not in re.search(
        r"<tr><td>4242</td>.*?</tr>", html).group(0)
    assert "<div>late<b>1</b></div>" in html
