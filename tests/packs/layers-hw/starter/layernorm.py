import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    """Layer normalization: normalize each row of x (N, D) over its D features, then
    out = gamma * x_hat + beta. ln_param holds eps. Returns (out, cache)."""
    out, cache = None, None
    # TODO: implement the forward pass
    return out, cache


def layernorm_backward(dout, cache):
    """Returns (dx, dgamma, dbeta) for the cache of layernorm_forward."""
    dx, dgamma, dbeta = None, None, None
    # TODO: implement the backward pass
    return dx, dgamma, dbeta
