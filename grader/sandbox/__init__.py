"""Where student code runs: the sandbox backends, the wire and the in-sandbox runner."""

NAMES = ("auto", "bwrap", "process", "docker")
"""The ``--sandbox`` choices (``grader.sandbox.backends`` starts them)."""
