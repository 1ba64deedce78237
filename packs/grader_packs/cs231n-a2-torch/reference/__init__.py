"""cs231n assignment 2, its PyTorch recurrent part (2025-2026): rnn_layers_pytorch.py and
classifiers/rnn_pytorch.py. Reference code (numpy, host only) and known mistakes."""

from .captioning import PROXIES
from .mistakes import MISTAKES
from .variants import ACCEPTED, VARIANTS

__all__ = ["ACCEPTED", "MISTAKES", "PROXIES", "VARIANTS"]
