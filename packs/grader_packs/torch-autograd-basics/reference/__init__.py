"""torch-autograd-basics: small exercises every PyTorch course has. NumPy references (the
host never imports torch) and their known mistakes."""

from .mistakes import MISTAKES as CATALOGUED
from .relu_mistakes import RELU_MISTAKES
from .variants import VARIANTS

MISTAKES = {**CATALOGUED, **RELU_MISTAKES}  # this pack's ids (grader.catalogue.declare)
PROXIES: dict = {}

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
