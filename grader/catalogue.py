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

# --- losses and gradients: what the engine's checks and numeric signatures name
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
_add("reg_convention", "the regularization uses the other convention (0.5·reg·ΣW² with "
     "gradient reg·W where reg·ΣW² with 2·reg·W is asked, or the reverse)",
     "use the convention this function's docstring states (courses differ by file and by "
     "year)")
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
_add("grad_sign_flipped", "the gradient has the wrong sign",
     "dW must point uphill: check the sign of each term you add to dW")
_add("init_wrong", "the parameters are not initialised as the docstring asks",
     "store every parameter under the name the docstring gives, with its shape: random "
     "weights of the scale you were given, zeros where the docstring says")
_add("not_vectorized", "the vectorized version is not vectorized",
     "replace the Python loops with whole-array operations (matrix products, broadcasting, "
     "fancy indexing)")
_add("naive_vectorized_disagree", "the naive and vectorized versions disagree",
     "both versions must compute the same loss and gradient")


# --- PyTorch outputs
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

_add("no_gradient", "no gradient reaches an input through autograd: the computation is cut "
     "from the graph",
     "keep every step in torch operations on the inputs themselves: no .detach(), .data, "
     ".item(), .numpy() or torch.tensor(...) of an intermediate, and no torch.no_grad() around "
     "the forward pass")
_add("autograd_gradient_wrong", "the gradient autograd computes through the forward pass is "
     "not the reference's",
     "when the forward values are right, part of the computation is cut from the graph (a "
     ".detach(), .data or a copy through numpy on the way, e.g. of the previous hidden "
     "state): keep every step in torch operations on the inputs")
_add("inplace_breaks_autograd", "a tensor autograd needs for the backward pass is changed in "
     "place: writing a step's state into a buffer whose slices the next steps read (h[:, t] = "
     "..., then h[:, t - 1] fed back), or an input updated with +=",
     "keep each step's result in a variable and feed that to the next step (prev_h = next_h), "
     "collect the states in a list and torch.stack them at the end; never change an input in "
     "place")
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
    "grad_sign_flipped": "dW is exactly -1 times the expected gradient.",
    "not_vectorized": "Python loops (for/while/comprehensions, np.vectorize, map) in the "
                      "function or in functions it calls, or a cost close to the naive one.",
    "mutates_input": "the arrays the grader passed in are different after the call.",
    "ignores_upstream_gradient": "with dout all zeros the gradients are still not zero.",
    "dtype_changed": "the inputs are float64 tensors and a result comes back float32 (or an "
                     "integer type): precision drops to about 1e-7.",
    "hard_coded_device": "on a machine without a GPU the call raises 'Torch not compiled with "
                         "CUDA enabled'; on a GPU, a result lands on another device.",
    "syntax_error": "the file does not parse, so none of its functions can be imported: every "
                    "check of every function in it scores 0 and the report shows the file, the "
                    "line and Python's message once. Often the real mistake is on the line "
                    "before the one shown (an unclosed bracket or string, a missing colon), or "
                    "a tab/space mix in the indentation; `python -m py_compile FILE` shows the "
                    "same message on your machine.",
    "timeout": "the call did not return within the per-call limit (10 s by default, --timeout "
               "to change it) and its sandbox was stopped; the report shows the line it was "
               "running when stopped. Only this function loses points: the others are graded "
               "in a fresh sandbox. The grader's inputs are small (the notebook's sizes or "
               "less), so correct code finishes in milliseconds: a loop whose variable never "
               "changes, a `while` waiting on a condition the loop never updates, or input() "
               "waiting for a keyboard are the usual causes.",
    "naive_vectorized_disagree": "your two versions return different results on the same "
                                 "inputs, as the notebook's 'difference' cell would show "
                                 "(it prints the loss difference and the Frobenius norm of "
                                 "the gradients' difference). This check carries no points: "
                                 "the value checks of each version say which one is wrong; "
                                 "when both fail with the same numbers, the shared mistake is "
                                 "in code both call.",
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
