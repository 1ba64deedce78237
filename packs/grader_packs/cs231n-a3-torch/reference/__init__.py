"""cs231n assignment 3, the PyTorch files (2017-2025): attention, GAN, style-transfer and SimCLR
losses. Reference code (numpy, host only) and known mistakes."""

from .captioning import PROXIES as _CAPTIONING
from .mistakes import MISTAKES
from .variants import VARIANTS, VARIANTS_2020, VARIANTS_2021, VARIANTS_2025
from .vit import PROXIES as _VIT

PROXIES = {**_CAPTIONING, **_VIT}

__all__ = ["MISTAKES", "PROXIES", "VARIANTS", "VARIANTS_2020", "VARIANTS_2021",
           "VARIANTS_2025"]
