"""Sentence-level coding scores: one gold sentence, one predicted code.

The prediction for a sentence is the code of its most confident current event ("none" when it
yields no event). PLOVER: accuracy and macro F1 over the gold types (types of PLOVER's earlier
versions are mapped to today's). CAMEO: a sentence is right when the predicted root is one of the
expected roots, or when nothing is predicted for a sentence expecting no event; the root
precision and the share of no-event sentences given an event are reported too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ml.labels import OLD_PLOVER

Record = Mapping[str, Any]


@dataclass
class CodeScores:
    kind: str  # plover | cameo
    sentences: int = 0
    accuracy: float | None = None
    macro_f1: float | None = None
    no_event_rate: float | None = None
    root_precision: float | None = None
    false_event_rate: float | None = None
    confusions: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        keys = ("sentences", "accuracy", "macro_f1", "no_event_rate", "confusions") if self.kind == "plover" \
            else ("sentences", "accuracy", "root_precision", "false_event_rate")
        return {k: getattr(self, k) for k in keys}


def sentence_codes(predictions: Iterable[Record], key: str) -> dict[str, str]:
    """Per article (= sentence) id, the ``key`` code of its most confident current event."""
    best: dict[str, tuple[float, str]] = {}
    for p in predictions:
        value = p.get(key)
        if p.get("historical") or not value:
            continue
        aid, conf = str(p.get("article_id")), float(p.get("confidence") or 0.0)
        if aid not in best or conf > best[aid][0]:
            best[aid] = (conf, str(value))
    return {k: v for k, (_, v) in best.items()}


def gold_plover(record: Record) -> str | None:
    value = record.get("plover_type", record.get("event"))
    return None if value is None else OLD_PLOVER.get(str(value).upper(), str(value).upper())


def gold_cameo_roots(record: Record) -> set[str] | None:
    """The expected CAMEO roots (empty: no event expected); None when the record has no CAMEO gold."""
    if "expected_events" in record or record.get("no_events") is True:
        return {str(e.get("event_code"))[:2] for e in record.get("expected_events") or [] if isinstance(e, Mapping)}
    code = record.get("cameo_root", record.get("cameo_code"))
    if code is None:
        return None
    return set() if str(code).lower() == "none" else {str(code).zfill(2)[:2]}


def score_codes(gold: Iterable[Record], predictions: Iterable[Record], kind: str) -> CodeScores:
    """Score sentence-level PLOVER types (``kind="plover"``) or CAMEO roots (``"cameo"``)."""
    preds = list(predictions)
    if kind == "plover":
        return _plover([g for g in gold if gold_plover(g)], sentence_codes(preds, "plover_type"))
    return _cameo([g for g in gold if gold_cameo_roots(g) is not None], sentence_codes(preds, "cameo_code"))


def _plover(gold: list[Record], pred: dict[str, str]) -> CodeScores:
    pairs = [(str(gold_plover(g)), pred.get(str(g.get("id")), "none")) for g in gold]
    s = CodeScores("plover", sentences=len(pairs))
    if not pairs:
        return s
    f1s = []
    for label in sorted({t for t, _ in pairs}):
        tp = sum(t == p == label for t, p in pairs)
        fp = sum(p == label != t for t, p in pairs)
        fn = sum(t == label != p for t, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    s.accuracy = sum(t == p for t, p in pairs) / len(pairs)
    s.macro_f1 = sum(f1s) / len(f1s)
    s.no_event_rate = sum(p == "none" for _, p in pairs) / len(pairs)
    s.confusions = [f"{t}->{p} x{n}" for (t, p), n in Counter((t, p) for t, p in pairs if t != p).most_common(8)]
    return s


def _cameo(gold: list[Record], pred: dict[str, str]) -> CodeScores:
    s = CodeScores("cameo", sentences=len(gold))
    right = predicted = predicted_ok = quiet = quiet_wrong = 0
    for g in gold:
        want = gold_cameo_roots(g) or set()
        code = pred.get(str(g.get("id")))
        root = code[:2] if code else None
        if not want:
            quiet += 1
            quiet_wrong += root is not None
            right += root is None
            continue
        if root is not None:
            predicted += 1
            predicted_ok += root in want
            right += root in want
    s.accuracy = right / len(gold) if gold else None
    s.root_precision = predicted_ok / predicted if predicted else None
    s.false_event_rate = quiet_wrong / quiet if quiet else None
    return s
