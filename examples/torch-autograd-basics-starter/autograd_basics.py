"""
PyTorch basics: softmax and cross-entropy, sigmoid and binary cross-entropy, an affine
layer's backward pass by hand, and a custom autograd Function.

Rules for every function below:
- inputs are tensors; return tensors of the same dtype and on the same device as the inputs
  (never call .cuda() or .to('cuda'), never create tensors with a hard-coded device);
- losses are 0-dim tensors (the mean over the batch);
- do not use torch.nn / torch.nn.functional or autograd, except where a docstring says so.
"""
import torch


def softmax(scores):
    """
    Row-wise softmax.

    Inputs:
    - scores: tensor of shape (N, C)

    Returns:
    - probs: tensor of shape (N, C) whose rows are non-negative and sum to 1. It must stay
      finite for scores as large as 1e3 (subtract each row's maximum first).
    """
    probs = None
    # TODO: implement softmax
    pass
    return probs


def softmax_cross_entropy(scores, y):
    """
    Softmax cross-entropy loss, averaged over the batch.

    Inputs:
    - scores: tensor of shape (N, C)
    - y: int64 tensor of shape (N,) with values in [0, C)

    Returns:
    - loss: 0-dim tensor, mean over i of -log softmax(scores)[i, y[i]]
    """
    loss = None
    # TODO: implement the loss (use the log-sum-exp trick for stability)
    pass
    return loss


def sigmoid(x):
    """
    Elementwise logistic sigmoid 1 / (1 + exp(-x)), for a tensor of any shape.
    """
    out = None
    # TODO: implement sigmoid
    pass
    return out


def binary_cross_entropy(probs, y):
    """
    Binary cross-entropy, averaged over all elements.

    Inputs:
    - probs: tensor of probabilities in (0, 1), any shape
    - y: tensor of the same shape holding 0.0 or 1.0

    Returns:
    - loss: 0-dim tensor, mean of -(y * log(probs) + (1 - y) * log(1 - probs))
    """
    loss = None
    # TODO: implement binary cross-entropy
    pass
    return loss


def affine_backward(x, w, b, dout):
    """
    Backward pass of out = x @ w + b, computed by hand (no autograd).

    Inputs:
    - x: (N, D), w: (D, M), b: (M,)
    - dout: upstream gradient of shape (N, M)

    Returns a tuple of:
    - dx: (N, D), dw: (D, M), db: (M,)
    """
    dx, dw, db = None, None, None
    # TODO: implement the affine backward pass
    pass
    return dx, dw, db


class MyReLU(torch.autograd.Function):
    """
    ReLU as a custom autograd Function: used as MyReLU.apply(x).
    """

    @staticmethod
    def forward(ctx, x):
        """
        Compute max(x, 0) and save what backward needs with ctx.save_for_backward.
        """
        out = None
        # TODO: implement the forward pass
        pass
        return out

    @staticmethod
    def backward(ctx, grad_output):
        """
        Given the upstream gradient grad_output (the shape of the output), return the
        gradient with respect to x.
        """
        grad_x = None
        # TODO: implement the backward pass
        pass
        return grad_x
