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
_add("grad_sign_flipped", "the gradient has the wrong sign",
     "dW must point uphill: check the sign of each term you add to dW")
_add("softmax_normalized_over_all", "the softmax normalizes by a sum over the whole matrix",
     "normalize each row by its own sum: np.sum(np.exp(scores), axis=1, keepdims=True)")
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
_add("init_wrong", "the parameters are not initialised as the docstring asks",
     "store every parameter under the name the docstring gives, with its shape: random "
     "weights of the scale you were given, zeros where the docstring says")
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


# --- optimizers, batch normalization, dropout, convolution (cs231n A2)
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
_add("loss_called_twice", "the loss is computed twice per iteration (once for the loss and "
     "once more for the gradient, or once to record it): training costs twice as much, and a "
     "history appended at both calls is twice as long", "call it once per iteration: "
     "loss, grad = self.loss(X_batch, y_batch, reg), then use both")
_add("not_implemented", "the function is still the starter's placeholder",
     "write its code where the starter says TODO (the placeholder's return value is not an "
     "answer)")


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
    "grad_sign_flipped": "dW is exactly -1 times the expected gradient.",
    "softmax_normalized_over_all": "the loss is too large by about log(N); the gradient may be "
                                   "right, so the numeric gradient check fails.",
    "not_vectorized": "Python loops (for/while/comprehensions, np.vectorize, map) in the "
                      "function or in functions it calls, or a cost close to the naive one.",
    "mutates_input": "the arrays the grader passed in are different after the call.",
    "ignores_upstream_gradient": "with dout all zeros the gradients are still not zero.",
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
    "dropout_keep_drop_swapped": "at p = 0.25 about 75% of the units survive instead of 25%.",
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
