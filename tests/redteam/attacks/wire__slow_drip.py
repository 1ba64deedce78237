"""Write a frame into the grader's channel one byte at a time, slowly and forever: the host
must give up at the call's deadline, not wait for the frame to end."""
import os
import struct
import time

ATTACKED = {"svm_loss_naive": None}


def _channel() -> int:
    return int(open("/proc/self/cmdline").read().split("\0")[-3])


def svm_loss_naive(W, X, y, reg):
    fd = _channel()
    frame = struct.pack("<I", 1 << 20) + b'{"msg": {"$dict": {"ok": true'
    for byte in frame:
        os.write(fd, bytes([byte]))
        time.sleep(0.05)
    while True:
        os.write(fd, b" ")
        time.sleep(0.2)
