"""Turning what a student's function returned into the declared outputs, or naming why not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.sandbox.wire import Opaque


@dataclass(frozen=True)
class OutputProblem:
    """Why a returned value cannot be compared at all."""

    mistake: str
    message: str


def describe(value: object) -> str:
    """A short, safe description of a returned value (type and shape, never its contents)."""
    if isinstance(value, Opaque):
        return f"an object of type {value.type_name} ({value.why})"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a value of type {type(value).__name__}"


def normalize(value: object, outputs: list, shapes: dict[str, tuple]) -> tuple | OutputProblem:
    """The declared outputs as float64 arrays/floats, or the problem that stops comparison.

    ``outputs`` are the spec's Output models; ``shapes`` maps parameter names to shapes.
    """
    if value is None:
        return OutputProblem("returns_none", "the function returned None")
    if len(outputs) == 1:
        items = (value,)
    elif isinstance(value, (tuple, list)) and len(value) == len(outputs):
        items = tuple(value)
    else:
        names = ", ".join(o.name for o in outputs)
        return OutputProblem("wrong_output_type",
                             f"expected a tuple ({names}), got {describe(value)}")
    result = []
    for spec, item in zip(outputs, items):
        converted = _scalar(item) if spec.kind == "scalar" else _array(item, shapes.get(spec.like))
        if isinstance(converted, OutputProblem):
            return OutputProblem(converted.mistake, f"{spec.name}: {converted.message}")
        result.append(converted)
    return tuple(result)


def _scalar(item: object) -> float | OutputProblem:
    if item is None:
        return OutputProblem("returns_none", "is None")
    if isinstance(item, bool) or not isinstance(item, (int, float, np.number, np.ndarray)):
        return OutputProblem("wrong_output_type", f"expected a number, got {describe(item)}")
    if isinstance(item, np.ndarray):
        if item.size != 1 or item.dtype.kind not in "fiu":
            return OutputProblem("wrong_output_type", f"expected a number, got {describe(item)}")
        item = item.reshape(())[()]
    return float(item)


def _array(item: object, shape: tuple | None) -> np.ndarray | OutputProblem:
    if item is None:
        return OutputProblem("returns_none", "is None")
    if not isinstance(item, np.ndarray):
        return OutputProblem("wrong_output_type", f"expected a numpy array, got {describe(item)}")
    if item.dtype.kind not in "fiu":
        return OutputProblem("wrong_output_type", f"expected numbers, got dtype {item.dtype}")
    if shape is not None and item.shape != tuple(shape):
        return OutputProblem("wrong_output_shape",
                             f"expected shape {tuple(shape)}, got {item.shape}")
    return item.astype(np.float64)


def nonfinite(values: tuple) -> str | None:
    """The name-free description of the first output holding nan or inf, if any."""
    for i, v in enumerate(values):
        arr = np.asarray(v, dtype=np.float64)
        if not np.isfinite(arr).all():
            bad = int((~np.isfinite(arr)).sum())
            return f"{i}:{bad}"
    return None
