"""EECS 498/598 assignment 3 (PyTorch): reference code and known mistakes (host only).

The layers' math is cs231n A2's: layers.py, optim.py, mistakes.py and variants.py are copies
of that pack's (packs are self-contained); eecs.py renames them to this assignment's classes
and adds what differs (dropout's p drops a unit, Linear, ReLU, kaiming_initializer); nets.py
holds the networks and the layer proxies their loss() calls."""

from .eecs import ACCEPTED_EECS, VARIANTS_EECS
from .mistakes import MISTAKES as CATALOGUED
from .net_mistakes import MISTAKES as NET_MISTAKES
from .nets import PROXIES  # the layer classes a network's loss() calls, answered on the host
from .variants import MISTAKES as DROPOUT_MISTAKES

MISTAKES = {**CATALOGUED, **DROPOUT_MISTAKES, **NET_MISTAKES}  # (grader.catalogue.declare)

__all__ = ["ACCEPTED_EECS", "MISTAKES", "PROXIES", "VARIANTS_EECS"]
