"""Tensors whose conversions lie: detach/cpu/numpy/tolist/__array__ overridden to show other
values, dtype and requires_grad that claim float64 and no graph."""
import numpy as np
import torch

ASSIGNMENT = "torch-autograd-basics"
ATTACKED = {"softmax": None, "softmax_cross_entropy": None, "binary_cross_entropy": None}


class Liar(torch.Tensor):
    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self, *a, **k):
        return np.full(tuple(self.shape), 0.5)

    def tolist(self):
        return [0.5] * self.numel()

    def __array__(self, *a, **k):
        return np.full(tuple(self.shape), 0.5)

    @property
    def dtype(self):
        return torch.float64

    @property
    def requires_grad(self):
        return False


def softmax(scores):
    return torch.zeros_like(scores, dtype=torch.float32).as_subclass(Liar)


def softmax_cross_entropy(scores, y):
    return torch.tensor(0.5, dtype=torch.float32).as_subclass(Liar)


def binary_cross_entropy(probs, y):
    return torch.tensor(0.5, dtype=torch.float32).as_subclass(Liar)
