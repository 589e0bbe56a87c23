"""The ``sitrep`` command group."""

from __future__ import annotations

import sys

import typer

from .. import __version__
from ..errors import SitrepError
from . import batch as batch_cmd
from . import dedup as dedup_cmd
from . import evaluate as evaluate_cmd
from . import explain as explain_cmd
from . import export as export_cmd
from . import extract as extract_cmd
from . import fetch as fetch_cmd
from . import gazetteer as gazetteer_cmd
from . import geoparse as geoparse_cmd
from . import ingest as ingest_cmd
from . import query as query_cmd
from . import serve as serve_cmd
from . import train as train_cmd
from . import watch as watch_cmd

app = typer.Typer(
    name="sitrep",
    help="Conflict news in, coded, geocoded, sourced events out. Runs offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """sitrep: turn conflict news into an event database."""


app.command("extract")(extract_cmd.extract)
app.command("ingest")(ingest_cmd.ingest)
app.command("batch")(batch_cmd.batch)
app.command("fetch")(fetch_cmd.fetch)
app.command("watch")(watch_cmd.watch)
app.command("query")(query_cmd.query)
app.command("export")(export_cmd.export)
app.command("explain")(explain_cmd.explain)
app.command("dedup")(dedup_cmd.dedup)
app.command("geoparse")(geoparse_cmd.geoparse)
app.add_typer(gazetteer_cmd.app, name="gazetteer")
app.command("train")(train_cmd.train_cmd)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("serve")(serve_cmd.serve)


def main() -> None:
    """Entry point: run the app, turning sitrep's own errors into one line and exit code 2."""
    try:
        app()
    except SitrepError as exc:
        typer.echo(f"sitrep: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("sitrep: interrupted", err=True)
        sys.exit(130)
