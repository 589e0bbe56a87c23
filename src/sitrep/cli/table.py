"""A readable table of events for the terminal (``--format table``, ``make demo``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..model import Event


def print_table(events: list[Event], console: Console) -> None:
    """Print one row per event: date, type, actors, place, toll, source."""
    table = Table(show_lines=False, header_style="bold", expand=False)
    for col in ("date", "type", "sub-type / PLOVER", "actor1", "location", "lat, lon", "dead", "hurt",
                "claimed by", "bg"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            e.event_date or "-", e.event_type or "(verbal)", e.sub_event_type or e.plover_type,
            e.actor1 or "-", e.location or "-",
            f"{e.latitude:.3f}, {e.longitude:.3f}" if e.latitude is not None and e.longitude is not None else "-",
            "-" if e.fatalities is None else f"{'≥' if e.fatalities_lower_bound else ''}{e.fatalities}",
            "-" if e.injuries is None else str(e.injuries), e.claimed_by or "-", "yes" if e.historical else "",
        )
    console.print(table)
    console.print(f"{len(events)} events")
