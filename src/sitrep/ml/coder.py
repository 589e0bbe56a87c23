"""The coder: an embedder plus one head per label set, saved as a small model folder.

A model folder holds ``model.json`` (format, embedder, labels per head, what it was trained on,
its held-out report) and ``heads.npz`` (each head's attention pools, weights and bias; see
``heads.py``). The packaged model lives in ``sitrep/data/coder/model`` and is trained from the
``.tsv`` files beside it.
"""

from __future__ import annotations

import json
import zipfile
from collections import OrderedDict
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
VERSION = 2
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
        cameo_ranked: every CAMEO root the head knows, most probable first (to pick the best root that
            fits the PLOVER type).
        focus: where in the sentence (character offsets) the word lies that the PLOVER head attended
            to most, usually the act ("threatened", "pounded"); None for a head without attention.
    """

    plover: Guess
    cameo: Guess
    acled: Guess | None
    event: Guess
    no_event: float
    focus: tuple[int, int] | None = None
    cameo_ranked: tuple[Guess, ...] = ()
    plover_ranked: tuple[Guess, ...] = ()


class Coder:
    """Predict codes for sentences.

    Args:
        heads: the heads by name (``plover`` and ``cameo`` required, ``acled`` optional).
        meta: the model's description (``model.json``).
        embedder: a loaded embedder to share; one is made when left out.
    """

    def __init__(self, heads: dict[str, Head], meta: dict[str, Any], embedder: Embedder | None = None,
                 cache_size: int = 50_000) -> None:
        self.heads = heads
        self.meta = meta
        self.embedder = embedder or Embedder()
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Prediction] = OrderedDict()

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "model"))

    def load(self) -> Coder:
        self.embedder.load()
        return self

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Code each sentence; the sentences are encoded in batches and the results cached per text
        (news repeats itself: wire copy, boilerplate, updated stories)."""
        found: dict[str, Prediction] = {}
        for t in texts:
            hit = self._cache.get(t)
            if hit is not None:
                found[t] = hit
                self._cache.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            for text, p in zip(missing, self._predict(missing), strict=True):
                found[text] = self._cache[text] = p
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return [found[t] for t in texts]

    def _predict(self, texts: list[str]) -> list[Prediction]:
        tokens = self.embedder.tokens(texts)
        probs = {name: head.proba(tokens) for name, head in self.heads.items()}
        plover = self.heads["plover"]
        offsets = self.embedder.offsets(texts) if plover.queries else [[] for _ in texts]
        none = plover.labels.index(NONE) if NONE in plover.labels else None
        out = []
        for i in range(len(texts)):
            ranked = {name: _ranked(head.labels, probs[name][i]) for name, head in self.heads.items()}
            guesses = {name: r[0] for name, r in ranked.items()}
            row = probs["plover"][i].copy()
            no_event = 0.0 if none is None else float(row[none])
            if none is not None:
                row[none] = -1.0
            k = int(np.argmax(row))
            attention = plover.attention(tokens[i])
            focus = None if attention is None else _focus(texts[i], attention, offsets[i])
            out.append(Prediction(guesses["plover"], guesses["cameo"], guesses.get("acled"),
                                  Guess(plover.labels[k], float(row[k])), no_event, focus, ranked["cameo"],
                                  ranked["plover"]))
        return out

    def save(self, folder: Path) -> None:
        """Write ``model.json`` and ``heads.npz`` into ``folder`` (created if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            arrays[f"{name}_query_weights"] = head.query_weights
            arrays[f"{name}_query_bias"] = head.query_bias
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


def _ranked(labels: tuple[str, ...], row: np.ndarray) -> tuple[Guess, ...]:
    """A head's labels with their probabilities, most probable first (ties: the label listed first)."""
    return tuple(Guess(labels[j], float(row[j])) for j in np.argsort(-row, kind="stable"))


#: Words that carry no act of their own, skipped when naming the word a head attended to.
_NOT_ACTS = frozenset({"a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "who", "this", "these", "those", "it", "its", "they", "them", "their", "he", "him",
    "his", "she", "her", "we", "our", "you", "i", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "said", "says", "say", "told", "reported", "according", "also", "not", "no"})


def _focus(text: str, attention: np.ndarray, offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The whole word around the most attended token that is an alphabetic content word."""
    for i in np.argsort(-attention, kind="stable"):
        if i >= len(offsets):
            continue
        start, end = offsets[int(i)]
        if end <= start:
            continue
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
            start -= 1
        while end < len(text) and (text[end].isalnum() or text[end] == "-"):
            end += 1
        word = text[start:end]
        if word.isalpha() and len(word) > 1 and word.lower() not in _NOT_ACTS:
            return start, end
    return None


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
        qw, qb = stored.get(f"{name}_query_weights"), stored.get(f"{name}_query_bias")
        w, b = stored.get(f"{name}_weights"), stored.get(f"{name}_bias")
        if qw is None or qb is None or qw.ndim != 2 or qw.shape[1] != DIMENSIONS or qb.shape != (qw.shape[0],):
            raise ModelError(f"{npz_path}: head {name!r} has no usable attention pools")
        if w is None or b is None or w.shape != (len(labels), DIMENSIONS * (qw.shape[0] + 1)) \
                or b.shape != (len(labels),):
            raise ModelError(f"{npz_path}: head {name!r} does not match its {len(labels)} labels")
        if not all(np.isfinite(a).all() for a in (qw, qb, w, b)):
            raise ModelError(f"{npz_path}: head {name!r} holds non-numbers")
        heads[name] = Head(tuple(labels), qw, qb, w, b)
    if "plover" not in heads or "cameo" not in heads:
        raise ModelError(f"{meta_path}: a model needs at least the plover and cameo heads")
    return Coder(heads, meta, embedder)
