"""``sitrep export``: write the stored events as JSON Lines, ACLED-style CSV, GeoJSON or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import InputError
from ..export import default_registry
from ..export.parquet import write_parquet
from ..model import Event
from ..store import Store
from .ingest import DB_HELP
from .output import check_output, write_atomically, write_bytes_atomically

FORMATS = ["jsonl", "csv", "geojson", "parquet"]


def export(
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv (ACLED column names), geojson or parquet."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
) -> None:
    """Write every stored event in one format.

    Example:

        sitrep export --format csv -o events.csv

        sitrep export --format parquet -o events.parquet --db postgresql://postgres@127.0.0.1:55432/sitrep
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "parquet" and output is None:
        raise InputError("--format parquet needs -o FILE (it is a binary format)")
    if output is not None:
        check_output(output)
    with Store(db).open(write=False) as store:
        found = store.events()
    n = _write(found, fmt, output)
    typer.echo(f"{n} events written" + (f" to {output}" if output else ""), err=True)


def _write(found: list[Event], fmt: str, output: Path | None) -> int:
    if output is None:
        return default_registry().get(fmt)(found, sys.stdout)
    if fmt == "parquet":
        n = write_bytes_atomically(output, lambda bfp: write_parquet(found, bfp))
    else:
        n = write_atomically(output, lambda fp: default_registry().get(fmt)(found, fp))
    return n or 0
