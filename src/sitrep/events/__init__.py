"""Mentions to events: taxonomy refinement, fields, ids, notes, merging within an article."""
