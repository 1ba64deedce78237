"""``grader batch``: grade every submission of a class, in parallel, resumably.

The main process discovers the submissions, skips those already in the store, hands the rest
to an executor (worker processes here, or Dask workers anywhere) and records each result in
the store as it arrives. Outputs are then written from the store, so they are complete and
consistent however often the batch was interrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from grader import __version__
from grader.batch.layouts import Entry, canvas_filename, discover
from grader.batch.store import Store, result_key
from grader.errors import EnvironmentProblem, GraderError, SubmissionError, UsageError
from grader.formats.results_json import writable_folder, write_atomic

STORE_NAME = "grades.sqlite"


@dataclass(frozen=True)
class Job:
    """One submission to grade: everything a worker (on any machine) needs, as plain data."""

    key: str
    student: str
    assignment: str
    """The assignment name, or the path of a spec file."""
    sources: tuple[tuple[str, str], ...]
    """(relative path in the submission, where the file is) for every file."""
    single: bool
    """The submission is one file (a zip, a notebook or a .py), not a folder."""
    seed: int | None
    hidden: bool
    sandbox: str
    call_seconds: float | None
    """--timeout: replaces the spec's time limits (None: the spec's)."""
    device: str = "cpu"
    files: tuple[tuple[str, bytes], ...] = ()
    """The files' contents, for a worker that cannot read ``sources`` (a Dask worker on
    another machine); empty for local workers, which read them when they grade."""
    notes: tuple[str, ...] = ()
    """What the layout says about this submission (a malformed metadata record)."""


@dataclass
class BatchReport:
    """What a run did."""

    total: int = 0
    reused: int = 0
    """Already in the store (graded by an earlier run)."""
    graded: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    """Student -> why the grader could not grade them (nothing was stored; a rerun retries)."""
    seconds: float = 0.0
    written: set[str] = field(default_factory=set)
    """Students whose own files (result, feedback) this run wrote."""


def entry_sources(entry: Entry) -> tuple[tuple[str, str], ...]:
    """(relative path, file) for the submission's files; a Canvas download's files get back
    the names the student gave them."""
    sources = []
    for path in entry.paths:
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    sources.append((item.relative_to(path).as_posix(), str(item)))
        else:
            name = canvas_filename(path) if entry.meta.get("layout") == "canvas" else path.name
            sources.append((name, str(path)))
    return tuple(sources)


def entry_files(entry: Entry) -> tuple[tuple[str, bytes], ...]:
    """The submission's files as (relative path, bytes)."""
    return read_sources(entry_sources(entry))


def read_sources(sources: tuple[tuple[str, str], ...]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, Path(path).read_bytes()) for name, path in sources)


def content_hash(sources: tuple[tuple[str, str], ...]) -> str:
    """Over names and contents, one file in memory at a time."""
    digest = hashlib.sha256()
    for name, path in sorted(sources):
        digest.update(name.encode() + b"\0" + hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def grade_job(job: Job) -> dict:
    """Grade one submission (in a worker process, here or on a Dask worker): the native
    result as a dict. A submission that cannot be read at all gets a zero record saying why;
    a failure of the grader itself raises (and is retried by the next run)."""
    from grader import Options, find
    from grader.detect import resolve
    from grader.grade import grade_submission
    from grader.sandbox.backends import prestarted
    from grader.submission import open_submission

    spec = find(job.assignment)
    with tempfile.TemporaryDirectory(prefix="grader-batch-") as tmp:
        root = Path(tmp) / "submission"
        root.mkdir()
        for name, data in job.files or read_sources(job.sources):
            target = (root / name).resolve()
            if not target.is_relative_to(root.resolve()):
                continue  # a name that climbs out of the folder: not part of the submission
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        path = root / job.sources[0][0] if job.single and len(job.sources) == 1 else root
        options = Options(seed=job.seed, hidden=job.hidden,
                          hidden_seed=job.seed if job.hidden else None, sandbox=job.sandbox,
                          timeout=job.call_seconds, device=job.device)
        try:
            sub = open_submission(path)
        except (UsageError, SubmissionError) as exc:  # the submission itself is unusable
            result = unreadable(spec, job, str(exc))
        else:  # anything the grader raises from here on is its own problem: not stored
            with sub, prestarted(job.sandbox, sub.root, options.limits) as warm:
                spec = resolve(job.assignment, sub)  # the edition this submission is
                result = grade_submission(spec, sub, options, warm).to_dict()
    result["submission"] = job.student
    result["notes"] = [*job.notes, *result.get("notes", ())]
    return result


def grade_and_render(job: Job) -> tuple[dict, dict[str, str]]:
    """``grade_job`` and the student's own files (``grader.batch.files``), rendered in the
    worker: the batch's main process only writes them."""
    from grader.batch.files import student_files

    result = grade_job(job)
    return result, student_files(job.student, result)


def unreadable(spec, job: Job, why: str) -> dict:
    """A zero result for a submission the grader cannot open (out of the full points)."""
    from grader.grade import Options, not_graded

    options = Options(seed=job.seed, hidden=job.hidden, sandbox=job.sandbox)
    return not_graded(spec, job.student, why, "ungraded", options).to_dict()


def edition_hash(name: str, spec) -> str:
    """What a stored result depends on: the spec's hash, or every edition's when the
    edition is chosen per submission."""
    from grader import assignment as packs

    family = packs.editions(spec.name) if name == spec.name else {}
    if len(family) < 2:
        return spec.spec_hash
    hashes = sorted(packs.find(key).spec_hash for key in family.values())
    return hashlib.sha256("".join(hashes).encode()).hexdigest()


def plan(submissions: Path, assignment: str, seed: int | None, hidden: bool, sandbox: str,
         call_seconds: float | None, device: str = "cpu") -> tuple[list[Entry], list[Job]]:
    from grader import find

    spec = find(assignment)
    family_hash = edition_hash(assignment, spec)
    if not submissions.is_dir():
        raise UsageError(f"{submissions}: expected a folder with one entry per student")
    entries = discover(submissions)
    if not entries:
        raise UsageError(f"{submissions}: no submissions found (folders, .zip, .py or .ipynb)")
    effective = seed if seed is not None or hidden else spec.spec.public_seed
    seed_label = ("hidden:" + hashlib.sha256(str(effective).encode()).hexdigest()[:16]) \
        if hidden else effective
    jobs = []
    for entry in entries:
        sources = entry_sources(entry)
        key = result_key(entry.student, content_hash(sources), family_hash, __version__,
                         seed_label)
        single = len(entry.paths) == 1 and entry.paths[0].is_file()
        notes = (entry.meta["problem"],) if entry.meta.get("problem") else ()
        jobs.append(Job(key, entry.student, assignment, sources, single, effective, hidden,
                        sandbox, call_seconds, device, notes=notes))
    return entries, jobs


def run_batch(submissions: Path, assignment: str, out: Path, *, jobs: int = 2,
              executor: str = "local", scheduler: str | None = None, seed: int | None = None,
              hidden: bool = False, sandbox: str = "auto", call_seconds: float | None = None,
              device: str = "cpu",
              progress: Callable[[int, int, int], None] | None = None,
              ) -> tuple[BatchReport, list[Entry], list[Job]]:
    """Grade what the store lacks; ``progress(done, failed, total)`` after each submission."""
    started = time.monotonic()
    writable_folder(out)
    fresh = not (out / STORE_NAME).exists()  # nothing graded yet: every submission is work
    with contextlib.ExitStack() as stack:
        runner = _dask(scheduler) if executor == "dask" else \
            stack.enter_context(_Local(jobs, assignment if fresh else None))
        entries, planned = plan(submissions, assignment, seed, hidden, sandbox, call_seconds,
                                device)
        report = _grade_todo(runner, planned, out, progress)
    report.seconds = time.monotonic() - started
    return report, entries, planned


def _grade_todo(runner: Runner, planned: list[Job], out: Path,
                progress: Callable[[int, int, int], None] | None) -> BatchReport:
    """Grade the planned submissions the store lacks, storing each result as it comes in."""
    store = Store(out / STORE_NAME)
    try:
        known = store.keys()
        todo = [job for job in planned if job.key not in known]
        report = BatchReport(total=len(planned), reused=len(planned) - len(todo))
        if progress:
            progress(report.reused, 0, report.total)
        for job, done, error in runner(todo):
            result, files = done if error is None else ({}, {})
            if error is None and result.get("grader_version") != __version__:
                error = (f"graded by grader {result.get('grader_version')} on a worker; this "
                         f"batch runs {__version__} (install the same version everywhere)")
            if error is None:
                store.put(job.key, job.student, result, job.seed if not job.hidden else "hidden")
                for rel, text in files.items():  # the student's own files, as they come in
                    write_atomic(out / rel, text)
                report.written.add(job.student)
                report.graded += 1
            else:
                report.failed[job.student] = error
            if progress:
                progress(report.reused + report.graded, len(report.failed), report.total)
    finally:
        store.close()
    return report


CONNECT_SECONDS = 10
Runner = Callable[[list[Job]], Iterator[tuple[Job, dict | None, str | None]]]


class _Local:
    """Worker processes on this machine. Given the assignment (a fresh batch: every
    submission is work), they start on entering and load the grader and the assignment while
    the class is planned; otherwise only once there is something to grade."""

    def __init__(self, workers: int, warm_for: str | None = None) -> None:
        self.workers, self.warm_for = max(1, workers), warm_for
        self.pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            context = get_context("spawn")  # no threads or locks inherited from this process
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self.pool

    def __enter__(self) -> _Local:
        if self.warm_for is not None:
            pool = self._start()
            for _ in range(self.workers):
                pool.submit(warm, self.warm_for)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def __call__(self, todo: list[Job]):
        if not todo:
            return
        pool = self._start()
        pending = {pool.submit(grade_and_render, job): job for job in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                yield job, *_outcome(future)


def warm(assignment: str) -> None:
    """A worker's imports and the assignment's loading, done before its first submission.
    Its failure is not reported here: the submissions' own grading reports it."""
    try:
        import grader.batch.files  # noqa: F401
        import grader.grade  # noqa: F401
        from grader import find

        find(assignment).reference_package  # noqa: B018 - imported for its side effect
    except Exception:  # noqa: BLE001
        pass


def _dask(scheduler: str | None) -> Runner:
    def run(todo: list[Job]):
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise UsageError("--executor dask needs Dask: pip install 'cs231n-grader[dask]'") \
                from None
        if not scheduler:
            raise UsageError("--executor dask needs --scheduler tcp://HOST:PORT")
        if not todo:
            return
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            raise EnvironmentProblem(f"cannot reach the Dask scheduler at {scheduler} "
                                     f"({type(exc).__name__}: {exc})") from None
        with client:
            futures = {client.submit(grade_and_render,
                                     replace(job, files=read_sources(job.sources)),
                                     key=f"grade-{job.key[:16]}-{job.student}",
                                     pure=False): job for job in todo}
            for future in as_completed(futures):
                yield futures[future], *_outcome(future)
    return run


def _outcome(future) -> tuple[tuple | None, str | None]:
    try:
        return future.result(), None
    except GraderError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a worker's failure: reported, retried next run
        trace = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return None, trace[-2000:]


def clean_store(out: Path) -> None:
    """Forget every stored result (``--fresh``)."""
    for suffix in ("", "-wal", "-shm"):
        path = out / (STORE_NAME + suffix)
        if path.exists():
            path.unlink()


__all__ = ["BatchReport", "Job", "clean_store", "grade_and_render", "grade_job", "plan",
           "run_batch"]
