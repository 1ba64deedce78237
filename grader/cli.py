"""The ``grader`` command. The only module that prints."""

from __future__ import annotations

import contextlib
import difflib
import importlib
import os
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader import __version__, seeds
from grader.errors import EnvironmentProblem, GraderError, SubmissionError, UsageError
from grader.sandbox import NAMES
from grader.sandbox.limits import Limits

if TYPE_CHECKING:
    from grader.grade import Options
    from grader.results import GradeResult


class _Lazy:
    """A module imported on first use: `grader --version` and `--help` load none of the
    machinery (specs, sandbox, formats)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(importlib.import_module(self._name), attr)


assignment, _specfiles = _Lazy("grader.assignment"), _Lazy("grader.specfiles")
_detect, _grade = _Lazy("grader.detect"), _Lazy("grader.grade")
_json, _submission = _Lazy("grader.formats.results_json"), _Lazy("grader.submission")
terminal, _validation = _Lazy("grader.formats.terminal"), _Lazy("grader.formats.validation")
_rich = _Lazy("rich.console")
FORMAT_NAMES = ("gradescope", "native")

EXIT_CODES = """\b
Exit codes:
  0  all checks passed
  1  graded, with failures (the result was written)
  2  usage or assignment-spec error
  3  internal error of the grader (please report it)
"""
CHECK_EXIT_CODES = """\b
Exit codes:
  0  all public checks passed
  1  graded, with failures (the report shows them; check writes no result file)
  2  usage or assignment-spec error
  3  internal error of the grader (please report it)
"""


def _formats() -> dict:
    from grader.formats.gradescope import gradescope
    from grader.formats.results_json import native

    return {"native": native, "gradescope": gradescope}


NOT_YOUR_FAULT = "the grader failed; this is not your fault (course staff can see why)"


class Seed(click.ParamType):
    """An integer seed; a bad value from the environment names the variable."""

    name = "integer"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            if os.environ.get("GRADER_SEED") == value:  # (click has not set its source yet)
                self.fail(f"GRADER_SEED={value!r} is not an integer: set it to a whole number "
                          "or unset it", param, ctx)
            self.fail(f"{value!r} is not an integer", param, ctx)


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grader")
def cli() -> None:
    """Grade cs231n-style assignments exactly, fast and safely."""


@cli.command("list", epilog=EXIT_CODES)
def list_assignments() -> None:
    """The installed assignments (packs) and the functions they grade."""
    broken = 0
    if not _specfiles.available():
        click.echo(_specfiles.NONE_INSTALLED, err=True)
    for name, path in _specfiles.available().items():
        # read, not validated (a list costs about an import of numpy); a spec that does not
        # read is loaded to say why
        found = _specfiles.outline(path)
        signatures = _shipped_signatures(path)
        if not found.functions or signatures is None:
            try:
                loaded = assignment.load(path)
            except GraderError as exc:  # one bad spec on the search path: say so, list the rest
                click.echo(f"{name}  (not loaded: {exc})", err=True)
                broken += 1
                continue
            from grader.starter import starter_description

            signatures = starter_description(loaded.path, loaded.starter_path).get(
                "signatures", {})
        extra = f" + {found.extra_points:g} extra credit" if found.extra_points else ""
        click.echo(f"{name}  ({found.points:g} points{extra})  {found.title}")
        for fname, file in found.functions.items():  # as the starter writes it, if known
            params = ", ".join((found.params or {}).get(fname, ()))
            click.echo(f"    {file:<24} {fname}({signatures.get(fname, params)})")
    sys.exit(2 if broken else 0)


def _shipped_signatures(path: Path) -> dict | None:
    """The starter's signatures as the pack ships them (``<spec>.starter.json``), or None."""
    from grader.starter import starter_description

    spec = path / _specfiles.PACK_FILE if path.is_dir() else path
    return starter_description(spec, None).get("signatures")


def _common(command):
    command = click.option("--seed", type=Seed(), envvar="GRADER_SEED",
                           help="Public seed for the inputs (default: the assignment's).")(command)
    command = click.option("--sandbox", type=click.Choice(NAMES), default="auto",
                           envvar="GRADER_SANDBOX", show_default=True,
                           help="Where student code runs (auto: bwrap where it works, else process).")(command)
    command = click.option("--timeout", type=float, default=None,
                           envvar="GRADER_CALL_TIMEOUT",
                           help="Seconds one call may take, wall-clock; replaces the "
                           "assignment's time limits, CPU limits included (default: the "
                           f"assignment's, else {Limits.call_seconds:g}).")(command)
    command = click.option("--device", default="cpu", envvar="GRADER_DEVICE", show_default=True,
                           type=click.Choice(["cpu", "cuda", *(f"cuda:{i}" for i in range(8))]),
                           help="Where a PyTorch assignment's inputs are placed.")(command)
    return command


@cli.command(epilog=EXIT_CODES)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--assignment", "assignment_name", required=True, help="Assignment name or spec file.")
@click.option("--out", type=click.Path(path_type=Path), help="Write the result here (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="native", show_default=True)
@click.option("--hidden", is_flag=True, help=f"Use the secret seed (${seeds.HIDDEN_SEED_ENV} or "
              f"${seeds.HIDDEN_SEED_FILE_ENV}); it is never written to the result.")
@_common
def grade(path: Path, assignment_name: str, out: Path | None, fmt: str, hidden: bool,
          seed: int | None, sandbox: str, timeout: float | None, device: str) -> None:
    """Grade one submission (folder, .zip or .py) and write its result: always, even when the
    submission cannot be used or the grader fails (score 0, the reason in its notes)."""
    found: dict = {"options": _grade.Options(hidden=hidden, sandbox=sandbox)}

    def run() -> int:
        options = found["options"] = _options(seed, sandbox, timeout, hidden, device)
        found["spec"] = assignment.find(assignment_name)
        with _submission.open_submission(path) as sub, \
                _prestarted(sub.root, sandbox) as warm:
            found["opened"] = True
            spec = found["spec"] = _detect.resolve(assignment_name, sub)
            result = _grade.grade_submission(spec, sub, options, warm)
        _emit(_formats()[fmt](result), out)
        return _exit_code(result)

    def failed(exc: BaseException | None, trace: str) -> None:
        """A result for what could not be graded (an unusable submission, a spec error, the
        grader's own failure): written where the result was asked for."""
        if isinstance(exc, EnvironmentProblem):  # the result cannot be written at all
            return
        options = found["options"]
        students = isinstance(exc, SubmissionError) or (
            isinstance(exc, UsageError) and "spec" in found and "opened" not in found)
        if students:  # the submission itself: missing, corrupt, oversized
            result = _grade.not_graded(found["spec"], str(path), str(exc), "ungraded", options)
        else:  # the spec's, the environment's or the grader's: details for course staff only
            result = _grade.not_graded(found.get("spec"), str(path), NOT_YOUR_FAULT, "error",
                                       options, detail=trace or f"{type(exc).__name__}: {exc}")
        try:
            _emit(_formats()[fmt](result), out)
        except EnvironmentProblem as problem:
            click.echo(f"error: {problem}", err=True)

    sys.exit(_guard(run, failed))


@cli.command(epilog=CHECK_EXIT_CODES)
@click.argument("path", type=click.Path(path_type=Path), default=Path("."))
@click.option("--assignment", "assignment_name", help="Assignment name (default: detected).")
@click.option("--json", "as_json", is_flag=True, help="Print the native JSON result instead.")
@click.option("--bundle", "bundle_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Grade with a course's pre-check bundle (no reference code needed).")
@click.option("--only", multiple=True, metavar="FUNCTION",
              help="Check only this function (repeatable; a class name checks all its methods).")
@_common
def check(path: Path, assignment_name: str | None, as_json: bool, bundle_dir: Path | None,
          only: tuple[str, ...], seed: int | None, sandbox: str, timeout: float | None,
          device: str) -> None:
    """The student pre-check: grade PATH (default: this folder) on public inputs and explain
    every failure."""
    def run() -> int:
        from grader.precheck import select

        with _submission.open_submission(path) as sub, \
                _prestarted(sub.root, sandbox) as warm:
            if bundle_dir is not None:
                from grader.bundle import BundleAssignment

                if seed is not None or assignment_name:
                    raise UsageError("--bundle grades the public inputs it was made with: "
                                     "drop --seed and --assignment")
                spec = BundleAssignment(bundle_dir)
            else:
                spec = _detect.resolve(assignment_name, sub)
            options = replace(_options(None if bundle_dir else seed, sandbox, timeout, False,
                                       device), only=select(spec.spec.functions, only))
            result = _grade.grade_submission(spec, sub, options, warm)
        if as_json:
            click.echo(_json.dumps(_json.native(result)), nl=False)
        else:  # a bundle's inputs are its own: the same again is the same command
            _print_report(result, f"grader check --bundle {bundle_dir} {path}"
                          if bundle_dir is not None else None)
        return _exit_code(result)

    sys.exit(_guard(run))


def _exit_code(result: GradeResult) -> int:
    if result.internal_errors:
        click.echo(f"internal error in {result.internal_errors} check(s); please report it",
                   err=True)
        return 3
    return 0 if result.all_passed else 1


@cli.command(epilog=EXIT_CODES)
@click.option("--assignment", "assignment_names", multiple=True,
              help="Assignment name or spec file (default: every shipped assignment).")
@click.option("--starter", type=click.Path(path_type=Path),
              help="Starter code that must score 0 (default: the spec's `starter`).")
def validate(assignment_names: tuple[str, ...], starter: Path | None) -> None:
    """Prove assignment specs: the reference passes with a 10x margin, every catalogued
    mistake loses points and is named with its own id, the starter scores 0."""
    from grader.validate import validate as run_validation

    def run() -> int:
        names = assignment_names or tuple(assignment.available())
        ok = True
        for name in names:
            spec = assignment.find(name)
            if not assignment_names and not _grade.framework_installed(spec.spec.framework):
                click.echo(f"{name}: not validated: it is graded with {spec.spec.framework}, "
                           f"which is not installed here", err=True)
                continue
            result = run_validation(spec, starter or spec.starter_path)
            _rich.Console(highlight=False).print(_validation.terminal_validation(result))
            ok = ok and result.ok
        return 0 if ok else 1

    sys.exit(_guard(run))


@cli.command(epilog=EXIT_CODES)
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option("--assignment", "assignment_name", required=True, help="Assignment name or spec file.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder for the store, results, gradebooks and report.")
@click.option("-j", "--jobs", type=int, default=None, help="Parallel submissions (default: cores).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) for --executor dask.")
@click.option("--hidden", is_flag=True, help="Grade on the hidden seed (as grader grade --hidden).")
@click.option("--fresh", is_flag=True, help="Forget stored results and grade everything again.")
@click.option("--canvas-title", help="Canvas assignment title, for canvas.csv (with --roster).")
@click.option("--canvas-id", help="Canvas assignment id, for canvas.csv.")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False),
              help="The course's Canvas gradebook export (students, IDs, sections).")
@click.option("--canvas-ungraded", type=click.Choice(["blank", "zero"]), default="blank",
              show_default=True, help="canvas.csv for a submission that could not be graded.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@_common
def batch(submissions: Path, assignment_name: str, out: Path, jobs: int | None, executor: str,
          scheduler: str | None, hidden: bool, fresh: bool, canvas_title: str | None,
          canvas_id: str | None, roster: Path | None, canvas_ungraded: str,
          progress: bool | None, seed: int | None,
          sandbox: str, timeout: float | None, device: str) -> None:
    """Grade a class: every submission in SUBMISSIONS (a Gradescope export, a Canvas bulk
    download, or one entry per student), in parallel and resumably (rerun the same command
    after any interruption), then write results, grades.csv, summary.json and report.html."""
    def run() -> int:
        from grader.batch.outputs import Canvas, write_outputs
        from grader.batch.run import clean_store, run_batch

        spec = assignment.find(assignment_name)
        canvas = None
        if canvas_title or canvas_id or roster:
            if not (canvas_title and canvas_id and roster):
                raise UsageError("canvas.csv needs --canvas-title, --canvas-id and --roster")
            canvas = Canvas(canvas_title, canvas_id, roster, canvas_ungraded)
        if fresh:
            clean_store(out)
        if hidden and not (os.environ.get(seeds.HIDDEN_SEED_ENV)
                           or os.environ.get(seeds.HIDDEN_SEED_FILE_ENV)):
            raise UsageError(f"batch --hidden needs a fixed secret seed (${seeds.HIDDEN_SEED_ENV}"
                             f" or ${seeds.HIDDEN_SEED_FILE_ENV}) so that reruns resume")
        secret = seeds.hidden_seed() if hidden else seed
        if spec.spec.framework == "torch" and device != "cpu":
            from grader.grade import require_cuda

            require_cuda(device)  # once, here: not as a zero for every student
        workers = jobs or os.cpu_count() or 1
        show = sys.stderr.isatty() if progress is None else progress
        report, entries, planned = _with_progress(show, lambda tick: run_batch(
            submissions, assignment_name, out, jobs=workers, executor=executor,
            scheduler=scheduler, seed=secret, hidden=hidden, sandbox=sandbox,
            call_seconds=timeout, device=device, progress=tick))
        from grader.batch.layouts import unmatched

        skipped = unmatched(submissions, entries)
        summary = write_outputs(out, spec, entries, planned, canvas, skipped, report.written)
        click.echo(f"{report.total} submissions: {report.graded} graded, {report.reused} "
                   f"already graded, {len(report.failed)} failed, in {report.seconds:.1f} s; "
                   f"mean {summary['scores']['mean']:g}/{summary['max_score']:g}; "
                   f"report: {out / 'report.html'}")
        if skipped:
            shown = ", ".join(skipped[:10]) + (f" and {len(skipped) - 10} more"
                                               if len(skipped) > 10 else "")
            click.echo(f"skipped (not a submission): {shown}", err=True)
        if summary.get("ungraded"):
            click.echo(f"ungraded (see their notes): {', '.join(summary['ungraded'][:20])}",
                       err=True)
        for student, why in sorted(report.failed.items()):
            click.echo(f"not graded: {student}: {why.splitlines()[-1][:300]}", err=True)
        return 1 if report.failed else 0

    sys.exit(_guard(run))


def _with_progress(show: bool, work):
    """Run ``work(tick)`` with a rich progress bar (done, failed, ETA) when ``show``."""
    if not show:
        return work(None)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=_rich.Console(stderr=True)) as bar:
        task = bar.add_task("grading", total=None, failed=0)

        def tick(done: int, failed: int, total: int) -> None:
            bar.update(task, completed=done, total=total, failed=failed)

        return work(tick)


@contextlib.contextmanager
def _steps(label: str, bar: bool):
    """A ``progress(done, total, what)`` for a long job: a progress bar on a terminal, else a
    line on stderr every tenth of the way (logs of a CI job show it moving)."""
    if bar:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[what]}"), TimeElapsedColumn(),
                      console=_rich.Console(stderr=True)) as progress:
            task = progress.add_task(label, total=None, what="")
            yield lambda done, total, what: progress.update(task, completed=done, total=total,
                                                            what=what)
        return
    shown = [-1]

    def step(done: int, total: int, what: str) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth > shown[0]:
            shown[0] = tenth
            click.echo(f"{label}: {done}/{total} ({what})", err=True)

    yield step


@cli.group()
def export() -> None:
    """Package an assignment's grader for an LMS (the reference code travels with it: keep
    the output private)."""


@export.command("gradescope", epilog=EXIT_CODES)
@click.option("--assignment", "assignment_name", required=True, help="Assignment name or spec file.")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The autograder zip to write.")
def export_gradescope(assignment_name: str, out: Path) -> None:
    """Gradescope's autograder zip: setup.sh and run_autograder (hidden inputs)."""
    def run() -> int:
        from grader.export import gradescope as gs

        spec = assignment.find(assignment_name)
        gs.export(spec, out)
        click.echo(f"wrote {out}: upload it as the assignment's autograder")
        return 0

    sys.exit(_guard(run))


@export.command("prairielearn", epilog=EXIT_CODES)
@click.option("--assignment", "assignment_name", required=True, help="Assignment name or spec file.")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write (merge its serverFilesCourse/ into the course).")
@click.option("--image", default="cs231n-grader:latest", show_default=True,
              help="Docker image PrairieLearn runs the grader in (built from OUT/image).")
def export_prairielearn(assignment_name: str, out: Path, image: str) -> None:
    """A PrairieLearn external grader: serverFilesCourse/cs231n_grader and info.json."""
    def run() -> int:
        from grader.export import prairielearn as pl

        spec = assignment.find(assignment_name)
        pl.export(spec, out, image)
        click.echo(f"wrote {out}: copy serverFilesCourse/ into the course and merge info.json's "
                   "externalGradingOptions into the question.\nBuild and publish the image it "
                   "names (a registry PrairieLearn can pull from; name it with --image):")
        for command in pl.build_commands(out, image):
            click.echo(f"  {command}")
        return 0

    sys.exit(_guard(run))


@export.command("student-bundle", epilog=EXIT_CODES)
@click.option("--assignment", "assignment_name", required=True, help="Assignment name or spec file.")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write (hand it to students).")
def export_student_bundle(assignment_name: str, out: Path) -> None:
    """What students need for `grader check --bundle`: public inputs, expected outputs and
    the outputs of every catalogued mistake, without the reference code or any hidden seed."""
    def run() -> int:
        from grader.bundle import export as export_bundle

        spec = assignment.find(assignment_name)
        with _steps("exporting", sys.stderr.isatty()) as step:
            export_bundle(spec, out, step)
        click.echo(f"wrote {out}: students run grader check --bundle {out} SUBMISSION")
        return 0

    sys.exit(_guard(run))


@cli.command("new", epilog=EXIT_CODES)
@click.argument("name")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=True, file_okay=False),
              required=True, help="The pack folder to create (new or empty).")
def new_pack(name: str, out: Path) -> None:
    """Start an assignment pack: a spec, a reference with one catalogued mistake, a starter,
    a correct and a buggy example; it validates as it is."""
    from grader import scaffold

    def run() -> int:
        files = scaffold.create(name, out)
        click.echo(f"wrote the pack {name} in {out} ({len(files)} files). Next:")
        parent = out.resolve().parent
        click.echo(f"  export {assignment.PATH_ENV}={parent}")
        click.echo(f"  grader validate --assignment {name}")
        click.echo(f"  grader check {out / 'examples' / 'correct'}")
        click.echo("The spec's fields: docs/authoring.md; the recipes and check kinds: "
                   "grader kinds")
        return 0

    sys.exit(_guard(run))


@cli.command("kinds", epilog=EXIT_CODES)
@click.option("--assignment", "assignment_name",
              help="Also load this pack (its own input generators are then listed).")
def kinds(assignment_name: str | None) -> None:
    """The input recipes and check kinds a spec can use, with their fields."""
    from grader.formats.kinds import kinds_text

    def run() -> int:
        if assignment_name:
            assignment.find(assignment_name)  # registers the pack's generators
        click.echo(kinds_text())
        return 0

    sys.exit(_guard(run))


@cli.command(epilog=EXIT_CODES)
@click.argument("mistake_id", required=False)
def explain(mistake_id: str | None) -> None:
    """The long form of a mistake id: what it is, how it shows, the fix (without an id: every
    id, with its title)."""
    from grader import catalogue

    def run() -> int:
        specs = {}
        for name, path in assignment.available().items():  # packs declare their own ids
            try:
                specs[name] = assignment.load(path)
                specs[name].reference_package  # noqa: B018 - loading registers MISTAKES
            except GraderError:
                specs.pop(name, None)
        if mistake_id is None:
            for m in sorted(catalogue.CATALOGUE.values(), key=lambda m: m.id):
                click.echo(f"{m.id:<36} {m.title}")
            return 0
        if mistake_id not in catalogue.CATALOGUE:
            lower = {k.lower(): k for k in catalogue.CATALOGUE}
            close = difflib.get_close_matches(mistake_id.lower(), list(lower), n=1)
            hint = f" (did you mean {lower[close[0]]!r}?)" if close else ""
            raise UsageError(f"unknown mistake id {mistake_id!r}{hint}")
        seen = []
        for name, spec in specs.items():
            for variant in getattr(spec.reference_package, "VARIANTS", ()):
                if variant.mistake == mistake_id:
                    seen += [f"{name} {f}" for f in variant.functions if f"{name} {f}" not in seen]
        click.echo(catalogue.explain(mistake_id, seen))
        return 0

    sys.exit(_guard(run))


def _options(seed: int | None, sandbox: str, timeout: float | None, hidden: bool,
             device: str = "cpu") -> Options:
    return _grade.Options(seed=seed, hidden=hidden,
                          hidden_seed=seeds.hidden_seed() if hidden else None,
                          sandbox=sandbox, device=device, timeout=timeout)


def _prestarted(root: Path, sandbox: str):
    """The submission's sandbox, started before the assignment is chosen (see
    ``grader.sandbox.backends.prestarted``)."""
    from grader.sandbox.backends import prestarted

    return prestarted(sandbox, root, Limits())


def _print_report(result: GradeResult, again: str | None = None) -> None:
    """The report at the terminal's width (80 when piped), coloured on a terminal, with no
    trailing spaces."""
    console = _rich.Console(highlight=False)
    click.echo(terminal.render(result, width=console.width, color=console.is_terminal,
                               again=again), nl=False)


def _emit(data: dict, out: Path | None) -> None:
    """The result to ``out`` (atomically), or to stdout."""
    text = _json.dumps(data)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        _json.write_atomic(out, text)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write the result to {out}: "
                                 f"{_json.why_unwritable(out, exc)}") from None


def _guard(run, failed=None) -> int:
    """Run a command; turn errors into one-line messages and exit codes (see EXIT_CODES).
    ``failed(exc, trace)`` writes the result of a submission that could not be graded."""
    try:
        return run()
    except GraderError as exc:
        click.echo(f"error: {exc}", err=True)
        if failed is not None:
            failed(exc, "")
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the grader's own bug
        trace = traceback.format_exc()
        click.echo(f"internal error (please report it):\n{trace}", err=True)
        if failed is not None:
            failed(exc, trace)
        return 3


def main() -> None:
    cli(prog_name="grader")
