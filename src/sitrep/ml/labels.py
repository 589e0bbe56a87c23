"""The three label sets the coder predicts, and how a user's labels are read into them."""

from __future__ import annotations

from ..events.taxonomy import ACLED_TYPES, PLOVER_TYPES

NONE = "none"
#: Heads, in order: PLOVER type, CAMEO root, ACLED sub-event type; each also predicts "none".
HEADS = ("plover", "cameo", "acled")
PLOVER_LABELS = (*PLOVER_TYPES, NONE)
CAMEO_LABELS = (*(f"{i:02d}" for i in range(1, 21)), NONE)
ACLED_LABELS = (*(sub for subs in ACLED_TYPES.values() for sub in subs), NONE)
LABELS: dict[str, tuple[str, ...]] = {"plover": PLOVER_LABELS, "cameo": CAMEO_LABELS, "acled": ACLED_LABELS}
EVENT_TYPE_OF = {sub: etype for etype, subs in ACLED_TYPES.items() for sub in subs}
#: Types of PLOVER's earlier versions (the gold records of the CAMEO manual use them) -> today's.
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: CAMEO's neutral statements (01) have no PLOVER type; 20 (mass violence) is PLOVER's ASSAULT.
_PLOVER_SPELLING = {label.lower(): label for label in PLOVER_LABELS}
_ACLED_SPELLING = {label.lower(): label for label in ACLED_LABELS}


def plover_label(value: object) -> str:
    """A PLOVER type as written by a user ("assault", "FIGHT", "none") -> our label.

    Raises:
        ValueError: the value is no PLOVER type.
    """
    text = str(value).strip()
    upper = OLD_PLOVER.get(text.upper(), text.upper())
    label = _PLOVER_SPELLING.get(upper.lower())
    if label is None:
        raise ValueError(f"{text!r} is not a PLOVER type (one of {', '.join(PLOVER_TYPES)}, or none)")
    return label


def cameo_label(value: object) -> str:
    """A CAMEO code or root ("190", "19", 19, "043", "none") -> its two-digit root."""
    text = str(value).strip()
    if text.lower() == NONE:
        return NONE
    digits = text.zfill(2) if text.isdigit() and len(text) == 1 else text
    if not digits.isdigit() or len(digits) < 2 or not 1 <= int(digits[:2]) <= 20:
        raise ValueError(f"{text!r} is not a CAMEO code (a root 01-20, or a longer code starting with one)")
    return digits[:2]


def acled_label(value: object) -> str:
    """An ACLED sub-event type, spelled as the codebook does (case-insensitive), or none."""
    text = str(value).strip()
    label = _ACLED_SPELLING.get(text.lower())
    if label is None:
        raise ValueError(f"{text!r} is not an ACLED sub-event type (see docs/events.md), or none")
    return label
