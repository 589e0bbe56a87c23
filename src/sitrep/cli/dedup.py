"""``sitrep dedup``: merge every stored report again with other (or the saved) thresholds."""

from __future__ import annotations

import math
from typing import NoReturn

import typer

from ..store import DedupOptions, Store
from ..store.dedup import MAX_DAYS
from .ingest import DB_HELP


def dedup(
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    km: float | None = typer.Option(None, "--km", metavar="FLOAT",
                                    help="Places this many km apart or closer are the same place (default: saved, "
                                         "else 5.0)."),
    days: int | None = typer.Option(None, "--days", metavar="INT",
                                    help=f"Dates this many days apart or fewer are the same incident, 0 to {MAX_DAYS} "
                                         "(default: saved, else 1)."),
) -> None:
    """Re-derive the merged events from the stored reports, and save the thresholds for later ingests.

    Options not given keep the saved thresholds (else the defaults, 5 km and 1 day).

    Example:

        sitrep dedup --km 10 --days 2

        sitrep dedup --km 5 --days 1 --db events.db
    """
    if km is not None and (not math.isfinite(km) or km < 0):
        _fail(f"invalid --km {km:g}: give a distance in km, 0 or more")
    if days is not None and not 0 <= days <= MAX_DAYS:
        _fail(f"invalid --days {days}: give a whole number of days from 0 to {MAX_DAYS}")
    Store(db).open(write=False).close()  # an absent file or an empty database is an error, not created
    with Store(db).open() as store:
        if km is None and days is None:
            merged = store.rederive()  # the saved thresholds, read inside its transaction
        else:
            merged = store.rederive(DedupOptions(distance_km=store.options.distance_km if km is None else km,
                                                 days=store.options.days if days is None else days))
        reports = store.counts()["claims"]
        used = store.options
    typer.echo(f"{reports} reports merged into {merged} events ({describe(used)})")


def describe(options: DedupOptions) -> str:
    """The thresholds in words: ``distance 5.0 km, ±1 day``."""
    km = f"{options.distance_km:.1f}" if round(options.distance_km, 1) == options.distance_km \
        else f"{options.distance_km:g}"
    return f"distance {km} km, ±{options.days} day{'' if options.days == 1 else 's'}"


def _fail(message: str) -> NoReturn:
    typer.echo(f"sitrep: error: {message}", err=True)
    raise typer.Exit(2)
