"""Classifier heads over a sentence's contextual token vectors.

A head pools the tokens two ways, the plain mean (what a sentence embedding is) and ``queries``
learned attention pools, each a softmax over the tokens of one learned direction. The
attention pools let a head look at the words that carry the act ("warned", "agreed to",
"pounded") rather than at what the sentence is about, which the mean is dominated by. The pools
are joined, scaled to unit length and fed to a softmax layer. With no queries a head is a plain
logistic regression on the sentence embedding.

Heads are trained with torch (the ``ml`` extra) and applied with numpy from plain arrays, so a
model folder holds no pickles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Attention pools per head in the packaged model.
QUERIES = 4


@dataclass(frozen=True)
class Head:
    """One label set's classifier.

    Attributes:
        labels: the classes, in the order of ``weights``' rows.
        query_weights: ``queries x dimensions`` (``0 x dimensions`` for a mean-only head).
        query_bias: ``queries``.
        weights: ``labels x (dimensions * (queries + 1))``.
        bias: ``labels``.
    """

    labels: tuple[str, ...]
    query_weights: np.ndarray
    query_bias: np.ndarray
    weights: np.ndarray
    bias: np.ndarray

    @property
    def queries(self) -> int:
        return int(self.query_weights.shape[0])

    def attention(self, tokens: np.ndarray) -> np.ndarray | None:
        """How much each token weighs in the attention pools, summed over the pools (None for a
        mean-only head): the words the head reads the act from."""
        if not self.queries:
            return None
        return np.asarray(self._pool_weights(tokens).sum(axis=1), dtype=np.float32)

    def features(self, tokens: np.ndarray) -> np.ndarray:
        """One sentence's pooled, unit-length feature vector from its ``tokens x dimensions`` matrix."""
        parts = [tokens.mean(axis=0)]
        if self.queries:
            parts.append((self._pool_weights(tokens).T @ tokens).reshape(-1))
        z = np.concatenate(parts)
        norm = float(np.linalg.norm(z))
        return z / norm if norm > 0 else z

    def _pool_weights(self, tokens: np.ndarray) -> np.ndarray:
        """Each pool's softmax over the tokens (``tokens x queries``)."""
        scores = tokens @ self.query_weights.T + self.query_bias
        scores -= scores.max(axis=0, keepdims=True)
        weights = np.exp(scores)
        return weights / weights.sum(axis=0, keepdims=True)

    def proba(self, sentences: Sequence[np.ndarray]) -> np.ndarray:
        """Class probabilities, one row per sentence (each a token matrix)."""
        if not sentences:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = np.stack([self.features(t) for t in sentences]) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


def train_head(sentences: Sequence[np.ndarray], labels: Sequence[str], *, queries: int = QUERIES,
               epochs: int = 30, seed: int = 0) -> Head:
    """Fit a head by cross-entropy (AdamW, dropout); classes are weighted by inverse frequency so
    that rare types are not drowned by common ones.

    Args:
        sentences: each training sentence's token matrix (``tokens x dimensions``).
        labels: one label per sentence.
        queries: attention pools (0 for a mean-only head).
        epochs: passes over the data.
        seed: for the initial weights and the batch order (same data, same seed: same head).
    """
    import torch
    from torch import nn

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError(f"needs at least two labels to tell apart, got {classes}")
    dims = int(sentences[0].shape[1])
    y = torch.tensor([classes.index(v) for v in labels])
    counts = torch.bincount(y, minlength=len(classes)).float()
    weight = counts.sum() / (len(classes) * counts)
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = _make_pooler(dims, queries, len(classes))
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-3)
    loss_of = nn.CrossEntropyLoss(weight=weight)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), 64):
            batch = order[start:start + 64]
            x, mask = _padded([sentences[int(i)] for i in batch])
            optimiser.zero_grad()
            loss = loss_of(model(x, mask), y[batch])
            loss.backward()
            optimiser.step()
    return model.export(tuple(classes))


def _padded(sentences: Sequence[np.ndarray]):
    import torch

    length = max(len(t) for t in sentences)
    x = np.zeros((len(sentences), length, sentences[0].shape[1]), dtype=np.float32)
    mask = np.zeros((len(sentences), length), dtype=bool)
    for i, t in enumerate(sentences):
        x[i, :len(t)] = t
        mask[i, :len(t)] = True
    return torch.from_numpy(x), torch.from_numpy(mask)


def _make_pooler(dims: int, queries: int, n_labels: int):
    from torch import nn

    class Pooler(nn.Module):
        """The training-time twin of :class:`Head` (same pools, same order), with dropout."""

        def __init__(self, dims: int, queries: int, n_labels: int) -> None:
            super().__init__()
            self.queries = queries
            self.query = nn.Linear(dims, queries) if queries else None
            self.out = nn.Linear(dims * (queries + 1), n_labels)
            self.drop = nn.Dropout(0.1)

        def forward(self, x, mask):
            import torch

            parts = [(x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)]
            if self.query is not None:
                attention = self.query(x).masked_fill(~mask[..., None], -1e9).softmax(1)
                parts.append(torch.einsum("blq,bld->bqd", attention, x).flatten(1))
            z = torch.cat(parts, 1)
            z = z / z.norm(dim=1, keepdim=True).clamp_min(1e-12)
            return self.out(self.drop(z))

        def export(self, classes: tuple[str, ...]) -> Head:
            dims = self.out.in_features // (self.queries + 1)
            if self.query is not None:
                qw = self.query.weight.detach().numpy().astype(np.float32)
                qb = self.query.bias.detach().numpy().astype(np.float32)
            else:
                qw, qb = np.zeros((0, dims), np.float32), np.zeros(0, np.float32)
            return Head(classes, qw, qb, self.out.weight.detach().numpy().astype(np.float32),
                        self.out.bias.detach().numpy().astype(np.float32))

    return Pooler(dims, queries, n_labels)
