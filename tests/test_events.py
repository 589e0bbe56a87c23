"""The events step, through ``Pipeline.extract``, on short reports written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep import Article, Event, Pipeline
from sitrep.events.taxonomy import VIOLENT_TYPES

PUBLISHED = "2024-03-08"  # a Friday: "on Monday" is 2024-03-04


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline().load()


def extract(pipeline: Pipeline, text: str, published: str = PUBLISHED) -> list[Event]:
    return pipeline.extract(Article(text=text, id="t", published=date.fromisoformat(published)))


def current(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.historical]


# --- one event per place -----------------------------------------------------------------------


def test_one_event_per_place(pipeline: Pipeline) -> None:
    events = extract(pipeline, "Kharkiv, Sumy and Poltava came under rocket fire on Monday.")
    assert [(e.location, e.country, e.event_date, e.sub_event_type) for e in events] == [
        ("Kharkiv", "UKR", "2024-03-04", "Shelling/artillery/missile attack"),
        ("Sumy", "UKR", "2024-03-04", "Shelling/artillery/missile attack"),
        ("Poltava", "UKR", "2024-03-04", "Shelling/artillery/missile attack"),
    ]
    assert len({e.event_id for e in events}) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Rebels based in Mali seized the town of Menaka from the army on Monday.",
        "Rebels from a group active in Mali (MLI) seized the town of Menaka from the army on Monday.",
    ],
)
def test_a_country_after_a_preposition_is_where_not_who(pipeline: Pipeline, text: str) -> None:
    (event,) = extract(pipeline, text)
    assert (event.actor1, event.sub_event_type) == ("Rebels", "Non-state actor overtakes territory")


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Drones struck Lviv and Lutsk on Monday, far beyond the front line near Donetsk.", ["Lviv", "Lutsk"]),
        ("Russian forces shelled Kharkiv and Sumy on Monday, far beyond Kyiv.", ["Kharkiv", "Sumy"]),
    ],
)
def test_a_place_far_beyond_is_not_an_event(pipeline: Pipeline, text: str, places: list[str]) -> None:
    assert [e.location for e in extract(pipeline, text)] == places


# --- background, future, hypothetical ----------------------------------------------------------

LEAD = "Russian forces shelled Kherson on Monday. "


@pytest.mark.parametrize(
    "background",
    [
        "The two sides signed a ceasefire in 1994.",
        "Thousands were killed in the 1990s war in Chechnya.",
        "Rebels seized the town of Goma in 2012.",
        # an incident recalled from earlier in the month; a toll counted from the incident before
        "Earlier this month, a missile strike on Mykolaiv killed 20 people.",
        "More than 300 civilians have been killed in the region since then, officials say.",
        # a toll of incidents told one by one, whichever of the joined nouns the cue stands before
        "At least 12 people have been killed in a string of clashes and attacks in the Kherson region since "
        "Friday.",
    ],
)
def test_background_is_no_current_event(pipeline: Pipeline, background: str) -> None:
    events = extract(pipeline, LEAD + background)
    assert [(e.location, e.event_date) for e in current(events)] == [("Kherson", "2024-03-04")]
    for e in events:
        if any(ev.start >= len(LEAD) for ev in e.evidence):
            assert e.historical, e


@pytest.mark.parametrize(
    ("text", "plover_types"),
    [
        ("Russian forces will attack Kherson next week.", []),
        ("Russian forces could launch air strikes on Odesa if talks fail.", []),
        # the warning is a statement (THREATEN); what it warns of is no event
        ("Russian troops might shell Kharkiv again, the governor warned.", ["THREATEN"]),
        ("Troops did not attack the town of Bakhmut on Monday.", []),
        ("Villages near Kupiansk are often shelled by Russian forces.", []),
    ],
)
def test_no_event_for_what_did_not_happen(pipeline: Pipeline, text: str, plover_types: list[str]) -> None:
    events = extract(pipeline, text)
    assert [(e.plover_type, e.event_type) for e in events] == [(p, None) for p in plover_types]


# --- traps -------------------------------------------------------------------------------------

TRAPS = [
    pytest.param("Five people were killed in a road accident near Lviv on Sunday.", id="road-accident"),
    pytest.param("An earthquake killed 12 people in Lviv on Sunday.", id="earthquake"),
    pytest.param("A bear attacked two hikers near Uzhhorod on Sunday.", id="bear"),
    pytest.param("Robbers attacked a jewellery shop in Lviv during a robbery on Sunday, killing a guard.",
                 id="robbery"),
    pytest.param("A court in Lviv sentenced two men on Tuesday for an attack on a bank.", id="court"),
    pytest.param("Shakhtar's striker attacked down the left wing as his team beat Dynamo in Lviv on Saturday.",
                 id="sport"),
    pytest.param("The minister came under attack from critics in Kyiv on Monday.", id="critics"),
]


@pytest.mark.parametrize("text", TRAPS)
def test_trap_yields_no_violent_event(pipeline: Pipeline, text: str) -> None:
    assert [(e.event_type, e.location) for e in extract(pipeline, text) if e.event_type is not None] == []


@pytest.mark.parametrize(
    "trap",
    [
        *TRAPS,
        pytest.param("Two climbers were killed in an avalanche near Chamonix on Sunday.", id="avalanche"),
        pytest.param("Lightning killed four farmers in Poltava on Saturday.", id="lightning"),
        pytest.param("A train derailed near Lviv on Sunday, killing 40 passengers.", id="train-derailment"),
    ],
)
def test_trap_in_a_conflict_article_yields_no_violent_event(pipeline: Pipeline, trap: str) -> None:
    # In an article about armed conflict a weak trigger ("killed", "attacked") needs no armed actor,
    # so only the cues keep the trap out.
    events = extract(pipeline, LEAD + trap)
    assert [(e.location, e.event_date) for e in events if e.event_type is not None] == [("Kherson", "2024-03-04")]
    assert [ev.sentence for e in events for ev in e.evidence if ev.start >= len(LEAD)] == []


# --- verbal events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plover", "cameo"),
    [
        ("The UN called for a ceasefire in Sudan on Monday.", "REQUEST", "020"),
        ("Azerbaijan ruled out talks with Armenia on Monday.", "REJECT", "120"),
        ("The European Union condemned the shelling of Kharkiv on Tuesday.", "ACCUSE", "111"),
        # the participle after a statement noun: "issued a statement condemning ..."
        ("Kenya's foreign ministry issued a statement on Tuesday condemning the raid on the embassy.", "ACCUSE", "111"),
        ("Togo's main opposition party published a letter denouncing the arrests in Lomé.", "ACCUSE", "111"),
        # legal acts, evidence, refused aid, threats of force and arms supplies (CAMEO 17x, 112, 12, 138, 072)
        ("A military court in Kano has sentenced two police officers to ten years in prison.", "COERCE", "173"),
        ("A court in Nairobi has issued an arrest warrant for the former governor.", "COERCE", "173"),
        ("Serbia deported three Kosovar activists on Tuesday.", "COERCE", "174"),
        ("Lithuania's government presented evidence against the Belarusian colonel on Monday.", "ACCUSE", "112"),
        ("Hungary said it would not provide weapons to Ukraine.", "REJECT", "120"),
        ("The Houthi leader vowed to attack ships bound for Israel.", "THREATEN", "138"),
        ("Officials said Iran has been supplying weapons to the Houthis.", "AID", "072"),
        # a statement denying a role, a protest lodged, an office not handed over
        ("The FARC dissident column issued a statement on Monday denying any role in the killing.", "REJECT", "120"),
        ("The Philippines lodged a diplomatic protest with China on Monday.", "ACCUSE", "111"),
        ("Georgia's president said she would not hand over her office to a successor.", "REJECT", "120"),
        # ambassadors recalled and airspace closed are diplomatic sanctions
        ("Algeria recalled its ambassadors to Mali and Niger on Sunday.", "SANCTION", "161"),
        ("Mali closed its airspace to Algerian aircraft on Monday.", "SANCTION", "160"),
        ("Mali said on Monday it was closing its own airspace to Algerian aircraft.", "SANCTION", "160"),
        ("Mali, Niger and Burkina Faso decided on Sunday to recall their ambassadors from Algiers.", "SANCTION", "161"),
    ],
)
def test_statement_is_a_verbal_event(pipeline: Pipeline, text: str, plover: str, cameo: str) -> None:
    events = extract(pipeline, text)
    found = [e for e in events if e.plover_type == plover]
    assert [(e.event_type, e.sub_event_type, e.cameo_code, e.cameo_root) for e in found] == [
        (None, None, cameo, cameo[:2])
    ]


def test_weapons_a_country_supplied_are_no_supply_event(pipeline: Pipeline) -> None:
    events = extract(pipeline, "Russian missiles hit a depot in Odesa holding Western-supplied weapons to Ukraine.")
    assert "AID" not in {e.plover_type for e in events}


def test_what_a_statement_condemns_is_not_an_event(pipeline: Pipeline) -> None:
    events = extract(pipeline, "The European Union condemned the shelling of Kharkiv on Tuesday.")
    assert [e.event_type for e in events if e.event_type in VIOLENT_TYPES] == []


def test_a_statement_with_no_place_and_no_seat_is_where_the_story_is(pipeline: Pipeline) -> None:
    text = ("An air strike hit a school sheltering displaced families in Khan Younis on Thursday, killing 12 people, "
            "health officials said. Aid workers accused the warring parties of ignoring the laws of war.")
    (accusation,) = [e for e in extract(pipeline, text) if e.plover_type == "ACCUSE"]
    assert accusation.location == "Khān Yūnis"


def test_statement_about_a_named_place_is_placed_there(pipeline: Pipeline) -> None:
    (request,) = [e for e in extract(pipeline, "The UN called for a ceasefire in Sudan on Monday.")
                  if e.plover_type == "REQUEST"]
    assert request.country == "SDN"


def test_a_capital_can_speak_for_its_government(pipeline: Pipeline) -> None:
    events = extract(pipeline, "Kyiv ruled out talks with Moscow on Monday.")
    assert "REJECT" in [e.plover_type for e in events]


def test_statement_without_a_place_is_at_the_seat_of_government(pipeline: Pipeline) -> None:
    (reject,) = [e for e in extract(pipeline, "Azerbaijan ruled out talks with Armenia on Monday.")
                 if e.plover_type == "REJECT"]
    assert (reject.actor1, reject.location, reject.country, reject.event_date) == (
        "Government of Azerbaijan", "Baku", "AZE", "2024-03-04")


# --- dates, sources, figures -------------------------------------------------------------------


def test_the_day_before_is_relative_to_the_previous_sentence(pipeline: Pipeline) -> None:
    text = "Russian forces shelled Kherson on March 2. The day before, Russian drones struck Odesa."
    events = extract(pipeline, text)
    assert [(e.location, e.event_date, e.time_precision) for e in events] == [
        ("Kherson", "2024-03-02", 1),
        ("Odesa", "2024-03-01", 1),
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Russian forces shelled Kherson on Monday, according to the Ukrainian Defence Ministry.",
         "Ukrainian Defence Ministry"),
        ("According to the regional governor, Russian forces shelled Kherson on Monday.", "regional governor"),
        ("Russian forces shelled Kherson on Monday, the regional governor said.", "regional governor"),
    ],
)
def test_claimed_by(pipeline: Pipeline, text: str, source: str) -> None:
    (event,) = extract(pipeline, text)
    assert (event.location, event.claimed_by) == ("Kherson", source)


def test_the_source_is_not_the_perpetrator(pipeline: Pipeline) -> None:
    text = "Russian forces shelled Kherson on Monday, according to the Ukrainian Defence Ministry."
    (event,) = extract(pipeline, text)
    assert (event.actor1, event.actor1_country) == ("Military Forces of Russia", "RUS")


@pytest.mark.parametrize(
    ("text", "fatalities", "lower_bound"),
    [
        ("Russian troops shelled Kherson on Monday, killing at least 12 civilians.", 12, True),
        ("Russian troops shelled Kherson on Monday, killing 12 civilians.", 12, False),
        ("Russian troops shelled Kherson on Monday, killing more than 30 people.", 30, True),
    ],
)
def test_fatalities(pipeline: Pipeline, text: str, fatalities: int, lower_bound: bool) -> None:
    (event,) = extract(pipeline, text)
    assert (event.fatalities, event.fatalities_lower_bound) == (fatalities, lower_bound)


# --- merging within an article -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Russian troops shelled Kherson on Monday.", "The shelling damaged homes and killed two people."),
        ("Russian troops shelled Kherson on Monday.", "Two people were killed, the governor said."),
        ("Russian troops shelled Kherson on Monday.", "The shelling of Kherson killed two people."),
    ],
)
def test_a_second_sentence_about_the_incident_adds_evidence(pipeline: Pipeline, first: str, second: str) -> None:
    text = first + "\n" + second
    (event,) = extract(pipeline, text)
    assert (event.location, event.fatalities) == ("Kherson", 2)
    lead, more = event.evidence  # the second sentence's evidence may be just the clause that adds a detail
    assert lead.sentence.strip() == first
    assert more.sentence and more.sentence in second and more.start >= text.index(second)


def test_two_places_stay_two_events(pipeline: Pipeline) -> None:
    text = "Russian troops shelled Kherson on Monday. Drones struck Odesa the same day."
    assert [e.location for e in extract(pipeline, text)] == ["Kherson", "Odesa"]


def test_a_region_level_event_is_refined_by_a_later_town(pipeline: Pipeline) -> None:
    text = "Gunmen attacked a checkpoint in Kherson region on Sunday. The attack took place in Beryslav."
    (event,) = extract(pipeline, text)
    assert (event.location, event.country, event.geo_precision, event.event_date) == (
        "Beryslav", "UKR", 1, "2024-03-03")
    assert len(event.evidence) == 2


@pytest.mark.xfail(strict=True, reason="the gazetteer has no admin1 for the city of Belgorod, so 'Belgorod region' "
                   "stays the city (geo_precision 1) and the later sentence becomes a second event")
def test_belgorod_region_is_refined_by_a_later_town(pipeline: Pipeline) -> None:
    text = "Drones attacked Belgorod region on Monday. The attack took place in Shebekino."
    assert [(e.location, e.geo_precision) for e in extract(pipeline, text)] == [("Shebekino", 1)]


def test_opening_preposition_places_the_event(pipeline: Pipeline) -> None:
    (event,) = extract(pipeline, "In Odesa, Russian drones struck a fuel depot on Monday.")
    assert (event.location, event.sub_event_type, event.event_date) == ("Odesa", "Air/drone strike", "2024-03-04")


def test_niger_state_is_in_nigeria(pipeline: Pipeline) -> None:
    (event,) = extract(pipeline, "Gunmen attacked a village in Niger state on Monday, killing five people.")
    assert (event.country, event.fatalities) == ("NGA", 5)


# --- notes and confidence ----------------------------------------------------------------------


def test_notes_are_one_sentence_naming_the_place(pipeline: Pipeline) -> None:
    (event,) = extract(pipeline, "Russian troops shelled Kherson on Monday, killing at least 12 civilians.")
    assert event.notes.endswith(".")
    assert ". " not in event.notes
    assert "Kherson" in event.notes
    assert event.notes.startswith("On 4 March 2024, Military Forces of Russia")
    assert "at least 12 killed" in event.notes


@pytest.mark.parametrize(
    "text",
    [
        "Kharkiv, Sumy and Poltava came under rocket fire on Monday.",
        "Russian troops shelled Kherson on Monday. The shelling damaged homes and killed two people.",
        "The UN called for a ceasefire in Sudan on Monday.",
        "Rebels ambushed a convoy 400 km from Kabul.",
        LEAD + "Thousands were killed in the 1990s war in Chechnya.",
    ],
)
def test_confidence_is_between_zero_and_one(pipeline: Pipeline, text: str) -> None:
    events = extract(pipeline, text)
    assert events
    assert all(0.0 <= e.confidence <= 1.0 for e in events)


def test_confidence_grows_with_support(pipeline: Pipeline) -> None:
    (bare,) = extract(pipeline, "Rebels ambushed a convoy 400 km from Kabul.")
    (full,) = extract(pipeline, "Russian troops shelled Kherson on Monday, the regional governor said.")
    assert bare.location is None and full.location == "Kherson"
    assert bare.confidence < full.confidence


def test_an_unnamed_village_after_the_main_event_is_another_place(pipeline: Pipeline) -> None:
    text = ("A Russian drone attack on Monday injured two people in Kherson, officials said. "
            "They said a village in the region had also been shelled by Russian forces.")
    events = extract(pipeline, text)
    assert [(e.location, e.sub_event_type, e.geo_precision) for e in events] == [
        ("Kherson", "Air/drone strike", 1), ("Kherson Oblast", "Shelling/artillery/missile attack", 3)]



@pytest.mark.parametrize(("denial", "rejects"), [
    ("Neighbouring Burundi denies arming the rebels.", 0),  # a standing position, told past the lead
    ("Neighbouring Burundi denied on Tuesday arming the rebels.", 1),  # a dated statement
    ("Neighbouring Burundi has consistently denied arming the rebels.", 0),  # a standing position
])
def test_a_standing_denial_past_the_lead_is_background(pipeline: Pipeline, denial: str, rejects: int) -> None:
    text = ("Rebels seized the town of Uvira on Monday, residents said. "
            "The army said it would retake the town within days. "
            f"Fighting went on in the hills above the lake on Tuesday. {denial}")
    events = current(extract(pipeline, text))
    assert sum(e.plover_type == "REJECT" for e in events) == rejects


@pytest.mark.parametrize("text", [
    # the speaker reports its own act
    "The Kachin Independence Army said on Friday that it had captured the town of Bhamo.",
    # "a police station" is the target's place, not the one who acts
    "Kachin Independence Army fighters stormed a police station and took control of Bhamo on Friday.",
])
def test_the_perpetrator_of_a_capture(pipeline: Pipeline, text: str) -> None:
    (event,) = current(extract(pipeline, text))
    assert (event.actor1, event.sub_event_type) == ("KIA: Kachin Independence Army",
                                                    "Non-state actor overtakes territory")


def test_victims_counted_far_from_the_trigger_are_the_target(pipeline: Pipeline) -> None:
    text = ("Armed men stormed farmsteads in three villages around Jos in Plateau State late on Monday evening, "
            "killing eleven villagers, police said.")
    (event,) = current(extract(pipeline, text))
    assert (event.actor2, event.event_type, event.sub_event_type) == ("Civilians", "Violence against civilians",
                                                                      "Attack")


@pytest.mark.parametrize(("text", "expected"), [
    # a crowd marching against something protests, with no armed actor in sight
    ("Hundreds of nurses marched through Nairobi on Monday demanding unpaid wages.", [("Protests", None)]),
    # a currency that rallies against another does not
    ("The euro rallied against the dollar on Friday after the central bank raised rates.", []),
    # paramilitaries are an armed actor
    ("Paramilitary fighters raided the village of Tamboul on Tuesday, killing seven people.",
     [("Violence against civilians", "Unidentified Militia")]),
])
def test_protests_without_armed_actors_and_paramilitaries(pipeline: Pipeline, text: str,
                                                          expected: list[tuple[str, str | None]]) -> None:
    assert [(e.event_type, e.actor1) for e in current(extract(pipeline, text))] == expected


def test_a_namesake_abroad_is_not_the_village_in_the_named_region(pipeline: Pipeline) -> None:
    text = "Russian troops shelled the village of Paris in Kherson Oblast on Monday, officials said."
    (event,) = current(extract(pipeline, text))
    assert (event.location, event.country, event.geo_precision) == ("Paris", "UKR", 2)


def test_the_date_of_a_report_is_not_the_date_of_the_act(pipeline: Pipeline) -> None:
    text = "Monitors said on Wednesday that soldiers shelled a market in Bunia last week."
    (event,) = current(extract(pipeline, text, published="2024-03-15"))
    assert (event.event_date, event.time_precision) == ("2024-03-04", 2)


def test_a_place_abroad_beside_a_named_province_stays_abroad(pipeline: Pipeline) -> None:
    text = "Ukrainian drones struck Belgorod, and Russian shells hit Kherson Oblast on Monday."
    assert [(e.location, e.country) for e in current(extract(pipeline, text))][:1] == [("Belgorod", "RUS")]


def test_a_town_under_the_spelling_news_uses(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Russian forces shelled Kherson and Mykolaiv on Monday."))
    assert [e.location for e in events] == ["Kherson", "Mykolayiv"]


@pytest.mark.parametrize(
    ("text", "plover_types"),
    [
        # one speaker, one statement: the first verb tells it
        ("Chile's foreign ministry condemned the raid and called on the council to act.", ["ACCUSE"]),
        # a second clause with its own speaker is a second statement
        ("Chile's foreign ministry condemned the raid, while Peru called for calm.", ["ACCUSE", "REQUEST"]),
    ],
)
def test_one_statement_per_speaker_and_sentence(pipeline: Pipeline, text: str, plover_types: list[str]) -> None:
    assert [e.plover_type for e in current(extract(pipeline, text))] == plover_types


def kinds(events: list[Event]) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.sub_event_type or e.plover_type, e.location, e.event_date) for e in current(events)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weapon named with its country names the force that fired it
        ("A Russian ballistic missile struck Sumy on Monday, killing three people.", "Military Forces of Russia"),
        ("Turkish drones struck a car near Qamishli on Monday.", "Military Forces of Turkey"),
    ],
)
def test_a_weapon_with_a_demonym_names_the_force(pipeline: Pipeline, text: str, expected: str) -> None:
    (event,) = current(extract(pipeline, text))
    assert event.actor1 == expected


def test_a_group_that_says_its_fighters_acted_is_the_actor(pipeline: Pipeline) -> None:
    text = ("An alliance of resistance groups said its fighters overran an army camp near Hakha on Sunday, "
            "capturing 11 soldiers.")
    (event,) = current(extract(pipeline, text))
    assert (event.sub_event_type, event.actor1) == ("Non-state actor overtakes territory", "Rebels")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bombs dropped from aircraft are an air strike, and a town "in the X region" is the place
        ("Russian aircraft dropped glide bombs on Kramatorsk in the Donetsk region on Monday, killing three.",
         [("Air/drone strike", "Kramatorsk", "2024-03-04")]),
        # a distance from a town measures from it
        ("Drones struck a convoy near Kidal, about 300 kilometres north of Gao, on Monday.",
         [("Air/drone strike", "Kidal", "2024-03-04")]),
        # an army's arrest raids are political news
        ("Soldiers detained 15 people in arrest raids in Jenin on Saturday.", [("Arrests", "Jenin", "2024-03-02")]),
        # police charging a procession with batons
        ("Police baton-charged a procession of students in Sylhet on Saturday, injuring 12.",
         [("Protest with intervention", "Sylhet", "2024-03-02")]),
        ("About 3,000 people marched peacefully through Ikeja on Tuesday.",
         [("Peaceful protest", "Ikeja", "2024-03-05")]),
        # halting talks is a sanction (CAMEO 164), not a meeting
        ("Colombia's government said on Wednesday it was suspending peace talks with the ELN.",
         [("SANCTION", "Bogotá", "2024-03-06")]),
        # a statement is placed where it was made
        ("A spokesman for the LNA rejected the accusation at a briefing in Benghazi on Sunday.",
         [("REJECT", "Benghazi", "2024-03-03")]),
        # "the bombing came after": the bombing is told elsewhere; the recapture is the news
        ("The bombing came as government troops recaptured several villages near Jawhar on Tuesday.",
         [("Government regains territory", "Jawhar", "2024-03-05")]),
        # a riot and a clash at one town on one day are two incidents
        ("On Thursday morning, a mob torched homes in a village near Jiribam. Late on Thursday, two gunmen were "
         "killed in an exchange of fire with police near Jiribam.",
         [("Violent demonstration", "Jiribam", "2024-03-07"), ("Armed clash", "Jiribam", "2024-03-07")]),
    ],
)
def test_acts_places_and_codes(pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the wounded flown elsewhere and a claim for "the attack" add to the incident
        ("Gunmen attacked an army post in Djibo on Sunday, killing six soldiers. Twelve soldiers were wounded and "
         "evacuated by helicopter to Ouagadougou. JNIM claimed responsibility for the attack on Monday.",
         [("Armed clash", "Djibo", "2024-03-03")]),
        # "the Gao attack" names an incident; it does not place this one
        ("Soldiers killed four militants in a raid near Kidal on Monday. Two soldiers also died in the exchange of "
         "fire, the army said, without saying whether the men were linked to the Gao attack.",
         [("Armed clash", "Kidal", "2024-03-04")]),
        # a place in the source's description is the source's, not the event's
        ("Gunmen killed nine villagers near Beni on Tuesday, said a man who heads a civil society group in Goma.",
         [("Attack", "Beni", "2024-03-05")]),
        # an incident named again ("behind the bombing", "claimed the attack") is no new one
        ("A roadside bomb killed three police officers near Mandera on Tuesday. Speaking in Nairobi on Wednesday, "
         "the minister said those behind the bombing would be pursued.",
         [("Remote explosive/landmine/IED", "Mandera", "2024-03-05")]),
        ("Insurgents raided a village near Macomia on Saturday, killing four men. The Islamic State group "
         "claimed the attack on Sunday. Troops deployed in the province responded the same day.",
         [("Attack", "Macomia", "2024-03-02")]),
        ("Militants opened fire on an army truck near the Line of Control in Poonch district on Sunday.",
         [("Armed clash", "Pūnch", "2024-03-03")]),
    ],
)
def test_follow_ups_and_incidents_named_again_join_the_incident(pipeline: Pipeline, text: str,
                                                                 expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on police in the province have surged since the truce collapsed in March.",
        "Kabul has repeatedly warned that the army could strike the camps if the raids go on.",
        "Islamabad has long denied giving shelter to the fighters.",
        "Soldiers marched in formation through Addis Ababa on Sunday to mark the victory.",
        "Turnout was larger than in recent years, which were overshadowed by the war between federal forces and "
        "rebels, a conflict that researchers estimate killed hundreds of thousands of people.",
    ],
)
def test_trends_habits_conditions_and_ceremonies_are_no_events(pipeline: Pipeline, text: str) -> None:
    assert current(extract(pipeline, text)) == []


def test_a_rally_of_motorcycles_is_no_protest(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Indian and Pakistani troops clashed near Drass on Monday. Officials said "
                                       "the commemorations include a motorcycle rally from Srinagar on Sunday."))
    assert [e.event_type for e in events] == ["Battles"]


def test_a_condition_and_a_force_that_meets_it_are_no_events(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "The ministry accused the rebels of moving armoured units toward the front "
                                       "line, warning that any advance would be met with full force."))
    assert [e.plover_type for e in events] == ["ACCUSE"]


def test_a_plan_to_attack_is_no_attack(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Pakistan accused Afghanistan's rulers on Wednesday of letting militants "
                                       "use Afghan soil to plan attacks on its army."))
    assert [e.plover_type for e in events] == ["ACCUSE"]


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Police fired tear gas to break up a crowd of about 300 in Abuja on Tuesday.", "Protest with intervention"),
        ("Police opened fire on demonstrators protesting soaring food prices in the city of Kano on Tuesday, "
         "killing at least nine people.",
         "Excessive force against protesters"),
    ],
)
def test_force_against_a_crowd(pipeline: Pipeline, text: str, sub_event_type: str) -> None:
    assert [e.sub_event_type for e in current(extract(pipeline, text))] == [sub_event_type]


def test_a_commemoration_remembers_undated_violence(pipeline: Pipeline) -> None:
    remembered = ("Veterans gathered at the war memorial in Drass on Saturday to mark the 26th anniversary of "
                  "the war. \"The shelling never stopped,\" one of them said, recalling the battle for the ridge.")
    assert current(extract(pipeline, remembered)) == []
    reported = remembered + " Hours after the ceremony on Saturday, gunmen attacked a checkpoint near Drass."
    assert [e.event_type for e in current(extract(pipeline, reported))] == ["Battles"]


def test_days_of_fighting_before_an_act_are_background(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Soldiers retook the town of Hsipaw on Thursday after days of fighting."))
    assert [e.sub_event_type for e in events] == ["Government regains territory"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the dateline's date is the filing day, not the strike's
        ("ERBIL, Iraq, Aug. 20 — A Turkish drone strike on a car in Sinjar killed two fighters on Sunday.",
         "2024-08-20", [("Air/drone strike", "Sinjār", "2024-08-18")]),
        # so is a province after the dateline's town ("Samar" is no Russian Samara); "the hinterlands of X" is X
        ("CATARMAN, Northern Samar — Soldiers clashed with New People's Army rebels in the hinterlands of Las "
         "Navas town on Saturday, the army said.", PUBLISHED, [("Armed clash", "Las Navas", "2024-03-02")]),
        # a second city in the dateline is where the report was filed too
        ("NIAMEY/BAMAKO, April 14 — Seven soldiers were killed when their convoy struck a roadside bomb near "
         "Tillaberi on Saturday.", "2025-04-14", [("Remote explosive/landmine/IED", "Tillabéri", "2025-04-12")]),
        # "two days before the strike, ...": before the incident the phrase names
        ("Turkish drones struck Sinjar on Sunday. Two days before the Sinjar strike, Turkish artillery shelled "
         "villages near Zakho.", PUBLISHED,
         [("Air/drone strike", "Sinjār", "2024-03-03"), ("Shelling/artillery/missile attack", "Zaxo", "2024-03-01")]),
        # a fronted old date frames the whole sentence
        ("In September 1914, the army was driven out of the town after thousands of soldiers were killed.",
         PUBLISHED, []),
        # "a strike on Friday" is an air strike where drones did it
        ("The army said one of its drones killed several militants in a strike on Friday near Gao.", PUBLISHED,
         [("Air/drone strike", "Gao", "2024-03-08")]),
        # a flag is no place and no actor
        ("A destroyer shot down three drones launched toward a Panama-flagged tanker near Hodeidah on Wednesday.",
         PUBLISHED, [("Disrupted weapons use", "Al Ḩudaydah", "2024-03-06")]),
        ("KYIV, Aug 21 - Russian shelling killed two people in Kherson on Wednesday.", "2025-08-21",
         [("Shelling/artillery/missile attack", "Kherson", "2025-08-20")]),
        # a month after the dateline city is a date (not the Tajik town of Nov); a short city in capitals files it
        ("KYIV, Nov 14 (Reuters) - Russian jets dropped guided bombs on Bilopillia on Wednesday.", "2024-11-14",
         [("Air/drone strike", "Bilopillia", "2024-11-13")]),
        # riot police are a unit, not a riot
        ("Riot police used water cannon to clear demonstrators from an avenue in Tbilisi late on Sunday.",
         "2025-02-03", [("Protest with intervention", "Tbilisi", "2025-02-02")]),
        # rifles and grenades carried are kit, not the act; a district is more precise than its province
        ("Militants armed with rifles and rocket-propelled grenades stormed a police checkpoint in Lakki Marwat "
         "district of Khyber Pakhtunkhwa province on Friday.", PUBLISHED,
         [("Armed clash", "Lakki", "2024-03-08")]),
        ("The army said its drones had struck a gathering of militants near Gao on Sunday.", PUBLISHED,
         [("Air/drone strike", "Gao", "2024-03-03")]),
        ("The army said air force strikes killed 15 militants near Gao on Sunday.", PUBLISHED,
         [("Air/drone strike", "Gao", "2024-03-03")]),
        # weapons and goods seized are a haul, not an attack or ground taken; a town seized is ground
        ("Colombian soldiers detained four men near Tibú on Monday and seized two rifles and a grenade.",
         PUBLISHED, [("Arrests", "Tibú", "2024-03-04")]),
        ("Soldiers rounded up two men in Cotabato on Monday and seized a motorcycle and a mobile phone.", PUBLISHED,
         [("Arrests", "Cotabato", "2024-03-04")]),
        ("Police in Manabí rounded up 23 suspected gang members on Monday and seized rifles and cash.",
         PUBLISHED, [("Arrests", "Manabí Province", "2024-03-04")]),
        # a township seat cities500 lacks, from the atlas of towns (data/towns_supplement.tsv)
        ("Junta jets bombed a village near Matupi on Sunday, killing six people.", PUBLISHED,
         [("Air/drone strike", "Matupi", "2024-03-03")]),
        # a town news spells otherwise than GeoNames (which files Shariff Aguak under its old name, Maganoy)
        ("Gunmen fired mortar rounds at an army camp in Shariff Aguak on Sunday.", PUBLISHED,
         [("Shelling/artillery/missile attack", "Maganoy", "2024-03-03")]),
        # a state named bare, where the only towns of that name are hamlets
        ("Gunmen killed four people at a party in Sonora on Sunday.", PUBLISHED,
         [("Attack", "Sonora State", "2024-03-03")]),
        # a raid by soldiers or police that makes arrests and kills no one is an arrest raid
        ("Soldiers raided a farm near Tibú on Monday and detained four men.", PUBLISHED,
         [("Arrests", "Tibú", "2024-03-04")]),
        ("Rebels seized the town of Kiwanja on Monday.", PUBLISHED,
         [("Non-state actor overtakes territory", "Kiwanja", "2024-03-04")]),
        ("Turkish warplanes struck several villages in Syria's northern Idlib province on Wednesday.",
         PUBLISHED, [("Air/drone strike", "Idlib Governorate", "2024-03-06")]),
        ("Representatives of the government and the rebels signed a protocol in Doha on Monday.", PUBLISHED,
         [("Agreement", "Doha", "2024-03-04")]),
        ("Riot police fired tear gas at protesters in Tbilisi on Sunday. On Monday, officers detained a "
         "leader of the opposition Coalition for Change in Tbilisi.", PUBLISHED,
         [("Protest with intervention", "Tbilisi", "2024-03-03"), ("Arrests", "Tbilisi", "2024-03-04")]),
        # a warning of danger is no threat; a warning of retaliation is
        ("The UN refugee agency warned of severe overcrowding in the camps on Friday.", PUBLISHED, []),
        ("A UN-backed monitor warned on Friday that parts of the state were at risk of famine.", PUBLISHED, []),
        ("Venezuela's army warned on Friday that it would respond with force to any attack.", PUBLISHED,
         [("THREATEN", "Caracas", "2024-03-08")]),
        ("Tehran warned of retaliation on Friday.", PUBLISHED, [("THREATEN", "Tehran", "2024-03-08")]),
        ("Kigali has always rejected the accusation.", PUBLISHED, []),
        ("Mass abductions have plagued the region since 2020.", PUBLISHED, []),
    ],
)
def test_datelines_places_units_and_warnings(pipeline: Pipeline, text: str, published: str,
                                                   expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text, published)) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the lead's act is dated by the lead's next sentence, not by the day the army reported it
        ("Suspected ADF rebels killed at least nine people in a night raid near Beni, the army said on "
         "Thursday. The attackers fell on homes on the edge of Beni late on Tuesday, torching houses.", PUBLISHED,
         [("Attack", "Beni", "2024-03-05")]),
        # "said in a statement on Sunday that ... on Friday": the act's day
        ("The air force said in a statement on Sunday that its jets had bombed a bandit camp near Gusau on "
         "Friday.", "2024-03-11", [("Air/drone strike", "Gusau", "2024-03-08")]),
        # "In a statement read on television late on Monday, the army said ... on Saturday": Saturday
        ("In a statement read on state television late on Monday, the army said air strikes had hit bandits "
         "retreating through the forest near Gusau on Saturday.", "2024-03-12",
         [("Air/drone strike", "Gusau", "2024-03-09")]),
        # an ambush of farmers is an attack on civilians, an ambush of a convoy a fight; gunmen firing on
        # men outside a shop attack civilians
        ("Suspected FDLR fighters ambushed two farmers in their fields near Kiwanja on Sunday, killing them.",
         PUBLISHED, [("Attack", "Kiwanja", "2024-03-03")]),
        ("Rebels ambushed an army convoy near Kiwanja on Sunday, killing three soldiers.", PUBLISHED,
         [("Armed clash", "Kiwanja", "2024-03-03")]),
        ("Gunmen opened fire on a group of men outside a grocery store in Guayaquil on Monday, killing four.",
         PUBLISHED, [("Attack", "Guayaquil", "2024-03-04")]),
        # rocket-propelled grenades fired in a battle are the battle's weapons, not a grenade attack
        ("Rival militias battled with machine guns and rocket-propelled grenades in Zawiya on Saturday.", PUBLISHED,
         [("Armed clash", "Zawiya", "2024-03-02")]),
        # "a strike flattened a house": from the air
        ("An Israeli strike flattened a house in Rafah on Thursday, killing five people.", PUBLISHED,
         [("Air/drone strike", "Rafaḩ", "2024-03-07")]),
        # a lead with no day at all is dated by the first act the next sentences date
        ("A Palestinian man was shot dead when dozens of settlers stormed the village of Sinjil in the occupied "
         "West Bank, residents said. The health ministry named him as a 41-year-old farmer. Relatives said he "
         "had gone out to help a neighbour. The settlers came down from a nearby outpost shortly after dusk on "
         "Tuesday.", PUBLISHED,
         [("Attack", "Sinjil", "2024-03-05")]),
        # a report's day is the act's where nothing earlier dates it
        ("Police said on Monday they had arrested five suspected militants in Kano.", PUBLISHED,
         [("Arrests", "Kano", "2024-03-04")]),
    ],
)
def test_an_act_is_dated_by_its_own_day_not_its_report(pipeline: Pipeline, text: str, published: str,
                                                       expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text, published)) == expected


def test_a_person_bundled_into_a_car_is_abducted(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Police shot dead two protesters in Nairobi on Tuesday. On Sunday, an "
                                       "activist was bundled into an unmarked car by hooded men in Kitengela."))
    assert "Abduction/forced disappearance" in [e.sub_event_type for e in events]



@pytest.mark.parametrize(
    ("text", "plover_types"),
    [
        ("Prosecutors said the killing was planned. It blamed the Sinaloa Cartel on Tuesday.", []),
        ("Mexico blamed the Sinaloa Cartel on Tuesday.", ["ACCUSE"]),
    ],
)
def test_a_statement_needs_its_speaker_before_it(pipeline: Pipeline, text: str, plover_types: list[str]) -> None:
    assert [e.plover_type for e in current(extract(pipeline, text))] == plover_types


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("At least eleven people, among them a boy and his grandmother, were killed when gunmen stormed "
         "Kenscoff on Sunday.", "Attack"),
        ("Gunmen attacked an army checkpoint near Kenscoff on Sunday, killing 11 people.", "Armed clash"),
    ],
)
def test_a_death_toll_of_civilians_names_the_target(pipeline: Pipeline, text: str, sub_event_type: str) -> None:
    assert [e.sub_event_type for e in current(extract(pipeline, text))] == [sub_event_type]


def test_no_continent_and_no_small_namesake_abroad_places_an_event(pipeline: Pipeline) -> None:
    text = ("Riot police fired tear gas at protesters chanting \"Georgia is Europe\" in Tbilisi on Sunday. On "
            "Monday, officers detained an opposition leader at her apartment in the Vake district.")
    assert [e.location for e in current(extract(pipeline, text))] == ["Tbilisi", "Tbilisi"]


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of residents marched in Beni on Wednesday carrying placards that demanded better protection.",
        "Thousands of protesters joined a demonstration calling for the president's removal in Cairo on Friday.",
    ],
)
def test_what_a_protest_demands_is_the_protest(pipeline: Pipeline, text: str) -> None:
    assert [e.plover_type for e in current(extract(pipeline, text))] == ["PROTEST"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # troops on patrol under fire are in a gunfight; a town under fire is shelled. A report tells what
        # has happened: "a day later" counted from publication would be tomorrow, so it is cut back.
        ("A day later, soldiers came under fire while patrolling a dirt road near Culiacan.",
         [("Armed clash", "Culiacán", PUBLISHED)]),
        ("Kharkiv came under fire on Monday.", [("Shelling/artillery/missile attack", "Kharkiv", "2024-03-04")]),
    ],
)
def test_under_fire_and_no_date_after_publication(pipeline: Pipeline, text: str,
                                                  expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


def test_a_country_after_a_preposition_and_an_adjective_is_where(pipeline: Pipeline) -> None:
    (event,) = current(extract(pipeline, "Gunmen raided a village near Bandiagara, in central Mali's Mopti region, "
                                         "on Thursday, killing between 14 and 20 villagers."))
    assert (event.sub_event_type, event.actor2, event.fatalities, event.fatalities_lower_bound) == \
        ("Attack", "Civilians", 14, True)


def test_a_day_after_inside_the_sentence_dates_what_follows_it(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Azerbaijani forces shelled Stepanakert on Friday. It came a day after "
                                       "France, Russia and the United States called for a ceasefire in Karabakh."))
    assert [(e.plover_type, e.event_date) for e in events] == [("ASSAULT", "2024-03-08"), ("REQUEST", "2024-03-07")]



def test_the_somali_national_army_is_somalia_s(pipeline: Pipeline) -> None:
    (event,) = current(extract(pipeline, "Somali National Army troops raided a hideout near Jowhar on Wednesday, "
                                         "killing at least seven militants."))
    assert (event.actor1, event.actor1_country) == ("Military Forces of Somalia", "SOM")


@pytest.mark.parametrize(
    ("text", "n_events"),
    [
        # a running toll over a period, told in the present perfect, is background ...
        ("Roadside bombs on the roads of Mandera and Wajir have killed dozens of police officers in recent years.", 0),
        # ... but a new attack compared with the period is news
        ("A roadside bomb has killed three soldiers near Mandera, the deadliest attack in recent months.", 1),
    ],
)
def test_a_running_toll_is_background(pipeline: Pipeline, text: str, n_events: int) -> None:
    assert len(current(extract(pipeline, text))) == n_events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit under fire is in a fight, whoever else the sentence names; a town under fire is shelled
        ("Gunmen killed two guards in Marawi on Sunday. Marines were questioning farmers about strangers near "
         "Marawi when they came under fire on Monday.",
         [("Armed clash", "Marawi City", "2024-03-03"), ("Armed clash", "Marawi City", "2024-03-04")]),
        ("A patrol came under fire from Russian artillery near Kupiansk on Tuesday.",
         [("Shelling/artillery/missile attack", "Kupyansk", "2024-03-05")]),
        # rescuers pulling out bodies are no withdrawal
        ("Artillery shelled Bakhmut on Monday. Rescuers pulled out 9 bodies from the rubble, a medic said.",
         [("Shelling/artillery/missile attack", "Bakhmut", "2024-03-04")]),
        # police arrests tied to the story's violence are news of the conflict
        ("A bomb killed four soldiers near Jolo on Tuesday. Police rounded up three men at a checkpoint near Jolo "
         "on Wednesday over the bombing.",
         [("Remote explosive/landmine/IED", "Jolo", "2024-03-05"), ("Arrests", "Jolo", "2024-03-06")]),
        # sanctions and a broken-off relation are SANCTION, easing them CONCEDE, a meeting CONSULT
        ("Canada imposed sanctions on four Haitian gang leaders on Tuesday.", [("SANCTION", "Ottawa", "2024-03-05")]),
        ("Niger recalled its ambassador from Abuja on Monday.", [("SANCTION", "Niamey", "2024-03-04")]),
        ("Ghana's foreign minister and Togo's foreign minister met for three hours in Accra on Monday.",
         [("CONSULT", "Accra", "2024-03-04")]),
    ],
)
def test_fire_rescues_police_arrests_sanctions_and_meetings(pipeline: Pipeline, text: str,
                                                           expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


def test_a_village_a_short_way_from_a_town_is_near_the_town(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Gunmen stormed a village about 15 km from Dori on Monday and shot dead six "
                                       "traders. Another gang burned a school 250 km from Niamey on Monday."))
    assert [(e.location, e.geo_precision) for e in events if e.location] == [("Dori", 2)]


def test_a_summary_of_separate_attacks_is_no_event_of_its_own(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "At least 20 people were killed in three separate attacks in Mali this week. "
                                       "On Monday, gunmen killed eight herders near Gao."))
    assert [(e.location, e.fatalities) for e in events] == [("Gao", 8)]


def test_a_state_body_named_without_its_country_speaks_from_the_story_s_capital(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Insurgents attacked a base near Mocimboa da Praia in Mozambique on Tuesday. "
                                       "The defence ministry denied that any soldiers had died."))
    assert [(e.plover_type, e.location) for e in events if e.event_type is None] == [("REJECT", "Maputo")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surrender in the fight is part of the fight
        ("Rebels stormed an army outpost near Lashio before dawn on Tuesday and the last soldiers surrendered by "
         "noon.", [("Armed clash", "Lashio", "2024-03-05")]),
        # after months of fighting, a withdrawal is the news
        ("After months of fighting, rebels pulled out of Kidal on Tuesday.",
         [("Non-violent transfer of territory", "Kidal", "2024-03-05")]),
        # a town that backs one side is no place of the fighting
        ("Clashes between rebels and militiamen backed by Kinshasa broke out in Bunia on Tuesday.",
         [("Armed clash", "Bunia", "2024-03-05")]),
    ],
)
def test_withdrawals_after_fighting_and_backers(pipeline: Pipeline, text: str,
                                                expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # rallies in two towns told in one sentence are two protests, whatever was told before them
        ("Police fired tear gas at students in Tbilisi on Monday. In the west, crowds rallied peacefully in Kutaisi "
         "and Batumi.", [("Protest with intervention", "Tbilisi", "2024-03-04"),
                         ("Peaceful protest", "Kutaisi", "2024-03-04"), ("Peaceful protest", "Batumi", "2024-03-04")]),
        # a road between two towns is one place, near the first; a town in a named district is the place
        ("Troops clashed with rebels in Beni on Monday. On Tuesday, residents blocked the road between Butembo and "
         "Kasindi to protest against the killings.",
         [("Armed clash", "Beni", "2024-03-04"), ("Peaceful protest", "Butembo", "2024-03-05")]),
        ("Police fired on protesters in Sanarpara in Narayanganj district on Sunday, killing one.",
         [("Excessive force against protesters", "Sanarpara", "2024-03-03")]),
        # bodies found dumped are an attack on the dead
        ("Cartel gunmen fought soldiers in Culiacan on Sunday. On Monday the bodies of five men were found dumped "
         "beside a highway south of Culiacan.",
         [("Armed clash", "Culiacán", "2024-03-03"), ("Attack", "Culiacán", "2024-03-04")]),
        # a renewed demand and a refusal to accept are statements
        ("Houthi rebels seized a cargo ship off Hodeidah on Sunday. The UN chief on Monday renewed his demand for "
         "the release of its crew.", [("Non-state actor overtakes territory", "Al Ḩudaydah", "2024-03-03"),
                                      ("REQUEST", "New York City", "2024-03-04")]),
        ("Serbia and Kosovo met for talks in Brussels on Monday. Kosovo's prime minister said on Tuesday that his "
         "government would not accept the new draft.", [("CONSULT", "Brussels", "2024-03-04"),
                                                       ("REJECT", "Pristina", "2024-03-05")]),
    ],
)
def test_towns_in_one_sentence_roads_bodies_and_renewed_demands(pipeline: Pipeline, text: str,
                                                                expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the town of X" names a town even where part of its name is a place of its own
        ("Israeli strikes killed four people in south Lebanon on Monday. An Israeli drone struck a car near the "
         "southern Lebanese town of Bint Jbeil late on Tuesday, killing two men.",
         [("Attack", "Lebanon", "2024-03-04"), ("Air/drone strike", "Bent Jbaïl", "2024-03-05")]),
        # a town abroad that only sounds like the place named is no place of the story
        ("Fighting between the army and 3R rebels broke out near Koui in the Central African Republic on Tuesday.",
         [("Armed clash", "Koui", "2024-03-05")]),  # a sub-prefecture seat of the atlas of towns
        # a region not named after a town; a small governorate does not take its neighbour's towns
        ("Jihadists overran an army post in Burkina Faso's Centre-Nord region on Tuesday.",
         [("Non-state actor overtakes territory", "Centre-Nord Region", "2024-03-05")]),
        ("A landmine laid by Houthi rebels killed three children in Yemen's western Hodeidah province on Monday.",
         [("Remote explosive/landmine/IED", "Al Ḩudaydah Governorate", "2024-03-04")]),
        # homes torched in a raid are the raid; families who came from nearby villages are not another place
        ("Gunmen stormed the village of Sinjil in the West Bank on Monday, shooting dead two men. They set fire "
         "to cars and houses where families from nearby villages had sheltered.",
         [("Attack", "Sinjil", "2024-03-04")]),
        # the village is unknown, its department is not
        ("Gang members torched 40 houses in Liancourt in Haiti's Artibonite department on Sunday.",
         [("Looting/property destruction", "Artibonite Department", "2024-03-03")]),
    ],
)
def test_towns_the_gazetteer_lacks_and_namesakes_abroad(pipeline: Pipeline, text: str,
                                                         expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "n_events"),
    [
        # a claim of an attack told before carries the claimant's figures, not a second attack
        ("Gunmen killed 12 soldiers in Tillaberi on Thursday. The Islamic State claimed the attack on Saturday, "
         "saying its fighters killed 30 soldiers.", 1),
        # a town under near-daily fire, fighting that has edged closer: trends, not that day's news
        ("Russian troops shelled Kramatorsk on Monday. Kramatorsk has come under near-daily fire since the "
         "spring, and fighting has edged closer to Sloviansk.", 1),
        # an army that has carried out strikes over the past months tells a campaign, not an incident
        ("The army has carried out dozens of air strikes in Sagaing over the past months.", 0),
        # what a run of attacks has done, and a toll of weeks of clashes, are background
        ("Drone attacks have forced hundreds of families in the hills around Aguililla to abandon their farms.", 0),
        ("More than 90 people were killed in about two weeks of clashes near Deir ez-Zor, monitors said.", 0),
        # ... but a town seized "after weeks of fighting" was seized
        ("Rebels said on Wednesday they had seized the town of Paletwa after weeks of fighting with the army.", 1),
        # a government's protest is no demonstration
        ("Iraq's foreign ministry summoned Turkey's ambassador on Tuesday to hand him a protest note.", 0),
        ("Mali said on Monday it had summoned Algeria's ambassador in Bamako to protest.", 0),
        # "repeated protests" are a pattern, not one protest
        ("Residents of Misrata have staged repeated protests demanding that the militias disarm.", 0),
    ],
)
def test_claims_and_trends_are_no_new_incident(pipeline: Pipeline, text: str, n_events: int) -> None:
    assert len(current(extract(pipeline, text))) == n_events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the source's office and the capitals trading claims are no places of the strike
        ("Three people were killed when Russian aircraft dropped glide bombs on Kostiantynivka on Sunday, the "
         "governor of the Donetsk region said, as Kyiv and Moscow traded claims over fighting along the front.",
         [("Air/drone strike", "Kostyantynivka", "2024-03-03")]),
        ("Russian jets dropped guided bombs on Bilopillia on Tuesday, killing four people, as Moscow kept up "
         "pressure on frontier towns.", [("Air/drone strike", "Bilopillia", "2024-03-05")]),
        # a capital that acts is its government; a load's route is no place of the attack on it
        ("A Turkish drone struck a car near Erbil on Monday, killing two men, as Ankara pressed its campaign "
         "against the PKK.", [("Air/drone strike", "Erbil", "2024-03-04")]),
        ("Gunmen ambushed trucks hauling grain from the port of Lomé towards Niamey near Fada N'Gourma on Sunday.",
         [("Armed clash", "Fada N'gourma", "2024-03-03")]),
        # a place after "in" stays a place, whoever speaks there
        ("Gunmen killed two farmers near Taiz on Sunday, the military command in Taiz said.",
         [("Attack", "Taiz", "2024-03-03")]),
        # troops trading heavy fire are in a fight
        ("Pakistani troops and Afghan border forces exchanged heavy fire near Chaman on Sunday, killing three people.",
         [("Armed clash", "Chaman", "2024-03-03")]),
        # a crowd setting a bus on fire is a riot
        ("Angry residents set a bus on fire in Rio de Janeiro on Monday after a police raid.",
         [("Violent demonstration", "Rio de Janeiro", "2024-03-04")]),
        # a condemnation of strikes told before is a statement, not another strike
        ("Israeli drones struck a car near Tyre on Monday. Lebanon's president condemned the strikes as a flagrant "
         "violation of sovereignty.", [("Air/drone strike", "Tyre", "2024-03-04"), ("ACCUSE", "Beirut", PUBLISHED)]),
    ],
)
def test_sources_offices_heavy_fire_burned_buses_and_condemned_strikes(pipeline: Pipeline, text: str,
                                                                      expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three farmers were hacked to death by militiamen near Bambari on Wednesday.",
         [("Attack", "Bambari", "2024-03-06")]),
        ("Gunmen stopped a minibus near Kaga-Bandoro on Tuesday and two traders were led away at gunpoint.",
         [("Abduction/forced disappearance", "Kaga-Bandoro", "2024-03-05")]),
        ("Soldiers engaged the insurgents near Mocimboa da Praia on Tuesday, killing six of them.",
         [("Armed clash", "Mocímboa da Praia", "2024-03-05")]),
        ("Hundreds of motorcycle riders gathered outside the police station in Ngong on Monday, demanding the "
         "arrest of the officers.", [("Peaceful protest", "Ngong", "2024-03-04")]),
        ("Russia and Ukraine exchanged prisoners of war on Thursday in a swap brokered by the UAE.",
         [("Agreement", None, "2024-03-07")]),
    ],
)
def test_more_ways_to_tell_killings_abductions_fights_protests_and_swaps(
        pipeline: Pipeline, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an incident named by its place is told before; talks about a battle are no battle
        ("Gunmen killed 12 villagers in Riyom on Sunday. Soldiers rounded up five men suspected of involvement in "
         "the Riyom attack on Monday.", [("Attack", "Riyom", "2024-03-03"), ("Arrests", "Riyom", "2024-03-04")]),
        ("Myanmar's military and the KIO held talks in Kunming on Tuesday but failed to agree a ceasefire in the "
         "battle for Bhamo.", [("CONSULT", "Kunming", "2024-03-05")]),
        # a police station in a town under fire is a fight; jets that struck are an air strike
        ("A police station in the town of Toribio came under fire for three hours late on Saturday.",
         [("Armed clash", "Toribío", "2024-03-02")]),
        ("Two Russian jets struck farmland on the outskirts of Jisr al-Shughour on Wednesday.",
         [("Air/drone strike", "Jisr ash Shughūr", "2024-03-06")]),
        # a curfew is coercion; a border shut to trade is a sanction; a denial in a participle is a denial
        ("Gunmen killed nine people in Bokkos on Sunday. The governor imposed a dusk-to-dawn curfew on Bokkos on "
         "Monday.", [("Attack", "Bokkos", "2024-03-03"), ("Other", "Bokkos", "2024-03-04")]),
        ("China shut the border crossing at Nabang on Monday.", [("SANCTION", "Beijing", "2024-03-04")]),
    ],
)
def test_named_incidents_talks_stations_jets_curfews_and_closed_borders(
        pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "n_events"),
    [
        # a campaign named with its possessor, a period's toll and a summary of many cities are background
        ("The rebels' advance forced the provincial government to relocate to Uvira.", 0),
        ("Israel's offensive has since killed more than 38,700 Palestinians, the ministry said.", 0),
        ("UNICEF said 60 children had been killed or maimed across Yemen in the first half of the year.", 0),
        ("Police fired tear gas at students in several cities over the weekend as protests spread.", 0),
    ],
)
def test_namesakes_campaigns_tolls_and_summaries(pipeline: Pipeline, text: str, n_events: int) -> None:
    assert len(current(extract(pipeline, text))) == n_events


def test_a_town_abroad_that_only_resembles_the_name_is_no_place(pipeline: Pipeline) -> None:
    events = current(extract(pipeline, "Gunmen killed 9 people in Riyom in Nigeria's Plateau state on Sunday, police "
                                       "said. On Monday gunmen raided the hamlet of Jol, police said."))
    assert {e.country for e in events} == {"NGA"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # insurgents who kill villagers and burn their homes attack civilians
        ("Islamist insurgents killed four civilians and set fire to dozens of homes in Mocimboa da Praia on Friday.",
         [("Attack", "Mocímboa da Praia", "2024-03-08")]),
        # a passive deployment answers the news; a minister named Wagner is no mercenary
        ("Gunmen killed nine people in Maru on Saturday. Officers had been deployed to the area, police said.",
         [("Attack", "Maru", "2024-03-02")]),
        ("Congo's foreign minister, Therese Kayikwamba Wagner, accused Rwanda of occupying eastern Congo on "
         "Tuesday.", [("ACCUSE", "Kinshasa", "2024-03-05")]),
        # suspended contacts and halted export permits are sanctions; a speech to a rally is no protest
        ("Canada said on Monday it was halting new export permits to Rwanda.", [("SANCTION", "Ottawa", "2024-03-04")]),
        ("Rebel leader Corneille Nangaa told a rally in Bukavu on Monday that his fighters would keep fighting.", []),
    ],
)
def test_arson_with_killings_passive_deployments_surnames_sanctions_and_rallies(
        pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Air force jets pounded bandit camps in the forest near Maru on Sunday.", "Air/drone strike"),
        ("Russian forces pounded Kharkiv with artillery on Sunday.", "Shelling/artillery/missile attack"),
    ],
)
def test_a_bombardment_by_aircraft_is_an_air_strike(pipeline: Pipeline, text: str, sub_event_type: str) -> None:
    (event,) = current(extract(pipeline, text))
    assert event.sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # civilians killed when their boat came under fire were attacked
        ("Late on Monday, two fishermen were killed when their boat came under fire near Al Khawkhah.",
         [("Attack", "Al Khawkhah", "2024-03-04")]),
        # a road between a village the gazetteer lacks and a town is near the town
        ("Militants attacked Diffa on Sunday. On Monday three vigilantes died when their truck hit an explosive "
         "device on the track between Gueskerou and Maine-Soroa.",
         [("Armed clash", "Diffa", "2024-03-03"), ("Remote explosive/landmine/IED", "Maïné Soroa", "2024-03-04")]),
    ],
)
def test_civilians_under_fire_and_roads_from_unknown_villages(pipeline: Pipeline, text: str,
                                                              expected: list[tuple[str, str, str]]) -> None:
    assert kinds(extract(pipeline, text)) == expected


def test_the_object_of_a_strike_is_a_place_however_the_gazetteer_spells_it(pipeline: Pipeline) -> None:
    # the gazetteer writes Khān Yūnis; after "hit" the folded spelling is enough
    (event,) = current(extract(pipeline, "Israeli air strikes hit Khan Younis on Monday, killing 14 people, the Gaza "
                                         "health ministry said."))
    assert (event.location, event.sub_event_type) == ("Khān Yūnis", "Air/drone strike")
