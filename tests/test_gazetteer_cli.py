"""``sitrep gazetteer``: info, lookup and GeoNames import into the user layer.

The tests write small GeoNames-format files themselves (invented places with made-up ids), zipped
and plain, plus a truncated zip and a malformed row, and check that a failed import changes nothing.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sitrep.cli.main import app
from sitrep.errors import GeoError
from sitrep.geo import Gazetteer, default_gazetteer_path
from sitrep.geo.importer import import_geonames, user_layer_path

runner = CliRunner()


def geonames_row(gid: int, name: str, lat: float, lon: float, *, alts: str = "", fclass: str = "P",
                 fcode: str = "PPL", cc: str = "AZ", admin1: str = "", population: int = 0) -> str:
    cols = [str(gid), name, name, alts, f"{lat}", f"{lon}", fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "", "Asia/Baku", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


PLACES = "\n".join([
    geonames_row(990000001, "Qizilqaya", 40.61, 46.21, alts="Kyzylkaya,Gizilgaya", population=850),
    geonames_row(990000002, "Ortakend", 40.72, 45.95, population=400),
    geonames_row(990000003, "Ortakend Pass", 40.75, 45.90, fclass="T", fcode="PASS"),
    geonames_row(990000004, "Some Hotel", 40.70, 45.90, fclass="S", fcode="HTL"),
]) + "\n"
ALTERNATES = "1\t990000001\ten\tRed Rock Village\t\t\t\t\t\t\n2\t990000002\tlink\thttps://example.org/x\t\t\t\t\t\t\n"


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A SITREP_HOME holding the real bundled index (linked, not rebuilt) and no user layer."""
    index = Gazetteer().load().path or default_gazetteer_path()
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    (tmp_path / index.name).symlink_to(index)
    yield tmp_path


def write_zip(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, text)
    return path


def invoke(*args: str) -> Result:
    return runner.invoke(app, ["gazetteer", *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lookup_lists_candidates(home: Path) -> None:
    result = invoke("lookup", "Tovuz")
    assert result.exit_code == 0, result.output
    assert "Tovuz" in result.output and "AZE" in result.output


def test_lookup_by_country(home: Path) -> None:
    result = invoke("lookup", "Georgia", "--country", "USA", "-n", "3")
    assert result.exit_code == 0, result.output
    assert "ADM1" in result.output and "GEO " not in result.output


def test_lookup_unknown_name_exits_1(home: Path) -> None:
    result = invoke("lookup", "Xqzvwplk")
    assert result.exit_code == 1
    assert "no place named" in result.output


def test_info_names_the_files(home: Path) -> None:
    result = invoke("info")
    assert result.exit_code == 0, result.output
    assert str(home) in result.output and "places:" in result.output and "user layer" in result.output


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "plain"])
def test_import_adds_places_and_names(home: Path, tmp_path: Path, zipped: bool) -> None:
    src = write_zip(tmp_path / "AZ.zip", "AZ.txt", PLACES) if zipped else tmp_path / "AZ.txt"
    if not zipped:
        src.write_text(PLACES, encoding="utf-8")
    alt = write_zip(tmp_path / "alternateNamesV2.zip", "alternateNamesV2.txt", ALTERNATES)
    result = invoke("import", str(src), str(alt))
    assert result.exit_code == 0, result.output
    assert "3 places" in result.output  # the hotel (class S) is left out
    gaz = Gazetteer(home / default_gazetteer_path().name).load()
    found = gaz.lookup("Qizilqaya")[0]
    assert (found.country, found.geonameid, found.feature_class) == ("AZE", 990000001, "P")
    assert gaz.lookup("Kyzylkaya")[0].geonameid == 990000001  # an alternate name from the row
    assert gaz.lookup("Red Rock Village")[0].geonameid == 990000001  # from alternateNamesV2
    assert all(p.geonameid != 990000004 for p in gaz.lookup("Some Hotel"))
    assert gaz.lookup("Tovuz")[0].country == "AZE"  # the bundled index still answers
    gaz.close()
    assert "imported:" in invoke("info").output


def test_reimport_replaces_a_place(home: Path, tmp_path: Path) -> None:
    first = tmp_path / "one.txt"
    first.write_text(geonames_row(990000010, "Baskend", 40.1, 46.1) + "\n", encoding="utf-8")
    second = tmp_path / "two.txt"
    second.write_text(geonames_row(990000010, "Baskend", 40.2, 46.2, population=900) + "\n", encoding="utf-8")
    import_geonames([first], home / default_gazetteer_path().name)
    import_geonames([second], home / default_gazetteer_path().name)
    gaz = Gazetteer(home / default_gazetteer_path().name).load()
    assert [(p.latitude, p.population) for p in gaz.lookup("Baskend") if p.geonameid == 990000010] == [(40.2, 900)]
    gaz.close()


def test_a_truncated_zip_changes_nothing(home: Path, tmp_path: Path) -> None:
    good = write_zip(tmp_path / "AZ.zip", "AZ.txt", PLACES)
    assert invoke("import", str(good)).exit_code == 0
    layer = user_layer_path(home / default_gazetteer_path().name)
    before = digest(layer)
    data = write_zip(tmp_path / "big.zip", "AM.txt", PLACES * 50).read_bytes()
    truncated = tmp_path / "AM.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(GeoError, match=r"AM\.zip: corrupt or truncated zip file.*unchanged"):
        import_geonames([truncated], home / default_gazetteer_path().name)
    assert digest(layer) == before
    assert not [p for p in home.iterdir() if p.name.startswith(".gazetteer-user")]  # no temporary left


def test_a_bad_row_changes_nothing_and_names_the_line(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "XX.txt"
    bad.write_text(geonames_row(990000020, "Goodplace", 40.0, 46.0) + "\n990000021\tBadplace\t40.0\n",
                   encoding="utf-8")
    with pytest.raises(GeoError, match=r"XX\.txt, line 2: expected 19 tab-separated columns"):
        import_geonames([bad], home / default_gazetteer_path().name)
    assert not user_layer_path(home / default_gazetteer_path().name).exists()


def test_bad_numbers_are_refused(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "XX.txt"
    bad.write_text(geonames_row(990000030, "Nowhere", 40.0, 46.0).replace("40.0", "north", 1) + "\n",
                   encoding="utf-8")
    with pytest.raises(GeoError, match="bad number"):
        import_geonames([bad], home / default_gazetteer_path().name)


def test_cli_import_error_is_one_line(home: Path, tmp_path: Path) -> None:
    """Through the installed script: main() turns the error into one line and exit code 2."""
    import os
    import subprocess
    import sys

    broken = tmp_path / "cities500.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    script = Path(sys.executable).parent / "sitrep"
    done = subprocess.run([str(script), "gazetteer", "import", str(broken)], capture_output=True, text=True,
                          env={**os.environ, "SITREP_HOME": str(home)}, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "cities500.zip" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
