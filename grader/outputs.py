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


def split(value: object, count: int) -> tuple | None:
    """The returned items, one per declared output: the value itself for one output, the
    items of a tuple or list of the right length for several; None when it has another
    shape."""
    if count == 1:
        return (value,)
    if isinstance(value, (tuple, list)) and len(value) == count:
        return tuple(value)
    return None


def with_arguments(value: object, outputs: list, after: dict[str, object]) -> object:
    """The value a function "returns" when some declared outputs are arguments it updates in
    place (``from_arg``: running averages kept in a parameter dict): the returned outputs in
    order, the others taken from the arguments as they are after the call."""
    if not any(o.from_arg for o in outputs):
        return value
    count = sum(not o.from_arg for o in outputs)
    returned = () if count == 0 else split(value, count)  # all in place: what it returns is moot
    if returned is None:
        return value  # normalize() names the problem with what was returned
    items = list(returned)
    merged = []
    for spec in outputs:
        if spec.from_arg:
            arg = after.get(spec.from_arg)
            merged.append(arg.get(spec.key) if spec.key and isinstance(arg, dict) else arg)
        else:
            merged.append(items.pop(0))
    return tuple(merged)


def normalize(value: object, outputs: list, inputs: dict[str, object]) -> tuple | OutputProblem:
    """The declared outputs as float64 values, or the problem that stops comparison.

    ``outputs`` are the spec's Output models; ``inputs`` are the call's named inputs (arguments
    and instance attributes), which give the expected shapes.
    """
    if not outputs:
        return ()
    if value is None and not (len(outputs) == 1 and outputs[0].kind == "opaque"):
        return OutputProblem("returns_none", "the function returned None")
    items = split(value, len(outputs))
    if items is None:
        names = ", ".join(o.name for o in outputs)
        return OutputProblem("wrong_output_type",
                             f"expected a tuple ({names}), got {describe(value)}")
    result = []
    for spec, item in zip(outputs, items):
        converted = _convert(spec, item, inputs)
        if isinstance(converted, OutputProblem):
            return OutputProblem(converted.mistake, f"{spec.name}: {converted.message}")
        result.append(converted)
    return tuple(result)


def _convert(spec, item: object, inputs: dict[str, object]) -> object:
    if spec.kind == "opaque":
        return None
    if spec.kind == "scalar":
        return _scalar(item)
    if spec.kind == "dict":
        return _dict(item, inputs.get(spec.like) if spec.like else None, spec.keys)
    if spec.kind == "list":
        length = len(inputs[spec.length]) if spec.length and hasattr(inputs.get(spec.length), "__len__") \
            else int(inputs[spec.length]) if spec.length else None
        return _list(item, length)
    shape = expected_shape(spec, inputs)
    if spec.kind == "labels":
        return _labels(item, shape)
    if spec.squeeze and shape is not None and isinstance(item, np.ndarray) \
            and item.shape != tuple(shape) and _squeezed(item.shape) == _squeezed(shape):
        item = item.reshape(shape)  # the same entries, axes of length 1 aside
    return _array(item, shape)


def _squeezed(shape: tuple) -> tuple:
    return tuple(n for n in shape if n != 1)


def expected_shape(spec, inputs: dict[str, object]) -> tuple | None:
    """``like: X`` -> X's shape; ``shape: ["X.0", "X_train.0", 5]`` -> resolved dimensions."""
    if spec.like is not None:
        return tuple(np.shape(inputs[spec.like]))
    if spec.shape is None:
        return None
    dims = []
    for dim in spec.shape:
        if isinstance(dim, int):
            dims.append(dim)
        else:
            name, _, axis = dim.partition(".")
            value = inputs[name]
            dims.append(int(value) if not axis else int(np.shape(value)[int(axis)]))
    return tuple(dims)


def flatten(outputs: list, values: tuple) -> list[tuple[str, np.ndarray]]:
    """(label, float64 array) for every compared output; dicts become one entry per key."""
    pairs = []
    for spec, value in zip(outputs, values):
        if spec.kind == "opaque":
            continue
        if spec.kind == "dict":
            pairs += [(f"{spec.name}['{k}']", np.asarray(value[k], np.float64)) for k in sorted(value)]
        else:
            pairs.append((spec.name, np.asarray(value, np.float64)))
    return pairs


def _dict(item: object, like: object, keys: list[str] | None = None) -> dict | OutputProblem:
    if not isinstance(item, dict):
        return OutputProblem("wrong_output_type", f"expected a dict, got {describe(item)}")
    if keys is not None:  # only these entries count (an optimizer's state, say)
        missing = [k for k in keys if k not in item]
        if missing:
            return OutputProblem("wrong_output_type", f"the dict has no {', '.join(missing)}")
        out = {}
        for key in keys:
            value = item[key]
            converted = _scalar(value) if np.ndim(value) == 0 and not isinstance(
                value, np.ndarray) else _array(value, None)
            if isinstance(converted, OutputProblem):
                return OutputProblem(converted.mistake, f"[{key!r}]: {converted.message}")
            out[key] = np.asarray(converted, np.float64)
        return out
    if isinstance(like, dict) and set(item) != set(like):
        missing, extra = sorted(set(like) - set(item)), sorted(set(item) - set(like))
        return OutputProblem("wrong_output_type", f"expected keys {sorted(like)}"
                             + (f"; missing {missing}" if missing else "")
                             + (f"; unexpected {extra}" if extra else ""))
    out = {}
    for key, value in item.items():
        shape = np.shape(like[key]) if isinstance(like, dict) else None
        converted = _array(value, shape)
        if isinstance(converted, OutputProblem):
            return OutputProblem(converted.mistake, f"[{key!r}]: {converted.message}")
        out[key] = converted
    return out


def _list(item: object, length: int | None) -> np.ndarray | OutputProblem:
    if isinstance(item, np.ndarray) and item.ndim == 1:
        item = list(item)
    if not isinstance(item, (list, tuple)):
        return OutputProblem("wrong_output_type", f"expected a list, got {describe(item)}")
    values = []
    for x in item:
        converted = _scalar(x)
        if isinstance(converted, OutputProblem):
            return OutputProblem("wrong_output_type", f"an entry: {converted.message}")
        values.append(converted)
    if length is not None and len(values) != length:
        return OutputProblem("wrong_output_shape", f"expected {length} entries, got {len(values)}")
    return np.array(values, dtype=np.float64)


def _labels(item: object, shape: tuple | None) -> np.ndarray | OutputProblem:
    """Class labels: any numeric array holding whole numbers (the starter's zeros are float)."""
    converted = _array(item, shape)
    if isinstance(converted, OutputProblem):
        return converted
    if not np.all(np.isfinite(converted)) or np.any(converted != np.round(converted)):
        return OutputProblem("wrong_output_type", "labels must be whole numbers")
    return converted


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
        hint = " (transposed?)" if item.shape == tuple(shape)[::-1] else ""
        return OutputProblem("wrong_output_shape",
                             f"expected shape {tuple(shape)}, got {item.shape}{hint}")
    return item.astype(np.float64)
