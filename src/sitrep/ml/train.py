"""Train a coder: embed labelled sentences, hold some out to report on, fit the heads on all."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .coder import Coder
from .data import Example, builtin_examples
from .embed import Embedder
from .heads import Head, train_head
from .labels import HEADS


@dataclass
class HeadReport:
    """Held-out scores of one head."""

    trained_on: int
    held_out: int
    accuracy: float | None = None
    macro_f1: float | None = None
    per_label: dict[str, float] = field(default_factory=dict)


def fingerprint(examples: Sequence[Example]) -> str:
    """A digest of the training data, so a stale packaged model is noticed."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.text}\t{e.plover}\t{e.cameo}\t{e.acled}\n".encode())
    return h.hexdigest()[:16]


def train(examples: Sequence[Example], *, use_builtin: bool = True, holdout: float = 0.2, seed: int = 13,
          embedder: Embedder | None = None, name: str = "model") -> tuple[Coder, dict[str, HeadReport]]:
    """Train the three heads.

    Args:
        examples: the user's labelled sentences (empty to train on the packaged exemplars alone).
        use_builtin: add our exemplars; for a head the user gave no labels for they are used anyway.
        holdout: share of the user's examples (of the exemplars, when there are none) kept out of a
            first fit and scored; the saved heads are then fitted on everything.
        seed: the split's random seed.
        embedder: a loaded embedder to reuse.
        name: the model's name, kept in ``model.json``.
    """
    embedder = embedder or Embedder()
    builtin = list(builtin_examples())
    own = list(examples) or builtin
    rng = random.Random(seed)
    texts = list(dict.fromkeys([e.text for e in own] + [e.text for e in builtin]))
    vectors = dict(zip(texts, _tokens(embedder, texts), strict=True))
    heads: dict[str, Head] = {}
    reports: dict[str, HeadReport] = {}
    for head in HEADS:
        mine = [e for e in own if e.label(head) is not None]
        if own is builtin or not (use_builtin or not mine):
            extra = []  # the exemplars are already the training set, or the user asked to leave them out
        else:
            extra = [e for e in builtin if e.label(head) is not None]
        if not mine and not extra:
            continue
        test = _split(mine, holdout, rng, head) if mine else []
        held = {id(e) for e in test}
        train_set = [e for e in mine if id(e) not in held] + extra
        report = HeadReport(trained_on=len(mine) + len(extra), held_out=len(test))
        if test and len({e.label(head) for e in train_set}) >= 2:
            first = train_head([vectors[e.text] for e in train_set], [str(e.label(head)) for e in train_set],
                               seed=seed)
            _score(first, test, head, vectors, report)
        heads[head] = train_head([vectors[e.text] for e in mine + extra], [str(e.label(head)) for e in mine + extra],
                                 seed=seed)
        reports[head] = report
    meta = {"name": name, "fingerprint": fingerprint(list(own) + (builtin if own is not builtin else [])),
            "trained_on": {h: r.trained_on for h, r in reports.items()},
            "report": {h: {"held_out": r.held_out, "accuracy": r.accuracy, "macro_f1": r.macro_f1}
                       for h, r in reports.items()}}
    return Coder(heads, meta, embedder), reports


def _tokens(embedder: Embedder, texts: list[str], chunk: int = 512) -> list[np.ndarray]:
    """Token matrices for the training sentences, encoded a chunk at a time and kept as float16
    (training on tens of thousands of sentences stays within a laptop's memory)."""
    out: list[np.ndarray] = []
    for start in range(0, len(texts), chunk):
        out.extend(m.astype(np.float16) for m in embedder.tokens(texts[start:start + chunk]))
    return out


def _split(examples: list[Example], share: float, rng: random.Random, head: str) -> list[Example]:
    """A stratified held-out sample: ``share`` of each label with at least two examples."""
    if share <= 0:
        return []
    by_label: dict[str, list[Example]] = {}
    for e in examples:
        by_label.setdefault(str(e.label(head)), []).append(e)
    out = []
    for group in by_label.values():
        if len(group) < 2:
            continue
        k = max(1, round(len(group) * share))
        out.extend(rng.sample(group, min(k, len(group) - 1)))
    return out


def _score(head_model: Head, test: list[Example], head: str, vectors: dict[str, np.ndarray],
           report: HeadReport) -> None:
    probs = head_model.proba([vectors[e.text] for e in test])
    pred = [head_model.labels[int(i)] for i in probs.argmax(axis=1)]
    gold = [str(e.label(head)) for e in test]
    report.accuracy = round(sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold), 4)
    counts = Counter(gold)
    f1s = {}
    for label in counts:
        tp = sum(p == g == label for p, g in zip(pred, gold, strict=True))
        fp = sum(p == label != g for p, g in zip(pred, gold, strict=True))
        fn = counts[label] - tp
        f1s[label] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    report.per_label = f1s
    report.macro_f1 = round(sum(f1s.values()) / len(f1s), 4)
