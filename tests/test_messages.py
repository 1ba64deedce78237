"""Messages are UI: the diagnosis text of key mistakes is pinned (golden file).

Regenerate after a deliberate wording change with GRADER_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os

from conftest import FIXTURES, ROOT, graded

GOLDEN = ROOT / "tests" / "golden" / "messages.txt"
KEY = [
    "dW_not_normalized__svm_loss_naive",
    "reg_grad_scalar__svm_loss_naive",
    "reg_convention__svm_loss_vectorized",
    "correct_class_not_excluded__svm_loss_vectorized",
    "no_stability_shift__softmax_loss_vectorized",
    "not_vectorized__softmax_loss_vectorized",
    "distances_squared__KNearestNeighbor.compute_distances_no_loops",
    "tie_break_wrong__KNearestNeighbor.predict_labels",
    "gradient_ascent__LinearClassifier.train",
    "ignores_upstream_gradient__relu_backward",
    "reg_convention__TwoLayerNet.loss",
    "python2_code__svm_loss_naive",
]


def render_messages() -> str:
    blocks = []
    for stem in KEY:
        mistake, _, function = stem.partition("__")
        result = graded(str(FIXTURES / "mistakes" / f"{stem}.py"))
        lines = [f"== {stem}"]
        for test in result.tests:
            if test.function == function:
                lines += [f"[{m.id}] {m.message}" for m in test.mistakes]
        blocks.append("\n".join(dict.fromkeys(lines)))
    return "\n\n".join(blocks) + "\n"


def test_key_diagnosis_messages_are_pinned():
    text = render_messages()
    if os.environ.get("GRADER_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
