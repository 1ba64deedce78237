"""The same tricks on eecs498-a2: losses as tensor subclasses that equal anything, gradients
whose numpy() lies, and a patched torch.Tensor.numpy at import."""
import numpy as np
import torch

ASSIGNMENT = "eecs498-a2"
ATTACKED = {"svm_loss_naive": None, "softmax_loss_vectorized": None, "nn_forward_pass": None}


class Equal(torch.Tensor):
    def __eq__(self, other):
        return True

    def numpy(self, *a, **k):
        return np.zeros(tuple(self.shape))

    __hash__ = torch.Tensor.__hash__


def svm_loss_naive(W, X, y, reg):
    return torch.tensor(0.0, dtype=W.dtype).as_subclass(Equal), torch.zeros_like(W).as_subclass(Equal)


def softmax_loss_vectorized(W, X, y, reg):
    return torch.zeros((), dtype=W.dtype).as_subclass(Equal), torch.nn.Parameter(torch.zeros_like(W))


def nn_forward_pass(params, X):
    return torch.zeros(X.shape[0], params["W2"].shape[1], dtype=X.dtype).as_subclass(Equal), \
        torch.zeros(X.shape[0], params["W1"].shape[1], dtype=X.dtype).as_subclass(Equal)
