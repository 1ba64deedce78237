"""EECS 498/598 assignment 3 (PyTorch): reference code and known mistakes (host only).

The layers' math is cs231n A2's: layers.py, optim.py, mistakes.py and variants.py are copies
of that pack's (packs are self-contained); eecs.py renames them to this assignment's classes
and adds what differs (dropout's p drops a unit, Linear, ReLU, kaiming_initializer)."""

from .eecs import ACCEPTED_EECS, VARIANTS_EECS
from .mistakes import MISTAKES as CATALOGUED
from .variants import MISTAKES as DROPOUT_MISTAKES

MISTAKES = {**CATALOGUED, **DROPOUT_MISTAKES}  # this pack's ids (grader.catalogue.declare)

PROXIES: dict = {}

__all__ = ["ACCEPTED_EECS", "MISTAKES", "PROXIES", "VARIANTS_EECS"]
