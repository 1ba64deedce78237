"""Gradient-check helpers as in eecs598/grad.py (W2022)."""

import random

import torch


def rel_error(x, y, eps=1e-10):
    top = (x - y).abs().max().item()
    bot = (x.abs() + y.abs()).clamp(min=eps).max().item()
    return top / bot


def compute_numeric_gradient(f, x, dLdf=None, h=1e-7):
    flat_x = x.contiguous().flatten()
    grad = torch.zeros_like(x)
    flat_grad = grad.flatten()
    if dLdf is None:
        dLdf = torch.ones_like(f(x))
    dLdf = dLdf.flatten()
    for i in range(flat_x.shape[0]):
        oldval = flat_x[i].item()
        flat_x[i] = oldval + h
        fxph = f(x).flatten()
        flat_x[i] = oldval - h
        fxmh = f(x).flatten()
        flat_x[i] = oldval
        flat_grad[i] = dLdf.dot((fxph - fxmh) / (2 * h))
    return flat_grad.view(x.shape)


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-7):
    random.seed(0)
    for _ in range(num_checks):
        ix = tuple(random.randrange(m) for m in x.shape)
        oldval = x[ix].item()
        x[ix] = oldval + h
        fxph = f(x).item()
        x[ix] = oldval - h
        fxmh = f(x).item()
        x[ix] = oldval
        grad_numerical = (fxph - fxmh) / (2 * h)
        grad_analytic = analytic_grad[ix]
        rel = abs(grad_numerical - grad_analytic) / (abs(grad_numerical) + abs(grad_analytic) + 1e-12)
        print(f"numerical: {grad_numerical:f} analytic: {grad_analytic:f}, relative error: {rel:e}")
