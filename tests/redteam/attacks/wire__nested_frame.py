"""Write a well-formed frame whose header is a list nested 200,000 deep, then one nested in
dicts (the host's JSON reader must not recurse), with the right request id."""
import os
import struct

ATTACKED = {"svm_loss_naive": None, "softmax_loss_naive": None}


def _send(body: bytes) -> None:
    fd = int(open("/proc/self/cmdline").read().split("\0")[-3])
    os.write(fd, struct.pack("<I", len(body)) + body)


def svm_loss_naive(W, X, y, reg):
    _send(b'{"msg": ' + b"[" * 200_000 + b"]" * 200_000 + b', "buffers": []}')
    return 0.0, None


def softmax_loss_naive(W, X, y, reg):
    _send(b'{"msg": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b', "buffers": []}')
    return 0.0, None
