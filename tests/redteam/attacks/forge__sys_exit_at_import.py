"""Exit with status 0 while being imported, after printing a fake result."""
import sys

ATTACKED = {"svm_loss_naive": None}
print('{"score": 40, "max_score": 40}')
sys.exit(0)


def svm_loss_naive(W, X, y, reg):
    return 0.0, None
