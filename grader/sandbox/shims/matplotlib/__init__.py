"""Stand-in for matplotlib (not installed here): every name is inert (see _grader_inert)."""
from _grader_inert import module_getattr

__grader_standin__ = True
__getattr__ = module_getattr("matplotlib")
