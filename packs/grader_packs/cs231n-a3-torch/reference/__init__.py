"""cs231n assignment 3, the PyTorch files (2020-2024): GAN, style-transfer and SimCLR losses.
Reference code (numpy, host only) and known mistakes."""

from .captioning import PROXIES
from .mistakes import MISTAKES
from .variants import VARIANTS

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
