"""The mistakes this pack catalogues: id -> (what it usually means, the fix, how it shows
in the numbers). `grader explain ID` prints them; feedback quotes the first two."""

MISTAKES = {
    "bias_grad_wrong": (
        "the bias gradient is not the sum of the upstream gradient over the batch",
        "db = np.sum(dout, axis=0): every example adds its upstream gradient to the bias",
        "db is the mean of dout over the batch (1/N of the expected) or has the wrong "
        "shape.",
    ),
    "correct_class_count_off_by_one": (
        "the correct-class column of dW subtracts one X[i] too many per example",
        "the correct class gets -X[i] once for each *other* class with a positive margin; "
        "zero the correct class's own entry before counting",
        "the loss is right; dW's correct-class column has one extra -X[i] per example.",
    ),
    "forward_missing_bias": (
        "the forward pass leaves out the first layer's bias b1",
        "the hidden layer is relu(X @ W1 + b1)",
    ),
    "forward_missing_output_bias": (
        "the scores leave out the second layer's bias b2",
        "scores = hidden @ W2 + b2",
    ),
    "global_max_shift": (
        "the scores are shifted by the global maximum, not each row's",
        "subtract each row's own maximum: scores.max(axis=1, keepdims=True)",
        "fine when all rows are on one scale, nan/inf when some rows' scores lie far "
        "below the global maximum (their exp underflows to 0).",
    ),
    "margin_values_in_grad": (
        "the SVM gradient uses the margin values instead of 0/1 indicators",
        "each positive margin contributes X[i] once: use (margins > 0)",
    ),
    "missing_activation": (
        "the hidden layer has no ReLU",
        "hidden = np.maximum(0, X @ W1 + b1) (and mask the gradient where it was <= 0)",
    ),
    "no_stability_shift": (
        "exp() of large scores overflows (no max subtraction)",
        "subtract each row's maximum score before exp(): scores -= scores.max(axis=1, "
        "keepdims=True)",
        "finite values on ordinary inputs, nan/inf once scores reach ~1e3 (exp overflows "
        "at 709).",
    ),
    "predict_argmin": (
        "predictions pick the class with the lowest score",
        "the predicted class has the highest score: np.argmax(X.dot(W), axis=1)",
    ),
    "reg_on_biases": (
        "the biases are regularized too",
        "regularize the weights only: W1 and W2, not b1 and b2",
    ),
    "relu_backward_not_masked": (
        "the ReLU backward pass lets the gradient through everywhere",
        "dx = dout * (x > 0): no gradient flows where the input was negative",
        "dx equals dout everywhere, also where x < 0.",
    ),
    "relu_on_scores": (
        "a ReLU is applied to the final scores (the output layer is affine only)",
        "return the last affine layer's output as the scores: the ReLU belongs between "
        "the two affine layers, not after the second",
    ),
    "softmax_missing_minus_one": (
        "the softmax gradient misses the -1 at the correct class",
        "the gradient of the scores is probs with 1 subtracted at the correct class",
        "dW (or dx) is probs without the -1 at the correct class; gradient checks show "
        "relative errors near 1.",
    ),
}
