"""cs231n assignment 2 (2021-2024 layout): optimizers, batch normalization, dropout,
convolution and max pooling. Reference code and known mistakes (host only)."""

from .mistakes import MISTAKES as CATALOGUED
from .variants import ACCEPTED, ACCEPTED_2017, ACCEPTED_2025, VARIANTS, VARIANTS_2017, VARIANTS_2025
from .variants import MISTAKES as DROPOUT_MISTAKES

MISTAKES = {**CATALOGUED, **DROPOUT_MISTAKES}  # this pack's ids (grader.catalogue.declare)

from .net_layers import PROXIES  # noqa: E402 - the layers a network's loss() calls

__all__ = ["ACCEPTED", "ACCEPTED_2017", "ACCEPTED_2025", "MISTAKES", "PROXIES", "VARIANTS",
           "VARIANTS_2017", "VARIANTS_2025"]
