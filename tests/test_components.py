"""Pipeline components, one sentence in and a few exact asserts out (after spaCy's
``tests/pipeline/test_span_ruler.py``). Dates and casualty figures have their own test modules."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.geo import Gazetteer
from sitrep.nlp.actors import ActorRecognizer
from sitrep.nlp.attribution import AttributionFinder, find_claim
from sitrep.nlp.base import Step, register_extensions
from sitrep.nlp.places import PlaceRecognizer
from sitrep.nlp.segment import SentenceSegmenter
from sitrep.nlp.triggers import TriggerRecognizer


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="module")
def segmenter() -> SentenceSegmenter:
    return SentenceSegmenter()


@pytest.fixture(scope="module")
def actors(nlp: Language) -> ActorRecognizer:
    step = ActorRecognizer(nlp)
    step.load()
    return step


@pytest.fixture(scope="module")
def triggers(nlp: Language) -> TriggerRecognizer:
    step = TriggerRecognizer(nlp)
    step.load()
    return step


@pytest.fixture(scope="module")
def places(nlp: Language) -> PlaceRecognizer:
    return PlaceRecognizer(Gazetteer().load())


def run(nlp: Language, text: str, steps: Sequence[Step]) -> Doc:
    doc = nlp.make_doc(text)
    for step in steps:
        doc = step(doc)
    return doc


# --- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Shelling hit Kherson overnight. Troops advanced.", ["Shelling hit Kherson overnight.", "Troops advanced."]),
        # a headline or dateline on a line of its own is a sentence without a full stop
        ("Shelling hits Kherson\nTroops advanced on Monday.", ["Shelling hits Kherson", "Troops advanced on Monday."]),
        ("KHARTOUM —\nFighters shelled Omdurman.", ["KHARTOUM —", "Fighters shelled Omdurman."]),
        ("Troops left\n\nRebels came", ["Troops left", "Rebels came"]),
        # a title's full stop does not end a sentence
        ("Gen. Smith said troops left. They returned.", ["Gen. Smith said troops left.", "They returned."]),
        ("Lt. Col. Ali Musa said rebels fled. Police came.", ["Lt. Col. Ali Musa said rebels fled.", "Police came."]),
        ("Dr. Lee treated the wounded. Mr. Okafor left.", ["Dr. Lee treated the wounded.", "Mr. Okafor left."]),
        ("“We will fight,” he said. Then he left.", ["“We will fight,” he said.", "Then he left."]),
    ],
)
def test_sentences(nlp: Language, segmenter: SentenceSegmenter, text: str, sentences: list[str]) -> None:
    doc = run(nlp, text, [segmenter])
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == sentences


# --- actors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian troops shelled the town.", [("Russian troops", "Military Forces of Russia", "RUS")]),
        ("Ukrainian soldiers held the line.", [("Ukrainian soldiers", "Military Forces of Ukraine", "UKR")]),
        ("Turkey closed the crossing.", [("Turkey", "Government of Turkey", "TUR")]),
        ("We ate turkey on Sunday.", []),
        ("Niger closed its border.", [("Niger", "Government of Niger", "NER")]),
        ("Floods hit Niger state on Monday.", []),
        ("Boats sank in the Congo River.", []),
        # a people named as a whole; a singular demonym alone is an adjective, not an actor
        ("The Afghans rejected the offer.", [("Afghans", "Civilians (Afghanistan)", "AFG")]),
        ("An Afghan carpet was sold.", []),
        # the judiciary and negotiators of a named country
        ("A Kenyan court jailed the editor.", [("Kenyan court", "Government of Kenya", "KEN")]),
        ("A court in Peru freed the editor.", [("court in Peru", "Government of Peru", "PER")]),
        ("Chile's supreme court heard the case.", [("Chile's supreme court", "Government of Chile", "CHL")]),
        ("Peruvian negotiators left the talks.", [("Peruvian negotiators", "Government of Peru", "PER")]),
        # a title with no country: the country comes from the article
        ("President Tamsin Oduya vetoed the bill.", [("President", "Government", None)]),
    ],
)
def test_actors(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, text: str,
                expected: list[tuple[str, str, str]]) -> None:
    doc = run(nlp, text, [segmenter, actors])
    assert [(a.text, a.name, a.country) for a in doc._.actors] == expected


@pytest.mark.parametrize(
    ("text", "category", "armed"),
    [
        ("Russian troops shelled the town.", "STATE_FORCES", True),
        ("Turkey closed the crossing.", "COUNTRY", False),
        ("Gunmen stormed the market.", "UNIDENTIFIED", True),
    ],
)
def test_actor_category(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, text: str,
                        category: str, armed: bool) -> None:
    (actor,) = run(nlp, text, [segmenter, actors])._.actors
    assert (actor.category, actor.armed) == (category, armed)


def test_actor_offsets_point_into_the_text(nlp: Language, segmenter: SentenceSegmenter,
                                           actors: ActorRecognizer) -> None:
    text = "Residents said Russian troops shelled the town."
    doc = run(nlp, text, [segmenter, actors])
    assert [text[a.start:a.end] for a in doc._.actors] == [a.text for a in doc._.actors]


# --- triggers and their cues -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops shelled the town.", [("shelled", set())]),
        # negation
        ("Troops did not attack the town.", [("attack", {"negation"})]),
        ("Troops never shelled the village.", [("shelled", {"negation"})]),
        # hypothetical
        ("Russian forces could attack Odesa.", [("attack", {"hypothetical"})]),
        ("Russian forces could launch air strikes on Odesa.", [("air strikes", {"hypothetical"})]),
        ("Russian forces will attack Kherson next week.", [("attack", {"hypothetical"})]),
        # habitual
        ("Villages near Kupiansk are often attacked.", [("attacked", {"habitual"})]),
        ("Border posts are regularly shelled.", [("shelled", {"habitual"})]),
        # metaphor: markets, sport, critics
        ("Shares were hammered on Monday.", []),
        ("Shares came under fire after the report.", [("came under fire", {"metaphor"})]),
        ("The striker attacked down the left wing.", [("attacked", {"metaphor"})]),
        ("The minister came under attack from critics.", [("came under attack", {"metaphor"})]),
        # a pause, lull or halt in violence is not an act of it
        ("Residents reported a lull in the shelling overnight.", [("shelling", {"hypothetical"})]),
        # not political
        ("A driver was killed when his car crashed into a truck.", [("killed", {"nonpolitical"})]),
        # a cue in another clause does not apply
        ("Police did not comment, but troops shelled the town.", [("shelled", set())]),
        # preparing an act is not the act; a cache of weapons is no attack, weapons found are no trigger at all
        ("The army was preparing to resume shelling the town.", [("shelling", {"hypothetical"})]),
        ("Police reported a cache of rockets.", [("rockets", {"caveat"})]),
        ("Police found a cache of rockets.", []),
        # a hyphen inside a word ends no clause; an act allowed or intended is not the act
        ("Kyiv wants leave to fire long-range missiles.", [("missiles", {"hypothetical"})]),
    ],
)
def test_trigger_cues(nlp: Language, segmenter: SentenceSegmenter, triggers: TriggerRecognizer, text: str,
                      expected: list[tuple[str, set[str]]]) -> None:
    doc = run(nlp, text, [segmenter, triggers])
    assert [(t.text, set(t.cues)) for t in doc._.triggers] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capitalised trigger inside a sentence is a name, not a verb
        ("Protesters gathered in Kyiv in March.", ["Protesters"]),
        ("Thousands joined the March for Peace.", []),
        ("Crowds marched through Kyiv.", ["marched"]),
        # a participle used as an adjective reports no act
        ("Troops entered the captured town.", []),
        ("The liberated villages were quiet.", []),
        ("Rebels captured the town.", ["captured"]),
        # "strike on" is an attack on a place, not a stoppage on a day
        ("Dockers began a strike on Monday.", []),
        ("Dockers began a hunger strike on Monday.", ["hunger strike"]),
        ("Jets carried out a strike on the depot.", ["strike on"]),
        # "accused of/in" after a noun describes who stands accused; nobody accuses here
        ("Judges freed two guards accused of torture.", []),
        ("Lima accused Quito of spying.", ["accused"]),
        ("The minister was accused of spying.", ["accused"]),
    ],
)
def test_trigger_words(nlp: Language, segmenter: SentenceSegmenter, triggers: TriggerRecognizer, text: str,
                       expected: list[str]) -> None:
    doc = run(nlp, text, [segmenter, triggers])
    assert [t.text for t in doc._.triggers] == expected


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Drones struck a depot.", ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195")),
        ("Rebels captured the town.", ("Battles", "Non-state actor overtakes territory", "ASSAULT", "190")),
        ("The envoy called for a ceasefire.", (None, None, "REQUEST", "020")),
        ("The government ruled out talks.", (None, None, "REJECT", "120")),
        ("The two envoys met in Geneva.", (None, None, "CONSULT", "040")),
        ("Bogota suspended peace talks.", (None, None, "SANCTION", "164")),
        ("The cabinet accepted the demands.", (None, None, "CONCEDE", "080")),
        ("The group declared a unilateral ceasefire.", (None, None, "RETREAT", "087")),
        ("Lima is opposed to the plan.", (None, None, "REJECT", "120")),
        ("Rebels surrendered near Soroti.", ("Strategic developments", "Change to group/activity", "RETREAT", "087")),
        ("The army massed troops near Kupiansk.", ("Strategic developments", "Other", "MOBILIZE", "150")),
        ("Police fired tear gas in Dhaka.", ("Protests", "Protest with intervention", "PROTEST", "141")),
        ("Jets dropped glide bombs on Avdiivka.", ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", "195")),
    ],
)
def test_trigger_codes(nlp: Language, segmenter: SentenceSegmenter, triggers: TriggerRecognizer, text: str,
                       codes: tuple[str | None, str | None, str, str]) -> None:
    (t,) = run(nlp, text, [segmenter, triggers])._.triggers
    assert (t.entry.event_type, t.entry.sub_event_type, t.entry.plover_type, t.entry.cameo_code) == codes


# --- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting was reported in Kherson.", ["Kherson"]),
        # a sentence's opening preposition is no part of the name
        ("In Odesa, drones struck a depot.", ["Odesa"]),
        ("Near Bakhmut, troops clashed with rebels.", ["Bakhmut"]),
        # a person, not a place
        ("Governor Jackson met residents in Kherson.", ["Kherson"]),
        ("President Zelensky met residents in Kherson.", ["Kherson"]),
        ("Paris Hilton arrived in Kherson.", ["Kherson"]),
        # part of a longer name
        ("A bomb exploded outside Lady Reading Hospital in Peshawar.", ["Peshawar"]),
        # an actor phrase, not a place
        ("Russian forces shelled Kherson.", ["Kherson"]),
        # an English word first
        ("Many fled the town.", []),
    ],
)
def test_place_names(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, places: PlaceRecognizer,
                     text: str, expected: list[str]) -> None:
    doc = run(nlp, text, [segmenter, actors, places])
    assert [p.text for p in doc._.places] == expected


@pytest.mark.parametrize("text", ["Shells fell in Kherson.", "In Kherson, shells fell."])
def test_locative_place(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer,
                        places: PlaceRecognizer, text: str) -> None:
    (p,) = run(nlp, text, [segmenter, actors, places])._.places
    assert (p.text, p.locative, p.locus, p.dateline, p.known) == ("Kherson", True, True, False, True)
    assert text[p.start:p.end] == "Kherson"


def test_dateline_is_where_the_report_was_filed(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer,
                                                places: PlaceRecognizer) -> None:
    doc = run(nlp, "KHARTOUM —\nFighters shelled Omdurman.", [segmenter, actors, places])
    assert [(p.text, p.dateline, p.locus) for p in doc._.places] == [("KHARTOUM", True, False),
                                                                      ("Omdurman", False, True)]


def test_a_dateline_in_mixed_case_before_an_agency(nlp: Language, segmenter: SentenceSegmenter,
                                                   actors: ActorRecognizer, places: PlaceRecognizer) -> None:
    doc = run(nlp, "Pemba (AFP) - Insurgents raided a village in Cabo Delgado province.", [segmenter, actors, places])
    assert [(p.text, p.dateline, p.locus) for p in doc._.places] == [("Pemba", True, False),
                                                                      ("Cabo Delgado", False, True)]


def test_a_short_dateline_city_and_the_month_after_it(nlp: Language, segmenter: SentenceSegmenter,
                                                     actors: ActorRecognizer, places: PlaceRecognizer) -> None:
    doc = run(nlp, "GAZA, Nov 14 (Reuters) - Jets struck a house in Rafah.", [segmenter, actors, places])
    assert [(p.text, p.dateline, p.locus) for p in doc._.places] == [("GAZA", True, False), ("Rafah", False, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels ambushed a convoy 400 km from Kabul.", [("Kabul", False)]),
        ("Drones hit the road linking Kherson to Mykolaiv.", [("Kherson", False), ("Mykolaiv", False)]),
        # a comma inside a number does not end the phrase
        ("Troops took the road linking the town of 40,000 people to Mykolaiv.", [("Mykolaiv", False)]),
        ("Troops took the road linking the town, and fighting went on in Mykolaiv.", [("Mykolaiv", True)]),
        ("The remaining troops pulled back towards Mykolaiv.", [("Mykolaiv", False)]),
        ("Drones struck Lviv, far beyond Kyiv.", [("Lviv", True), ("Kyiv", False)]),
        ("Drones struck a depot near Lviv.", [("Lviv", True)]),
        ("Gunmen fired on trucks hauling fuel from the port of Odesa towards Kyiv.",
         [("Odesa", False), ("Kyiv", False)]),
        ("Drones struck Lviv as Moscow pressed its campaign.", [("Lviv", True), ("Moscow", False)]),
        ("Drones struck a depot, the command in Lviv said.", [("Lviv", True)]),
    ],
)
def test_place_that_is_not_where_it_happened(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer,
                                             places: PlaceRecognizer, text: str,
                                             expected: list[tuple[str, bool]]) -> None:
    doc = run(nlp, text, [segmenter, actors, places])
    assert [(p.text, p.locus) for p in doc._.places] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name the gazetteer lacks, then the region it lies in
        ("Gunmen raided a school in Kvitkivka, Donetsk Oblast.", [("Kvitkivka", False), ("Donetsk Oblast", True)]),
        # not followed by a region: nothing to stand in for it
        ("Gunmen raided a school in Kvitkivka, Monday Street.", []),
    ],
)
def test_unknown_settlement_in_a_region(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer,
                                        places: PlaceRecognizer, text: str, expected: list[tuple[str, bool]]) -> None:
    doc = run(nlp, text, [segmenter, actors, places])
    assert [(p.text, p.known) for p in doc._.places] == expected


@pytest.mark.parametrize(
    ("text", "name", "known"),
    [
        ("Gunmen raided the village of Kvitkivka.", "Kvitkivka", False),
        ("Gunmen raided the village of Kurakhove.", "Kurakhove", True),
    ],
)
def test_named_village(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, places: PlaceRecognizer,
                       text: str, name: str, known: bool) -> None:
    (p,) = run(nlp, text, [segmenter, actors, places])._.places
    assert (p.text, p.known, p.locative, p.locus) == (name, known, True, True)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Rockets hit the region of Bryansk.", True),
        ("Rockets hit Bryansk oblast.", True),
        ("Rockets hit Bryansk.", False),
    ],
)
def test_region(nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, places: PlaceRecognizer,
                text: str, region: bool) -> None:
    (p,) = run(nlp, text, [segmenter, actors, places])._.places
    assert (p.text, p.region) == ("Bryansk", region)


# --- attribution -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Five soldiers died, according to the health ministry.", "health ministry"),
        ("According to the health ministry, five soldiers died.", "health ministry"),
        ("Two civilians were hurt, according to Reuters.", "Reuters"),
        ("The Azerbaijani Defence Ministry said Armenian forces shelled Tovuz.", "Azerbaijani Defence Ministry"),
        ("Armenian forces shelled Tovuz, the Azerbaijani Defence Ministry said.", "Azerbaijani Defence Ministry"),
        ("Rebels attacked the base, police said on Monday.", "police"),
        ("Armenian forces shelled Tovuz, said Colonel Ali Musa.", "Colonel Ali Musa"),
        ("Armenian forces shelled Tovuz, said Colonel Ali Musa, a spokesman.", "Colonel Ali Musa"),
        # no source named
        ("He said two people died.", None),
        ("Two people died.", None),
        ("Fighting was reported in Kherson.", None),
        ("Shelling has been reported near Kherson.", None),
    ],
)
def test_find_claim(sentence: str, source: str | None) -> None:
    found = find_claim(sentence)
    assert (sentence[found[0]:found[1]] if found else None) == source


def test_claims_carry_article_offsets(nlp: Language, segmenter: SentenceSegmenter) -> None:
    text = "Shells fell on Kherson. Two people died, according to the regional governor."
    doc = run(nlp, text, [segmenter, AttributionFinder()])
    (claim,) = doc._.claims
    assert (claim.text, text[claim.start:claim.end], claim.sentence_start) == (
        "regional governor", "regional governor", text.index("Two"))


# --- a trained model's entities (--spacy-model), set by hand: no model is installed here ----------


def with_entities(nlp: Language, steps: Sequence[Step], text: str, ents: list[tuple[str, str]]) -> list[str]:
    """Run the steps over a Doc whose entities a trained model would have set."""
    doc = nlp.make_doc(text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    for step in steps:
        doc = step(doc)
    return [p.text for p in doc._.places]


def test_a_trained_models_person_entity_is_not_a_place(
    nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, places: PlaceRecognizer
) -> None:
    text = "Reporters met Kherson Jones in Kyiv on Monday."
    assert with_entities(nlp, [segmenter, actors, places], text, [("Kherson Jones", "PERSON")]) == ["Kyiv"]


def test_a_trained_models_location_entity_adds_a_place(
    nlp: Language, segmenter: SentenceSegmenter, actors: ActorRecognizer, places: PlaceRecognizer
) -> None:
    # "Over" (a village in England) is an English word to the rules; a model's GPE label vouches for it.
    text = "Reporters said Over was flooded."
    steps = [segmenter, actors, places]
    assert with_entities(nlp, steps, text, []) == []
    assert with_entities(nlp, steps, text, [("Over", "GPE")]) == ["Over"]
