"""The pipeline runner: loading, step order, failures named by step, and the public ``extract``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import sitrep
from sitrep import Article, Event, Options, Pipeline
from sitrep import pipeline as pipeline_module
from sitrep.cli.main import main
from sitrep.errors import PipelineError
from sitrep.geo import Gazetteer
from sitrep.nlp.actors import ActorRecognizer
from sitrep.nlp.attribution import AttributionFinder
from sitrep.nlp.base import Step
from sitrep.nlp.places import PlaceRecognizer
from sitrep.nlp.segment import SentenceSegmenter
from sitrep.nlp.triggers import TriggerRecognizer
from sitrep.pipeline import check_order

PUBLISHED = date(2024, 3, 8)
REPORT = (
    "KHARTOUM —\n"
    "Paramilitary fighters shelled Omdurman on Monday, killing at least 12 people, the health ministry said.\n"
    "The day before, drones struck Kosti.\n\n"
    "Separately, Russian troops shelled Kherson on Tuesday, according to the regional governor."
)
BACKGROUND = "Russian forces shelled Kherson on Monday. Thousands were killed in the 1990s war in Chechnya."
STEP_NAMES = ["sitrep_sentences", "sitrep_actors", "sitrep_triggers", "sitrep_places", "sitrep_dates",
              "sitrep_casualties", "sitrep_attribution"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer().load()


@pytest.fixture(scope="module")
def pipeline(gazetteer: Gazetteer) -> Pipeline:
    return Pipeline(gazetteer=gazetteer).load()


def article(text: str = REPORT, article_id: str = "a1") -> Article:
    return Article(text=text, id=article_id, published=PUBLISHED)


def make_step(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Step:
    cls = type(f"Fake_{name}", (Step,), {"name": name, "requires": requires, "assigns": assigns})
    return cls()


# --- building ----------------------------------------------------------------------------------


def test_load_is_idempotent(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real = pipeline_module._tokenizer

    def counting(model: str | None) -> Language:
        calls.append(model)
        return real(model)

    monkeypatch.setattr(pipeline_module, "_tokenizer", counting)
    pipe = Pipeline(gazetteer=gazetteer)
    assert pipe.load() is pipe
    assert pipe.load() is pipe
    assert calls == [None]
    assert pipe.step_names == STEP_NAMES


def test_nothing_is_loaded_before_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(model: str | None) -> Language:
        raise AssertionError("the constructor must not build the tokenizer")

    monkeypatch.setattr(pipeline_module, "_tokenizer", fail)
    assert Pipeline().step_names == []


def test_the_bundled_steps_are_in_order(gazetteer: Gazetteer) -> None:
    nlp = spacy.blank("en")
    check_order([SentenceSegmenter(), ActorRecognizer(nlp), TriggerRecognizer(nlp), PlaceRecognizer(gazetteer),
                 AttributionFinder()])


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([make_step("reader", requires=("sents",))], "step 'reader' needs sents"),
        ([make_step("splitter", assigns=("sents",)), make_step("geo", requires=("sents", "actors"))],
         "step 'geo' needs actors"),
        # the writer must come first
        ([make_step("geo", requires=("actors",)), make_step("actors", assigns=("actors",))],
         "step 'geo' needs actors"),
    ],
    ids=["nothing-written", "one-missing", "written-too-late"],
)
def test_check_order_refuses_a_step_whose_input_no_earlier_step_assigns(steps: list[Step], message: str) -> None:
    with pytest.raises(PipelineError, match=message):
        check_order(steps)


def test_check_order_refuses_places_before_actors(gazetteer: Gazetteer) -> None:
    with pytest.raises(PipelineError, match="'sitrep_places' needs actors"):
        check_order([SentenceSegmenter(), PlaceRecognizer(gazetteer), ActorRecognizer(spacy.blank("en"))])


def test_missing_spacy_model_is_a_pipeline_error() -> None:
    with pytest.raises(PipelineError, match=r"spaCy model 'xx_sitrep_no_such_model' is not installed"):
        Pipeline(Options(spacy_model="xx_sitrep_no_such_model")).load()


def test_missing_spacy_model_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.txt"
    source.write_text("Russian troops shelled Kherson on Tuesday.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["sitrep", "extract", str(source), "--spacy-model", "xx_sitrep_no_such_model"])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err
    assert info.value.code == 2, err
    assert err.strip().splitlines() == [
        "sitrep: error: spaCy model 'xx_sitrep_no_such_model' is not installed (pip install it, or leave it out)"
    ]


# --- running -----------------------------------------------------------------------------------


def test_a_failing_step_is_named(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: AttributionFinder, docs: list[Doc]) -> list[Any]:
        raise ValueError("regex exploded")

    monkeypatch.setattr(AttributionFinder, "predict", boom)
    with pytest.raises(PipelineError, match="step 'sitrep_attribution' failed on article a1: regex exploded") as info:
        pipeline.annotate(article())
    assert isinstance(info.value.__cause__, ValueError)


@pytest.mark.parametrize(
    "returns",
    [lambda doc: None, lambda doc: [doc], lambda doc: doc.text],
    ids=["None", "list", "str"],
)
def test_a_step_that_returns_no_doc_is_refused(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
                                               returns: Callable[[Doc], object]) -> None:
    monkeypatch.setattr(AttributionFinder, "__call__", lambda self, doc: returns(doc))
    with pytest.raises(PipelineError, match=r"step 'sitrep_attribution' returned \w+, not a Doc"):
        pipeline.annotate(article())


def test_annotate_sets_every_extension(pipeline: Pipeline) -> None:
    doc = pipeline.annotate(article())
    assert doc._.published == PUBLISHED
    for name in ("actors", "triggers", "places", "dates", "casualties", "claims"):
        assert isinstance(getattr(doc._, name), list), name
    assert doc._.triggers and doc._.places and doc._.claims


# --- the public API ----------------------------------------------------------------------------


def test_extract_returns_events() -> None:
    events = sitrep.extract("Russian troops shelled Kherson on Tuesday.", published="2024-03-08")
    assert all(isinstance(e, Event) for e in events)
    assert [(e.location, e.event_date, e.sub_event_type) for e in events] == [
        ("Kherson", "2024-03-05", "Shelling/artillery/missile attack")
    ]


def test_extract_accepts_a_date() -> None:
    events = sitrep.extract("Russian troops shelled Kherson on Tuesday.", published=date(2024, 3, 8))
    assert [e.event_date for e in events] == ["2024-03-05"]


def test_event_ids_are_stable_across_runs(pipeline: Pipeline) -> None:
    first = [e.event_id for e in pipeline.extract(article())]
    second = [e.event_id for e in pipeline.extract(article())]
    assert len(first) >= 3
    assert first == second
    assert len(set(first)) == len(first)


def test_event_ids_are_stable_across_pipelines(pipeline: Pipeline) -> None:
    other = Pipeline().load()
    assert [e.event_id for e in other.extract(article())] == [e.event_id for e in pipeline.extract(article())]


def test_event_ids_depend_on_the_article(pipeline: Pipeline) -> None:
    a = {e.event_id for e in pipeline.extract(article(article_id="a1"))}
    b = {e.event_id for e in pipeline.extract(article(article_id="b2"))}
    assert a and b and not a & b


def test_evidence_offsets_are_exact(pipeline: Pipeline) -> None:
    a = article()
    events = pipeline.extract(a)
    assert events
    for e in events:
        assert e.article_id == a.id and e.article_ids == [a.id]
        for ev in e.evidence:
            assert ev.article_id == a.id
            assert a.text[ev.start:ev.end] == ev.sentence


def test_historical_events_are_kept_by_default(pipeline: Pipeline) -> None:
    events = pipeline.extract(article(BACKGROUND))
    assert [e.location for e in events if not e.historical] == ["Kherson"]
    assert any(e.historical for e in events)


def test_keep_historical_false_drops_background(gazetteer: Gazetteer) -> None:
    pipe = Pipeline(Options(keep_historical=False), gazetteer=gazetteer)
    events = pipe.extract(article(BACKGROUND))
    assert [(e.location, e.historical) for e in events] == [("Kherson", False)]


def test_pipe_yields_each_article_with_its_events(pipeline: Pipeline) -> None:
    articles = [article(article_id="a1"), article(BACKGROUND, article_id="a2")]
    out = list(pipeline.pipe(articles))
    assert [a.id for a, _ in out] == ["a1", "a2"]
    assert all(e.article_id == a.id for a, events in out for e in events)
