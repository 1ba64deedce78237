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


# ------------------------------------------------------------------ spatial normalization


def _channels_last(x, transpose=True):
    """(N, C, H, W) -> (N*H*W, C): each column one channel (``transpose=False``: the slip of
    reshaping without moving C last, which mixes channels and pixels)."""
    N, C, H, W = x.shape
    return x.transpose(0, 2, 3, 1).reshape(-1, C) if transpose else x.reshape(-1, C)


def _channels_first(flat, shape, transpose=True):
    N, C, H, W = shape
    return flat.reshape(N, H, W, C).transpose(0, 3, 1, 2) if transpose else flat.reshape(shape)


def spatial_batchnorm_forward(x, gamma, beta, bn_param, *, transpose=True, batch_only=False,
                              ddof=0):
    """Batch normalization of each channel over N, H and W (vanilla batchnorm on the
    channels-last matrix); running averages of shape (C,) in bn_param."""
    x = np.asarray(x, np.float64)
    if batch_only and bn_param["mode"] == "train":  # over N only: one mean per (C, H, W)
        flat = x.reshape(x.shape[0], -1)
        g = np.repeat(np.asarray(gamma, np.float64), x.shape[2] * x.shape[3])
        b = np.repeat(np.asarray(beta, np.float64), x.shape[2] * x.shape[3])
        out, cache = batchnorm_forward(flat, g, b, bn_param, ddof=ddof)
        for key in ("running_mean", "running_var"):  # kept per channel and pixel
            bn_param[key] = bn_param[key].reshape(x.shape[1:])
        return out.reshape(x.shape), cache
    out, cache = batchnorm_forward(_channels_last(x, transpose), gamma, beta, bn_param,
                                   ddof=ddof)
    return _channels_first(out, x.shape, transpose), cache


def spatial_batchnorm_backward(dout, x, gamma, beta, bn_param, *, transpose=True, full=True):
    """Gradients of spatial_batchnorm_forward in train mode."""
    x, dout = np.asarray(x, np.float64), np.asarray(dout, np.float64)
    dx, dgamma, dbeta = batchnorm_backward(_channels_last(dout, transpose),
                                           _channels_last(x, transpose), gamma, beta, bn_param,
                                           full=full)
    return _channels_first(dx, x.shape, transpose), dgamma, dbeta


def _groups(x, G, interleaved=False):
    """(N, C, H, W) -> (N, G, C/G, H, W): contiguous channel groups (``interleaved``: channel
    c in group c % G, the slip)."""
    N, C, H, W = x.shape
    if interleaved:
        return x.reshape(N, C // G, G, H, W).transpose(0, 2, 1, 3, 4)
    return x.reshape(N, G, C // G, H, W)


def _ungroup(xg, shape, interleaved=False):
    return xg.transpose(0, 2, 1, 3, 4).reshape(shape) if interleaved else xg.reshape(shape)


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param, *, per_pixel=False,
                              interleaved=False, ddof=0):
    """Each sample's G contiguous channel groups normalized over (C/G, H, W); gamma and beta
    of shape (1, C, 1, 1). Returns (out, cache)."""
    x = np.asarray(x, np.float64)
    eps = gn_param.get("eps", 1e-5)
    xg = _groups(x, G, interleaved)
    axes = (2,) if per_pixel else (2, 3, 4)
    mean, var = xg.mean(axis=axes, keepdims=True), xg.var(axis=axes, ddof=ddof, keepdims=True)
    xhat = _ungroup((xg - mean) / np.sqrt(var + eps), x.shape, interleaved)
    return gamma * xhat + beta, (x, gamma, beta, G, gn_param)


def spatial_groupnorm_backward(dout, x, gamma, beta, G, gn_param, *, full=True,
                               per_sample_dgamma=False):
    """Gradients of spatial_groupnorm_forward: dx, and dgamma, dbeta of shape (1, C, 1, 1)."""
    x, dout = np.asarray(x, np.float64), np.asarray(dout, np.float64)
    eps = gn_param.get("eps", 1e-5)
    xg = _groups(x, G)
    std = np.sqrt(xg.var(axis=(2, 3, 4), keepdims=True) + eps)
    xhat_g = (xg - xg.mean(axis=(2, 3, 4), keepdims=True)) / std
    xhat = xhat_g.reshape(x.shape)
    dxhat = _groups(dout * gamma, G)
    if full:
        dx = (dxhat - dxhat.mean(axis=(2, 3, 4), keepdims=True)
              - xhat_g * (dxhat * xhat_g).mean(axis=(2, 3, 4), keepdims=True)) / std
    else:
        dx = dxhat / std
    axes = (2, 3) if per_sample_dgamma else (0, 2, 3)
    return (dx.reshape(x.shape), np.sum(dout * xhat, axis=axes, keepdims=True),
            np.sum(dout, axis=(0, 2, 3), keepdims=True))
