"""The homework's reference code and its catalogued mistakes (stays with the instructor)."""

from grader.variants import variants

from . import layernorm, logistic, sgd

MISTAKES = {  # id: (what it usually means, the fix)
    "ln_normalizes_over_batch": (
        "the mean and variance are taken over the batch (axis 0, as batchnorm does) instead of "
        "over each example's features", "use x.mean(axis=1, keepdims=True) and x.var(axis=1, "
        "keepdims=True)"),
    "ln_eps_outside_sqrt": ("eps is added after the square root",
                            "divide by np.sqrt(var + eps)"),
    "ln_unbiased_variance": ("the variance is the unbiased one (ddof=1)",
                             "use x.var(axis=1), which divides by D"),
    "ln_forgets_beta": ("the shift beta is not added", "out = gamma * x_hat + beta"),
    "ln_dx_missing_terms": (
        "dx ignores that the mean and the variance depend on x",
        "dx = (dxhat - dxhat.mean(1) - x_hat * (dxhat * x_hat).mean(1)) / std, with keepdims"),
    "ln_dgamma_wrong_axis": ("dgamma is summed over the features instead of the examples",
                             "dgamma = np.sum(dout * x_hat, axis=0)"),
    "ln_dbeta_mean": ("dbeta averages the upstream gradient", "dbeta = np.sum(dout, axis=0)"),
    "logistic_sum_not_mean": ("the loss and the gradient are summed over the examples, not "
                              "averaged", "divide both by N = X.shape[0]"),
    "logistic_grad_sign": ("the gradient has the wrong sign (y - p instead of p - y)",
                           "dw = X.T @ (sigmoid(X @ w) - y) / N + 2 * reg * w"),
    "logistic_labels_flipped": ("the loss treats label 1 as label 0",
                                "loss = mean(log(1 + exp(z)) - y * z) with z = X @ w"),
    "sgd_not_in_place": ("step builds new arrays and leaves the caller's params unchanged",
                         "update the entries in place: params[k] -= lr * grads[k]"),
    "sgd_changes_grads": ("step changes (zeroes) the gradients it was given",
                          "read grads, never write them"),
    "sgd_gradient_ascent": ("the update adds the gradient (ascent)",
                            "params[k] -= learning_rate * grads[k]"),
    "sgd_ignores_learning_rate": ("the update ignores the learning rate",
                                  "multiply the gradient by self.learning_rate"),
}

VARIANTS = (
    variants(layernorm.layernorm_forward, "layernorm_forward", {
        "ln_normalizes_over_batch": [dict(axis=0)],
        "ln_eps_outside_sqrt": [dict(eps_inside=False)],
        "ln_unbiased_variance": [dict(ddof=1)],
        "ln_forgets_beta": [dict(with_beta=False)],
    })
    + variants(layernorm.layernorm_backward, "layernorm_backward", {
        "ln_dx_missing_terms": [dict(full=False)],
        "ln_dgamma_wrong_axis": [dict(dgamma_axis=1)],
        "ln_dbeta_mean": [dict(dbeta_mean=True)],
    })
    + variants(logistic.logistic_loss, "logistic_loss", {
        "logistic_sum_not_mean": [dict(mean=False)],
        "logistic_grad_sign": [dict(grad_sign=-1.0)],
        "logistic_labels_flipped": [dict(flip=True)],
        "reg_grad_missing_factor_2": [dict(reg_grad=1.0)],  # a catalogued id of the engine's
    })
    + variants(sgd.sgd_step, "MiniBatchSGD.step", {
        "sgd_not_in_place": [dict(in_place=False)],
        "sgd_changes_grads": [dict(zero_grads=True)],
        "sgd_gradient_ascent": [dict(sign=1.0)],
        "sgd_ignores_learning_rate": [dict(use_lr=False)],
    })
)
