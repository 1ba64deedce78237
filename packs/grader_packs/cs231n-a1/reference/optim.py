"""Reference update rules (cs231n optim.py; in assignment 1 since 2025), with the knobs their
variants (and the accepted variation, epsilon inside the square root) turn. The same code as
cs231n-a2's reference/optim.py: a pack is self-contained.

Each takes (w, dw, config) and returns (next_w, config); config carries the hyperparameters
(defaults filled in as the starter does) and the rule's state.
"""

from __future__ import annotations

import numpy as np


def sgd_momentum(w, dw, config=None, *, save_state=True):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    if save_state:
        config["velocity"] = v
    else:
        config.setdefault("velocity", np.zeros_like(w))
    return next_w, config


def rmsprop(w, dw, config=None, *, sqrt=True, decay=True, save_state=True, eps_in_sqrt=False,
            fixed_eps=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    rate = config["decay_rate"]
    cache = rate * config["cache"] + (1 - rate) * dw**2 if decay else config["cache"] + dw**2
    eps = config["epsilon"] if fixed_eps is None else fixed_eps
    denom = (np.sqrt(cache + eps) - eps if eps_in_sqrt else np.sqrt(cache)) if sqrt else cache
    next_w = w - config["learning_rate"] * dw / (denom + eps)
    if save_state:
        config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None, *, correct_bias=True, t_before_use=True, power=True,
         save_state=True, eps_in_sqrt=False, fixed_eps=None, efficient=False):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    used = t if t_before_use else config["t"]
    if not correct_bias:
        mt, vt = m, v
    elif power:
        mt, vt = m / (1 - b1**used), v / (1 - b2**used)
    else:
        mt, vt = m / (1 - b1), v / (1 - b2)
    eps = config["epsilon"] if fixed_eps is None else fixed_eps
    root = np.sqrt(vt + eps) - eps if eps_in_sqrt else np.sqrt(vt)
    next_w = w - config["learning_rate"] * mt / (root + eps)
    if efficient:  # Kingma & Ba's "more efficient" order: the corrections fold into the step
        step = config["learning_rate"] * np.sqrt(1 - b2**used) / (1 - b1**used)
        next_w = w - step * m / (np.sqrt(v) + eps)
    if save_state:
        config.update(m=m, v=v, t=t)
    return next_w, config

