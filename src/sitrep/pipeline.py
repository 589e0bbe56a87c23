"""The pipeline: a spaCy tokenizer, our steps in one short loop, then the events step."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import DataError, PipelineError
from .events.assemble import extract_events
from .geo.gazetteer import Gazetteer
from .geo.resolver import resolve
from .ml.coder import Coder, load_coder
from .ml.embed import Embedder
from .model import Article, Event, Place
from .nlp.actors import ActorRecognizer
from .nlp.attribution import AttributionFinder
from .nlp.base import Step, register_extensions
from .nlp.lexicon import load_countries
from .nlp.places import PlaceRecognizer
from .nlp.segment import SentenceSegmenter
from .nlp.temporal import CasualtyFinder, DateFinder
from .nlp.triggers import TriggerRecognizer


@dataclass(frozen=True)
class Options:
    """Settings for a Pipeline, passed down whole.

    Attributes:
        spacy_model: name of an installed trained spaCy pipeline to tokenize with (its
            statistical components are kept); None uses a blank English tokenizer.
        gazetteer_path: the gazetteer index file; None uses the default location.
        keep_historical: keep background references (flagged ``historical``) in the output.
        model: the learned coder to join the rules: ``builtin`` for the packaged model, or a model
            folder made by ``sitrep train``; None codes with the rules alone. Needs the ml extra.
        model_threads: torch threads for the model (None: torch's default).
    """

    spacy_model: str | None = None
    gazetteer_path: Path | None = None
    keep_historical: bool = True
    model: str | None = None
    model_threads: int | None = None


class Pipeline:
    """Reusable extractor: load once, then ``extract`` many articles.

    Args:
        options: the settings.
        gazetteer: an already loaded gazetteer to share (tests, several pipelines).
    """

    def __init__(self, options: Options | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.options = options or Options()
        self._gazetteer = gazetteer
        self._nlp: Language | None = None
        self._steps: list[Step] = []
        self._coder: Coder | None = None

    def load(self) -> Pipeline:
        """Build the tokenizer and steps, load lexicons and the gazetteer. Idempotent."""
        if self._nlp is not None:
            return self
        register_extensions()
        nlp = _tokenizer(self.options.spacy_model)
        gazetteer = self._gazetteer or Gazetteer(self.options.gazetteer_path)
        gazetteer.load()
        self._gazetteer = gazetteer
        steps: list[Step] = [SentenceSegmenter(), ActorRecognizer(nlp), TriggerRecognizer(nlp),
                             PlaceRecognizer(gazetteer), DateFinder(), CasualtyFinder(), AttributionFinder()]
        check_order(steps)
        if self.options.model:
            self._coder = load_coder(self.options.model, Embedder(threads=self.options.model_threads)).load()
        for step in steps:
            loader = getattr(step, "load", None)
            if callable(loader):
                loader()
        self._nlp, self._steps = nlp, steps
        return self

    @property
    def step_names(self) -> list[str]:
        return [s.name for s in self._steps]

    def annotate(self, article: Article) -> Doc:
        """Run the steps over one article and return the annotated Doc."""
        self.load()
        assert self._nlp is not None
        doc = self._nlp(article.text) if self.options.spacy_model else self._nlp.make_doc(article.text)
        doc._.published = article.published
        for step in self._steps:
            try:
                result = step(doc)
            except Exception as exc:  # a step's bug must name the step, not vanish in a stack
                raise PipelineError(f"step {step.name!r} failed on article {article.id}: {exc}") from exc
            if not isinstance(result, Doc):
                raise PipelineError(f"step {step.name!r} returned {type(result).__name__}, not a Doc")
            doc = result
        return doc

    def extract(self, article: Article) -> list[Event]:
        """Return the events of one article."""
        doc = self.annotate(article)
        assert self._gazetteer is not None
        gaz = self._gazetteer
        events = extract_events(doc, article, _GeoAdapter(gaz, self._capital), self._coder)
        if not self.options.keep_historical:
            events = [e for e in events if not e.historical]
        return events

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Extract many articles, yielding each with its events."""
        for article in articles:
            yield article, self.extract(article)

    @functools.cache  # noqa: B019 - one pipeline lives for the whole run; the cache is small
    def _capital(self, iso3: str) -> Place | None:
        country = load_countries().get(iso3)
        if country is None or not country.capital or self._gazetteer is None:
            return None
        found = [p for p in self._gazetteer.lookup(country.capital, country=iso3, limit=5)
                 if p.feature_class == "P"]
        return found[0] if found else None


@dataclass(frozen=True)
class _GeoAdapter:
    """The gazetteer and resolver, as the events step asks for them."""

    gazetteer: Gazetteer
    capital_of: Callable[[str], Place | None]

    def resolve(self, names: Sequence[str], focus: Sequence[str]) -> dict[str, Place | None]:
        return resolve(names, focus, self.gazetteer)

    def capital(self, iso3: str) -> Place | None:
        return self.capital_of(iso3)

    def region_of(self, place: Place) -> Place | None:
        if not place.admin1:
            return None
        found = [p for p in self.gazetteer.lookup(place.admin1, country=place.country, limit=5)
                 if p.feature_class == "A" and p.feature_code == "ADM1"]
        return found[0] if found else None

    def region_named(self, name: str, focus: Sequence[str]) -> Place | None:
        found = [p for suffix in REGION_SUFFIXES for p in self.gazetteer.lookup(f"{name} {suffix}", limit=5)
                 if p.feature_code == "ADM1"]
        order = list(focus)
        found.sort(key=lambda p: order.index(p.country) if p.country in order else len(order))
        return found[0] if found else None

    def seat(self, organisation: str) -> Place | None:
        row = load_seats().get(organisation)
        if row is None:
            return None
        found = [p for p in self.gazetteer.lookup(row[0], country=row[1], limit=5) if p.feature_class == "P"]
        return found[0] if found else None


REGION_SUFFIXES = ("State", "Region", "Province", "Oblast", "Governorate", "Division", "District")


@functools.cache
def load_seats() -> dict[str, tuple[str, str]]:
    """``data/seats.tsv``: organisation -> (seat, ISO3)."""
    text = resources.files("sitrep.data").joinpath("seats.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = {}
    for lineno, cols in enumerate(rows[1:], 2):
        if len(cols) != 3:
            raise DataError(f"seats.tsv: row {lineno}: expected 3 columns")
        out[cols[0]] = (cols[1], cols[2])
    return out


def check_order(steps: Sequence[Step]) -> None:
    """Refuse a pipeline in which a step reads what no earlier step wrote."""
    written: set[str] = set()
    for step in steps:
        missing = [r for r in step.requires if r not in written]
        if missing:
            raise PipelineError(f"step {step.name!r} needs {', '.join(missing)}, which no earlier step assigns")
        written.update(step.assigns)


def _tokenizer(model: str | None) -> Language:
    if model is None:
        return spacy.blank("en")
    if importlib.util.find_spec(model) is None:
        raise PipelineError(f"spaCy model {model!r} is not installed (pip install it, or leave it out)")
    return spacy.load(model, exclude=["senter", "parser"])


def extract(text: str, published: str | date | None = None, *, article_id: str = "",
            url: str | None = None) -> list[Event]:
    """Extract events from one text with a shared default pipeline.

    Args:
        text: the article text.
        published: publication date (``YYYY-MM-DD`` or a date) that relative dates resolve against.
        article_id: an id for the article; by default a hash of the url or text.
        url: the article's address, if any.
    """
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return _default_pipeline().extract(Article(text=text, id=article_id, url=url, published=published))


@functools.cache
def _default_pipeline() -> Pipeline:
    return Pipeline().load()
