"""Pipeline steps over the pure text functions: dates (``dates.py``) and casualty figures
(``numbers.py``)."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Doc

from .base import Step, text_of
from .dates import DateMention, find_dates
from .numbers import Casualty, find_casualties


class DateFinder(Step):
    """Find date expressions and resolve them against ``doc._.published``."""

    name: ClassVar[str] = "sitrep_dates"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("dates",)

    def predict(self, docs: list[Doc]) -> list[list[DateMention]]:
        return [find_dates(text_of(doc), doc._.published) for doc in docs]


class CasualtyFinder(Step):
    """Find killed / injured / displaced / abducted / arrested figures, sentence by sentence."""

    name: ClassVar[str] = "sitrep_casualties"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("casualties",)

    def predict(self, docs: list[Doc]) -> list[list[Casualty]]:
        out = []
        for doc in docs:
            found: list[Casualty] = []
            for sent in doc.sents:
                base = sent.start_char
                for c in find_casualties(sent.text):
                    found.append(Casualty(c.start + base, c.end + base, c.text, c.kind, c.value,
                                          c.lower_bound, c.approximate))
            out.append(found)
        return out
