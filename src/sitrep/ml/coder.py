"""The coder: an embedder plus one head per label set, saved as a small model folder.

A model folder holds ``model.json`` (format, embedder, labels per head, what it was trained on,
its held-out report) and ``heads.npz`` (each head's weights and bias). The packaged model lives in
``sitrep/data/coder/model`` and is trained from ``exemplars.tsv`` and ``definitions.tsv``.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .embed import DIMENSIONS, MODEL_NAME, Embedder
from .errors import ModelError
from .heads import Head
from .labels import HEADS, LABELS, NONE

FORMAT = "sitrep-coder"
VERSION = 1
#: The name that selects the packaged model (``sitrep extract --model builtin``).
BUILTIN = "builtin"


@dataclass(frozen=True)
class Guess:
    label: str
    probability: float


@dataclass(frozen=True)
class Prediction:
    """A sentence's codes, each with its probability.

    Attributes:
        plover: the most probable PLOVER type (or "none").
        cameo: the most probable CAMEO root (or "none").
        acled: the most probable ACLED sub-event type (or "none"); None where the model has no such head.
        event: the most probable PLOVER type other than "none", whatever "none" scores.
        no_event: the probability the PLOVER head gives "none".
    """

    plover: Guess
    cameo: Guess
    acled: Guess | None
    event: Guess
    no_event: float


class Coder:
    """Predict codes for sentences.

    Args:
        heads: the heads by name (``plover`` and ``cameo`` required, ``acled`` optional).
        meta: the model's description (``model.json``).
        embedder: a loaded embedder to share; one is made when left out.
    """

    def __init__(self, heads: dict[str, Head], meta: dict[str, Any], embedder: Embedder | None = None) -> None:
        self.heads = heads
        self.meta = meta
        self.embedder = embedder or Embedder()

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "model"))

    def load(self) -> Coder:
        self.embedder.load()
        return self

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Code each sentence."""
        if not texts:
            return []
        vectors = self.embedder.encode(texts)
        probs = {name: head.proba(vectors) for name, head in self.heads.items()}
        plover = self.heads["plover"]
        none = plover.labels.index(NONE) if NONE in plover.labels else None
        out = []
        for i in range(len(texts)):
            guesses = {}
            for name, head in self.heads.items():
                k = int(np.argmax(probs[name][i]))
                guesses[name] = Guess(head.labels[k], float(probs[name][i][k]))
            row = probs["plover"][i].copy()
            no_event = 0.0 if none is None else float(row[none])
            if none is not None:
                row[none] = -1.0
            k = int(np.argmax(row))
            out.append(Prediction(guesses["plover"], guesses["cameo"], guesses.get("acled"),
                                  Guess(plover.labels[k], float(row[k])), no_event))
        return out

    def save(self, folder: Path) -> None:
        """Write ``model.json`` and ``heads.npz`` into ``folder`` (created if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            arrays[f"{name}_weights"] = head.weights
            arrays[f"{name}_bias"] = head.bias
        meta = dict(self.meta, format=FORMAT, version=VERSION, embedder=MODEL_NAME, dimensions=DIMENSIONS,
                    labels={name: list(head.labels) for name, head in self.heads.items()})
        tmp_npz, tmp_json = folder / ".heads.npz.tmp", folder / ".model.json.tmp"
        with tmp_npz.open("wb") as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]  # numpy's stub reads **kwds as allow_pickle
        tmp_json.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp_npz.replace(folder / "heads.npz")
        tmp_json.replace(folder / "model.json")


def builtin_folder() -> Path:
    return Path(str(resources.files("sitrep.data").joinpath("coder", "model")))


def load_coder(where: str | Path, embedder: Embedder | None = None) -> Coder:
    """Read a model folder (or the packaged model for ``builtin``) and check it.

    Raises:
        ModelError: the folder is missing, incomplete, corrupt, or its labels are not ours.
    """
    folder = builtin_folder() if str(where) == BUILTIN else Path(where)
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such model folder (train one with 'sitrep train', or use --model builtin)")
    meta_path, npz_path = folder / "model.json", folder / "heads.npz"
    for p in (meta_path, npz_path):
        if not p.is_file():
            raise ModelError(f"{folder}: not a sitrep model folder ({p.name} is missing)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{meta_path}: unreadable ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{meta_path}: not a sitrep model description")
    if meta.get("version") != VERSION:
        raise ModelError(f"{meta_path}: model format version {meta.get('version')} is not {VERSION}; "
                         "retrain it with this sitrep")
    if meta.get("embedder") != MODEL_NAME or meta.get("dimensions") != DIMENSIONS:
        raise ModelError(f"{meta_path}: made for embedder {meta.get('embedder')!r}, not {MODEL_NAME!r}")
    try:
        with np.load(npz_path, allow_pickle=False) as arrays:
            stored = {k: np.asarray(arrays[k], dtype=np.float32) for k in arrays.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelError(f"{npz_path}: corrupt ({exc})") from exc
    heads = {}
    for name, labels in (meta.get("labels") or {}).items():
        if name not in HEADS:
            raise ModelError(f"{meta_path}: unknown head {name!r}")
        unknown = [label for label in labels if label not in LABELS[name]]
        if unknown:
            raise ModelError(f"{meta_path}: head {name!r} has labels outside the taxonomy: {', '.join(unknown)}")
        w, b = stored.get(f"{name}_weights"), stored.get(f"{name}_bias")
        if w is None or b is None or w.shape != (len(labels), DIMENSIONS) or b.shape != (len(labels),):
            raise ModelError(f"{npz_path}: head {name!r} does not match its {len(labels)} labels")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise ModelError(f"{npz_path}: head {name!r} holds non-numbers")
        heads[name] = Head(tuple(labels), w, b)
    if "plover" not in heads or "cameo" not in heads:
        raise ModelError(f"{meta_path}: a model needs at least the plover and cameo heads")
    return Coder(heads, meta, embedder)
