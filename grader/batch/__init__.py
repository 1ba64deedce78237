"""Instructor batch grading: many submissions, in parallel, resumable, with a gradebook, class
analytics and a report."""
