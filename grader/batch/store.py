"""The durable store of a batch: one SQLite file, one row per graded submission.

A row is keyed by the student and what determines a grade: the submission's content hash,
the assignment's spec hash, the grader version and the seed. Rows are written in a transaction as each
grade completes, so a batch killed at any moment (SIGKILL included) loses at most the
submissions in flight, and the next run grades exactly those. A changed submission has a new
key and is graded again; an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    student TEXT NOT NULL,
    submission_hash TEXT NOT NULL,
    spec_hash TEXT NOT NULL,
    grader_version TEXT NOT NULL,
    seed TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    result TEXT NOT NULL,
    graded_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS results_student ON results (student);
"""


def result_key(student: str, submission_hash: str, spec_hash: str, version: str,
               seed: object) -> str:
    """Two students who hand in the same files (the untouched starter, say) keep two rows."""
    text = json.dumps([student, submission_hash, spec_hash, version, str(seed)])
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def keys(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT key FROM results")}

    def put(self, key: str, student: str, result: dict, seed: object) -> None:
        """Record one graded submission (atomically; a key already there is kept as it is)."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, student, result.get("submission_hash", ""), result.get("spec_hash", ""),
                 result.get("grader_version", ""), str(seed), float(result.get("score", 0.0)),
                 float(result.get("max_score", 0.0)), json.dumps(result), time.time()))

    def get(self, key: str) -> dict | None:
        row = self.db.execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def close(self) -> None:
        self.db.close()
