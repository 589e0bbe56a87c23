"""Rebuild the packaged model from ``data/coder/exemplars.tsv`` and ``definitions.tsv``.

    python -m sitrep.ml.build        # or: make coder

The model folder (``data/coder/model``) is committed; a test checks its fingerprint against the
exemplars so that a changed exemplar file without a rebuilt model fails loudly.
"""

from __future__ import annotations

import sys

from .coder import builtin_folder
from .data import builtin_examples
from .train import train


def main() -> int:
    coder, reports = train([], holdout=0.2, name="builtin")
    coder.save(builtin_folder())
    print(f"{len(builtin_examples())} exemplars and definitions -> {builtin_folder()}")
    for head, r in reports.items():
        print(f"  {head:7s} held-out accuracy {r.accuracy}, macro F1 {r.macro_f1} ({r.held_out} sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
