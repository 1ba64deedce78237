"""cs231n assignment 2 (2021-2024 layout): optimizers, batch normalization, dropout,
convolution and max pooling. Reference code and known mistakes (host only)."""

from grader.reference.cs231n_a2.variants import ACCEPTED, MISTAKES, VARIANTS

PROXIES: dict = {}

__all__ = ["ACCEPTED", "MISTAKES", "PROXIES", "VARIANTS"]
