"""Geoparsing: find the place names of a text and resolve each to coordinates.

The same recognizer and resolver the event pipeline uses, without the event steps: sentences,
actors (so that "Russian forces" or "the Iraqi government" are not taken for places), places,
then one resolution of all the text's names together.

Example:
    >>> from sitrep.geo.geoparse import Geoparser
    >>> parser = Geoparser().load()  # doctest: +SKIP
    >>> [t.name for t in parser("Shells fell on Tovuz and Barda.")]  # doctest: +SKIP
    ['Tovuz', 'Barda']
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.geo.gazetteer import MATCH_KEY, Candidate, Gazetteer
from sitrep.geo.resolver import Resolver, ResolverOptions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.nlp.base import Step
    from sitrep.nlp.places import PlaceMention

#: Suffixes that name a first-level region after its capital ("Bryansk Oblast").
REGION_SUFFIXES = ("Region", "Province", "Oblast", "State", "Governorate", "Division", "District")


@dataclass(frozen=True)
class GeoparseOptions:
    """Settings of a :class:`Geoparser`, passed down whole.

    Attributes:
        resolver: the resolver's evidence weights.
        spacy_model: an installed trained spaCy pipeline whose entities help recognition; None
            uses a blank English tokenizer.
        keep_unresolved: also report names the gazetteer has no entry for (coordinates None).
    """

    resolver: ResolverOptions = field(default_factory=ResolverOptions)
    spacy_model: str | None = None
    keep_unresolved: bool = False


@dataclass(frozen=True)
class Toponym:
    """A place name in a text and the place it was resolved to.

    Attributes:
        start: character offset of the name in the text.
        end: offset just past the name.
        name: the name as written.
        latitude: degrees, None when unresolved.
        longitude: degrees, None when unresolved.
        geonameid: GeoNames id, where the gazetteer entry has one.
        country: ISO 3166-1 alpha-3.
        feature_class: GeoNames class (P town, A country or region, L area, T, H).
        score: confidence of the resolution, 0-1.
        place: the gazetteer's name for the place.
        feature_code: GeoNames feature code (PPL, PPLC, ADM1, PCLI, CONT, ...).
        admin1: first-level region, where known.
    """

    start: int
    end: int
    name: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    country: str | None
    feature_class: str | None
    score: float
    place: str | None = None
    feature_code: str | None = None
    admin1: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The toponym as a JSON-ready dict."""
        return asdict(self)


class Geoparser:
    """Recognize and resolve the place names of texts; load once, call many times.

    Args:
        gazetteer: the gazetteer to use (loaded in :meth:`load`); the default index when None.
        options: settings; the defaults when None.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, options: GeoparseOptions | None = None) -> None:
        self.options = options or GeoparseOptions()
        self.gazetteer = gazetteer or Gazetteer()
        self.resolver = Resolver(self.gazetteer, self.options.resolver)
        self._nlp: Language | None = None
        self._steps: list[Step] = []

    def load(self) -> Geoparser:
        """Load the tokenizer, the actor lexicon and the gazetteer. Idempotent.

        Returns:
            self, for chaining.
        """
        if self._nlp is not None:
            return self
        from sitrep.nlp.actors import ActorRecognizer
        from sitrep.nlp.base import register_extensions
        from sitrep.nlp.places import PlaceRecognizer
        from sitrep.nlp.segment import SentenceSegmenter
        from sitrep.pipeline import _tokenizer, check_order

        register_extensions()
        nlp = _tokenizer(self.options.spacy_model)
        self.gazetteer.load()
        actors = ActorRecognizer(nlp)
        actors.load()
        steps: list[Step] = [SentenceSegmenter(), actors, PlaceRecognizer(self.gazetteer, all_mentions=True)]
        check_order(steps)
        self._nlp, self._steps = nlp, steps
        return self

    def annotate(self, text: str) -> Doc:
        """Run the recognition steps over ``text``.

        Args:
            text: the document.

        Returns:
            The Doc, with ``doc._.actors`` and ``doc._.places`` set.
        """
        self.load()
        assert self._nlp is not None
        doc = self._nlp(text) if self.options.spacy_model else self._nlp.make_doc(text)
        doc.user_data["sitrep_text"] = text  # what text_of() would rebuild from the tokens (spaCy keeps it exact)
        for step in self._steps:
            doc = step(doc)
        return doc

    def __call__(self, text: str) -> list[Toponym]:
        """Find and resolve the toponyms of one text.

        Args:
            text: the document.

        Returns:
            Its toponyms in text order.
        """
        doc = self.annotate(text)
        mentions: list[PlaceMention] = doc._.places or []
        if not mentions:
            return []
        queries = _queries(text, mentions)
        picks = self.resolver.resolve_scored(queries, _focus(doc, mentions))
        chosen = [picks.get(queries[m.alias_of] if m.alias_of is not None else q, (None, 0.0))
                  for m, q in zip(mentions, queries, strict=True)]
        chosen = self._align_lists(text, mentions, chosen)
        out: list[Toponym] = []
        for m, (cand, score) in zip(mentions, chosen, strict=True):
            if cand is not None and m.region:
                cand = self._region(cand, m.text)
            if cand is not None:
                out.append(_toponym(m, cand, score))
            elif self.options.keep_unresolved:
                out.append(Toponym(m.start, m.end, m.text, None, None, None, None, None, 0.0))
        return out

    def _align_lists(
        self, text: str, mentions: Sequence[PlaceMention], chosen: list[tuple[Candidate | None, float]]
    ) -> list[tuple[Candidate | None, float]]:
        """Names in one list are peers: in "Oregon, Utah, Washington and Wisconsin" Washington is the
        state, in "Japan, Jordan, Georgia and Syria" Georgia the country. Where most of a list of three
        or more resolved to first-level regions of one country (or to countries), a member that
        can be one too is read that way."""
        out = list(chosen)
        for group in _lists(text, mentions):
            picked = [out[i][0] for i in group]
            kinds = Counter((c.place.feature_code, c.place.country if c.place.feature_code == "ADM1" else None)
                            for c in picked if c is not None)
            if not kinds:
                continue
            (code, country), n = kinds.most_common(1)[0]
            if code not in ("ADM1", "PCLI") or n * 3 < len(group) * 2:
                continue
            for i in group:
                cand = out[i][0]
                if cand is not None and cand.place.feature_code == code:
                    continue
                peers = [c for c in self.gazetteer.candidates(mentions[i].text, country, limit=10)
                         if c.place.feature_code == code and c.match != MATCH_KEY]
                if peers:
                    out[i] = (peers[0], out[i][1])
        return out

    def pipe(self, texts: Iterable[str]) -> Iterator[list[Toponym]]:
        """Geoparse many texts, yielding each one's toponyms in input order."""
        for text in texts:
            yield self(text)

    def _region(self, cand: Candidate, name: str) -> Candidate:
        """A name the text calls a region ("X province") means the region, not its capital."""
        if cand.place.feature_code == "ADM1":
            return cand
        regions = [c for suffix in REGION_SUFFIXES
                   for c in self.gazetteer.candidates(f"{name} {suffix}", limit=5)
                   if c.place.feature_code == "ADM1"]
        same = [c for c in regions if c.place.country == cand.place.country]
        return (same or [cand])[0]


def _focus(doc: Doc, mentions: Sequence[PlaceMention]) -> list[str]:
    """The text's countries, most named first, from its actors ("Azerbaijani forces", "the US
    government"). A country actor that is itself one of the toponyms does not count: "Georgia"
    would otherwise vote for its own reading as the country against "Florida" beside it; once
    resolved, it weighs in with the other places instead."""
    spans = {(m.start, m.end) for m in mentions}
    counts: Counter[str] = Counter()
    for a in doc._.actors or []:
        if a.country and (a.start, a.end) not in spans:
            counts[a.country] += 2 if a.category == "COUNTRY" else 1
    return [c for c, _ in counts.most_common()]


def _lists(text: str, mentions: Sequence[PlaceMention]) -> list[list[int]]:
    """Runs of three or more mentions separated only by ", ", " and ", ", and ", " or "."""
    groups: list[list[int]] = []
    current = [0]
    for i in range(1, len(mentions)):
        if text[mentions[i - 1].end:mentions[i].start] in (", ", " and ", ", and ", " or ", ", or "):
            current.append(i)
        else:
            if len(current) >= 3:
                groups.append(current)
            current = [i]
    if len(current) >= 3:
        groups.append(current)
    return groups


def _queries(text: str, mentions: Sequence[PlaceMention]) -> list[str]:
    """What to look each mention up as: "Santa Ana, California" hints that Santa Ana is in California."""
    out = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        # "Georgia, Illinois, Missouri": inside a list, the next name is a peer, not a region.
        listed = i > 0 and text[mentions[i - 1].end:m.start] == ", "
        if nxt is not None and text[m.end:nxt.start] == ", " and not m.dateline and not listed:
            out.append(f"{m.text}, {nxt.text}")
        else:
            out.append(m.text)
    return out


def _toponym(m: PlaceMention, cand: Candidate, score: float) -> Toponym:
    p = cand.place
    return Toponym(
        start=m.start, end=m.end, name=m.text, latitude=round(p.latitude, 5), longitude=round(p.longitude, 5),
        geonameid=p.geonameid, country=p.country, feature_class=p.feature_class, score=score, place=p.name,
        feature_code=p.feature_code, admin1=p.admin1,
    )


@functools.cache
def _default_geoparser() -> Geoparser:
    return Geoparser().load()


def geoparse(text: str, geoparser: Geoparser | None = None) -> list[Toponym]:
    """Find and resolve the toponyms of one text.

    Args:
        text: the document.
        geoparser: a loaded geoparser to reuse; a shared default one when None.

    Returns:
        Its toponyms in text order.
    """
    return (geoparser or _default_geoparser())(text)
