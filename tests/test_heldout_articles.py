"""Full-length reports written for sitrep, annotated the way the evaluation kit's gold is.

``tests/data/heldout_{a..x}.jsonl``: 192 articles of 250-550 words in twenty-four sets of eight, written and
annotated by contributors who had not seen the extractor's rules, each set with one trap article
(an anniversary, a victory day, a NATO drill, a football match, a war film, a wildfire, an analysis
piece). Scored with the same matcher as ``sitrep evaluate``. First runs, before any fix made against
a set: a+b F1 0.586, c 0.573, d 0.468, e 0.496, f 0.561, g 0.436, h 0.450, i 0.494, j 0.451, k 0.469,
l 0.545, m 0.476, n 0.418, o 0.453, p 0.307, q 0.283, r 0.347, s 0.550, t 0.385, u 0.393, v 0.460,
w 0.409, x 0.516. The rules were then improved against most of them (not w and x, which were kept
unread until the third session's last fix and scored 0.475 then), so the floors below guard those
gains rather than measure unseen text.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep import Article, Pipeline
from sitrep.scoring.events import score_events

FILES = [Path(__file__).parent / "data" / f"heldout_{part}.jsonl" for part in "abcdefghijklmnopqrstuvwx"]
FLOOR_F1 = 0.56  # measured 0.591 over all 192 (2026-11-27, third session; first runs: g+h 0.443, i+j 0.472,
#                 k+l 0.505, m+n 0.450, o+p 0.383, q+r 0.318, s+t 0.475, u+v 0.427, w+x 0.463)
FLOOR_PRECISION = 0.55  # measured 0.578
MAX_MUST_NOT = 145  # measured 132


def test_heldout_articles() -> None:
    gold = [json.loads(line) for path in FILES for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert len(gold) == 192
    pipeline = Pipeline().load()
    records = [e.to_dict() for g in gold for e in pipeline.extract(
        Article(text=g["text"], id=g["id"], title=g.get("title"), published=date.fromisoformat(g["published"])))]
    summary = score_events(gold, records).summary()
    print(json.dumps(summary, indent=1))
    assert summary["f1"] >= FLOOR_F1
    assert summary["precision"] >= FLOOR_PRECISION
    assert summary["must_not_violations"] <= MAX_MUST_NOT


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_heldout_evidence_is_quoted_from_the_text(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for item in article["events"] + article["must_not"]:
            assert item["evidence"] in article["text"], (article["id"], item["evidence"])
