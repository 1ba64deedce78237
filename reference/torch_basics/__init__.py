"""torch-autograd-basics: small exercises every PyTorch course has. NumPy references (the
host never imports torch) and their known mistakes."""

from grader.reference.torch_basics.variants import VARIANTS

PROXIES: dict = {}

__all__ = ["PROXIES", "VARIANTS"]
