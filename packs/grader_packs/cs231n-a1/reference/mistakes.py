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
    "distances_l1": (
        "the distances are L1 (sum of absolute differences), not Euclidean",
        "square the differences, sum them, and take the square root",
    ),
    "distances_squared": (
        "the distances are squared (no square root)",
        "this assignment asks for Euclidean distances: take np.sqrt of the summed squares",
        "every distance is the square of the expected one; accuracy is unchanged (the "
        "order is the same), so the notebook cannot see it.",
    ),
    "dx_not_normalized": (
        "the gradient is not averaged over the examples",
        "divide dx by N, as you do for the loss",
    ),
    "farthest_neighbors": (
        "the vote uses the k farthest points instead of the k nearest",
        "sort distances in increasing order: np.argsort(dists[i])[:k]",
    ),
    "forward_missing_bias": (
        "the forward pass leaves out the first layer's bias b1",
        "the hidden layer is relu(X @ W1 + b1)",
    ),
    "global_max_shift": (
        "the scores are shifted by the global maximum, not each row's",
        "subtract each row's own maximum: scores.max(axis=1, keepdims=True)",
        "fine when all rows are on one scale, nan/inf when some rows' scores lie far "
        "below the global maximum (their exp underflows to 0).",
    ),
    "k_ignored": (
        "the vote ignores k and uses the nearest neighbour only",
        "take the labels of the first k entries of np.argsort(dists[i])",
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
    "tie_break_wrong": (
        "ties in the vote are not broken by the smallest label",
        "when labels tie, choose the smallest: np.argmax(np.bincount(closest_y)) does "
        "that",
        "with k = 2 and neighbours labelled [3, 1] the prediction is 3, not 1.",
    ),
    "batch_labels_mismatch": (
        "y_batch does not belong to the rows in X_batch",
        "index X and y with the same indices: X[idx], y[idx]",
    ),
    "batch_not_from_data": (
        "the minibatch is not made of rows of X",
        "X_batch = X[idx] for sampled indices idx",
    ),
    "batch_not_random": (
        "every iteration uses the same minibatch",
        "sample new indices each iteration: np.random.choice(num_train, batch_size)",
        "every iteration's batch holds the same rows.",
    ),
    "batch_wrong_shape": (
        "the minibatch has the wrong shape",
        "sample batch_size rows: X_batch (batch_size, dim), y_batch (batch_size,)",
    ),
    "gradient_ascent": (
        "the update climbs the loss (W += learning_rate * grad)",
        "gradient descent subtracts: W -= learning_rate * grad",
        "each step is W + learning_rate * grad: the loss goes up.",
    ),
    "loss_called_twice": (
        "the loss is computed twice per iteration (once for the loss and once more for "
        "the gradient, or once to record it): training costs twice as much, and a history "
        "appended at both calls is twice as long",
        "call it once per iteration: loss, grad = self.loss(X_batch, y_batch, reg), then "
        "use both",
    ),
    "loss_history_wrong": (
        "loss_history does not record the loss of each iteration",
        "append the loss returned at each iteration: loss_history.append(loss)",
    ),
    "params_not_updated": (
        "the parameters are not updated",
        "after computing the gradient, update in place: W -= learning_rate * grad (or "
        "self.W = self.W - learning_rate * grad)",
        "W is the same before and after an iteration.",
    ),
    "update_wrong": (
        "the update is not W - learning_rate * grad",
        "use the gradient returned by the loss for this batch, scaled by learning_rate",
    ),
    "weights_init_wrong": (
        "W is not initialised as the starter code does",
        "if self.W is None: self.W = 0.001 * np.random.randn(dim, num_classes)",
    ),
    "wrong_iteration_count": (
        "the loop does not run num_iters iterations",
        "for it in range(num_iters): one batch, one loss, one update",
    ),
    "correct_class_not_excluded": (
        "the hinge sum also counts the correct class (loss +1)",
        "skip j == y[i] in the sum over classes (or zero margins[range(N), y])",
        "the SVM loss is exactly 1.0 (= delta) too large per example on average; dW's "
        "correct-class column may also be off.",
    ),
    "softmax_normalized_over_all": (
        "the softmax normalizes by a sum over the whole matrix",
        "normalize each row by its own sum: np.sum(np.exp(scores), axis=1, keepdims=True)",
        "the loss is too large by about log(N); the gradient may be right, so the numeric "
        "gradient check fails.",
    ),
    # --- since 2025 the fully connected net and the optimizers are assignment 1's (the same
    # ids and words as cs231n-a2's)
    "fcn_relu_on_scores": (
        "a ReLU is applied to the final scores (the output layer is affine only)",
        "return the last affine (Linear) layer's output as the scores: the ReLU belongs after "
        "every hidden layer, not after the last",
        "scores are never negative; every gradient is off where a score was negative.",
    ),
    "fcn_last_layer_unregularized": (
        "the last layer's weights are left out of the regularization",
        "regularize every weight matrix W1 ... WL: range(1, self.num_layers + 1)",
        "the loss lacks the last layer's term of the regularization and dW_L its gradient; "
        "the others are right.",
    ),
    "adagrad_instead_of_rmsprop": (
        "the RMSProp cache is never decayed (that is Adagrad)",
        "cache = decay_rate * cache + (1 - decay_rate) * dw**2",
    ),
    "adam_bias_correction_without_power": (
        "Adam's bias correction divides by (1 - beta) without the power t",
        "mt = m / (1 - beta1**t), vt = v / (1 - beta2**t)",
    ),
    "adam_no_bias_correction": (
        "Adam has no bias correction",
        "t += 1 first; then mt = m / (1 - beta1**t) and vt = v / (1 - beta2**t), and step "
        "with mt / (np.sqrt(vt) + epsilon)",
        "the first steps are far too small: next_w error about 0.2 in the notebook's "
        "check.",
    ),
    "adam_t_after_use": (
        "Adam's step count t is incremented after the bias correction",
        "increment t *before* using it: the first step uses t = 1",
    ),
    "optimizer_ignores_config": (
        "the update uses a hard-coded hyperparameter (such as epsilon 1e-8) instead of "
        "the value in config",
        "read every hyperparameter from config (config['epsilon'], config['beta1'], ...); "
        "the defaults apply only when a key is absent",
    ),
    "optimizer_state_not_saved": (
        "the update rule does not store its new state in config",
        "write the new velocity / cache / m, v and t back into config: the next step "
        "starts from what this one leaves there",
    ),
    "rmsprop_no_sqrt": (
        "RMSProp divides by the cache instead of its square root",
        "next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)",
    ),
}
