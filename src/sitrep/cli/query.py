"""``sitrep query``: filter the stored events and print them as a table."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..ingest import parse_published
from ..model import Event
from ..store import EventQuery, Store
from .ingest import DB_HELP


def query(
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="First event date (inclusive)."),
    until: str | None = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="Last event date (inclusive)."),
    country: str | None = typer.Option(None, "--country", metavar="ISO3", help="Country code, e.g. AZE."),
    admin1: str | None = typer.Option(None, "--admin1", metavar="NAME", help="First-level region name."),
    event_type: str | None = typer.Option(None, "--event-type", metavar="TYPE", help="ACLED event type."),
    actor: str | None = typer.Option(None, "--actor", metavar="TEXT", help="Part of an actor's name."),
    words: str | None = typer.Option(None, "--text", metavar="WORDS", help="Words in a supporting article."),
    bbox: str | None = typer.Option(None, "--bbox", metavar="W,S,E,N", help="Bounding box in degrees."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many events, newest first."),
) -> None:
    """Find stored events and print them as a table.

    Example:

        sitrep query --country AZE --since 2020-10-01 --event-type "Explosions/Remote violence"

        sitrep query --text shelling --bbox 46,39.5,47.5,40.5 --limit 20
    """
    q = EventQuery(since=_day(since, "--since"), until=_day(until, "--until"), country=country, admin1=admin1,
                   event_type=event_type, actor=actor, text=words, bbox=parse_bbox(bbox) if bbox else None,
                   limit=limit)
    with Store(db).open(write=False) as store:
        found = store.events(q)
    print_events(found, Console(width=None if Console().is_terminal else 160))


def _day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_published(value).isoformat()
    except InputError:
        raise InputError(f"invalid {option} {value!r}; expected YYYY-MM-DD") from None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees.

    Raises:
        InputError: not four numbers, or outside the globe, or south above north.
    """
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise InputError(f"invalid --bbox {value!r}; expected W,S,E,N in degrees") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(f"invalid --bbox {value!r}; longitudes in -180..180, latitudes in -90..90, S <= N")
    return west, south, east, north


def print_events(events: list[Event], console: Console) -> None:
    """One row per merged event: id, date, type, actors, place, toll, sources."""
    table = Table(header_style="bold")
    for col in ("event id", "date", "type", "actor1", "actor2", "location", "country", "dead", "sources"):
        table.add_column(col, overflow="fold")
    for e in events:
        dead = "-" if e.fatalities is None else f"{'≥' if e.fatalities_lower_bound else ''}{e.fatalities}"
        table.add_row(e.event_id, e.event_date or "-", e.event_type or e.plover_type, e.actor1 or "-",
                      e.actor2 or "-", e.location or "-", e.country or "-", dead, str(e.source_count))
    console.print(table)
    console.print(f"{len(events)} events")
