"""Exports for the places courses already use: a Gradescope autograder zip and a PrairieLearn
external grader. Both carry the grader's own source (the reference code included: they are the
instructor's), pinned requirements and a secret seed; student code runs in the sandbox."""
