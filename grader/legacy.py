"""Recognising old code: Python 2 leftovers and APIs NumPy 2 removed, from the error they raise.

Students reuse solutions written years ago; the failure then says "NameError" where the real
story is "this is Python 2". Pure functions of an error's type and message.
"""

from __future__ import annotations

import re

PY2_NAMES = {"xrange": "range", "raw_input": "input", "unicode": "str", "basestring": "str",
             "long": "int", "unichr": "chr", "reduce": "functools.reduce",
             "execfile": "exec(open(f).read())", "cmp": "(a > b) - (a < b)"}
PY2_METHODS = {"iteritems": "items", "itervalues": "values", "iterkeys": "keys",
               "has_key": "the `in` operator"}
NUMPY_REMOVED = {"float": "float (or np.float64)", "int": "int (or np.int64)", "bool": "bool",
                 "object": "object", "complex": "complex", "str": "str",
                 "asscalar": "x.item()", "NaN": "np.nan", "Inf": "np.inf", "NINF": "-np.inf",
                 "PINF": "np.inf", "product": "np.prod", "cumproduct": "np.cumprod",
                 "alltrue": "np.all", "sometrue": "np.any", "round_": "np.round",
                 "in1d": "np.isin", "row_stack": "np.vstack", "trapz": "np.trapezoid"}


def legacy_hint(error_type: str, message: str) -> tuple[str, str] | None:
    """(mistake id, what it is and the fix) when an error is the signature of old code."""
    if error_type == "SyntaxError" and "Missing parentheses in call to 'print'" in message:
        return "python2_code", "a Python 2 print statement: write print(...)"
    if error_type == "NameError":
        name = _quoted(message)
        if name in PY2_NAMES:
            return "python2_code", f"{name} is Python 2: use {PY2_NAMES[name]}"
    if error_type == "AttributeError":
        name = _quoted(message, last=True)
        if name in PY2_METHODS and "dict" in message:
            return "python2_code", f"dict.{name}() is Python 2: use {PY2_METHODS[name]}"
        if "module 'numpy' has no attribute" in message and name in NUMPY_REMOVED:
            return "numpy2_removed_api", (f"np.{name} was removed from NumPy: use "
                                          f"{NUMPY_REMOVED[name]}")
    if error_type == "TypeError":
        if "'newshape'" in message and "keyword" in message:
            return "numpy2_removed_api", ("reshape(newshape=...) was removed in NumPy 2: "
                                          "write x.reshape(shape)")
        if "'float' object cannot be interpreted as an integer" in message:
            return "python2_code", ("a float where an integer is needed: in Python 3 `/` "
                                    "always gives a float; use `//` for sizes and indices")
    return None


def _quoted(message: str, last: bool = False) -> str | None:
    found = re.findall(r"'([^']+)'", message)
    return (found[-1] if last else found[0]) if found else None
