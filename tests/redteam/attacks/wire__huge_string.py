"""Return strings and dict keys of hundreds of megabytes (the reply's size cap must hold for
text, not only for arrays)."""
ATTACKED = {"svm_loss_naive": None, "softmax_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    return "x" * (400 << 20), "y"


def softmax_loss_naive(W, X, y, reg):
    return {("k" * (3 << 20)) + str(i): i for i in range(150)}, None
