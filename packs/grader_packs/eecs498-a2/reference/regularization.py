"""The L2 term shared by the linear losses, with the knobs that build its known mistakes."""

from __future__ import annotations

import numpy as np


def l2(W, reg, n, *, reg_loss=1.0, reg_grad=2.0, reg_grad_scalar=False, reg_grad_over_n=False):
    """(loss term, gradient term): reg·ΣW² and 2·reg·W when the knobs are at their defaults."""
    grad = reg * np.ones_like(W) if reg_grad_scalar else reg_grad * reg * W
    if reg_grad_over_n:
        grad = grad / n
    return reg_loss * reg * np.sum(W * W), grad
