"""Import GeoNames dumps the user downloaded into a user layer of the gazetteer.

The bundled index (:mod:`sitrep.geo.build`) is rebuilt whenever its inputs change, so imported
places live beside it in a second SQLite file of the same schema, ``gazetteer-user.sqlite``, which
:class:`~sitrep.geo.gazetteer.Gazetteer` queries too. Accepted files, zipped or plain:

* the GeoNames table, 19 tab-separated columns: ``allCountries.zip``, ``cities500.zip``,
  ``cities1000.zip``..., a country's ``XX.zip``;
* ``alternateNamesV2.zip`` (or ``alternateNames.zip``): more names for places already known.

An import is atomic: the layer is written to a temporary copy and renamed over the old one only
when every file has been read, so a corrupt or truncated file leaves the gazetteer as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import DataError, GeoError
from sitrep.geo.build import _INDEXES, _SCHEMA, SCHEMA_VERSION, _latin, default_gazetteer_path
from sitrep.geo.fold import fold_with, key_with, load_rules
from sitrep.geo.gazetteer import USER_LAYER_FILE
from sitrep.geo.records import NAME_ABBREV, NAME_ALT, NAME_PRIMARY

GEONAMES_COLUMNS = 19
#: GeoNames feature classes worth a toponym lookup: towns, admin areas, regions, terrain, water.
KEPT_CLASSES = frozenset("PALTH")
#: alternateNames "languages" that are codes or links, not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "fr_1793", "unlc", "tcid", "phon",
                        "piny"})
_BATCH = 10_000
_READ_ERRORS = (DataError, OSError, sqlite3.Error, zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError)


def user_layer_path(index: Path | None = None) -> Path:
    """Where the user layer of an index lives: beside it.

    Args:
        index: the bundled index file; :func:`default_gazetteer_path` when None.

    Returns:
        ``gazetteer-user.sqlite`` in the index's folder.
    """
    return (index or default_gazetteer_path()).parent / USER_LAYER_FILE


@dataclass
class ImportReport:
    """What an import did.

    Attributes:
        files: the files read.
        places: places added or replaced.
        names: names added.
        skipped: rows left out (feature classes not kept, names of unknown places, non-Latin names).
        layer: the user layer file written.
    """

    files: list[str] = field(default_factory=list)
    places: int = 0
    names: int = 0
    skipped: int = 0
    layer: Path | None = None


def import_geonames(files: Sequence[Path], index: Path | None = None) -> ImportReport:
    """Merge GeoNames dumps into the user layer, atomically.

    Args:
        files: GeoNames table or alternate-name files, zipped or plain text.
        index: the bundled index file the layer belongs to (read for its places' ids and region
            names); :func:`default_gazetteer_path` when None.

    Returns:
        What was imported.

    Raises:
        GeoError: a file is missing, corrupt, truncated or has a malformed row; nothing changed.
    """
    index = index or default_gazetteer_path()
    target = user_layer_path(index)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-user-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    report = ImportReport(layer=target)
    current: Path | None = None
    try:
        if target.exists():
            shutil.copyfile(target, tmp)
        else:
            tmp.unlink()
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            writer = _LayerWriter(con, index, report)
            for current in map(Path, files):
                writer.read(current)
            current = None
            writer.finish()
        os.replace(tmp, target)
    except _READ_ERRORS as exc:
        where = f"cannot import {current}: " if current is not None else "cannot import: "
        raise GeoError(f"{where}{_describe(exc)}; the gazetteer is unchanged") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return report


def _describe(exc: BaseException) -> str:
    if isinstance(exc, DataError):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return f"corrupt or truncated zip file ({exc})" if str(exc) else "corrupt or truncated zip file"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text (is it a GeoNames dump?)"
    if isinstance(exc, OSError):
        return (exc.strerror or str(exc)).lower()
    return str(exc)


class _LayerWriter:
    """Streams rows of GeoNames files into an open user-layer database."""

    def __init__(self, con: sqlite3.Connection, index: Path, report: ImportReport) -> None:
        self.con, self.report, self.rules = con, report, load_rules()
        fresh = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'places'").fetchone()[0] == 0
        if fresh:
            con.executescript(_SCHEMA)
            con.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        # Rows go in faster without the name indexes; they are rebuilt once at the end (on the copy).
        con.executescript("PRAGMA synchronous=OFF; DROP INDEX IF EXISTS names_fold; DROP INDEX IF EXISTS names_key;")
        # Looked up in SQL, not held in a dict: allCountries has 12 million ids.
        con.execute("CREATE INDEX IF NOT EXISTS places_geonameid ON places (geonameid)")
        con.execute("CREATE INDEX IF NOT EXISTS names_place ON names (place_id)")  # for replacing a place
        self.next_id = (con.execute("SELECT max(id) FROM places").fetchone()[0] or 0) + 1
        self.iso3 = _iso2to3()
        self.main_rows: dict[int, tuple[object, ...]] = {}
        self.admin1: dict[str, str] = {}
        if index.exists():
            with contextlib.closing(sqlite3.connect(f"file:{index}?mode=ro", uri=True)) as main:
                self.admin1 = dict(main.execute(
                    "SELECT admin1_code, name FROM places WHERE feature_code = 'ADM1' AND admin1_code IS NOT NULL"))
                for row in main.execute("SELECT * FROM places WHERE geonameid IS NOT NULL"):
                    self.main_rows.setdefault(int(row[1]), row)
        self.names: list[tuple[str, str, int, int]] = []

    def read(self, path: Path) -> None:
        kind = "alternate names" if "alternatename" in path.name.lower() else "places"
        self.report.files.append(str(path))
        for number, line in _lines(path):
            source = f"{path.name}, line {number}"
            if kind == "places":
                self._place(line, source)
            else:
                self._alternate(line, source)
            if len(self.names) >= _BATCH:
                self._flush()

    def finish(self) -> None:
        self._flush()
        self.con.executescript(_INDEXES)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('places', ?)",
                         (str(self.con.execute("SELECT count(*) FROM places").fetchone()[0]),))
        old = self.con.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
        imported = [*(old[0].split("\n") if old and old[0] else []), *self.report.files]
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", ("\n".join(imported),))
        self.con.commit()

    def _place(self, line: str, source: str) -> None:
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise DataError(f"{source}: expected {GEONAMES_COLUMNS} tab-separated columns (GeoNames format), "
                            f"found {len(cols)}")
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError as exc:
            raise DataError(f"{source}: bad number in a GeoNames row ({exc})") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{source}: coordinates out of range ({lat}, {lon})")
        fclass, fcode, iso2, adm1 = cols[6], cols[7] or "", cols[8], cols[10]
        if fclass not in KEPT_CLASSES:
            self.report.skipped += 1
            return
        old = self._user_id(gid)
        if old is not None:  # a newer dump replaces the place
            self.con.execute("DELETE FROM names WHERE place_id = ?", (old,))
            self.con.execute("DELETE FROM places WHERE id = ?", (old,))
        pid = self._new_id()
        code = f"{iso2}.{adm1}" if iso2 and adm1 else None
        f = fold_with(cols[1], self.rules)
        self.con.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (pid, gid, cols[1], key_with(f, self.rules), lat, lon, self.iso3.get(iso2), self.admin1.get(code or ""),
             code, None, fclass, fcode, population, "geonames import"),
        )
        self.report.places += 1
        self._add_names(pid, [(cols[1], NAME_PRIMARY), (cols[2], NAME_ALT),
                              *((a, NAME_ABBREV if _abbreviation(a) else NAME_ALT) for a in cols[3].split(",") if a)])

    def _alternate(self, line: str, source: str) -> None:
        cols = line.split("\t")
        if not 4 <= len(cols) <= 10:
            raise DataError(f"{source}: expected 4 to 10 tab-separated columns (GeoNames alternateNames), "
                            f"found {len(cols)}")
        try:
            gid = int(cols[1])
        except ValueError:
            raise DataError(f"{source}: geonameid {cols[1]!r} is not a number") from None
        if cols[2] in _NOT_NAMES:
            self.report.skipped += 1
            return
        pid = self._user_id(gid)
        if pid is None and gid in self.main_rows:
            pid = self._copy_main(gid)
        if pid is None:
            self.report.skipped += 1
            return
        kind = NAME_ABBREV if cols[2] == "abbr" or _abbreviation(cols[3]) else NAME_ALT
        self._add_names(pid, [(cols[3], kind)])

    def _copy_main(self, gid: int) -> int:
        """A bundled place that gets new names: copied into the layer, which then answers for it."""
        row = self.main_rows[gid]
        pid = self._new_id()
        self.con.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (pid, *row[1:]))
        self._add_names(pid, [(str(row[2]), NAME_PRIMARY)])
        return pid

    def _user_id(self, gid: int) -> int | None:
        row = self.con.execute("SELECT id FROM places WHERE geonameid = ?", (gid,)).fetchone()
        return int(row[0]) if row else None

    def _new_id(self) -> int:
        pid = self.next_id
        self.next_id += 1
        return pid

    def _add_names(self, pid: int, names: list[tuple[str, int]]) -> None:
        seen: set[str] = set()
        for name, kind in names:
            f = fold_with(name.strip(), self.rules)
            if not f or f in seen or not _latin(f):
                if f and not _latin(f):
                    self.report.skipped += 1
                continue
            seen.add(f)
            self.names.append((f, key_with(f, self.rules), kind, pid))

    def _flush(self) -> None:
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?)", self.names)
        self.report.names += len(self.names)
        self.names.clear()


def _abbreviation(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The non-blank, non-comment lines of a plain or zipped GeoNames file."""
    if not path.is_file():
        raise DataError("no such file")
    if zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and not m.lower().startswith(
                ("readme", "iso-languagecodes"))]
            if not members:
                raise DataError("no GeoNames .txt file inside the zip")
            with zf.open(members[0]) as raw:
                yield from _numbered(io.TextIOWrapper(raw, encoding="utf-8", newline="\n"), path)
        return
    with path.open(encoding="utf-8", newline="\n") as fp:
        yield from _numbered(fp, path)


def _numbered(fp: io.TextIOBase, path: Path) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(fp, 1):
        line = line.rstrip("\r\n")
        if line and not line.startswith("#"):
            yield number, line


def _iso2to3() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out["XK"] = "XKX"  # Kosovo: GeoNames' user-assigned code
    return out
