"""EECS 498/598 assignment 3, on a copy of cs231n A2's reference (the same layers; see eecs.py).
cs231n assignment 2 (2021-2024 layout): optimizers, batch normalization, dropout,
convolution and max pooling. Reference code and known mistakes (host only)."""

from .eecs import ACCEPTED_EECS, VARIANTS_EECS
from .mistakes import MISTAKES as CATALOGUED
from .variants import ACCEPTED, VARIANTS, VARIANTS_2017
from .variants import MISTAKES as DROPOUT_MISTAKES

MISTAKES = {**CATALOGUED, **DROPOUT_MISTAKES}  # this pack's ids (grader.catalogue.declare)

from .net_layers import PROXIES  # noqa: E402 - the layers a network's loss() calls

__all__ = ["ACCEPTED", "ACCEPTED_EECS", "MISTAKES", "PROXIES", "VARIANTS", "VARIANTS_2017",
           "VARIANTS_EECS"]
