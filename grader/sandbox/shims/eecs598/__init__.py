"""A stand-in for EECS 498's course helper package, for submissions that import it.

Only what graded code plausibly calls is here (the real package ships with the starter
notebooks; a submission's own copy comes first on sys.path and wins).
"""

from . import grad  # noqa: F401


def reset_seed(number):
    """Reset Python's and torch's random seeds, as eecs598.reset_seed does."""
    import random

    import torch

    random.seed(number)
    torch.manual_seed(number)


def hello():
    print("Hello from eecs598!")
