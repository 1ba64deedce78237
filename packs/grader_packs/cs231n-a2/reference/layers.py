"""Reference layers of cs231n A2 (layers.py), with the knobs their variants turn."""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------------ batch normalization


def batchnorm_forward(x, gamma, beta, bn_param, *, test_gamma_beta=True, eps_inside=True,
                      momentum_swapped=False, default_eps=1e-5, ddof=0):
    """Train: normalize with the batch's mean and (biased) variance, then update the running
    averages in bn_param; test: use the running averages. Returns (out, cache)."""
    x, gamma, beta = (np.asarray(a, np.float64) for a in (x, gamma, beta))
    mode = bn_param["mode"]
    eps = bn_param.get("eps", default_eps)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    def scale(var):
        return np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps

    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
        xhat = (x - mean) / scale(var)
        out = gamma * xhat + beta
        keep = (1 - momentum) if momentum_swapped else momentum
        running_mean = keep * running_mean + (1 - keep) * mean
        running_var = keep * running_var + (1 - keep) * var
        cache = (x, gamma, mean, var, eps)
    elif mode == "test":
        xhat = (x - running_mean) / scale(running_var)
        out = gamma * xhat + beta if test_gamma_beta else xhat
        cache = None
    else:
        raise ValueError(f"invalid forward batchnorm mode {mode!r}")
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, x, gamma, beta, bn_param, *, full=True, dbeta_mean=False):
    """Gradients of batchnorm_forward in train mode at (x, gamma, beta, bn_param)."""
    x, gamma, dout = (np.asarray(a, np.float64) for a in (x, gamma, dout))
    eps = bn_param.get("eps", 1e-5)
    N = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    std = np.sqrt(var + eps)
    xhat = (x - mean) / std
    dbeta = dout.mean(axis=0) if dbeta_mean else dout.sum(axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    if full:
        dx = (N * dxhat - dxhat.sum(axis=0) - xhat * np.sum(dxhat * xhat, axis=0)) / (N * std)
    else:  # mean and variance treated as constants
        dx = dxhat / std
    return dx, dgamma, dbeta


# ------------------------------------------------------------------ dropout


def dropout_forward(x, dropout_param, *, form="inverted"):
    """Inverted dropout, p = probability of *keeping* a unit (2017+). ``form`` reproduces
    the catalogued mistakes (their statistics are what the dropout check reads)."""
    x = np.asarray(x, np.float64)
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param and form != "ignores_seed":
        np.random.seed(dropout_param["seed"])
    rand = np.random.rand(*x.shape)
    if mode == "test":
        return (x * p if form in ("not_inverted", "not_inverted_drop") else x.copy()), None
    masks = {
        "inverted": (rand < p) / p,
        "ignores_seed": (rand < p) / p,
        "keep_drop_swapped": (rand >= p) / (1 - p),
        "wrong_scale": (rand >= p) / p,
        "not_inverted": (rand < p) * 1.0,
        "not_inverted_drop": (rand >= p) * 1.0,
        "nothing_dropped": (rand < p / p) / p * p,
        "shared_mask": np.broadcast_to((np.random.rand(1, *x.shape[1:]) < p) / p, x.shape),
        "gaussian": (np.random.randn(*x.shape) >= p) / (1 - p),
        "fixed_seed": (np.random.RandomState(0).rand(*x.shape) < p) / p,
    }
    mask = masks[form]
    return x * mask, (dropout_param, mask)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    dout = np.asarray(dout, np.float64)
    return dout * mask if dropout_param["mode"] == "train" else dout


# ------------------------------------------------------------------ convolution and pooling


def conv_forward(x, w, b, conv_param, *, flip=False):
    """Naive cross-correlation of x (N, C, H, W) with filters w (F, C, HH, WW), zero padding
    ``pad`` and ``stride``; out (N, F, H', W')."""
    x, w, b = (np.asarray(a, np.float64) for a in (x, w, b))
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    k = w[:, :, ::-1, ::-1] if flip else w
    out = np.zeros((N, F, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            window = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            out[:, :, i, j] = np.tensordot(window, k, axes=([1, 2, 3], [1, 2, 3])) + b
    return out


def conv_forward_naive(x, w, b, conv_param, *, flip=False):
    return conv_forward(x, w, b, conv_param, flip=flip), (x, w, b, conv_param)


def conv_backward(dout, x, w, b, conv_param, *, db_mean=False, backward_stride=None):
    x, w, dout = (np.asarray(a, np.float64) for a in (x, w, dout))
    stride, pad = conv_param["stride"], conv_param["pad"]
    step = stride if backward_stride is None else backward_stride
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            r, c = i * step, j * step
            if r + HH > xp.shape[2] or c + WW > xp.shape[3]:
                continue
            window = xp[:, :, r:r + HH, c:c + WW]
            d = dout[:, :, i, j]
            dw += np.tensordot(d, window, axes=([0], [0]))
            dxp[:, :, r:r + HH, c:c + WW] += np.tensordot(d, w, axes=([1], [0]))
    dx = dxp[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
    db = dout.mean(axis=(0, 2, 3)) if db_mean else dout.sum(axis=(0, 2, 3))
    return dx, dw, db


def conv_backward_naive(dout, cache, **knobs):
    x, w, b, conv_param = cache
    return conv_backward(dout, x, w, b, conv_param, **knobs)


def max_pool_forward(x, pool_param, *, from_zero=False):
    x = np.asarray(x, np.float64)
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return np.maximum(out, 0.0) if from_zero else out


def max_pool_forward_naive(x, pool_param, **knobs):
    return max_pool_forward(x, pool_param, **knobs), (x, pool_param)


def max_pool_backward_naive(dout, cache, *, accumulate=True, use_dout=True):
    x, pool_param = cache
    x, dout = np.asarray(x, np.float64), np.asarray(dout, np.float64)
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros_like(x)
    N, C = x.shape[:2]
    for n in range(N):
        for c in range(C):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    r, q = np.unravel_index(np.argmax(window), window.shape)
                    g = dout[n, c, i, j] if use_dout else 1.0
                    if accumulate:
                        dx[n, c, i * s + r, j * s + q] += g
                    else:
                        dx[n, c, i * s + r, j * s + q] = g
    return dx


def layernorm_forward(x, gamma, beta, ln_param, *, axis=1, eps_inside=True, ddof=0):
    """Normalize each row of x over its features (biased variance, eps inside the square
    root), then scale by gamma and shift by beta. Returns (out, cache)."""
    x, gamma, beta = (np.asarray(a, np.float64) for a in (x, gamma, beta))
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    std = np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps
    out = gamma * (x - mean) / std + beta
    return out, (x, gamma, beta, ln_param)


def layernorm_backward(dout, x, gamma, beta, ln_param, *, full=True, sum_axis=1,
                       uncentred=False, dgamma_axis=0):
    """Gradients of layernorm_forward at (x, gamma, beta, ln_param)."""
    x, gamma, dout = (np.asarray(a, np.float64) for a in (x, gamma, dout))
    eps = ln_param.get("eps", 1e-5)
    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=1, keepdims=True)) / std
    dxhat = dout * gamma
    if full:
        term, D = (x / std if uncentred else x_hat), x.shape[1]  # sums over D (C5: axis 0)
        dx = (dxhat - dxhat.sum(axis=sum_axis, keepdims=True) / D
              - term * (dxhat * term).sum(axis=sum_axis, keepdims=True) / D) / std
    else:
        dx = dxhat / std
    return dx, np.sum(dout * x_hat, axis=dgamma_axis), dout.sum(axis=0)
