"""EECS 498/598 (Michigan) assignment 2 in PyTorch: reference code and known mistakes.

The references are NumPy: the host never imports torch. Inputs cross into the sandbox as
float64 tensors, the student's tensors come back as arrays with their dtype and device.
"""

from .mistakes import MISTAKES
from .proxies import PROXIES
from .variants import VARIANTS

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
