"""The shipped assignment packs, one folder each (pack.yaml, reference/, generators.py),
written with the grader's public authoring API like any course's own (docs/authoring.md).
The grader finds them through this distribution's ``grader.packs`` entry point. They hold
the reference solutions: instructors install this, students install the engine alone."""
