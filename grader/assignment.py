"""Assignment packs: find them, load their specs into validated, typed models, import their
reference packages and input generators. The engine ships no assignment: packs come from
``GRADER_ASSIGNMENTS_PATH`` and from installed distributions (the ``grader.packs`` entry
point; the shipped courses are the ``cs231n-grader-packs`` distribution).

Errors name the file, the line and the field, with a "did you mean" for unknown keys.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.util
import re
import sys
import typing
from functools import cache, cached_property, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal, Union

import numpy as np
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from grader import inputs
from grader.errors import SpecError, UsageError
from grader.inputs import RECIPES
from grader.specfiles import (  # noqa: F401 - finding and reading spec files (re-exported)
    NONE_INSTALLED,
    PACK_FILE,
    PATH_ENV,
    Outline,
    _extended,
    _line,
    _parse,
    _years,
    available,
    edition_label,
    editions,
    outline,
    search_path,
    versions,
)
from grader.starter import FINGERPRINTS

GENERATORS = "generators.py"  # a pack's own input recipes, beside its spec
CHECKS = "checks.py"  # a pack's own check kinds, beside its spec


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Output(Model):
    name: str
    kind: Literal["scalar", "array", "labels", "dict", "list", "opaque"]
    like: str | None = Field(None, description="the input whose shape (or keys) this output has")
    shape: list[str | int] | None = Field(None, description='e.g. ["X.0", "X_train.0"]')
    length: str | None = Field(None, description="for lists: the input giving the length")
    keys: list[str] | None = Field(None, description="for dicts: compare only these keys "
                                   "(e.g. an optimizer's state, not its hyperparameters)")
    from_arg: str | None = Field(None, description="not returned: the argument of this name "
                                 "as it is after the call (with key: one of its entries)")
    key: str | None = None
    squeeze: bool = Field(False, description="accept the same entries in a shape that differs "
                          "only by axes of length 1 (a (C,) dgamma for a (1, C, 1, 1) gamma)")


class CheckBase(Model):
    points: float = Field(ge=0, description="points for passing this check")
    name: str | None = Field(None, description="title shown to students (default: per kind)")
    hidden: bool = Field(False, description="graded only with --hidden inputs; never shown early")
    part: str | None = Field(None, description="a named part of the assignment (`lstm`): the "
                             "spec's `extra_credit` may make its checks extra credit")


class Compared(CheckBase):
    """A check that compares outputs: |actual - expected| <= atol + rtol * |expected|."""

    rtol: float = Field(1e-7, gt=0)
    atol: float = Field(1e-10, ge=0)


class ValueCheck(Compared):
    """Outputs equal the reference on several inputs."""

    kind: Literal["value"]
    cases: list[dict] = Field(min_length=1)
    outputs: list[Output] | None = Field(None, description="compare another mode's outputs")


class RegularizationCheck(CheckBase):
    """The regularization term alone: outputs at reg and at 0 differ by reg·ΣW² and 2·reg·W."""

    kind: Literal["regularization"]
    case: dict
    reg: float = Field(gt=0, description="the strength tried (against 0)")
    param: str = Field(description="the regularized input; the gradient is the function's "
                       "second output")
    strength: str = Field(description="the argument that is the strength")
    examples: str | None = Field(None, description="the input whose first dimension is N "
                                 "(names a gradient divided by N)")
    loss_coefficient: float = Field(1.0, description="the loss grows by this·reg·ΣW²")
    grad_coefficient: float = Field(2.0, description="the gradient grows by this·reg·W")
    rtol: float = Field(1e-6, gt=0)


class GradientCheck(CheckBase):
    """The student's own gradient matches central differences of the student's own loss."""

    kind: Literal["gradient"]
    cases: list[dict] = Field(min_length=1)
    wrt: str = Field(description="the input the second output is the gradient for")
    directions: int = Field(3, ge=1, le=50)
    step: float = Field(1e-6, gt=0)
    rtol: float = Field(1e-5, gt=0)


class ConsistencyCheck(Compared):
    """Two of the student's functions agree (naive vs vectorized)."""

    kind: Literal["consistency"]
    other: str
    cases: list[dict] = Field(min_length=1)


class StabilityCheck(Compared):
    """Outputs stay finite and correct when scores are huge: the case's recipe takes
    ``offset`` (every score of a row shifted by it) and ``mixed_offsets`` (rows shifted up or
    down at random); a control input without the offset comes first."""

    kind: Literal["stability"]
    case: dict
    shift: str = Field(description="the recipe's parameter that shifts every score of a row "
                       "(the case gives its size)")
    mixed: str | None = Field(None, description="the recipe's parameter (a flag) that shifts "
                              "rows up or down at random")
    overflow: str = Field(description="the mistake id named when outputs turn nan/inf once "
                          "every score is shifted (no shift before exp)")
    uneven: str | None = Field(None, description="the mistake id named when only rows shifted "
                               "up or down at random break (a shift by the global maximum)")


class VectorizedCheck(Compared):
    """No Python loops, and a host-measured cost far below the naive version's."""

    kind: Literal["vectorized"]
    naive: str | None = Field(None, description="the loop version to be much faster than")
    max_loops: int = Field(0, ge=0, description="loops allowed (the one-loop version: 1)")
    case: dict
    max_ratio: float = Field(0.25, gt=0, le=1)
    floor_seconds: float = Field(0.02, ge=0)
    repeats: int = Field(3, ge=1, le=10)


class BackwardCheck(CheckBase):
    """A backward function against numeric derivatives of the reference forward (host side)."""

    kind: Literal["backward"]
    cases: list[dict] = Field(min_length=1)
    forward: str = Field(description="module:function of the reference forward pass")
    inputs: list[str] = Field(min_length=1, description="the forward's arguments, by name")
    fixed: list[str] = Field(default_factory=list, description="further arguments of the "
                             "forward, passed as they are (a layer's parameter dict)")
    blocks: dict[str, str] = Field(description="gradient output -> the input it differentiates")
    upstream: str = Field(description="the input that is the upstream gradient")
    step: float = Field(1e-6, gt=0)
    rtol: float = Field(1e-6, gt=0)


class AutogradCheck(CheckBase):
    """A PyTorch forward pass differentiated by autograd: the sandbox calls it on fresh leaf
    tensors for ``wrt``, back-propagates the upstream gradients from its outputs, and the
    host compares each leaf's ``.grad`` with numeric derivatives of the reference forward
    (per block, along a random direction)."""

    kind: Literal["autograd"]
    cases: list[dict] = Field(min_length=1)
    wrt: list[str] = Field(min_length=1, description="the inputs differentiated (float "
                           "parameters of the function)")
    upstream: list[str] = Field(min_length=1, description="the inputs that are the upstream "
                                "gradients of the outputs, in the outputs' order")
    step: float = Field(1e-6, gt=0)
    rtol: float = Field(1e-6, gt=0)

    @property
    def outputs(self) -> list[Output]:
        """What comes back: one gradient per input differentiated, shaped like it."""
        return [Output(name=f"d{w}", kind="array", like=w) for w in self.wrt]


class ZeroUpstreamCheck(CheckBase):
    """All-zero upstream gradient in, all-zero gradients out."""

    kind: Literal["zero_upstream"]
    case: dict
    upstream: str = Field(description="the input that is the upstream gradient (set to zeros)")


class InitCheck(CheckBase):
    """A constructor: the parameters it stores (names and shapes, dimensions named by
    inputs), zeros where zeros belong, random weights of the scale it was given, and the
    arguments it must keep as attributes."""

    kind: Literal["init"]
    cases: list[dict] = Field(min_length=1)
    attr: str = Field(description="the instance attribute holding the parameters (a dict)")
    shapes: dict[str, list[str]] = Field(description='entry -> shape, e.g. {W1: [input_dim, '
                                         'hidden_dim]}')
    zeros: list[str] = Field(default_factory=list, description="entries that start all zeros")
    ones: list[str] = Field(default_factory=list, description="entries that start all ones "
                            "(a normalization's gamma)")
    scaled: list[str] = Field(default_factory=list, description="entries drawn with standard "
                              "deviation given by the `scale` argument")
    scale: str | None = Field(None, description="the argument that is that standard deviation")
    kept: list[str] = Field(default_factory=list, description="arguments stored as attributes "
                            "of the same name")
    fix: str = Field("", description="what the feedback says to do (e.g. the starter's line)")

    @model_validator(mode="after")
    def _entries(self) -> InitCheck:
        unknown = [e for e in [*self.zeros, *self.ones, *self.scaled] if e not in self.shapes]
        if unknown:
            raise ValueError(f"zeros/ones/scaled name {unknown}, which are not in shapes")
        if self.scaled and not self.scale:
            raise ValueError("scaled entries need `scale`: the argument giving their std")
        return self


class MutationCheck(CheckBase):
    """The inputs the host sent are unchanged after the call (usually 0 points: a warning)."""

    kind: Literal["mutation"]
    case: dict


BUILTIN_CHECKS = (ValueCheck, RegularizationCheck, GradientCheck, ConsistencyCheck,
                  StabilityCheck, VectorizedCheck, BackwardCheck, AutogradCheck, ZeroUpstreamCheck,
                  MutationCheck, InitCheck)
BUILTIN_KINDS = {typing.get_args(m.model_fields["kind"].annotation)[0]: m for m in BUILTIN_CHECKS}


def _check_tag(value: object) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if kind in BUILTIN_KINDS else "pack"


def _pack_check(value: object) -> BaseModel:
    """A check of a kind a pack registered (its ``checks.py``), validated by that kind's own
    model."""
    from grader.checks import MODELS

    if isinstance(value, BaseModel):
        return value
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind not in MODELS:
        known = sorted({*BUILTIN_KINDS, *MODELS})
        close = difflib.get_close_matches(str(kind), known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown check kind {kind!r}{hint}; known: {', '.join(known)} (a "
                         "pack registers its own in checks.py)")
    return MODELS[kind].model_validate(value)


Check = Annotated[
    Union[tuple(Annotated[m, Tag(k)] for k, m in BUILTIN_KINDS.items())
          + (Annotated[Any, PlainValidator(_pack_check), Tag("pack")],)],
    Discriminator(_check_tag),
]


class Proxy(Model):
    """A reference function the student's code calls through the host."""

    where: Literal["self", "global", "arg"] = Field(
        "global", description="self: an instance attribute; global: a name in the student's "
        "module; arg: the argument of that name (a callable the function is given)")
    attrs: list[str] = Field(default_factory=list, description="instance attributes to send")
    target: str | None = Field(None, description="the reference package's PROXIES entry that "
                               "answers it (default: the same name)")


class Autograd(Model):
    """Grade a torch function by differentiating through it in the sandbox: the inputs named
    in ``wrt`` become leaves, ``backward`` runs with ``upstream``, and their ``.grad`` are the
    outputs."""

    wrt: list[str] = Field(min_length=1)
    upstream: str


class Prepare(Model):
    """An argument that only the student's own code can make: call another graded function of
    theirs first and pass one of its outputs (a backward pass's ``cache`` from their forward
    pass, whose contents the starter leaves to them)."""

    function: str = Field(description="the graded function to call first")
    args: list[str] = Field(description="its arguments, by input name")
    output: int = Field(1, ge=0, description="which of its outputs to pass")
    param: str = Field(description="the parameter that receives it")


class BuildCall(Model):
    method: str = Field(description="a method of the student's class, e.g. train")
    args: list[str] = Field(default_factory=list, description="its arguments, by input name")


class Build(Model):
    """How the notebook makes the instance a method is graded on: the student's own
    constructor (keyword arguments by input name), then their own methods (``train``), so
    attributes they name themselves exist. The ``self`` attributes are then set over it. A
    constructor or method that raises falls back to an instance the grader builds, noted in
    the feedback."""

    init: list[str] = Field(default_factory=list, description="constructor arguments by name")
    calls: list[BuildCall] = Field(default_factory=list)


class TimeLimits(Model):
    """How long one call of student code may take. ``--timeout`` on the command line replaces
    both for every call."""

    call_seconds: float | None = Field(None, gt=0, description="wall-clock seconds (default: "
                                       "the grader's, 10)")
    call_cpu_seconds: float | None = Field(None, gt=0, description="CPU seconds, which a "
                                           "loaded machine does not stretch: a call that "
                                           "loops for ever is stopped once it has used them")


class FunctionSpec(Model):
    file: str = Field(description="file name where the starter code defines it")
    params: list[str] = Field(default_factory=list)
    self_attrs: list[str] = Field(default_factory=list, alias="self",
                                  description="instance attributes the grader sets")
    build: Build | None = None
    constructor: bool = Field(False, alias="construct",
                              description="the graded function is a class's constructor")
    return_attrs: list[str] = Field(default_factory=list)
    via: str | None = Field(None, description="call this attribute of the method's class "
                            "instead (``apply`` for a torch.autograd.Function)")
    autograd: Autograd | None = None
    prepare: Prepare | None = None
    proxies: dict[str, Proxy] = Field(default_factory=dict)
    outputs: list[Output] = Field(default_factory=list)
    reference: str = Field(description="module:function inside the reference package")
    recipe: str
    checks: list[Check] = Field(min_length=1)
    time_limits: TimeLimits | None = Field(None, description="this function's own limits "
                                           "(replacing the assignment's)")

    @property
    def is_method(self) -> bool:
        return bool(self.self_attrs) or any(p.where == "self" for p in self.proxies.values())

    @property
    def inputs(self) -> list[str]:
        """The named inputs its reference takes: parameters, instance attributes and the
        upstream gradient of an autograd call (argument proxies excluded)."""
        upstream = [self.autograd.upstream] if self.autograd else []
        prepared = [self.prepare.param] if self.prepare else []
        made = [a for a in self.prepare.args if a not in self.params] if self.prepare else []
        return [*(p for p in self.params
                  if self.proxies.get(p, Proxy()).where != "arg" and p not in prepared),
                *made, *self.self_attrs, *upstream]

    @field_validator("recipe")
    @classmethod
    def _known_recipe(cls, value: str) -> str:
        if value not in RECIPES:
            raise ValueError(f"unknown recipe {value!r}; known: {', '.join(sorted(RECIPES))}")
        return value


class Marker(Model):
    """Code whose presence in a submission proves an edition."""

    pattern: str = Field(description="a regular expression searched in the submission's code")
    file: str | None = Field(None, description="only in files of this name (default: any)")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class AssignmentSpec(Model):
    schema_version: Literal[1] = Field(alias="schema")
    name: str
    title: str
    conventions: str = ""
    reference: str = Field(description="the reference package: a folder of this name beside "
                           "pack.yaml")
    detect: list[str] = Field(default_factory=list, description="file names that identify it")
    provided: list[str] = Field(default_factory=list, description="modules the course provides "
                                "and students import but do not hand in (``a3_helper``): a "
                                "submission without them imports inert stand-ins, and a graded "
                                "call that reaches one is told so")
    public_seed: int = 0
    framework: Literal["numpy", "torch"] = Field(
        "numpy", description="torch: inputs cross as float64/int64 tensors and outputs must "
        "be tensors of the inputs' dtype and device")
    starter: str | None = Field(None, description="starter code (relative to this file) that "
                                "`grader validate` checks scores 0")
    edition: str | None = Field(None, description="the edition (course year) this spec grades: "
                                "a year (`2016`) or a range (`2017-2020`); `pack@EDITION.yaml` "
                                "beside `pack.yaml` is another edition of the same assignment, "
                                "chosen from the submission or forced with `NAME@YEAR`")
    markers: list[Marker] = Field(default_factory=list, description="code that proves this "
                                  "edition when a submission holds it (a docstring line, a "
                                  "signature the starter wrote): each found counts towards "
                                  "choosing it")
    extends: str | None = Field(None, description="a spec file beside this one whose fields "
                                "and functions this one inherits: its own fields replace the "
                                "base's, its `functions` entries replace the base's of the "
                                "same name and `NAME: null` drops one")
    variants: str = Field("VARIANTS", description="the reference package's attribute that "
                          "holds this spec's known-mistake variants (an edition with other "
                          "conventions has other mistakes)")
    accepted: str = Field("ACCEPTED", description="the reference package's attribute that "
                          "holds the harmless variations that must keep every point")
    extra_credit: list[str] = Field(default_factory=list, description="parts (the checks' "
                                    "`part`) that are extra credit in this edition: their "
                                    "points add to the score, not to the total")
    time_limits: TimeLimits = Field(default_factory=TimeLimits, description="how long one "
                                    "call of student code may take (a function's own "
                                    "`time_limits` replace these)")
    functions: dict[str, FunctionSpec] = Field(min_length=1)

    @property
    def years(self) -> tuple[int, int] | None:
        """The edition's first and last year, when its label is a year or a range of years."""
        return _years(self.edition or "")

    @property
    def points(self) -> float:
        """What the whole assignment is worth: every check's points but extra credit's."""
        return float(sum(c.points for f in self.functions.values() for c in f.checks
                         if not self.is_extra_credit(c)))

    @property
    def extra_points(self) -> float:
        """What its extra credit adds at most."""
        return float(sum(c.points for f in self.functions.values() for c in f.checks
                         if self.is_extra_credit(c)))

    def is_extra_credit(self, check) -> bool:
        return getattr(check, "part", None) in self.extra_credit

    @model_validator(mode="after")
    def _cross_references(self) -> AssignmentSpec:
        parts = {getattr(c, "part", None) for f in self.functions.values() for c in f.checks}
        unknown = sorted(set(self.extra_credit) - parts)
        if unknown:
            raise ValueError(f"extra_credit names {', '.join(map(repr, unknown))}, which no "
                             f"check has as its part")
        for fname, fn in self.functions.items():
            for check in fn.checks:
                other = getattr(check, "other", None) or getattr(check, "naive", None)
                if other is not None and other not in self.functions:
                    raise ValueError(f"{fname}: check {check.kind} names unknown function {other!r}")
            if fn.prepare and fn.prepare.function not in self.functions:
                raise ValueError(f"{fname}: prepare names unknown function {fn.prepare.function!r}")
        return self


class Assignment:
    """A loaded spec with its source, hash and reference code."""

    def __init__(self, spec: AssignmentSpec, path: Path, text: str,
                 bases: tuple[Path, ...] = ()) -> None:
        self.spec, self.path, self.text, self.bases = spec, path, text, bases

    edition_note: str = ""
    """How the edition was chosen (detected from the submission, or forced), for the report."""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def key(self) -> str:
        """The name that finds exactly this spec: ``NAME`` or ``NAME@EDITION``."""
        return f"{self.name}@{self.spec.edition}" if edition_label(self.path) else self.name

    @property
    def variants(self) -> tuple:
        """This spec's known-mistake variants (``grader.variants.Variant``)."""
        return tuple(getattr(self.reference_package, self.spec.variants, ()))

    @property
    def accepted(self) -> tuple:
        """Harmless variations that must keep every point."""
        return tuple(getattr(self.reference_package, self.spec.accepted, ()))

    @property
    def starter_path(self) -> Path | None:
        """The spec's starter code, when it exists here (a source checkout)."""
        if not self.spec.starter:
            return None
        path = (self.path.parent / self.spec.starter).resolve()
        return path if path.exists() else None

    @cached_property
    def reference_package(self) -> ModuleType:
        package = _import_reference(self.spec.reference, self.path)
        if hasattr(package, "MISTAKES"):  # a pack's own mistakes join the catalogue
            from grader import catalogue

            catalogue.declare(package.MISTAKES, f"{self.spec.reference} (MISTAKES)")
        return package

    def reference(self, function: str):
        return self.reference_named(self.spec.functions[function].reference)

    def reference_named(self, target: str):
        """``module:function`` inside this assignment's reference package."""
        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(f"{self.reference_package.__name__}.{module}"), attr)

    def pack_files(self) -> dict[str, Path]:
        """What a copy of this pack needs, laid out as a pack folder: ``pack.yaml``, the
        reference package (under its own name) and the generators, each relative name mapped
        to its source here (the starter's fingerprints too, where they were written)."""
        files = {self.path.name: self.path}
        for base in self.bases:  # an edition: the specs it extends
            files[base.name] = base
        fingerprints = self.path.with_name(self.path.stem + FINGERPRINTS)
        for name in (GENERATORS, CHECKS):
            if (self.path.parent / name).is_file():
                files[name] = self.path.parent / name
        if fingerprints.is_file():
            files[self.path.stem + FINGERPRINTS] = fingerprints
        root = Path(self.reference_package.__file__).parent
        for source in sorted(root.rglob("*")):
            if source.is_file() and "__pycache__" not in source.parts and source.suffix != ".pyc":
                files[f"{self.spec.reference}/{source.relative_to(root).as_posix()}"] = source
        return files

    @cached_property
    def spec_hash(self) -> str:
        """SHA-256 over the spec text and the reference sources: changes when grading changes."""
        root = Path(self.reference_package.__file__).parent
        sources = tuple((s.relative_to(root).as_posix(), s.stat().st_mtime_ns, s.stat().st_size)
                        for s in sorted(root.rglob("*.py")))
        return _spec_hash(self.text, root, sources)


@lru_cache(maxsize=64)
def _spec_hash(text: str, root: Path, sources: tuple) -> str:
    """``Assignment.spec_hash``'s work, once per version of the reference files (a batch
    loads its spec for every submission)."""
    digest = hashlib.sha256(text.encode())
    for rel, _, _ in sources:
        digest.update(rel.encode() + (root / rel).read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- loading


def load(path: Path) -> Assignment:
    """The spec at ``path`` (a file or a pack folder), validated. Parsing is done once per
    version of the folder's spec files (detection and batches load every edition per
    submission); each call returns an Assignment of its own (its edition note is per grading)."""
    if path.is_dir():
        path = path / PACK_FILE
    return Assignment(*_load(path, versions(path)))


@cache
def _load(path: Path, seen: tuple) -> tuple[AssignmentSpec, Path, str, tuple[Path, ...]]:
    """``load``'s work, keyed by the spec and the versions of the spec files beside it."""
    text = path.read_text()
    _import_generators(path)
    data, lines = _parse(path, text)
    where = {(): (path, lines)}  # which file an error location is in
    bases: tuple[Path, ...] = ()
    if data.get("extends") is not None:
        data, bases = _extended(path, data, lines, where)
    label = edition_label(path)
    if label is not None:
        if data.get("edition") not in (None, label):
            raise SpecError(f"{path}:{_line(lines, ('edition',))}: edition: "
                            f"{data['edition']!r}, but the file is named for edition {label!r}")
        data["edition"] = label
    if bases or label is not None:  # the text a copy (a bundle) loads alone
        text = (f"# {path.name}" + (f": {bases[0].name} with this edition's changes"
                                    if bases else "") + "\n"
                + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        spec = AssignmentSpec.model_validate(data)
        _recipes_of_this_pack(spec, path)
        _validate_recipe_params(spec)
    except ValidationError as exc:
        raise SpecError(_describe(exc, where)) from None
    except _RecipeError as exc:
        loc, message = exc.args
        file, table = _file_of(where, loc)
        raise SpecError(f"{file}:{_line(table, loc)}: {'.'.join(map(str, loc))}: {message}") from None
    return spec, path, text, bases


def _file_of(where: dict, loc: tuple) -> tuple[Path, dict]:
    return where.get(tuple(loc[:2]), where[()])


class _RecipeError(Exception):
    pass


def _recipes_of_this_pack(spec: AssignmentSpec, path: Path) -> None:
    """Every recipe the spec names is the engine's or this pack's own (one another pack
    registered would work here only when that pack happens to be loaded first)."""
    own = {str((path.parent / GENERATORS).resolve()), str(Path(inputs.__file__).resolve())}
    for fname, fn in spec.functions.items():
        origins = RECIPES[fn.recipe].origins
        if not origins & own:
            raise _RecipeError(("functions", fname, "recipe"), f"the recipe {fn.recipe!r} is "
                               f"not this pack's: it comes from {', '.join(sorted(origins))}; "
                               f"copy it into {path.parent / GENERATORS}")
    from grader.checks import ORIGINS

    mine = str((path.parent / CHECKS).resolve())
    for fname, fn in spec.functions.items():
        for i, check in enumerate(fn.checks):
            if check.kind not in BUILTIN_KINDS and mine not in ORIGINS.get(check.kind, ()):
                raise _RecipeError(("functions", fname, "checks", i), f"the check kind "
                                   f"{check.kind!r} is not this pack's: it comes from "
                                   f"{', '.join(sorted(ORIGINS[check.kind]))}; copy it into "
                                   f"{path.parent / CHECKS}")


def _validate_recipe_params(spec: AssignmentSpec) -> None:
    """Every case must be valid parameters for its function's recipe."""
    for fname, fn in spec.functions.items():
        params = RECIPES[fn.recipe].params
        for i, check in enumerate(fn.checks):
            for field in ("shift", "mixed"):  # a check that sets recipe parameters itself
                name = getattr(check, field, None)
                if name is not None and name not in params.model_fields:
                    raise _RecipeError(("functions", fname, "checks", i, field),
                                       f"{name!r} is not a parameter of recipe {fn.recipe!r}")
            cases = [("cases", j, c) for j, c in enumerate(getattr(check, "cases", []))]
            if hasattr(check, "case"):
                cases.append(("case", None, check.case))
            for key, j, case in cases:
                loc = ("functions", fname, "checks", i, key) + ((j,) if j is not None else ())
                try:
                    params(**case)
                except (ValidationError, TypeError) as exc:
                    errors = exc.errors() if isinstance(exc, ValidationError) else [{}]
                    unknown = [e for e in errors if e.get("type") == "extra_forbidden"]
                    first = (unknown or errors)[0]
                    where = tuple(first.get("loc") or ())[:1]  # () for the whole case
                    msg = first.get("msg", str(exc)).removeprefix("Value error, ")
                    if first.get("type") == "extra_forbidden":
                        msg += _did_you_mean(str(where[0]), params.model_fields)
                    raise _RecipeError(loc + where, msg) from None
        _validate_names(fname, fn, spec)


NAMED_INPUTS = ("param", "strength", "examples", "scale", "wrt", "upstream")  # check fields that name an input


def _validate_names(fname: str, fn: FunctionSpec, spec: AssignmentSpec) -> None:
    """Every input the function, its outputs and its checks name must come out of its recipe."""
    from grader.inputs import draw

    first = fn.checks[0]
    case = (getattr(first, "cases", None) or [getattr(first, "case", {})])[0]
    inputs = draw(fn.recipe, case, np.random.default_rng(0))
    wanted = [("params", n) for n in fn.inputs]
    for out in [*fn.outputs, *[o for c in fn.checks for o in (getattr(c, "outputs", None) or [])]]:
        wanted += [("outputs", out.like)] if out.like else []
        wanted += [("outputs", str(d).partition(".")[0]) for d in out.shape or []
                   if not isinstance(d, int)]
    for check in fn.checks:
        for f in NAMED_INPUTS:  # a name, or a list of names (an autograd check's wrt)
            named = getattr(check, f, None)
            wanted += [("checks", n) for n in ([named] if isinstance(named, str) else
                                                named or [])]
        wanted += [("checks", n) for n in getattr(check, "kept", [])]
    for where, name in wanted:
        if name not in inputs:
            raise _RecipeError(("functions", fname, where),
                               f"{name!r} is not an input of recipe {fn.recipe!r} "
                               f"(it gives {', '.join(sorted(inputs))})")


def _describe(exc: ValidationError, where: dict) -> str:
    messages = []
    for error in exc.errors()[:10]:
        loc = tuple(error["loc"])
        path, lines = _file_of(where, loc)
        field = ".".join(str(p) for p in loc)
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}" + _did_you_mean(str(loc[-1]), _vocabulary())
        messages.append(f"{path}:{_line(lines, loc)}: {field}: {message}")
    return "\n".join(messages)


def _did_you_mean(word: str, vocabulary) -> str:
    close = difflib.get_close_matches(word, list(vocabulary), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _vocabulary() -> set[str]:
    from grader.checks import MODELS

    models = [AssignmentSpec, FunctionSpec, Output, Proxy, Autograd, Prepare, Build, BuildCall,
              *BUILTIN_CHECKS, *MODELS.values()]
    return {name for m in models for name in m.model_fields} | {"schema"}


def _import_reference(package: str, spec_path: Path) -> ModuleType:
    """A pack's reference package: the folder ``package`` beside its ``pack.yaml`` (or
    ``../reference/package`` beside a spec file), imported under a name of its own."""
    for beside in (spec_path.parent / package / "__init__.py",
                   spec_path.parent.parent / "reference" / package / "__init__.py"):
        if beside.is_file():
            return _import_file(beside, f"grader_pack_{package}")
    raise SpecError(f"{spec_path}: reference package {package!r} not found (looked for "
                    f"{spec_path.parent / package}/__init__.py)")


def _import_file(path: Path, prefix: str) -> ModuleType:
    """Import a pack's module (or package, for an ``__init__.py``) from its file under a name
    of its own, unique per file, so that two packs may both call their package ``reference``;
    relative imports inside a package work as usual."""
    path = path.resolve()
    name = f"{prefix}_{hashlib.sha256(str(path).encode()).hexdigest()[:10]}"
    if name not in sys.modules:
        package = path.name == "__init__.py"
        spec = importlib.util.spec_from_file_location(
            name, path, submodule_search_locations=[str(path.parent)] if package else None)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name]


def _import_generators(spec_path: Path) -> None:
    """A pack's ``generators.py`` and ``checks.py`` (beside its spec) register its own input
    recipes (``grader.inputs.recipe``) and check kinds (``grader.checks.register``) before the
    spec, which names them, is validated."""
    for name, prefix in ((GENERATORS, "grader_pack_generators"), (CHECKS, "grader_pack_checks")):
        module = spec_path.parent / name
        if not module.is_file():
            continue
        if name == CHECKS:
            import grader.checks  # noqa: F401 - the engine's kinds first
        try:
            _import_file(module, prefix)
        except Exception as exc:
            import traceback

            raise SpecError(f"{module}: importing the pack's {name} failed:\n"
                            + "".join(traceback.format_exception(exc)).rstrip()) from None


# --------------------------------------------------------------------------- discovery


def _edition_key(name: str, wanted: str, specs: dict[str, Path]) -> str:
    """The spec for ``NAME@WANTED``: the edition labelled WANTED, or the one whose years hold
    the year WANTED."""
    family = editions(name, specs)
    if not family:
        raise UsageError(f"unknown assignment {name!r}{_assignment_hint(name, specs)}; "
                         f"known: {', '.join(sorted(specs)) or 'none'}")
    if wanted in family:
        return family[wanted]
    if wanted.isdigit():
        for label, key in family.items():
            years = _years(label)
            if years and years[0] <= int(wanted) <= years[1]:
                return key
    known = ", ".join(f"{name}@{label}" for label in sorted(family) if label) or "none"
    raise UsageError(f"{name} has no edition {wanted!r}; its editions: {known}")


def _assignment_hint(word: str, specs) -> str:
    """Case-insensitive, and forgiving of swapped characters (cs231n-1a: cs231n-a1)."""
    names = {k.lower(): k for k in specs}
    low = word.lower()
    for name in names:  # the same characters in another order
        if sorted(name) == sorted(low):
            return f" (did you mean {names[name]!r}?)"
    close = difflib.get_close_matches(low, list(names), n=1, cutoff=0.6)
    return f" (did you mean {names[close[0]]!r}?)" if close else ""


def find(name_or_path: str) -> Assignment:
    """The assignment a name (``NAME``, ``NAME@EDITION``, ``NAME@YEAR``), a spec file or a
    pack folder stands for. A bare NAME is its default edition (``pack.yaml``); grading picks
    the edition from the submission (``grader.detect.resolve``)."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file() or (path / PACK_FILE).is_file():
        return load(path)
    specs = available()
    if not specs:
        raise UsageError(NONE_INSTALLED)
    lowered = {k.lower(): k for k in specs}
    if name_or_path not in specs and name_or_path.lower() in lowered:
        name_or_path = lowered[name_or_path.lower()]  # CS231N-A1 is cs231n-a1
    if name_or_path not in specs and "@" in name_or_path:
        name, _, wanted = name_or_path.partition("@")
        name = lowered.get(name.lower(), name)
        return load(specs[_edition_key(name, wanted, specs)])
    if name_or_path not in specs:
        hint = _assignment_hint(name_or_path, specs)
        raise UsageError(f"unknown assignment {name_or_path!r}{hint}; "
                         f"known: {', '.join(sorted(specs)) or 'none'}")
    return load(specs[name_or_path])
