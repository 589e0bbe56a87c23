"""Labelled sentences: the exemplars and definitions we wrote (``data/coder/``) and a user's gold file.

A user's gold file is JSON Lines. Each line is either

* a sentence: ``{"text": ..., "plover_type": "ASSAULT", "sub_event_type": "Armed clash", "cameo_root": "19"}``
  (any of the labels; ``event`` for a PLOVER type and ``cameo_code``/``event_code`` for CAMEO are read
  too, as are PETRARCH-style ``expected_events`` and ``no_events``), or
* an article with coded events: ``{"text": ..., "events": [{"evidence": ..., "plover_type": ...}, ...]}``
  (the layout ``sitrep extract`` writes and gold sets use): each event's evidence sentence is one example.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataError, InputError
from .labels import EVENT_TYPE_OF, NONE, acled_label, cameo_label, plover_label


@dataclass(frozen=True)
class Example:
    """One labelled sentence; a label left as None is not known (the head skips it)."""

    text: str
    plover: str | None = None
    cameo: str | None = None
    acled: str | None = None
    source: str = ""

    def label(self, head: str) -> str | None:
        return {"plover": self.plover, "cameo": self.cameo, "acled": self.acled}[head]


def _data_text(name: str) -> str:
    return resources.files("sitrep.data").joinpath("coder", name).read_text(encoding="utf-8")


@functools.cache
def builtin_examples() -> tuple[Example, ...]:
    """The exemplar sentences and label definitions that train the packaged model."""
    return tuple(_exemplars()) + tuple(_definitions())


def _tsv(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    lines = [line for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(reader, 2):
        if None in row or any(v is None for v in row.values()):
            raise DataError(f"coder/{name}: row {lineno}: wrong number of columns")
        yield lineno, row


#: Exemplar files: news-style sentences by event type, and sentences for each CAMEO code (whose
#: ``cameo_code`` column holds the three-digit code the sentence illustrates).
EXEMPLAR_FILES = ("exemplars.tsv", "cameo_exemplars.tsv")


def _exemplars() -> Iterator[Example]:
    for name in EXEMPLAR_FILES:
        for lineno, row in _tsv(name):
            try:
                plover = plover_label(row["plover_type"])
                cameo = cameo_label(row.get("cameo_root") or row.get("cameo_code") or "")
                sub = row["sub_event_type"].strip()
                acled = _sub_event(sub, row["event_type"].strip()) if sub else NONE
            except ValueError as exc:
                raise DataError(f"coder/{name}: row {lineno}: {exc}") from exc
            yield Example(row["text"].strip(), plover, cameo, acled, f"{name}:{lineno}")


def _definitions() -> Iterator[Example]:
    for lineno, row in _tsv("definitions.tsv"):
        kind, label, text = row["label_set"].strip(), row["label"].strip(), row["definition"].strip()
        try:
            if kind == "plover":
                yield Example(text, plover=plover_label(label), source=f"definitions.tsv:{lineno}")
            elif kind == "cameo":
                yield Example(text, cameo=cameo_label(label), source=f"definitions.tsv:{lineno}")
            elif kind == "acled":
                yield Example(text, acled=acled_label(label), source=f"definitions.tsv:{lineno}")
            else:
                raise ValueError(f"unknown label set {kind!r} (plover, cameo or acled)")
        except ValueError as exc:
            raise DataError(f"coder/definitions.tsv: row {lineno}: {exc}") from exc


def read_gold(path: Path) -> Iterator[Example]:
    """Labelled sentences from a user's JSON Lines gold file.

    Raises:
        InputError: the file cannot be read, a line is not JSON, or a label is outside the taxonomy
            (naming the file and line).
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", where) from exc
            if not isinstance(record, dict):
                raise InputError("expected a JSON object", where)
            try:
                yield from _examples_of(record, where)
            except ValueError as exc:
                raise InputError(str(exc), where) from exc


def _examples_of(record: dict[str, Any], where: str) -> Iterator[Example]:
    events = record.get("events")
    if isinstance(events, list):
        for i, event in enumerate(events, 1):
            if not isinstance(event, dict) or not isinstance(event.get("evidence"), str):
                raise ValueError(f"event {i} has no evidence sentence")
            example = _labelled(event["evidence"], event, f"{where} event {i}")
            if example is not None:
                yield example
        return
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no \"text\"")
    example = _labelled(text, record, where)
    if example is None:
        raise ValueError("no label: give plover_type, sub_event_type or cameo_root (or cameo_code)")
    yield example


def _labelled(text: str, d: dict[str, Any], where: str) -> Example | None:
    plover = d.get("plover_type", d.get("event"))
    cameo = d.get("cameo_root", d.get("cameo_code", d.get("event_code")))
    sub = d.get("sub_event_type")
    expected = d.get("expected_events")
    if cameo is None and isinstance(expected, list) and expected:
        first = expected[0]
        cameo = first.get("event_code") if isinstance(first, dict) else None
    if d.get("no_events") is True and cameo is None:
        cameo = NONE
    etype = d.get("event_type")
    if sub is None and etype is None and plover is not None and str(plover).strip().lower() != NONE:
        acled = None  # a verbal-only coding says nothing about ACLED
    elif sub:
        acled = _sub_event(sub, etype)
    elif etype:
        raise ValueError(f"event_type {etype!r} given without its sub_event_type")
    else:
        acled = NONE if ("sub_event_type" in d or "event_type" in d) else None
    out = Example(text.strip(), plover_label(plover) if plover is not None else None,
                  cameo_label(cameo) if cameo is not None else None, acled, where)
    return out if (out.plover or out.cameo or out.acled) else None


def _sub_event(sub: object, etype: object) -> str:
    """An ACLED sub-event type, checked against the event type given with it (if any)."""
    acled = acled_label(sub)
    if etype and EVENT_TYPE_OF[acled] != str(etype).strip():
        raise ValueError(f"sub-event type {acled!r} belongs to {EVENT_TYPE_OF[acled]!r}, not {etype!r}")
    return acled
