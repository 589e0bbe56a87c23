"""``sitrep export``: write the stored events as JSON Lines, ACLED-style CSV, GeoJSON or Parquet."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import typer

from ..errors import InputError
from ..export import default_registry
from ..export.parquet import write_parquet
from ..model import Event
from ..store import Store
from .ingest import DB_HELP

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
        _check_output(output)
    with Store(db).open(write=False) as store:
        found = store.events()
    n = _write(found, fmt, output)
    typer.echo(f"{n} events written" + (f" to {output}" if output else ""), err=True)


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise InputError(f"cannot write {output}: is a directory")
    if not output.resolve().parent.is_dir():
        raise InputError(f"cannot write {output}: folder {output.resolve().parent} does not exist")


def _write(found: list[Event], fmt: str, output: Path | None) -> int:
    if output is None:
        return default_registry().get(fmt)(found, sys.stdout)
    # Write beside the target and rename, so a crash never leaves a half-written file.
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.resolve().parent)
    try:
        if fmt == "parquet":
            with os.fdopen(fd, "wb") as bfp:
                n = write_parquet(found, bfp)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
                n = default_registry().get(fmt)(found, fp)
        os.replace(tmp, output)
        return n
    except OSError as exc:
        raise InputError(f"cannot write {output}: {(exc.strerror or str(exc)).lower()}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
