"""Event-level scores: gold events matched one to one with extracted ones.

Two events can match when they are the same kind of event (the ACLED event type where the gold
event has one, else the PLOVER type) at the same place (within ``km`` of the gold coordinates; a
gold event with no coordinates needs overlapping evidence). Candidate pairs are taken cheapest
first, where overlapping evidence beats any distance. Precision counts every unmatched extracted
event against us; recall counts only gold events a careful coder would require. Matched pairs
then tell the field accuracies. Background events (``historical``) are not scored as events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..geo.distance import great_circle_km

Record = Mapping[str, Any]
#: Fields whose accuracy is told over matched pairs (where the gold event gives them).
_FIELDS = ("sub_event_type", "plover_type", "event_date", "actor1_country", "fatalities", "injuries")


@dataclass
class EventScores:
    """Totals over a gold set, and one row per article."""

    articles: int = 0
    gold_required: int = 0
    predicted: int = 0
    matched: int = 0
    matched_required: int = 0
    must_not_violations: int = 0
    right: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    geo_errors_km: list[float] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched_required / self.gold_required if self.gold_required else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def accuracy(self, name: str) -> float | None:
        n = self.asked.get(name, 0)
        return self.right.get(name, 0) / n if n else None

    def summary(self) -> dict[str, Any]:
        errors = sorted(self.geo_errors_km)
        within = sum(e <= 25 for e in errors)
        return {
            "articles": self.articles, "gold_required": self.gold_required, "predicted": self.predicted,
            "matched": self.matched, "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "must_not_violations": self.must_not_violations,
            "sub_event_type_acc": self.accuracy("sub_event_type"), "plover_acc": self.accuracy("plover_type"),
            "geo_within_25km": within / len(errors) if errors else None,
            "geo_median_km": errors[len(errors) // 2] if errors else None,
            "date_acc": self.accuracy("event_date"), "actor1_country_acc": self.accuracy("actor1_country"),
            "fatalities_acc": self.accuracy("fatalities"), "injuries_acc": self.accuracy("injuries"),
        }


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _evidence(record: Record) -> list[str]:
    """The evidence sentences of a record (a list of spans, one span, or plain text)."""
    raw = record.get("evidence") or []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        text = item if isinstance(item, str) else (item.get("sentence") or item.get("text") or "") \
            if isinstance(item, Mapping) else ""
        if text:
            out.append(_squash(text))
    return out


def _overlap(gold_text: str, record: Record) -> bool:
    g = _squash(gold_text)
    return bool(g) and any(g in t or t in g for t in _evidence(record))


def _point(record: Record) -> tuple[float, float] | None:
    lat, lon = record.get("latitude"), record.get("longitude")
    return None if lat is None or lon is None else (float(lat), float(lon))


def _cost(gold: Record, pred: Record, km: float) -> float | None:
    kind = "event_type" if gold.get("event_type") else "plover_type"
    if pred.get(kind) != gold.get(kind):
        return None
    g = _point(gold)
    if g is None:
        return 0.0 if _overlap(gold.get("evidence") or "", pred) else None
    p = _point(pred)
    if p is None:
        return None
    d = great_circle_km(g[0], g[1], p[0], p[1])
    return d if d <= km else None


def pair_up(gold: Sequence[Record], preds: Sequence[Record], km: float) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, prediction index), cheapest first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            cost = _cost(g, p, km)
            if cost is not None:
                penalty = 0.0 if _overlap(g.get("evidence") or "", p) else 1000.0
                candidates.append((penalty + cost, gi, pi))
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates):
        if gi in taken_g or pi in taken_p:
            continue
        taken_g.add(gi)
        taken_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def score_events(gold_articles: Iterable[Record], predictions: Iterable[Record], km: float = 50.0) -> EventScores:
    """Score extracted event records (dicts with ``article_id``) against gold articles."""
    by_article: dict[str, list[Record]] = {}
    for p in predictions:
        if not p.get("historical"):
            by_article.setdefault(str(p.get("article_id")), []).append(p)
    s = EventScores()
    for article in gold_articles:
        gold = list(article.get("events") or [])
        preds = by_article.get(str(article.get("id")), [])
        pairs = pair_up(gold, preds, km)
        required = sum(bool(g.get("required", True)) for g in gold)
        got_required = sum(bool(gold[gi].get("required", True)) for gi, _ in pairs)
        violations = sum(_overlap(m.get("evidence") or "", p) for p in preds for m in article.get("must_not") or [])
        s.articles += 1
        s.gold_required += required
        s.predicted += len(preds)
        s.matched += len(pairs)
        s.matched_required += got_required
        s.must_not_violations += violations
        for gi, pi in pairs:
            _compare(s, gold[gi], preds[pi])
        s.rows.append({"article": str(article.get("id")), "gold_required": required, "predicted": len(preds),
                       "matched": len(pairs), "missed": required - got_required, "false": len(preds) - len(pairs),
                       "must_not": violations})
    return s


def _compare(s: EventScores, g: Record, p: Record) -> None:
    for name in _FIELDS:
        want = g.get(name)
        if want is None or want == "":
            continue
        s.asked[name] = s.asked.get(name, 0) + 1
        s.right[name] = s.right.get(name, 0) + (p.get(name) == want)
    gp, pp = _point(g), _point(p)
    if gp and pp:
        s.geo_errors_km.append(great_circle_km(gp[0], gp[1], pp[0], pp[1]))
