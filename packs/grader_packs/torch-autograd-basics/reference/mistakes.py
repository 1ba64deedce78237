"""The mistakes this pack catalogues: id -> (what it usually means, the fix, how it shows
in the numbers). `grader explain ID` prints them; feedback quotes the first two."""

MISTAKES = {
    "backward_ignores_grad_output": (
        "the autograd backward ignores grad_output",
        "backward must return grad_output times the local derivative (chain rule), not "
        "the local derivative alone",
        "x.grad is 1 where x > 0 whatever the upstream gradient.",
    ),
    "bce_terms_swapped": (
        "the two terms of the binary cross-entropy are swapped",
        "-(y * log(p) + (1 - y) * log(1 - p)): log(p) goes with the positive targets",
    ),
    "bias_grad_wrong": (
        "the bias gradient is not the sum of the upstream gradient over the batch",
        "db = np.sum(dout, axis=0): every example adds its upstream gradient to the bias",
        "db is the mean of dout over the batch (1/N of the expected) or has the wrong "
        "shape.",
    ),
    "global_max_shift": (
        "the scores are shifted by the global maximum, not each row's",
        "subtract each row's own maximum: scores.max(axis=1, keepdims=True)",
        "fine when all rows are on one scale, nan/inf when some rows' scores lie far "
        "below the global maximum (their exp underflows to 0).",
    ),
    "loss_sign_flipped": (
        "the loss has the wrong sign (it is negative)",
        "the cross-entropy is the *negative* log-probability of the correct class",
    ),
    "no_stability_shift": (
        "exp() of large scores overflows (no max subtraction)",
        "subtract each row's maximum score before exp(): scores -= scores.max(axis=1, "
        "keepdims=True)",
        "finite values on ordinary inputs, nan/inf once scores reach ~1e3 (exp overflows "
        "at 709).",
    ),
    "relu_backward_not_masked": (
        "the ReLU backward pass lets the gradient through everywhere",
        "dx = dout * (x > 0): no gradient flows where the input was negative",
        "dx equals dout everywhere, also where x < 0.",
    ),
    "sigmoid_sign_flipped": (
        "the sigmoid uses exp(x) instead of exp(-x)",
        "sigmoid(x) = 1 / (1 + exp(-x)); yours is sigmoid(-x)",
    ),
    "softmax_wrong_dim": (
        "the softmax normalizes over the batch (dim=0), not over the classes",
        "each row is one example: sum (and take the max) over dim=1, keepdim=True",
        "columns sum to 1 instead of rows.",
    ),
}
