"""Stand-in for tqdm (not installed here): progress bars that just pass the items through."""
from _grader_inert import Inert, module_getattr

__grader_standin__ = True
__getattr__ = module_getattr("tqdm")


def tqdm(iterable=None, *args, **kwargs):
    return iterable if iterable is not None else Inert("tqdm()")


def trange(*args, **kwargs):
    return range(*args)
