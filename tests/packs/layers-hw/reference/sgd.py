import numpy as np


def sgd_step(params, grads, learning_rate, *, in_place=True, zero_grads=False, sign=-1.0,
             use_lr=True):
    """MiniBatchSGD.step: params[k] -= learning_rate * grads[k] for every k, in place."""
    rate = learning_rate if use_lr else 1.0
    for key in params:
        update = params[key] + sign * rate * grads[key]
        if in_place:
            params[key] = update
    if zero_grads:
        for key in grads:
            grads[key] = np.zeros_like(grads[key])
    return None
