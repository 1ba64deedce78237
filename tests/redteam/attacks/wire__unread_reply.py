"""Ask the host's proxy for large answers through the raw channel and never read them: the
host's writes must not block past the call's deadline."""
import json
import os
import struct
import time

import numpy as np

ATTACKED = {"LinearClassifier.train": None}


class LinearClassifier(object):
    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
              verbose=False):
        fd = int(open("/proc/self/cmdline").read().split("\0")[-3])
        W = np.zeros((X.shape[1], 1 << 14))
        body = json.dumps({"msg": {"$dict": {
            "op": "callback", "name": "loss", "args": [
                {"$array": 0, "dtype": "<f8", "shape": [1, X.shape[1]]}, [0], 0.0],
            "kwargs": {"$dict": {}}, "attrs": {"$dict": {"W": {
                "$array": 1, "dtype": "<f8", "shape": list(W.shape)}}}}},
            "buffers": [X.shape[1] * 8, W.size * 8]}).encode()
        frame = struct.pack("<I", len(body)) + body + np.zeros(X.shape[1]).tobytes() + W.tobytes()
        for _ in range(1000):
            os.write(fd, frame)
        time.sleep(60)
