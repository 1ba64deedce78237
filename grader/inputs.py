"""Seeded input recipes. Each recipe validates its parameters and draws float64 inputs.

The engine has one, ``declared`` (inputs described in the spec); a pack registers its own in
its ``generators.py`` with ``@recipe(name, ParamsModel)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from grader.registry import refuse_other_code, source_file
from grader.sandbox.wire import TorchDtype  # noqa: F401 - a model's dtype= input, for recipes
from grader.tensors import DEVICE  # noqa: F401 - a model's device= input, for recipes


class RecipeParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Recipe:
    name: str
    params: type[RecipeParams]
    draw: Callable[[RecipeParams, np.random.Generator], dict[str, object]]
    origins: frozenset[str] = frozenset()
    """The files that registered it (two packs may carry the same recipe, word for word)."""


RECIPES: dict[str, Recipe] = {}


def recipe(name: str, params: type[RecipeParams]):
    """Register an input recipe under ``name``: ``draw(params, rng) -> {input name: value}``.
    A name another file registered already must come with the same code (a copy), or the
    registration fails: recipes of two packs must not silently replace each other."""

    def register(draw):
        origin = source_file(draw)
        known = RECIPES.get(name)
        if known is not None and origin not in known.origins:
            refuse_other_code("input recipe", name, known.origins, (known.draw, known.params),
                              (draw, params))
            RECIPES[name] = replace(known, origins=known.origins | {origin})
        else:
            RECIPES[name] = Recipe(name, params, draw, frozenset({origin}))
        return draw

    return register


def draw(recipe_name: str, params: dict, rng: np.random.Generator) -> dict[str, object]:
    spec = RECIPES[recipe_name]
    return spec.draw(spec.params(**params), rng)


# --------------------------------------------------------------------------- declared inputs


class DeclaredParams(RecipeParams):
    """Inputs declared in the spec itself. Every other key of the case is a size (``N: 4``)
    that the shapes name; share the declaration between cases with a YAML anchor and merge
    key: ``cases: [{<<: *inputs, N: 4, D: 5}, {<<: *inputs, N: 1, D: 3}]``."""

    model_config = ConfigDict(extra="allow", frozen=True)
    inputs: dict[str, object] = Field(
        min_length=1, description="input name -> {array: [N, D], scale, gap, low, high} | "
        "{labels: [N], classes: C} | {dim: N} | {seed: true} | {dict: {key: form}} | "
        "{value: anything} | a number, string or list (passed as it is)")
    set: dict[str, object] = Field(default_factory=dict, description="per case: replace one "
                                   "input or a dict's entry (\"bn_param.mode\": test)")

    @model_validator(mode="after")
    def _resolves(self) -> DeclaredParams:
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
                raise ValueError(f"{key}: a size must be an integer in 0..100000 (the declared "
                                 f"recipe takes inputs, set and sizes), got {value!r}")
        rng = np.random.default_rng(0)  # every form and size resolves (drawn once, thrown away)
        for name, form in self.inputs.items():
            _draw_form(name, form, self.sizes, rng)
        return self

    @property
    def sizes(self) -> dict[str, int]:
        return dict(self.model_extra or {})


FORMS = ("array", "labels", "dim", "seed", "dict", "value")


@recipe("declared", DeclaredParams)
def declared(p: DeclaredParams, rng: np.random.Generator) -> dict[str, object]:
    """The spec's own inputs: arrays of symbolic shapes (standard normal times ``scale``,
    uniform in [low, high), or kept ``gap`` away from 0 where a kink is), integer labels in
    ``range(classes)``, sizes, seeds, dicts of any of these, and plain values, drawn in the
    order declared."""
    out = {name: _draw_form(name, form, p.sizes, rng) for name, form in p.inputs.items()}
    for path, form in p.set.items():
        name, _, key = path.partition(".")
        value = _draw_form(path, form, p.sizes, rng)
        if key:
            if not isinstance(out.get(name), dict):
                raise ValueError(f"set {path!r}: {name!r} is not a dict input")
            out[name] = {**out[name], key: value}
        else:
            out[name] = value
    return out


def _draw_form(name: str, form: object, sizes: dict[str, int], rng: np.random.Generator):
    if not isinstance(form, dict):
        return form  # a number, string, list or None: passed as it is
    kinds = [k for k in FORMS if k in form]
    if len(kinds) != 1:
        raise ValueError(f"{name}: declare exactly one of {', '.join(FORMS)} "
                         f"(got the keys {', '.join(map(str, form)) or 'none'})")
    kind = kinds[0]
    allowed = {"array": {"scale", "gap", "low", "high"}, "labels": {"classes"}}.get(kind, set())
    extra = set(form) - {kind} - allowed
    if extra:
        raise ValueError(f"{name}: unknown key(s) {', '.join(sorted(map(str, extra)))} for "
                         f"{kind} (it takes {', '.join(sorted(allowed)) or 'none'})")
    if kind == "value":
        return form["value"]
    if kind == "dim":
        return _size(name, form["dim"], sizes)
    if kind == "seed":
        return int(rng.integers(0, 2**31 - 1))
    if kind == "dict":
        if not isinstance(form["dict"], dict):
            raise ValueError(f"{name}: dict takes a mapping of entries")
        return {str(k): _draw_form(f"{name}.{k}", v, sizes, rng) for k, v in form["dict"].items()}
    shape = form[kind]
    if not isinstance(shape, list):
        raise ValueError(f"{name}: {kind} takes a shape, a list of sizes (e.g. [N, D])")
    dims = tuple(_size(name, d, sizes) for d in shape)
    if kind == "labels":
        classes = _size(name, form.get("classes", 2), sizes)
        if classes < 1:
            raise ValueError(f"{name}: labels need at least one class")
        return rng.integers(0, classes, dims).astype(np.int64)
    if "low" in form or "high" in form:
        low, high = float(form.get("low", 0.0)), float(form.get("high", 1.0))
        if not low < high:
            raise ValueError(f"{name}: low must be below high")
        return rng.uniform(low, high, dims)
    x = rng.standard_normal(dims) * float(form.get("scale", 1.0))
    gap = float(form.get("gap", 0.0))
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * (gap + np.abs(x)), x) if gap else x


def _size(name: str, dim: object, sizes: dict[str, int]) -> int:
    if isinstance(dim, int) and not isinstance(dim, bool):
        return dim
    if isinstance(dim, str) and dim in sizes:
        return sizes[dim]
    known = ", ".join(sorted(sizes)) or "none"
    raise ValueError(f"{name}: the size {dim!r} is not given by the case (its sizes: {known})")
