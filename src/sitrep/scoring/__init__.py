"""Scoring sitrep's output against gold data: event-level (articles with coded events) and
sentence-level coding (PLOVER types, CAMEO roots). ``sitrep evaluate`` prints these."""

from .codes import CodeScores, score_codes
from .events import EventScores, score_events

__all__ = ["CodeScores", "EventScores", "score_codes", "score_events"]
