"""EECS 498/598 (Michigan) assignment 2 in PyTorch: reference code and known mistakes.

The references are NumPy: the host never imports torch. Inputs cross into the sandbox as
float64 tensors, the student's tensors come back as arrays with their dtype and device.
"""

from .mistakes import MISTAKES
from .proxies import PROXIES
from .variants import VARIANTS

# what two numeric signatures mean in this pack (grader.diagnose.SIGNATURES)
SIGNATURES = {"exactly_one_more": "correct_class_not_excluded",
              "about_log_n_more": "softmax_normalized_over_all"}

__all__ = ["SIGNATURES", "MISTAKES", "PROXIES", "VARIANTS"]
