"""The plain-data wire: round trips, and forged frames rejected before any array is read."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from grader.sandbox import wire


def frame_parts(msg):
    data = wire.encode(msg)
    (size,) = struct.unpack("<I", data[:4])
    return data[4 : 4 + size], data[4 + size :]


def roundtrip(msg):
    return wire.decode(*frame_parts(msg))


def test_roundtrip_plain_data():
    msg = {"a": [1, 2.5, "s", None, True], "t": (1, (2, 3)), "big": 2**70,
           "f": float("nan"), "arr": np.arange(6, dtype=np.int64).reshape(2, 3),
           "np": np.float64(1.5), "b": np.bool_(True)}
    out = roundtrip(msg)
    assert out["a"] == [1, 2.5, "s", None, True]
    assert out["t"] == (1, (2, 3)) and out["big"] == 2**70
    assert np.isnan(out["f"]) and out["np"] == 1.5 and type(out["np"]) is np.float64
    np.testing.assert_array_equal(out["arr"], msg["arr"])
    assert out["arr"].flags.writeable


def test_float_arrays_cross_bit_exact():
    x = np.random.default_rng(0).standard_normal((7, 5))
    x[0, 0], x[1, 1] = np.inf, np.nan
    y = roundtrip(x)
    assert y.dtype == np.float64 and np.array_equal(x.view(np.int64), y.view(np.int64))


def test_big_endian_arrays_are_converted():
    x = np.arange(4, dtype=">f8")
    np.testing.assert_array_equal(roundtrip(x), np.arange(4.0))


@pytest.mark.parametrize("value", [
    np.zeros(3).view(type("Sub", (np.ndarray,), {})),
    np.array([object()], dtype=object),
    np.array(["a"]),
    object(),
    {1: "non-string key"},
])
def test_non_plain_values_cross_only_as_a_description(value):
    out = roundtrip(value)
    assert isinstance(out, wire.Opaque)
    assert out.type_name and out.why


def forged(header: dict, payload: bytes = b""):
    return json.dumps(header).encode(), payload


@pytest.mark.parametrize("header,payload,needle", [
    ({"msg": {"$array": 0, "dtype": "|O", "shape": [1]}, "buffers": [8]}, b"\0" * 8, "not allowed"),
    ({"msg": {"$array": 0, "dtype": "<f8", "shape": [10**11]}, "buffers": [8]}, b"\0" * 8,
     "does not fit"),
    ({"msg": {"$array": 0, "dtype": "<f8", "shape": [-1]}, "buffers": [8]}, b"\0" * 8,
     "non-negative"),
    ({"msg": {"$array": 3, "dtype": "<f8", "shape": [1]}, "buffers": [8]}, b"\0" * 8, "missing"),
    ({"msg": 1, "buffers": [100]}, b"\0" * 8, "claim"),
    ({"msg": {"$np": "frombuffer", "value": 1}, "buffers": []}, b"", "not numeric"),
    ({"msg": {"$pickle": "x"}, "buffers": []}, b"", "unknown tag"),
    ({"msg": 1}, b"", "exactly"),
])
def test_forged_frames_are_rejected(header, payload, needle):
    with pytest.raises(wire.WireError, match=needle):
        wire.decode(*forged(header, payload))


def test_deeply_nested_message_is_rejected():
    node: object = 1
    for _ in range(40):
        node = [node]
    with pytest.raises(wire.WireError, match="deep"):
        wire.decode(*forged({"msg": node, "buffers": []}))


def test_oversized_frame_is_refused_before_reading(tmp_path):
    import os

    r, w = os.pipe()
    header = json.dumps({"msg": 0, "buffers": [1 << 40]}).encode()
    os.write(w, struct.pack("<I", len(header)) + header)
    with pytest.raises(wire.WireError, match="exceeds the cap"):
        wire.read_frame(r, deadline=None, max_bytes=1 << 20)
    os.close(r)
    os.close(w)


def test_read_frame_times_out():
    import os
    import time

    r, w = os.pipe()
    with pytest.raises(wire.ChannelTimeout):
        wire.read_frame(r, deadline=time.monotonic() + 0.05)
    os.close(w)
    with pytest.raises(wire.ChannelClosed):
        wire.read_frame(r, deadline=time.monotonic() + 1)
    os.close(r)


def test_torch_dtypes_cross_as_names_and_nothing_else():
    out = roundtrip({"dtype": wire.TorchDtype("float64"), "list": [wire.TorchDtype("int64")]})
    assert out == {"dtype": wire.TorchDtype("float64"), "list": [wire.TorchDtype("int64")]}
    assert repr(out["dtype"]) == "torch.float64"
    with pytest.raises(ValueError):
        wire.TorchDtype("os.system")
    header = json.dumps({"msg": {"$dtype": "__import__"}, "buffers": []}).encode()
    with pytest.raises(wire.WireError, match="unknown torch dtype"):
        wire.decode(header, b"")
