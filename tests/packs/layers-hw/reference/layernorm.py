import numpy as np


def _stats(x, axis, ddof, eps, eps_inside):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    std = np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps
    return mean, std


def layernorm_forward(x, gamma, beta, ln_param, *, axis=1, eps_inside=True, ddof=0,
                      with_beta=True):
    """Normalize each row of x over its features, then scale by gamma and shift by beta."""
    eps = ln_param.get("eps", 1e-5)
    mean, std = _stats(x, axis, ddof, eps, eps_inside)
    x_hat = (x - mean) / std
    out = gamma * x_hat + (beta if with_beta else 0.0)
    return out, (x, gamma, beta, ln_param)


def layernorm_backward(dout, x, gamma, beta, ln_param, *, full=True, dgamma_axis=0,
                       dbeta_mean=False):
    """Gradients of layernorm_forward at (x, gamma, beta, ln_param)."""
    eps = ln_param.get("eps", 1e-5)
    mean, std = _stats(x, 1, 0, eps, True)
    x_hat = (x - mean) / std
    dxhat = dout * gamma
    if full:
        dx = (dxhat - dxhat.mean(axis=1, keepdims=True)
              - x_hat * (dxhat * x_hat).mean(axis=1, keepdims=True)) / std
    else:
        dx = dxhat / std
    dgamma = np.sum(dout * x_hat, axis=dgamma_axis)
    dbeta = dout.mean(axis=0) if dbeta_mean else dout.sum(axis=0)
    return dx, dgamma, dbeta
