"""The catalogue of mistakes the grader can name: id -> what it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    id: str
    """Stable identifier, used in results and by ``grader explain``."""
    title: str
    """What the mistake is, in the student's terms."""
    fix: str
    """The most likely fix."""
    shows: str = ""
    """How it shows in the numbers (the long form, for ``grader explain``)."""


CATALOGUE: dict[str, Mistake] = {}


def _add(id: str, title: str, fix: str) -> None:  # noqa: A002
    CATALOGUE[id] = Mistake(id, title, fix)


# --- any function
_add("returns_none", "a `return` is missing on the path this input takes (a function that "
     "ends without one returns None), or the result is stored or printed instead of returned",
     "end the function with `return` and the value(s) the docstring asks for, on every path")
_add("wrong_output_type", "the function returns the wrong type of value",
     "return what the docstring asks for, in the documented order: numpy arrays (a Python "
     "float for a scalar) in a NumPy assignment, tensors (a 0-dim tensor for a loss) in a "
     "PyTorch one")
_add("wrong_output_shape", "an output has the wrong shape",
     "the output must have the shape the docstring gives (e.g. dW has the shape of W)")
_add("nan_or_inf", "an output contains nan or inf",
     "look for a division by zero, log(0) or exp overflow; nan and inf never pass")
_add("timeout", "an infinite loop (a `while` whose condition never changes, a loop variable "
     "that is never advanced), or far more work than the input needs",
     "look at the line it was stopped at: make the loop end, or do the work with whole-array "
     "operations")
_add("crash", "the function raised an exception or killed its process",
     "read the traceback: the last line in your file is where it failed")
_add("too_many_evaluations", "the function called the grader's functions (loss_func, "
     "self.loss, the layers) far more often, or on far more data, than the task needs",
     "call the loss once per iteration, on the mini-batch, not on the whole training set")
_add("memory_limit", "the function ran out of memory",
     "avoid building huge intermediate arrays (e.g. an (N, N, D) broadcast)")
_add("import_error", "the file could not be imported",
     "run the file yourself: an import of a missing module or an error at module level stops it")
_add("syntax_error", "the file has a syntax error",
     "fix the line shown; nothing in this file can be graded until it parses")
_add("not_text", "the file is not Python source text (binary data: a compiled file, an "
     "archive or an encoding the grader cannot read, renamed to .py)", "hand in the .py file "
     "you edited, saved as plain text (UTF-8)")
_add("missing_function", "the function was not found in the submission",
     "keep the function's name and file as in the starter code")
_add("python2_code", "the code is Python 2, and the grader runs Python 3",
     "update the line shown (print(...), range, dict.items(), // for integer division)")
_add("numpy2_removed_api", "the code uses a NumPy API that NumPy 2 removed",
     "use the replacement shown; the grader runs a current NumPy")
_add("mutates_input", "the function modifies one of its input arrays",
     "work on a copy (`x.copy()`) or build new arrays instead of writing into the inputs")

# --- linear classifiers (cs231n A1, EECS 498 A2)
_add("dW_not_normalized", "the gradient is not averaged over the training examples",
     "divide the data part of dW by num_train, as you do for the loss")
_add("dx_not_normalized", "the gradient is not averaged over the examples",
     "divide dx by N, as you do for the loss")
_add("bias_grad_wrong", "the bias gradient is not the sum of the upstream gradient over the batch",
     "db = np.sum(dout, axis=0): every example adds its upstream gradient to the bias")
_add("relu_backward_not_masked", "the ReLU backward pass lets the gradient through everywhere",
     "dx = dout * (x > 0): no gradient flows where the input was negative")
_add("ignores_upstream_gradient", "the backward pass ignores the upstream gradient dout",
     "multiply by dout (chain rule): with dout all zeros every gradient must be zero")
_add("loss_not_normalized", "the loss is not averaged over the training examples",
     "divide the summed data loss by num_train")
_add("reg_grad_scalar", "the regularization gradient adds the scalar reg (`dW += reg`)",
     "the derivative of reg·ΣW² is 2·reg·W: use `dW += 2 * reg * W`")
_add("reg_grad_missing_factor_2", "the regularization gradient is reg·W instead of 2·reg·W",
     "the derivative of reg·ΣW² is 2·reg·W: use `dW += 2 * reg * W`")
_add("reg_convention", "the regularization uses the other year's convention",
     "cs231n's linear_svm.py and softmax.py and all of EECS 498 use loss += reg·ΣW² and "
     "dW += 2·reg·W (no 0.5); cs231n's fc_net.py TwoLayerNet uses 0.5·reg·ΣW² with gradient "
     "reg·W")
_add("reg_missing_in_loss", "the loss has no regularization term",
     "add reg * np.sum(W * W) to the loss")
_add("reg_missing_in_grad", "the gradient has no regularization term",
     "add 2 * reg * W to dW")
_add("reg_loss_coefficient", "the regularization term of the loss has the wrong coefficient",
     "this assignment adds reg * np.sum(W * W) to the loss")
_add("reg_grad_coefficient", "the regularization gradient is not 2·reg·W",
     "the derivative of reg·ΣW² is 2·reg·W: use `dW += 2 * reg * W`")
_add("reg_grad_divided_by_n", "the regularization gradient is divided by num_train",
     "divide only the data part of dW by num_train, then add 2 * reg * W")
_add("correct_class_not_excluded", "the hinge sum also counts the correct class (loss +1)",
     "skip j == y[i] in the sum over classes (or zero margins[range(N), y])")
_add("correct_class_count_off_by_one",
     "the correct-class column of dW subtracts one X[i] too many per example",
     "the correct class gets -X[i] once for each *other* class with a positive margin; "
     "zero the correct class's own entry before counting")
_add("grad_sign_flipped", "the gradient has the wrong sign",
     "dW must point uphill: check the sign of each term you add to dW")
_add("softmax_missing_minus_one", "the softmax gradient misses the -1 at the correct class",
     "the gradient of the scores is probs with 1 subtracted at the correct class")
_add("softmax_normalized_over_all", "the softmax normalizes by a sum over the whole matrix",
     "normalize each row by its own sum: np.sum(np.exp(scores), axis=1, keepdims=True)")
_add("no_stability_shift", "exp() of large scores overflows (no max subtraction)",
     "subtract each row's maximum score before exp(): "
     "scores -= scores.max(axis=1, keepdims=True)")
_add("global_max_shift", "the scores are shifted by the global maximum, not each row's",
     "subtract each row's own maximum: scores.max(axis=1, keepdims=True)")
_add("distances_squared", "the distances are squared (no square root)",
     "this assignment asks for Euclidean distances: take np.sqrt of the summed squares")
_add("distances_l1", "the distances are L1 (sum of absolute differences), not Euclidean",
     "square the differences, sum them, and take the square root")
_add("farthest_neighbors", "the vote uses the k farthest points instead of the k nearest",
     "sort distances in increasing order: np.argsort(dists[i])[:k]")
_add("k_ignored", "the vote ignores k and uses the nearest neighbour only",
     "take the labels of the first k entries of np.argsort(dists[i])")
_add("predict_argmin", "predictions pick the class with the lowest score",
     "the predicted class has the highest score: np.argmax(X.dot(W), axis=1)")
_add("margin_values_in_grad", "the SVM gradient uses the margin values instead of 0/1 "
     "indicators", "each positive margin contributes X[i] once: use (margins > 0)")
_add("missing_activation", "the hidden layer has no ReLU",
     "hidden = np.maximum(0, X @ W1 + b1) (and mask the gradient where it was <= 0)")
_add("reg_on_biases", "the biases are regularized too",
     "regularize the weights only: W1 and W2, not b1 and b2")
_add("tie_break_wrong", "ties in the vote are not broken by the smallest label",
     "when labels tie, choose the smallest: np.argmax(np.bincount(closest_y)) does that")
_add("params_not_updated", "the parameters are not updated", "after computing the gradient, "
     "update in place: W -= learning_rate * grad (or self.W = self.W - learning_rate * grad)")
_add("gradient_ascent", "the update climbs the loss (W += learning_rate * grad)",
     "gradient descent subtracts: W -= learning_rate * grad")
_add("update_wrong", "the update is not W - learning_rate * grad",
     "use the gradient returned by the loss for this batch, scaled by learning_rate")
_add("batch_not_random", "every iteration uses the same minibatch",
     "sample new indices each iteration: np.random.choice(num_train, batch_size)")
_add("batch_labels_mismatch", "y_batch does not belong to the rows in X_batch",
     "index X and y with the same indices: X[idx], y[idx]")
_add("batch_not_from_data", "the minibatch is not made of rows of X",
     "X_batch = X[idx] for sampled indices idx")
_add("batch_wrong_shape", "the minibatch has the wrong shape",
     "sample batch_size rows: X_batch (batch_size, dim), y_batch (batch_size,)")
_add("weights_init_wrong", "W is not initialised as the starter code does",
     "if self.W is None: self.W = 0.001 * np.random.randn(dim, num_classes)")
_add("loss_history_wrong", "loss_history does not record the loss of each iteration",
     "append the loss returned at each iteration: loss_history.append(loss)")
_add("wrong_iteration_count", "the loop does not run num_iters iterations",
     "for it in range(num_iters): one batch, one loss, one update")
_add("forward_missing_bias", "the forward pass leaves out the first layer's bias b1",
     "the hidden layer is relu(X @ W1 + b1)")
_add("init_wrong", "the parameters are not initialised as the docstring asks",
     "weights: weight_scale * np.random.randn(...); biases: np.zeros(...); keys W1, b1, W2, b2")
_add("not_vectorized", "the vectorized version is not vectorized",
     "replace the Python loops with whole-array operations (matrix products, broadcasting, "
     "fancy indexing)")
_add("naive_vectorized_disagree", "the naive and vectorized versions disagree",
     "both versions must compute the same loss and gradient")


# --- PyTorch (EECS 498, torch-autograd-basics)
_add("dtype_changed", "a result has another dtype than the inputs",
     "create tensors with the inputs' dtype (torch.zeros_like(W), x.new_zeros(...), "
     "dtype=X.dtype): a default torch.zeros(...) is float32 and loses precision")
_add("hard_coded_device", "the code creates tensors on a fixed device",
     "never call .cuda() or .to('cuda') and never write device='cuda': use device=X.device "
     "(or torch.zeros_like / x.new_zeros), so the code runs on CPU and GPU alike")
_add("float32_precision", "an intermediate is float32, so results hold only about 7 digits",
     "create every intermediate with the inputs' dtype: torch.zeros_like(W), X.new_zeros(...), "
     "dtype=X.dtype (torch.zeros(...) without a dtype is float32)")
_add("output_requires_grad", "a result is still attached to an autograd graph",
     "compute gradients by hand as the assignment asks (no requires_grad_ / backward), or "
     "return .detach()ed tensors")
_add("forward_missing_output_bias", "the scores leave out the second layer's bias b2",
     "scores = hidden @ W2 + b2")
_add("lr_never_decayed", "the learning rate is never decayed",
     "multiply learning_rate by learning_rate_decay once per epoch (when it % "
     "iterations_per_epoch == 0), as the starter code does")
_add("lr_decay_every_iteration", "the learning rate decays every iteration, not once per epoch",
     "decay only when it % iterations_per_epoch == 0, with iterations_per_epoch = "
     "max(num_train // batch_size, 1)")
_add("acc_history_wrong", "the accuracy histories are not one entry per epoch",
     "once per epoch append (pred_func(...) == y).float().mean().item() for the batch and for "
     "the validation set")
_add("sample_range_off_by_one", "the sampler never picks the last example",
     "torch.randint's high is exclusive: torch.randint(0, num_train, (batch_size,))")
_add("softmax_wrong_dim", "the softmax normalizes over the batch (dim=0), not over the classes",
     "each row is one example: sum (and take the max) over dim=1, keepdim=True")
_add("loss_sign_flipped", "the loss has the wrong sign (it is negative)",
     "the cross-entropy is the *negative* log-probability of the correct class")
_add("sigmoid_sign_flipped", "the sigmoid uses exp(x) instead of exp(-x)",
     "sigmoid(x) = 1 / (1 + exp(-x)); yours is sigmoid(-x)")
_add("bce_terms_swapped", "the two terms of the binary cross-entropy are swapped",
     "-(y * log(p) + (1 - y) * log(1 - p)): log(p) goes with the positive targets")
_add("backward_ignores_grad_output", "the autograd backward ignores grad_output",
     "backward must return grad_output times the local derivative (chain rule), not the "
     "local derivative alone")


# --- optimizers, batch normalization, dropout, convolution (cs231n A2)
_add("optimizer_state_not_saved", "the update rule does not store its new state in config",
     "write the new velocity / cache / m, v and t back into config: the next step starts "
     "from what this one leaves there")
_add("rmsprop_no_sqrt", "RMSProp divides by the cache instead of its square root",
     "next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)")
_add("adagrad_instead_of_rmsprop", "the RMSProp cache is never decayed (that is Adagrad)",
     "cache = decay_rate * cache + (1 - decay_rate) * dw**2")
_add("adam_no_bias_correction", "Adam has no bias correction",
     "t += 1 first; then mt = m / (1 - beta1**t) and vt = v / (1 - beta2**t), and step with "
     "mt / (np.sqrt(vt) + epsilon)")
_add("adam_t_after_use", "Adam's step count t is incremented after the bias correction",
     "increment t *before* using it: the first step uses t = 1")
_add("adam_bias_correction_without_power", "Adam's bias correction divides by (1 - beta) "
     "without the power t", "mt = m / (1 - beta1**t), vt = v / (1 - beta2**t)")
_add("bn_test_without_gamma_beta", "test-mode batch normalization leaves out gamma and beta",
     "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta")
_add("bn_eps_outside_sqrt", "eps is added outside the square root",
     "divide by np.sqrt(var + eps), not np.sqrt(var) + eps")
_add("bn_momentum_swapped", "the running averages weight the batch by momentum",
     "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (same for var)")
_add("bn_default_eps_changed", "the default eps is not 1e-5",
     "eps = bn_param.get('eps', 1e-5), as the starter code says")
_add("bn_unbiased_variance", "the variance is the unbiased (N - 1) estimate",
     "use the uncorrected variance x.var(axis=0) for normalization and the running average")
_add("bn_dx_missing_terms", "the batchnorm backward pass treats the mean and variance as "
     "constants", "dx must include the paths through the batch mean and variance: "
     "dx = (N * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0)) / (N * std)")
_add("dropout_keep_drop_swapped", "p is used as the probability of *dropping* a unit (the "
     "2016 convention)", "since 2017 p is the probability of keeping a unit: "
     "mask = (np.random.rand(*x.shape) < p) / p")
_add("dropout_wrong_scale", "dropout keeps units with probability 1 - p but divides by p",
     "keep with probability p and divide by the same p: mask = (np.random.rand(*x.shape) < p) / p")
_add("dropout_not_inverted", "dropout is not inverted (no 1/p at train time, or a p at test "
     "time)", "inverted dropout scales the kept units by 1/p during training and leaves test "
     "mode as the identity")
_add("dropout_nothing_dropped", "dropout drops nothing",
     "check the mask: `np.random.rand(*x.shape) < p / p` compares with 1 (precedence); write "
     "(np.random.rand(*x.shape) < p) / p")
_add("dropout_shared_mask", "one dropout mask is shared by every example of the batch",
     "draw a mask of x's full shape: np.random.rand(*x.shape)")
_add("dropout_gaussian_mask", "the dropout mask is drawn from a Gaussian instead of uniformly",
     "use np.random.rand (uniform on [0, 1)), not np.random.randn")
_add("dropout_mask_not_random", "the dropout mask is the same at every call",
     "draw the mask with np.random.rand at every call (seed only when dropout_param has "
     "'seed'); a fixed or structured mask is not dropout")
_add("dropout_wrong", "dropout keeps or scales units wrongly",
     "keep each unit with probability p and divide the kept ones by p")
_add("dropout_test_mode_wrong", "test-mode dropout changes the input",
     "in test mode return x unchanged")
_add("dropout_ignores_seed", "dropout ignores dropout_param['seed']: two calls with the "
     "same seed drop different units (the notebook's gradient check needs them equal)",
     "start with: if 'seed' in dropout_param: np.random.seed(dropout_param['seed'])")
_add("conv_kernel_flipped", "the filters are flipped (a true convolution instead of the "
     "cross-correlation the layer computes)", "use w[f] as it is: out = sum(window * w[f]) + b[f]")
_add("conv_backward_ignores_stride", "the convolution backward pass ignores the stride",
     "the window of output (i, j) starts at (i * stride, j * stride) in the padded input, in "
     "the backward pass as in the forward")
_add("loss_called_twice", "the loss is computed twice per iteration (once for the loss and "
     "once more for the gradient, or once to record it): training costs twice as much, and a "
     "history appended at both calls is twice as long", "call it once per iteration: "
     "loss, grad = self.loss(X_batch, y_batch, reg), then use both")
_add("relu_on_scores", "a ReLU is applied to the final scores (the output layer is affine "
     "only)", "return the last affine layer's output as the scores: the ReLU belongs between "
     "the two affine layers, not after the second")
_add("not_implemented", "the function is still the starter's placeholder",
     "write its code where the starter says TODO (the placeholder's return value is not an "
     "answer)")
_add("optimizer_ignores_config", "the update uses a hard-coded hyperparameter (such as "
     "epsilon 1e-8) instead of the value in config", "read every hyperparameter from config "
     "(config['epsilon'], config['beta1'], ...); the defaults apply only when a key is absent")
_add("maxpool_max_from_zero", "the running maximum of a pooling window starts at 0 (or the "
     "output is zeros and only larger values replace it)", "start from the window's first "
     "entry (or -inf), or take window.max(): a window of negative numbers has a negative max")
_add("maxpool_backward_overwrites", "max-pool backward assigns (=) instead of accumulating (+=)",
     "overlapping windows can share a maximum: dx[..] += dout[..]")


SHOWS = {
    "dW_not_normalized": "dW is exactly N times the expected gradient (N = number of examples); "
                         "the notebook's grad_check_sparse shows relative errors near "
                         "(N-1)/(N+1), about 0.996 for N = 500.",
    "loss_not_normalized": "the loss is N times too large while dW may be right: the numeric "
                           "gradient of your loss is N times your dW.",
    "reg_grad_scalar": "dW changes by the constant reg when reg changes, instead of 2·reg·W.",
    "reg_grad_missing_factor_2": "with reg > 0 dW differs from the expected by exactly reg·W; at "
                                 "the notebook's tiny W this hides (about 5e-4 relative error).",
    "reg_convention": "the loss differs by a multiple of reg·ΣW² and dW by a multiple of reg·W, "
                      "consistently: gradient checks pass, only values against the reference "
                      "fail (in 2017+ notebooks: 'difference ... 1.90e-02').",
    "reg_missing_in_loss": "the loss does not change with reg; dW may.",
    "reg_missing_in_grad": "dW does not change with reg; the loss may.",
    "reg_grad_divided_by_n": "the regularization gradient is 2·reg·W/N (fitted coefficient 2/N).",
    "correct_class_not_excluded": "the SVM loss is exactly 1.0 (= delta) too large per example "
                                  "on average; dW's correct-class column may also be off.",
    "correct_class_count_off_by_one": "the loss is right; dW's correct-class column has one "
                                      "extra -X[i] per example.",
    "grad_sign_flipped": "dW is exactly -1 times the expected gradient.",
    "no_stability_shift": "finite values on ordinary inputs, nan/inf once scores reach ~1e3 "
                          "(exp overflows at 709).",
    "global_max_shift": "fine when all rows are on one scale, nan/inf when some rows' scores lie "
                        "far below the global maximum (their exp underflows to 0).",
    "softmax_normalized_over_all": "the loss is too large by about log(N); the gradient may be "
                                   "right, so the numeric gradient check fails.",
    "softmax_missing_minus_one": "dW (or dx) is probs without the -1 at the correct class; "
                                 "gradient checks show relative errors near 1.",
    "not_vectorized": "Python loops (for/while/comprehensions, np.vectorize, map) in the "
                      "function or in functions it calls, or a cost close to the naive one.",
    "distances_squared": "every distance is the square of the expected one; accuracy is "
                         "unchanged (the order is the same), so the notebook cannot see it.",
    "tie_break_wrong": "with k = 2 and neighbours labelled [3, 1] the prediction is 3, not 1.",
    "mutates_input": "the arrays the grader passed in are different after the call.",
    "ignores_upstream_gradient": "with dout all zeros the gradients are still not zero.",
    "relu_backward_not_masked": "dx equals dout everywhere, also where x < 0.",
    "bias_grad_wrong": "db is the mean of dout over the batch (1/N of the expected) or has the "
                       "wrong shape.",
    "params_not_updated": "W is the same before and after an iteration.",
    "gradient_ascent": "each step is W + learning_rate * grad: the loss goes up.",
    "batch_not_random": "every iteration's batch holds the same rows.",
    "dtype_changed": "the inputs are float64 tensors and a result comes back float32 (or an "
                     "integer type): precision drops to about 1e-7.",
    "hard_coded_device": "on a machine without a GPU the call raises 'Torch not compiled with "
                         "CUDA enabled'; on a GPU, a result lands on another device.",
    "sample_range_off_by_one": "over hundreds of draws every index appears except the last.",
    "lr_decay_every_iteration": "the step sizes shrink by learning_rate_decay at every "
                                "iteration instead of once per epoch.",
    "softmax_wrong_dim": "columns sum to 1 instead of rows.",
    "adam_no_bias_correction": "the first steps are far too small: next_w error about 0.2 in "
                               "the notebook's check.",
    "dropout_keep_drop_swapped": "at p = 0.25 about 75% of the units survive instead of 25%.",
    "maxpool_backward_overwrites": "right for the notebook's 2x2 windows with stride 2; wrong "
                                   "where windows overlap (3x3, stride 1).",
    "maxpool_max_from_zero": "right on the notebook's positive images; windows whose entries "
                             "are all negative pool to 0.",
    "backward_ignores_grad_output": "x.grad is 1 where x > 0 whatever the upstream gradient.",
}
for _id, _text in SHOWS.items():
    CATALOGUE[_id] = Mistake(_id, CATALOGUE[_id].title, CATALOGUE[_id].fix, _text)


def get(mistake_id: str) -> Mistake:
    return CATALOGUE[mistake_id]


def sentence(mistake_id: str) -> str:
    """What the mistake usually is and its fix, as feedback says it."""
    m = CATALOGUE[mistake_id]
    return f"This usually means {m.title}. Fix: {m.fix}."


def declare(mistakes: object, source: str) -> None:
    """Add a pack's own mistakes (its reference package's ``MISTAKES``: a list of
    ``Mistake``, or ``{id: (title, fix)}`` / ``{id: (title, fix, shows)}``). An id the
    catalogue has already must mean the same thing; anything else is the author's error."""
    from grader.errors import SpecError

    if isinstance(mistakes, dict):
        items = []
        for key, value in mistakes.items():
            if not (isinstance(value, (tuple, list)) and 2 <= len(value) <= 3
                    and all(isinstance(v, str) for v in value)):
                raise SpecError(f"{source}: MISTAKES[{key!r}] must be (title, fix) or "
                                "(title, fix, shows), all text")
            items.append(Mistake(str(key), *value))
    elif isinstance(mistakes, (list, tuple)) and all(isinstance(m, Mistake) for m in mistakes):
        items = list(mistakes)
    else:
        raise SpecError(f"{source}: MISTAKES must be a list of grader.catalogue.Mistake or a "
                        "dict {id: (title, fix)}")
    for m in items:
        if not m.id.isidentifier() or not m.title.strip() or not m.fix.strip():
            raise SpecError(f"{source}: mistake {m.id!r} needs an identifier id, a title and "
                            "a fix")
        known = CATALOGUE.get(m.id)
        if known is not None and (known.title, known.fix) != (m.title, m.fix):
            raise SpecError(f"{source}: mistake {m.id!r} is already in the catalogue with "
                            f"another meaning ({known.title!r}); give yours another id")
        CATALOGUE[m.id] = m


def explain(mistake_id: str, seen_in: list[str]) -> str:
    """The long form: what it is, how it shows, the fix, and where it can occur."""
    m = CATALOGUE[mistake_id]
    lines = [f"{m.id}: {m.title}.", ""]
    if m.shows:
        lines += ["How it shows:", f"  {m.shows}", ""]
    lines += ["Fix:", f"  {m.fix}."]
    if seen_in:
        lines += ["", "Catalogued for: " + ", ".join(seen_in)]
    return "\n".join(lines)
