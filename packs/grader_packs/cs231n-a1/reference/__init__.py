"""cs231n assignment 1 (2017–2024 conventions): reference code and known mistakes."""

from .mistakes import MISTAKES as CATALOGUED
from .proxies import PROXIES
from .variants import RELU_MISTAKES, VARIANTS

MISTAKES = {**CATALOGUED, **RELU_MISTAKES}  # this pack's ids (grader.catalogue.declare)

__all__ = ["MISTAKES", "PROXIES", "VARIANTS"]
