import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, inv)


def layernorm_backward(dout, cache):
    x_hat, gamma, inv = cache
    D = x_hat.shape[1]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxhat = dout * gamma
    dx = inv / D * (D * dxhat - dxhat.sum(axis=1, keepdims=True)
                    - x_hat * np.sum(dxhat * x_hat, axis=1, keepdims=True))
    return dx, dgamma, dbeta
