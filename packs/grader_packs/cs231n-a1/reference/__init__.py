"""cs231n assignment 1 (2017–2024 conventions): reference code and known mistakes."""

from .mistakes import MISTAKES as CATALOGUED
from .proxies import PROXIES
from .variants import (
    ACCEPTED_2025,
    RELU_MISTAKES,
    VARIANTS,
    VARIANTS_2016,
    VARIANTS_2017,
    VARIANTS_2025,
)

MISTAKES = {**CATALOGUED, **RELU_MISTAKES}  # this pack's ids (grader.catalogue.declare)

# what two numeric signatures mean in this pack (grader.diagnose.SIGNATURES)
SIGNATURES = {"exactly_one_more": "correct_class_not_excluded",
              "about_log_n_more": "softmax_normalized_over_all"}

__all__ = ["ACCEPTED_2025", "MISTAKES", "PROXIES", "SIGNATURES", "VARIANTS", "VARIANTS_2016",
           "VARIANTS_2017", "VARIANTS_2025"]
