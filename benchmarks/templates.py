"""Synthetic conflict-news articles for benchmarks, built from sentence templates with slots.

The articles read like wire copy: a dateline and a lead sentence that report an incident in a
real place, then casualties, attribution, reactions, background and the kind of noise real
reports carry; 5 to 15 sentences (most reach 12 or more), about 2 to 2.7 KB. About one in five is
a trap (a flood, a bus crash, a football match) that should yield no violent event. Every
sentence pattern was written for this file; the same seed always gives the same articles.

Example:
    >>> from templates import generate_articles
    >>> articles = generate_articles(3, seed=1)
    >>> len(articles), all(a.published for a in articles)
    (3, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.model import Article

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
OUTLETS = ("Field Desk", "Regional Wire", "Morning Dispatch", "Conflict Monitor", "Evening Ledger")


@dataclass(frozen=True)
class Theatre:
    """Slot values that belong together: one country's places, forces and sources."""

    country: str
    places: tuple[str, ...]
    state: str
    groups: tuple[str, ...]
    sources: tuple[str, ...]
    since: int


THEATRES = (
    Theatre(
        "Sudan",
        ("El Fasher", "Nyala", "Omdurman", "El Obeid", "Kadugli", "Wad Madani", "Sennar"),
        "the Sudanese Armed Forces",
        ("the Rapid Support Forces", "RSF paramilitaries", "allied Arab militias"),
        ("a medical source", "the Sudan Doctors Network", "local residents", "an army spokesman"),
        2023,
    ),
    Theatre(
        "Ukraine",
        ("Kharkiv", "Zaporizhzhia", "Kherson", "Sumy", "Pokrovsk", "Kramatorsk", "Odesa"),
        "Ukrainian troops",
        ("Russian forces", "Russian assault units", "units of the Russian army"),
        ("the regional governor", "Ukraine's air force", "the General Staff", "the city's mayor"),
        2014,
    ),
    Theatre(
        "Nigeria",
        ("Maiduguri", "Bama", "Gusau", "Katsina", "Bokkos", "Jos", "Kaduna", "Damboa"),
        "the Nigerian army",
        ("Boko Haram fighters", "ISWAP militants", "armed bandits"),
        ("police", "a local vigilante leader", "Amnesty International", "a state government spokesman"),
        2009,
    ),
    Theatre(
        "the Democratic Republic of the Congo",
        ("Goma", "Beni", "Bunia", "Butembo", "Rutshuru", "Masisi", "Sake"),
        "the Congolese army",
        ("M23 rebels", "ADF militants", "CODECO fighters"),
        ("a civil society leader", "the provincial governor", "UN peacekeepers", "local officials"),
        1996,
    ),
    Theatre(
        "Somalia",
        ("Mogadishu", "Baidoa", "Beledweyne", "Kismayo", "Galkayo", "Jowhar"),
        "the Somali National Army",
        ("al-Shabaab militants", "al-Shabaab fighters", "clan militias"),
        ("a police officer", "witnesses", "the information ministry", "a hospital director"),
        2006,
    ),
    Theatre(
        "Myanmar",
        ("Lashio", "Myawaddy", "Sittwe", "Mandalay", "Sagaing", "Hpakant", "Loikaw"),
        "the military",
        ("the Arakan Army", "the Kachin Independence Army", "People's Defence Force units"),
        ("residents", "a rebel spokesman", "the junta's information team", "a rescue worker"),
        2021,
    ),
    Theatre(
        "Mali",
        ("Gao", "Timbuktu", "Mopti", "Menaka", "Kidal", "Segou", "Djenne"),
        "the Malian army",
        ("JNIM fighters", "Islamic State Sahel militants", "Tuareg separatists"),
        ("the army", "a local elected official", "a security source", "residents"),
        2012,
    ),
    Theatre(
        "Syria",
        ("Idlib", "Aleppo", "Deir ez-Zor", "Daraa", "Qamishli", "Raqqa", "Homs"),
        "Syrian government forces",
        ("Hayat Tahrir al-Sham fighters", "Islamic State cells", "Turkish-backed factions"),
        ("the Syrian Observatory for Human Rights", "the White Helmets", "state media", "activists"),
        2011,
    ),
    Theatre(
        "Yemen",
        ("Marib", "Taiz", "Hodeidah", "Aden", "Saada", "Lahij"),
        "government forces",
        ("Houthi fighters", "Houthi forces", "AQAP militants"),
        ("a military official", "tribal sources", "a health ministry spokesman", "medics"),
        2014,
    ),
    Theatre(
        "Colombia",
        ("Arauca", "Tibu", "Cucuta", "Tumaco", "Popayan", "Argelia"),
        "the Colombian army",
        ("ELN guerrillas", "FARC dissidents", "the Gulf Clan"),
        ("the ombudsman's office", "the defence ministry", "community leaders", "the local mayor"),
        1964,
    ),
)

# A lead sentence reports the incident; its kind decides which follow-ups fit.
LEADS = {
    "battle": (
        "Heavy fighting broke out on {weekday} between {state} and {group} on the outskirts of "
        "{place}, leaving at least {n} combatants dead, according to {source}.",
        "{Group} attacked army positions near {place} on {weekday} night, sparking clashes that lasted "
        "for several hours before the assailants withdrew towards {place2}, {source} said.",
        "{State_} said on {weekday} that it had recaptured {place} from {group} after a week of street "
        "fighting, and that {n} of its soldiers had been killed in the operation.",
    ),
    "shelling": (
        "Artillery shells and rockets fired by {group} struck residential districts of {place} on "
        "{weekday}, killing {nwords} civilians and wounding {n2}, {source} said.",
        "{place}, {place2} and {place3} came under heavy shelling on {weekday}, {source} reported, "
        "with several houses and a market set on fire.",
    ),
    "airstrike": (
        "An air strike hit a crowded market in {place} on {weekday} afternoon, killing at least {n} "
        "people and injuring dozens of others, according to {source}.",
        "A drone struck a vehicle on the road between {place} and {place2} on {weekday}, killing "
        "{nwords} people travelling inside it, {source} said.",
    ),
    "bomb": (
        "A roadside bomb exploded as a military convoy passed near {place} on {weekday}, killing "
        "{nwords} soldiers and wounding {n2} more, {source} said in a statement.",
        "A suicide bomber detonated an explosive vest at a checkpoint at the entrance to {place} on "
        "{weekday} morning, killing {n} people, {source} said.",
    ),
    "civilians": (
        "Gunmen believed to belong to {group} stormed the village of {place} on {weekday} night, "
        "killing {n} villagers and burning dozens of homes, {source} said.",
        "{Group} abducted {n} passengers from a bus on the road to {place} on {weekday}, {source} "
        "said, adding that the kidnappers had not yet made contact with the families.",
    ),
    "protest": (
        "Thousands of people marched through the centre of {place} on {weekday} to demand an end to "
        "the fighting, chanting slogans and waving banners outside the governor's office.",
        "Police fired tear gas to disperse hundreds of demonstrators in {place} on {weekday} and "
        "arrested {n} of them, {source} said.",
    ),
    "riot": (
        "Angry youths burned tyres, blocked the main road and threw stones at police in {place} on "
        "{weekday} after a man was killed in custody, {source} said.",
    ),
}
TRAP_LEADS = (
    "A lorry crashed into a crowded minibus on the highway outside {place} on {weekday}, killing "
    "{nwords} passengers and injuring {n2}, traffic police said.",
    "Torrential rain triggered floods and landslides around {place} on {weekday}, sweeping away "
    "dozens of homes and killing {n} people, disaster officials said.",
    "A fire broke out in a fuel depot in {place} on {weekday} after an electrical fault, the fire "
    "service said, adding that nobody had been hurt.",
    "The home side's striker fired a shot past the keeper in the final minute as the team attacked "
    "relentlessly in {place} on {weekday}, sealing a dramatic win in the league.",
    "Health officials in {place} said on {weekday} that a measles outbreak had killed {n} children "
    "since January and urged parents to take part in a vaccination campaign.",
)
FOLLOW = {
    "casualties": (
        "Among the dead were {nwords} children and a nurse, and {n2} people were taken to the main "
        "hospital in {place2}, where doctors said several were in a critical condition.",
        "The toll was expected to rise, {source} said, because many of the wounded had been taken to "
        "clinics that lacked blood supplies and fuel for their generators.",
        "At least {n2} people were wounded, some of them seriously, and rescue teams were still "
        "searching the rubble for survivors late into the evening.",
    ),
    "attribution": (
        "{Source} said the figures could not be independently verified because telephone lines in the "
        "area had been cut for several days.",
        "No group immediately claimed responsibility, although {group} have carried out similar "
        "attacks in the province over the past year, {source} said.",
        "In a statement posted online, {group} claimed that the operation had inflicted heavy losses "
        "on {state}, a claim that could not be confirmed.",
    ),
    "reaction": (
        "The United Nations called on all parties to respect international humanitarian law and to "
        "allow aid convoys to reach {place} without delay.",
        "The government condemned the violence as a cowardly act and promised that those responsible "
        "would be brought to justice, according to a statement read on state television.",
        "Opposition leaders rejected an invitation to talks in {place2}, saying that no dialogue was "
        "possible while the attacks continued.",
        "Neighbouring governments urged an immediate ceasefire on {weekday} and offered to host "
        "negotiations between the warring parties.",
    ),
    "background": (
        "The conflict in {country} has killed thousands of people and forced millions from their homes "
        "since {since}, according to aid agencies working in the region.",
        "{place} was briefly occupied by armed groups in the early 2000s, and a peace agreement signed "
        "in {year} never fully took hold in the surrounding districts.",
        "The town has changed hands several times since the fighting began, and many of its former "
        "residents now live in camps near {place2}.",
    ),
    "context": (
        "Aid workers said food prices in {place} had tripled over the past month, and that many "
        "families were surviving on a single meal a day.",
        "Markets in {place2} reopened on {weekday} for the first time in a week, although traders said "
        "they had little to sell because supply routes remained cut.",
        "Schools in the district have been closed since the start of the month, and teachers said they "
        "did not know when classes would resume.",
        "Mobile phone networks were down across much of the province, making it difficult to confirm "
        "reports from outlying villages.",
    ),
    "noise": (
        "Separately, the national football team beat its neighbours two goals to one in a friendly "
        "match in the capital on {weekday}, lifting spirits in a country weary of war.",
        "The central bank said on {weekday} that inflation had slowed slightly in the previous month, "
        "although the currency lost further ground against the dollar.",
        "Forecasters warned of heavy rain over the coming week, which could make roads around {place2} "
        "impassable for lorries carrying relief supplies.",
    ),
}
FOLLOW["displacement"] = (
    "More than {n2},000 people have fled {place} since the start of the month, many of them walking "
    "for days to reach makeshift camps near {place2}, where water and medicine are running short, "
    "according to the UN refugee agency.",
    "Families who escaped the violence described leaving everything behind; one woman said she had "
    "carried her two youngest children for three days along dirt tracks before reaching a roadside "
    "camp outside {place2}.",
    "Humanitarian organisations said the fighting had forced them to suspend distributions of food "
    "and seeds in several districts, just weeks before the planting season was due to begin.",
)
FOLLOW["military"] = (
    "Reinforcements including armoured vehicles and several hundred soldiers were seen heading "
    "towards {place2} on {weekday}, witnesses said, in what analysts described as preparations for a "
    "larger offensive in the area.",
    "Military analysts said control of the road between {place} and {place2} would give either side "
    "a decisive advantage, because it is the only route open to lorries during the rainy season.",
    "{State_} said its units had repelled several attempts to advance on {place2} during the week and "
    "that the situation on the front line remained difficult but under control.",
)
FOLLOW["politics"] = (
    "Talks hosted by regional mediators collapsed last month after the delegations failed to agree "
    "on the withdrawal of fighters from towns and on the release of detainees held by both sides.",
    "Lawmakers in the capital criticised the government's handling of the crisis during a heated "
    "session on {weekday}, accusing ministers of ignoring repeated warnings from local authorities.",
    "Diplomats said a new round of negotiations could start in the coming weeks, though neither side "
    "has publicly committed to attending and previous ceasefires were broken within days.",
)
CONFLICT_FOLLOW = (
    "casualties",
    "attribution",
    "reaction",
    "background",
    "context",
    "noise",
    "displacement",
    "military",
    "politics",
)
TRAP_FOLLOW = ("context", "noise", "background", "displacement", "politics")


def _slots(rng: random.Random, theatre: Theatre) -> dict[str, str]:
    places = rng.sample(theatre.places, 3)
    group = rng.choice(theatre.groups)
    source = rng.choice(theatre.sources)
    return {
        "place": places[0],
        "place2": places[1],
        "place3": places[2],
        "state": theatre.state,
        "State_": theatre.state[0].upper() + theatre.state[1:],
        "group": group,
        "Group": group[0].upper() + group[1:],
        "source": source,
        "Source": source[0].upper() + source[1:],
        "country": theatre.country,
        "since": str(theatre.since),
        "year": str(rng.randrange(1995, 2016)),
        "weekday": rng.choice(WEEKDAYS),
        "n": str(rng.randrange(3, 160)),
        "n2": str(rng.randrange(2, 60)),
        "nwords": rng.choice(NUMBER_WORDS),
    }


def _paragraphs(sentences: list[str], rng: random.Random) -> str:
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.randrange(1, 4):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def generate_article(rng: random.Random, index: int, seed: int) -> Article:
    """One article from the shared random stream (see ``generate_articles``)."""
    theatre = rng.choice(THEATRES)
    trap = rng.random() < 0.2
    if trap:
        lead, follow_kinds = rng.choice(TRAP_LEADS), TRAP_FOLLOW
    else:
        lead, follow_kinds = rng.choice(LEADS[rng.choice(list(LEADS))]), CONFLICT_FOLLOW
    slots = _slots(rng, theatre)
    sentences = [lead.format(**slots)]
    target_sentences, target_chars = rng.randrange(5, 16), rng.randrange(2000, 2600)
    pool = [t for kind in follow_kinds for t in FOLLOW[kind]]
    rng.shuffle(pool)
    # Grow until both targets are met, but never past 15 sentences.
    while (
        pool
        and len(sentences) < 15
        and (len(sentences) < target_sentences or sum(map(len, sentences)) < target_chars)
    ):
        sentences.append(pool.pop().format(**_slots(rng, theatre) | {"place": slots["place"]}))
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 2400))
    outlet = rng.choice(OUTLETS)
    sentences[0] = f"{slots['place'].upper()}, {published:%d %B} ({outlet}) - {sentences[0]}"
    title = f"{slots['place']}: {'report' if trap else 'violence'} on {slots['weekday']}"
    return Article(
        text=_paragraphs(sentences, rng),
        id=f"bench-{seed}-{index:05d}",
        title=title,
        outlet=outlet,
        published=published,
    )


def generate_articles(n: int, seed: int = 0) -> list[Article]:
    """Return ``n`` synthetic articles; the same ``seed`` always gives the same list.

    Args:
        n: How many articles to build.
        seed: Seed of the random stream that picks templates and slot values.

    Returns:
        Articles with ``id``, ``title``, ``outlet``, ``published`` and ``text`` set.
    """
    rng = random.Random(seed)
    return [generate_article(rng, i, seed) for i in range(n)]


if __name__ == "__main__":
    for article in generate_articles(2, seed=0):
        print(f"# {article.id} {article.published} {article.title} ({len(article.text)} chars)\n")
        print(article.text, end="\n\n")
