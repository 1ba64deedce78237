"""Messages are UI: the terminal report is pinned at 80 columns (golden file)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from conftest import FAST, ROOT
from grader import find, grade
from grader.formats.terminal import render

GOLDEN = ROOT / "tests" / "golden" / "buggy-assignment1.txt"


def test_report_matches_golden_at_80_columns(monkeypatch):
    monkeypatch.chdir(ROOT)
    options = replace(FAST, sandbox="process")  # the header names the backend
    result = grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), options)
    text = render(result, width=80)
    if os.environ.get("GRADER_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
    assert max(len(line) for line in text.splitlines()) <= 80


def test_report_says_which_checks_were_public(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = render(grade(find("cs231n-a1"), Path("examples/assignment1"), FAST), width=80)
    assert "public inputs, seed 231" in text
    assert text.rstrip().endswith("Total 89/89: all public checks passed.")
