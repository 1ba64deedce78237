"""cs231n assignment 1 (2017–2024 conventions): reference code and known mistakes."""

from grader.reference.cs231n_a1.proxies import PROXIES
from grader.reference.cs231n_a1.variants import RELU_MISTAKES, VARIANTS

MISTAKES = RELU_MISTAKES  # this pack's own ids (grader.catalogue.declare)

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
