"""Look for the secret seed everywhere in the sandbox (random states, environment, command
line, open files, the parent's files) and raise with whatever was found."""
import os
import random

import numpy as np

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    found = [str(np.random.get_state()[1][:4]), str(random.getstate()[1][:4]), str(os.environ)]
    for path in ("/proc/self/cmdline", "/proc/1/cmdline", "/proc/self/environ",
                 f"/proc/{os.getppid()}/cmdline", f"/proc/{os.getppid()}/environ"):
        try:
            found.append(open(path, "rb").read().decode(errors="replace"))
        except OSError:
            pass
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    raise RuntimeError(" ".join(found))
