"""Linear softmax heads over sentence vectors: trained with scikit-learn's logistic regression,
kept and applied as two plain arrays (no pickles in a model folder)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Head:
    """One label set's classifier: ``softmax(X @ weights.T + bias)``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # labels x dimensions
    bias: np.ndarray  # labels

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per vector."""
        logits = vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


def train_head(vectors: np.ndarray, labels: Sequence[str], strength: float = 4.0) -> Head:
    """Fit a multinomial logistic regression; classes are weighted by inverse frequency so that
    rare types are not drowned by common ones.

    Args:
        vectors: training sentence vectors.
        labels: one label per vector.
        strength: inverse regularisation (scikit-learn's ``C``).
    """
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError(f"needs at least two labels to tell apart, got {classes}")
    model = LogisticRegression(C=strength, max_iter=2000, class_weight="balanced")
    model.fit(vectors, list(labels))
    order = [list(model.classes_).index(c) for c in classes]
    return Head(tuple(classes), np.asarray(model.coef_, dtype=np.float32)[order],
                np.asarray(model.intercept_, dtype=np.float32)[order])
