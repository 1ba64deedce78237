"""Result records: what grading one submission produced. Plain, frozen, serialisable."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Found:
    """A named mistake with the evidence, in the student's terms."""

    id: str
    message: str


@dataclass(frozen=True)
class TestResult:
    name: str
    """Title of the check, e.g. ``mse_loss: loss and dpred match the reference``."""
    function: str
    """Qualified name of the graded function as defined (``Model.predict``)."""
    check: str
    """The check kind (value, gradient, regularization, ...)."""
    status: str
    """``passed``, ``failed`` (wrong answer) or ``error`` (could not run: crash, timeout, ...)."""
    score: float
    max_score: float
    mistakes: tuple[Found, ...] = ()
    output: str = ""
    """Feedback text: what was checked, what was observed, the fix."""
    hidden: bool = False
    """Graded on hidden inputs: feedback shows shapes only, never values."""
    evidence: dict = field(default_factory=dict)
    """Machine-readable numbers behind the verdict (errors, ratios, timings, tolerances)."""
    extra_credit: bool = False
    """Its points add to the score but not to the total (an optional part)."""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def unchecked(self) -> bool:
        """Not run by a pre-check bundle: it needs the course's grader."""
        return bool(self.evidence.get("not_in_bundle"))


@dataclass(frozen=True)
class GradeResult:
    assignment: str
    assignment_title: str
    spec_hash: str
    grader_version: str
    seed: int | None
    """The public seed, or None when the inputs came from a hidden seed (never written)."""
    hidden: bool
    submission: str
    submission_hash: str
    backend: str
    tests: tuple[TestResult, ...]
    timings: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """Submission-level remarks (files that did not parse, where functions were found)."""
    log: str = ""
    """The tail of what the sandbox wrote to its stdout/stderr outside the graded calls (at
    import, from C code, a crash's trace); capped, and empty on hidden inputs."""
    status: str = "graded"
    """``graded``; ``ungraded`` (the submission could not be used, the student's problem: the
    reason is in ``notes``); ``error`` (the grader itself failed: never the student's fault)."""
    max_points: float | None = None
    """The assignment's points, for a result that has no tests (ungraded or error)."""
    staff_notes: tuple[str, ...] = ()
    """About the grader's own environment (a sandbox fallback, a failure's trace): for whoever
    runs the grader and course staff, never in a student's LMS feedback."""
    edition: str = ""
    """The assignment's edition that graded it (``2017-2020``), empty when it has one."""
    schema_version: int = SCHEMA_VERSION

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        if not self.tests and self.max_points is not None:
            return self.max_points
        return round(sum(t.max_score for t in self.tests if not t.extra_credit), 6)

    @property
    def extra_credit(self) -> float:
        """The extra credit earned (part of ``score``, not of ``max_score``)."""
        return round(sum(t.score for t in self.tests if t.extra_credit), 6)

    @property
    def all_passed(self) -> bool:
        """Every check that ran passed (a pre-check bundle cannot run some: not counted), extra
        credit aside: it is optional."""
        return self.status == "graded" and all(t.passed for t in self.tests
                                               if not t.unchecked and not t.extra_credit)

    @property
    def unchecked(self) -> int:
        """Checks a pre-check bundle could not run (they need the course's grader)."""
        return sum(t.unchecked for t in self.tests)

    @property
    def internal_errors(self) -> int:
        """Checks the grader could not judge because of its own bug (never the student's)."""
        return sum("internal_error" in t.evidence for t in self.tests)

    def functions(self) -> dict[str, list[TestResult]]:
        grouped: dict[str, list[TestResult]] = {}
        for test in self.tests:
            grouped.setdefault(test.function, []).append(test)
        return grouped

    def to_dict(self) -> dict:
        data = asdict(self)
        data["score"], data["max_score"] = self.score, self.max_score
        return data

    @classmethod
    def from_dict(cls, data: dict) -> GradeResult:
        fields = {k: v for k, v in data.items() if k not in ("score", "max_score")}
        fields["tests"] = tuple(
            TestResult(**{**t, "mistakes": tuple(Found(**m) for m in t["mistakes"])})
            for t in data["tests"]
        )
        fields["notes"] = tuple(data.get("notes", ()))
        fields["staff_notes"] = tuple(data.get("staff_notes", ()))
        return cls(**fields)
