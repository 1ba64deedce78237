"""A thread that keeps running after the call returns and writes forged replies into the
grader's channel while other calls are in flight."""
import os
import threading
import time

import numpy as np

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}


def _channel_fd():
    return int(open("/proc/self/cmdline").read().split("\0")[-3])


def _spam():
    import json
    import struct
    fd = _channel_fd()
    for i in range(200):
        for guess in range(1, 400):
            body = json.dumps({"msg": {"$dict": {"ok": True, "value": 0.0, "id": guess}},
                               "buffers": []}).encode()
            try:
                os.write(fd, struct.pack("<I", len(body)) + body)
            except OSError:
                return
        time.sleep(0.005)


def svm_loss_naive(W, X, y, reg):
    threading.Thread(target=_spam, daemon=True).start()
    return 0.0, np.zeros(W.shape)


def svm_loss_vectorized(W, X, y, reg):
    return 0.0, np.zeros(W.shape)
