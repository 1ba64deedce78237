"""A correct solution of the PyTorch basics (the bundled example)."""
import torch


def softmax(scores):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    exp = shifted.exp()
    return exp / exp.sum(dim=1, keepdim=True)


def softmax_cross_entropy(scores, y):
    shifted = scores - scores.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    return -log_probs[torch.arange(scores.shape[0]), y].mean()


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))


def binary_cross_entropy(probs, y):
    return -(y * probs.log() + (1 - y) * (1 - probs).log()).mean()


def affine_backward(x, w, b, dout):
    dx = dout.mm(w.t())
    dw = x.t().mm(dout)
    db = dout.sum(dim=0)
    return dx, dw, db


class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        grad_x = grad_output.clone()
        grad_x[x <= 0] = 0
        return grad_x
