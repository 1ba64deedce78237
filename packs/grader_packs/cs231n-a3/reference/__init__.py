"""cs231n assignment 3 (2016-2024): the recurrent layers (rnn_layers.py). Reference code and
known mistakes (host only)."""

from .captioning import PROXIES
from .mistakes import MISTAKES
from .variants import ACCEPTED, VARIANTS

__all__ = ["ACCEPTED", "MISTAKES", "PROXIES", "VARIANTS"]
