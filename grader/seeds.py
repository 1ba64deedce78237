"""One seed for all randomness, derived per (assignment, function, check, case) with a stable hash."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import numpy as np

from grader.errors import UsageError

HIDDEN_SEED_ENV = "GRADER_HIDDEN_SEED"
HIDDEN_SEED_FILE_ENV = "GRADER_HIDDEN_SEED_FILE"


def stable_words(*labels: object) -> list[int]:
    """32-bit words of a SHA-256 over the labels (never Python's salted ``hash()``)."""
    digest = hashlib.sha256("\x1f".join(map(str, labels)).encode()).digest()
    return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]


def rng_for(seed: int, *labels: object) -> np.random.Generator:
    """The generator for one place in the grading plan: same seed and labels, same numbers."""
    return np.random.default_rng(np.random.SeedSequence([seed & (2**64 - 1), *stable_words(*labels)]))


def student_seed(seed: int, *labels: object) -> int:
    """The seed the sandbox puts into the student's global RNGs before a call."""
    return int(rng_for(seed, "student-rng", *labels).integers(0, 2**31 - 1))


def hidden_seed() -> int:
    """The secret seed for ``--hidden``: from the environment, a file, or fresh randomness.

    It is never written to a result file.
    """
    if os.environ.get(HIDDEN_SEED_ENV):
        return _parse(os.environ[HIDDEN_SEED_ENV], HIDDEN_SEED_ENV)
    path = os.environ.get(HIDDEN_SEED_FILE_ENV)
    if path:
        try:
            return _parse(Path(path).read_text().strip(), path)
        except OSError as exc:
            raise UsageError(f"cannot read the hidden seed file {path}: {exc}") from None
    return secrets.randbits(63)


def _parse(text: str, source: str) -> int:
    try:
        return int(text, 0)
    except ValueError:
        raise UsageError(f"the hidden seed in {source} is not an integer") from None
