"""torch-autograd-basics: small exercises every PyTorch course has. NumPy references (the
host never imports torch) and their known mistakes."""

from grader.reference.cs231n_a1.variants import RELU_MISTAKES
from grader.reference.torch_basics.variants import VARIANTS

MISTAKES = RELU_MISTAKES  # the same ids as cs231n-a1's ReLU (grader.catalogue.declare)
PROXIES: dict = {}

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
