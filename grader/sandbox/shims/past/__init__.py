"""Shim for the `future` package's `past` module, imported by old cs231n starter code."""
