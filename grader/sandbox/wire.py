"""The plain-data wire format between the host and the sandbox.

A frame is ``<u32 header length><header JSON><buffer 0><buffer 1>...``. The header is
``{"msg": ..., "buffers": [n0, n1, ...]}``; inside ``msg`` an array is a tagged object
``{"$array": i, "dtype": "<f8", "shape": [..]}`` pointing at buffer ``i``. Nothing is ever
unpickled or evaluated: the reader checks the header (dtype whitelist, shape, byte counts,
size caps) before it reads a single array byte.

This module is imported on both sides of the trust boundary, so it depends on the standard
library and numpy only (never on the rest of the grader).
"""

from __future__ import annotations

import json
import math
import os
import select
import struct
import time
from dataclasses import dataclass

import numpy as np

ALLOWED_DTYPES = frozenset(
    {"<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1"}
)
MAX_HEADER_BYTES = 4 << 20
MAX_FRAME_BYTES = 512 << 20
MAX_DEPTH = 16
MAX_ITEMS = 10_000
_LEN = struct.Struct("<I")


class WireError(Exception):
    """A frame that breaks the format: reported, never trusted."""


class ChannelClosed(WireError):
    """The other side closed the channel (it exited or crashed)."""


class ChannelTimeout(WireError):
    """No complete frame arrived before the deadline."""


class CpuTimeout(ChannelTimeout):
    """The other side used its CPU-time allowance before answering."""


def readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` has something to read within ``timeout`` seconds."""
    return bool(select.select([fd], [], [], max(timeout, 0.0))[0])


# --------------------------------------------------------------------------- encoding


def encode(msg: object) -> bytes:
    """Serialise ``msg`` (plain data and numpy arrays) into one frame."""
    buffers: list[bytes] = []
    tree = _to_tree(msg, buffers, 0)
    header = json.dumps({"msg": tree, "buffers": [len(b) for b in buffers]}).encode()
    return b"".join([_LEN.pack(len(header)), header, *buffers])


def _to_tree(value: object, buffers: list[bytes], depth: int) -> object:
    if depth > MAX_DEPTH:
        return _opaque(value, "nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value) is int:
        return value if abs(value) < 2**63 else {"$int": str(value)}
    if type(value) is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, np.ndarray) and type(value) is np.ndarray:
        return _array(value, buffers)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        return _numpy_scalar(value)
    if type(value) is TensorData:
        return {"$tensor": _array(value.array, buffers), "dtype": value.dtype,
                "device": value.device, "requires_grad": value.requires_grad}
    if _is_torch_tensor(value):
        return _tensor(value, buffers)
    if type(value) is TorchDtype or _is_torch_dtype(value):
        name = value.name if type(value) is TorchDtype else str(value).removeprefix("torch.")
        return {"$dtype": name} if name in TORCH_DTYPE_NAMES else _opaque(value, "unknown dtype")
    if type(value) in (list, tuple):
        if len(value) > MAX_ITEMS:
            return _opaque(value, "too many items")
        items = [_to_tree(v, buffers, depth + 1) for v in value]
        return items if type(value) is list else {"$tuple": items}
    if type(value) is dict:
        if len(value) > MAX_ITEMS or not all(type(k) is str for k in value):
            return _opaque(value, "dict keys must be strings")
        return {"$dict": {k: _to_tree(v, buffers, depth + 1) for k, v in value.items()}}
    return _opaque(value, "not plain data")


def _array(value: np.ndarray, buffers: list[bytes]) -> object:
    dtype = value.dtype.newbyteorder("<") if value.dtype.byteorder == ">" else value.dtype
    if dtype.str not in ALLOWED_DTYPES:
        return _opaque(value, f"array dtype {value.dtype} is not numeric")
    data = np.ascontiguousarray(value, dtype=dtype).tobytes()
    buffers.append(data)
    return {"$array": len(buffers) - 1, "dtype": dtype.str, "shape": list(value.shape)}


def _is_torch_tensor(value: object) -> bool:
    """A torch.Tensor (or Parameter), recognised without importing torch."""
    cls = type(value)
    return cls.__module__ in ("torch", "torch.nn.parameter") and cls.__name__ in (
        "Tensor", "Parameter")


def _is_torch_dtype(value: object) -> bool:
    """A torch.dtype (``torch.float64``), recognised without importing torch."""
    cls = type(value)
    return cls.__module__ == "torch" and cls.__name__ == "dtype"


def _tensor(value, buffers: list[bytes]) -> object:
    """A torch tensor as an array plus its metadata (sandbox side; torch is loaded there)."""
    try:
        data = value.detach()
        dtype = str(data.dtype).removeprefix("torch.")
        device = str(data.device)
        requires_grad = bool(value.requires_grad)
        data = data.cpu().resolve_conj().resolve_neg()
        try:
            array = data.numpy()
        except TypeError:  # bfloat16 and friends: numpy has no such dtype
            array = data.float().numpy()
    except Exception as exc:  # noqa: BLE001 - sparse, complex, meta, quantized...
        return _opaque(value, f"a tensor that cannot cross as data ({type(exc).__name__})")
    node = _array(array, buffers)
    if "$object" in node:
        return _opaque(value, f"a tensor of dtype {dtype} cannot cross as data")
    return {"$tensor": node, "dtype": dtype[:40], "device": device[:40],
            "requires_grad": requires_grad}


def _numpy_scalar(value: np.generic) -> object:
    kind = type(value).__name__
    if isinstance(value, np.floating):
        f = float(value)
        return {"$np": kind, "value": f if math.isfinite(f) else repr(f)}
    if isinstance(value, (np.integer, np.bool_)):
        return {"$np": kind, "value": int(value)}
    return _opaque(value, "unsupported numpy scalar")


def _opaque(value: object, why: str) -> dict:
    """Describe a value that cannot cross as data: its type name and a bounded repr."""
    cls = type(value)
    name = f"{getattr(cls, '__module__', '?')}.{getattr(cls, '__qualname__', '?')}"
    return {"$object": name[:200], "why": why, "repr": safe_repr(value)}


def safe_repr(value: object, limit: int = 200) -> str:
    """A repr that never raises and never runs long."""
    try:
        if isinstance(value, np.ndarray):
            text = f"<{type(value).__name__} shape={value.shape} dtype={value.dtype}>"
        else:
            text = object.__repr__(value)
    except BaseException:  # noqa: BLE001 - a hostile object may raise anything
        text = "<unrepresentable>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- decoding


def decode(header: bytes, payload: bytes) -> object:
    """Parse one frame's header and payload into plain data, checking every claim."""
    try:
        meta = json.loads(header)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise WireError(f"header is not JSON: {exc}") from None
    if not isinstance(meta, dict) or set(meta) != {"msg", "buffers"}:
        raise WireError("header must hold exactly 'msg' and 'buffers'")
    sizes = meta["buffers"]
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        raise WireError("buffer sizes must be non-negative integers")
    if sum(sizes) != len(payload):
        raise WireError(f"buffers claim {sum(sizes)} bytes but {len(payload)} arrived")
    offsets = [0]
    for n in sizes:
        offsets.append(offsets[-1] + n)
    views = [memoryview(payload)[offsets[i] : offsets[i + 1]] for i in range(len(sizes))]
    return _from_tree(meta["msg"], views, 0)


def decode_frame(frame: bytes) -> object:
    """One whole frame held in memory (``encode``'s output) back into plain data."""
    if len(frame) < _LEN.size:
        raise WireError("a frame is at least its length prefix")
    (size,) = _LEN.unpack(frame[:_LEN.size])
    if size > MAX_HEADER_BYTES or _LEN.size + size > len(frame):
        raise WireError("the header does not fit the frame")
    return decode(frame[_LEN.size:_LEN.size + size], frame[_LEN.size + size:])


def _text(value: str) -> str:
    """Valid text: lone surrogates (which JSON escapes allow) become '?', so that whatever a
    submission sends can be written, hashed and shown."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def _from_tree(node: object, views: list[memoryview], depth: int) -> object:
    if depth > MAX_DEPTH:
        raise WireError("message nested too deeply")
    if isinstance(node, str):
        return _text(node)
    if node is None or isinstance(node, (bool, int, float)):
        return node
    if isinstance(node, list):
        return [_from_tree(v, views, depth + 1) for v in node]
    if not isinstance(node, dict) or len(node) == 0:
        raise WireError("unexpected JSON value")
    if "$array" in node:
        return _decode_array(node, views)
    if "$tensor" in node:
        return _decode_tensor(node, views)
    if "$tuple" in node:
        return tuple(_from_tree(v, views, depth + 1) for v in _expect(node, "$tuple", list))
    if "$dict" in node:
        items = _expect(node, "$dict", dict)
        return {_text(k): _from_tree(v, views, depth + 1) for k, v in items.items()}
    if "$np" in node:
        return _decode_numpy_scalar(node)
    if "$dtype" in node:
        name = node.get("$dtype")
        if name not in TORCH_DTYPE_NAMES:
            raise WireError(f"unknown torch dtype {str(name)[:40]!r}")
        return DTYPE_FACTORY(name)
    if "$float" in node:
        return float(_expect(node, "$float", str))
    if "$int" in node:
        return int(_expect(node, "$int", str)[:100])
    if "$object" in node:
        return Opaque(_text(str(node.get("$object"))[:200]), _text(str(node.get("why"))[:200]),
                      _text(str(node.get("repr"))[:200]))
    raise WireError(f"unknown tag in {sorted(node)[:3]}")


def _expect(node: dict, key: str, kind: type) -> object:
    value = node[key]
    if not isinstance(value, kind):
        raise WireError(f"{key} must be a {kind.__name__}")
    return value


def _decode_array(node: dict, views: list[memoryview]) -> np.ndarray:
    index, dtype, shape = node.get("$array"), node.get("dtype"), node.get("shape")
    if type(index) is not int or not 0 <= index < len(views):
        raise WireError("array points at a missing buffer")
    if dtype not in ALLOWED_DTYPES:
        raise WireError(f"array dtype {dtype!r} is not allowed")
    if not isinstance(shape, list) or len(shape) > 32:
        raise WireError("array shape must be a short list")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("array shape must hold non-negative integers")
    count = math.prod(shape)
    if count * np.dtype(dtype).itemsize != len(views[index]):
        raise WireError(f"array of shape {tuple(shape)} and dtype {dtype} does not fit its buffer")
    return np.frombuffer(bytearray(views[index]), dtype=dtype).reshape(shape)


def _decode_tensor(node: dict, views: list[memoryview]) -> object:
    inner = node.get("$tensor")
    if not isinstance(inner, dict) or "$array" not in inner:
        raise WireError("a tensor must wrap an array")
    array = _decode_array(inner, views)
    dtype, device = node.get("dtype"), node.get("device")
    if not isinstance(dtype, str) or not isinstance(device, str):
        raise WireError("a tensor's dtype and device must be strings")
    return TENSOR_FACTORY(array, dtype[:40], device[:40], node.get("requires_grad") is True)


def _decode_numpy_scalar(node: dict) -> object:
    kind, value = node.get("$np"), node.get("value")
    if not isinstance(kind, str) or not hasattr(np, kind):
        raise WireError("unknown numpy scalar type")
    cls = getattr(np, kind)
    if not (isinstance(cls, type) and issubclass(cls, (np.number, np.bool_))):
        raise WireError("numpy scalar type is not numeric")
    if isinstance(value, str):
        value = float(value)
    if not isinstance(value, (int, float)):
        raise WireError("numpy scalar value must be a number")
    return cls(value)


class Opaque:
    """A value the sandbox could not send as data: only its type name and repr crossed."""

    __slots__ = ("type_name", "why", "text")

    def __init__(self, type_name: str, why: str, text: str) -> None:
        self.type_name, self.why, self.text = type_name, why, text

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.why}>"


class TensorData:
    """A tensor as data: its values as a numpy array, plus torch's dtype, device and
    requires_grad. The host never imports torch; the sandbox turns these into tensors (see
    ``TENSOR_FACTORY``) and its tensors come back as these."""

    __slots__ = ("array", "dtype", "device", "requires_grad")

    def __init__(self, array: np.ndarray, dtype: str | None = None, device: str = "cpu",
                 requires_grad: bool = False) -> None:
        self.array = array
        self.dtype = dtype or TORCH_DTYPES.get(array.dtype.str, str(array.dtype))
        self.device, self.requires_grad = device, requires_grad

    @property
    def shape(self) -> tuple:
        return self.array.shape

    def __array__(self, dtype=None, copy=None):
        return self.array if dtype is None else self.array.astype(dtype)

    def __len__(self) -> int:
        return len(self.array)

    def __repr__(self) -> str:
        return f"<tensor shape={self.array.shape} dtype={self.dtype} device={self.device}>"


TORCH_DTYPES = {"<f8": "float64", "<f4": "float32", "<f2": "float16", "<i8": "int64",
                "<i4": "int32", "<i2": "int16", "|i1": "int8", "|u1": "uint8", "|b1": "bool"}

TENSOR_FACTORY = TensorData
"""How a decoded tensor is built: TensorData on the host; the sandbox's runner replaces it with
a function that makes a torch tensor."""

TORCH_DTYPE_NAMES = frozenset({*TORCH_DTYPES.values(), "bfloat16", "complex64", "complex128"})


@dataclass(frozen=True)
class TorchDtype:
    """A torch dtype as data (``torch.float64`` is ``TorchDtype("float64")`` on the host); the
    sandbox turns it into the dtype itself (see ``DTYPE_FACTORY``), and a dtype it sends back
    (a model's ``self.dtype``) arrives as one of these."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in TORCH_DTYPE_NAMES:
            raise ValueError(f"unknown torch dtype {self.name!r}")

    def __repr__(self) -> str:
        return f"torch.{self.name}"


DTYPE_FACTORY = TorchDtype
"""How a decoded dtype is built: TorchDtype on the host; the runner makes it torch's own."""


# --------------------------------------------------------------------------- channel I/O


def write_frame(fd: int, msg: object) -> None:
    data = encode(msg)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_frame(fd: int, deadline: float | None = None, max_bytes: int = MAX_FRAME_BYTES) -> object:
    """Read one frame; raise ChannelTimeout after ``deadline`` (a ``time.monotonic()`` value)."""
    (size,) = _LEN.unpack(_read_exact(fd, _LEN.size, deadline))
    if size > MAX_HEADER_BYTES:
        raise WireError(f"header of {size} bytes exceeds the cap")
    header = _read_exact(fd, size, deadline)
    try:
        sizes = json.loads(header).get("buffers", [])
        total = sum(n for n in sizes if type(n) is int and n >= 0)
    except (ValueError, AttributeError, TypeError, UnicodeDecodeError, RecursionError):
        raise WireError("header is not a JSON object") from None
    if total > max_bytes:
        raise WireError(f"frame of {total} bytes exceeds the cap of {max_bytes}")
    return decode(header, _read_exact(fd, total, deadline))


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, remaining = [], n
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ChannelTimeout("no answer before the deadline")
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
