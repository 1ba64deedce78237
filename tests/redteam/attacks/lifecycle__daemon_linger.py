"""Double-fork a daemon in a new session that outlives the call and writes later."""
import os
import time

import numpy as np

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            for fd in range(3, 256):
                try:
                    os.close(fd)
                except OSError:
                    pass
            time.sleep(1.0)
            for place in ("/tmp", "/var/tmp", os.environ.get("TMPDIR", "/tmp")):
                try:
                    open(os.path.join(place, "grader-redteam-linger"), "w").write("still here")
                except OSError:
                    pass
            time.sleep(60)
        os._exit(0)
    return 0.0, np.zeros(W.shape)
