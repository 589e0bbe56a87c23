"""Geoparsing speed on one core: load time, documents per second, toponyms per second, peak memory.

Documents are the GeoVirus passages when the evaluation kit is present beside the repository
(``../shared/eval/geo/geovirus.jsonl``, read at run time only, never copied), otherwise generated
texts of the same size (about 270 words, 36 place names each) built from gazetteer names. The
process is pinned to one CPU; nothing is asserted.

Example:
    python benchmarks/geoparse.py
    python benchmarks/geoparse.py --generated --docs 1000 --json geoparse.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "geo" / "geovirus.jsonl"
sys.path.insert(0, str(ROOT / "src"))

TOWNS = ["Tovuz", "Barda", "Shamkir", "Ganja", "Goma", "Mopti", "Kherson", "Lviv", "Peshawar", "Idlib",
         "Aleppo", "Mosul", "Kaduna", "Maiduguri", "Bunia", "Beni", "Gao", "Timbuktu", "Marib", "Aden"]
COUNTRIES = ["Azerbaijan", "Armenia", "Mali", "Nigeria", "Syria", "Iraq", "Yemen", "Ukraine", "Pakistan",
             "the Democratic Republic of the Congo", "Canada", "the US", "the UK"]
FILLER = ("officials said on Monday that health workers were sent to help after reports of a new outbreak "
          "among farm animals and residents, while the ministry promised further tests and more funding")


def generated(n: int, seed: int = 7) -> list[str]:
    """Texts of about GeoVirus size: sentences of filler with towns and countries in them."""
    rng = random.Random(seed)
    filler = FILLER.split()
    docs = []
    for _ in range(n):
        sentences = []
        for _ in range(12):
            words = rng.sample(filler, 14)
            sentences.append(f"In {rng.choice(TOWNS)}, {' '.join(words)} near {rng.choice(TOWNS)} and "
                             f"{rng.choice(TOWNS)}, {rng.choice(COUNTRIES)} said.")
        docs.append(" ".join(sentences))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=0, help="documents to parse (default: all GeoVirus, or 500)")
    ap.add_argument("--generated", action="store_true", help="use generated texts even if the eval kit is there")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    a = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if EVAL.exists() and not a.generated:
        texts = [json.loads(line)["text"] for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
        source = "geovirus"
        if a.docs:
            texts = (texts * (a.docs // len(texts) + 1))[: a.docs]
    else:
        texts, source = generated(a.docs or 500), "generated"

    from sitrep.geo.geoparse import Geoparser

    t0 = time.perf_counter()
    parser = Geoparser().load()
    load_s = time.perf_counter() - t0
    for text in texts[:20]:  # warm the caches a real run would warm too
        parser(text)
    t1 = time.perf_counter()
    toponyms = sum(len(parser(text)) for text in texts)
    elapsed = time.perf_counter() - t1
    result: dict[str, Any] = {
        "source": source,
        "documents": len(texts),
        "words_per_doc": round(sum(len(t.split()) for t in texts) / len(texts)),
        "load_s": round(load_s, 2),
        "docs_per_s": round(len(texts) / elapsed, 1),
        "toponyms_per_s": round(toponyms / elapsed, 1),
        "ms_per_doc": round(1000 * elapsed / len(texts), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cores": 1,
    }
    for key, value in result.items():
        print(f"{key:16s} {value}")
    if a.json:
        a.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
