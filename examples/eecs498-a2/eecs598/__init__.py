"""A trimmed stand-in for the course's helper package (the real one ships with the starter)."""

from . import grad  # noqa: F401


def reset_seed(number):
    import random

    import torch

    random.seed(number)
    torch.manual_seed(number)
