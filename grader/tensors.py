"""Tensors on the host, which never imports torch: what crosses into a torch sandbox, what
comes back, and the checks a PyTorch course cares about (type, dtype, device, autograd).

Inputs are drawn as numpy arrays and cross as ``TensorData`` (values plus dtype and device);
the sandbox turns them into tensors. The student's tensors come back as ``TensorData`` and are
checked here before their values are compared like any other output.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from grader.outputs import OutputProblem, describe, split
from grader.sandbox.wire import TensorData


class GradingDevice(str):
    """The device a course's code is graded on, as an input (a model's ``device=``
    argument): it crosses into the sandbox as that device's name ("cpu", "cuda")."""


DEVICE = GradingDevice("cpu")

CUDA_WORDS = ("Torch not compiled with CUDA", "CUDA", "cuda", "Expected all tensors to be on "
              "the same device", "mps")


def to_sandbox(value: object, device: str = "cpu") -> object:
    """Numeric numpy arrays (also inside lists, tuples and dicts) as tensors on ``device``."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
        return TensorData(np.ascontiguousarray(value), device=device)
    if isinstance(value, GradingDevice):
        return str(device)
    if isinstance(value, dict):
        return {k: to_sandbox(v, device) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(to_sandbox(v, device) for v in value)
    return value


def plain(value: object) -> object:
    """Tensors (also nested) as their numpy arrays."""
    if isinstance(value, TensorData):
        return value.array
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    return value


def as_student(value: object, device: str = "cpu") -> object:
    """Reference outputs as a correct PyTorch student returns them: arrays and floats become
    tensors (a loss is a 0-dim tensor), labels int64."""
    if isinstance(value, (float, np.floating)):
        return TensorData(np.asarray(float(value), np.float64), device=device)
    if isinstance(value, np.ndarray):
        array = value.astype(np.int64) if value.dtype.kind in "iu" else value
        return TensorData(np.ascontiguousarray(array), device=device)
    if isinstance(value, dict):
        return {k: as_student(v, device) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(as_student(v, device) for v in value)
    return value


def bridge(function: Callable, device: str = "cpu") -> Callable:
    """A host proxy for a torch sandbox: its tensor arguments arrive as arrays, its results go
    back as tensors."""

    def bridged(*args, attrs, **kwargs):
        result = function(*plain(args), attrs=plain(attrs), **plain(kwargs))
        return as_student(result, device)

    bridged.__name__ = getattr(function, "__name__", "proxy")
    return bridged


def device_error(message: str) -> bool:
    """Whether an exception's message is the signature of a hard-coded device."""
    return any(word in message for word in CUDA_WORDS)


def check_outputs(value: object, outputs: list, device: str = "cpu") -> object | OutputProblem:
    """The student's return value with its tensors checked and turned into numpy arrays (a
    0-dim tensor for a scalar output becomes a float), or the first problem found."""
    if not outputs or value is None:
        return value
    items = split(value, len(outputs))
    if items is None:
        return value  # the wrong number of outputs: normalize() says so
    result = []
    for spec, item in zip(outputs, items):
        converted = _output(spec, item, device)
        if isinstance(converted, OutputProblem):
            return OutputProblem(converted.mistake, f"{spec.name}: {converted.message}")
        result.append(converted)
    return result[0] if len(outputs) == 1 else tuple(result)


def _output(spec, item: object, device: str) -> object:
    if spec.kind == "opaque" or item is None:
        return item
    if spec.from_arg and isinstance(item, np.ndarray):
        return item  # read from an argument after the call: already plain (plain_outcome)
    if spec.kind == "dict":
        if not isinstance(item, dict):
            return item
        out = {}
        for key, value in item.items():
            if spec.keys is not None and key not in spec.keys:
                out[key] = plain(value)  # not compared (an optimizer's hyperparameters)
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out[key] = float(value)  # a counter kept as a number (Adam's t)
                continue
            converted = _tensor(value, "float", device)
            if isinstance(converted, OutputProblem):
                return OutputProblem(converted.mistake, f"[{key!r}]: {converted.message}")
            out[key] = converted
        return out
    if spec.kind == "list":
        if isinstance(item, TensorData):
            return _tensor(item, "float", device)
        if not isinstance(item, (list, tuple)):
            return item
        return [float(x.array.reshape(-1)[0]) if isinstance(x, TensorData) and x.array.size == 1
                else x for x in item]
    converted = _tensor(item, "int" if spec.kind == "labels" else "float", device)
    if spec.kind == "scalar" and isinstance(converted, np.ndarray):
        if converted.size != 1:
            return OutputProblem("wrong_output_shape", f"expected a scalar tensor, got shape "
                                 f"{converted.shape}")
        return float(converted.reshape(-1)[0])
    return converted


def _tensor(item: object, kind: str, device: str) -> np.ndarray | OutputProblem:
    if not isinstance(item, TensorData):
        what = "a numpy array" if isinstance(item, np.ndarray) else (
            f"a Python {type(item).__name__}" if isinstance(item, (int, float)) else
            describe(item))
        hint = " (use .item() only where the caller asks for a number)" \
            if isinstance(item, float) else ""
        return OutputProblem("wrong_output_type", f"expected a torch tensor, got {what}{hint}")
    expected = "int64" if kind == "int" else "float64"
    if item.dtype != expected:
        return OutputProblem("dtype_changed", f"expected dtype torch.{expected} (the dtype of "
                             f"the inputs), got torch.{item.dtype}")
    if item.device.split(":")[0] != device.split(":")[0]:
        return OutputProblem("hard_coded_device", f"the inputs are on {device} but the result "
                             f"is on {item.device}")
    if item.requires_grad:
        return OutputProblem("output_requires_grad", "the result requires grad (it is still "
                             "part of an autograd graph)")
    return item.array


def plain_outcome(outcome):
    """An Outcome whose evidence (arguments after the call, attributes, proxy calls) holds
    arrays; its value keeps its tensors for ``check_outputs``."""
    from dataclasses import replace

    records = tuple(replace(r, args=plain(r.args), kwargs=plain(r.kwargs), attrs=plain(r.attrs),
                            result=plain(r.result)) for r in outcome.callbacks)
    return replace(outcome, attrs=plain(outcome.attrs), args_after=plain(outcome.args_after),
                   callbacks=records)
