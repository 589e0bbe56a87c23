"""``sitrep ingest / query / export / explain`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sitrep.cli.main import app
from sitrep.export import ACLED_COLUMNS

SITREP = Path(sys.executable).parent / "sitrep"
runner = CliRunner()

# Real places, invented incidents, our own wording.
REPORTS = {
    "a.txt": "Artillery shelling killed four civilians in Tartar on Thursday, the Azerbaijani defense ministry said.\n",
    "b.txt": "Armenian forces shelled the town of Tartar on Thursday, killing six people, officials said.\n",
    "c.txt": "A missile strike on Barda on Thursday killed three civilians, the ministry said.\n",
}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, body in REPORTS.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def sitrep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SITREP), *args], capture_output=True, text=True, timeout=120)


def ingested(news: Path, db_url: str) -> str:
    result = runner.invoke(app, ["ingest", str(news), "--db", db_url, "--published", "2020-10-02"])
    assert result.exit_code == 0, result.output
    return db_url


def test_ingest_twice_changes_nothing(news: Path, db_url: str) -> None:
    ingested(news, db_url)
    again = runner.invoke(app, ["ingest", str(news), "--db", db_url, "--published", "2020-10-02"])
    assert again.exit_code == 0, again.output
    assert "0 new, 3 already stored" in again.output
    assert "2 events from 3 articles" in again.output


def test_query_prints_a_table(news: Path, db_url: str) -> None:
    ingested(news, db_url)
    result = runner.invoke(app, ["query", "--db", db_url, "--text", "Armenian", "--country", "AZE"])
    assert result.exit_code == 0, result.output
    assert "Tartar" in result.output and "Barda" not in result.output
    assert "1 events" in result.output


def test_explain_shows_both_figures(news: Path, db_url: str) -> None:
    ingested(news, db_url)
    exported = runner.invoke(app, ["export", "--db", db_url])
    tartar = [json.loads(line) for line in exported.stdout.splitlines() if '"Tartar"' in line][0]
    result = runner.invoke(app, ["explain", tartar["event_id"], "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "2 report(s) from 2 source(s)" in result.output
    assert "reports differ (4, 6)" in result.output
    assert "same named place Tartar" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_export_formats(news: Path, db_url: str, tmp_path: Path, fmt: str) -> None:
    ingested(news, db_url)
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--db", db_url, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert sorted(r["source_count"] for r in records) == [1, 2]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert list(rows[0])[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
        assert sorted(r["location"] for r in rows) == ["Barda", "Tartar"]
    elif fmt == "geojson":
        assert len(json.loads(out.read_text())["features"]) == 2
    else:
        table = pq.read_table(out)
        assert table.num_rows == 2
        assert sorted(table.column("location").to_pylist()) == ["Barda", "Tartar"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--db", "foo://x/y"], "unsupported database"),
        (["ingest", "{news}", "--db", "postgresql://postgres@127.0.0.1:1/x"], "cannot connect"),
        (["query", "--db", "{tmp}/absent.db"], "no database"),
        (["ingest", "{news}", "--db", "{tmp}/no/folder/x.db"], "does not exist"),
        (["explain", "nope", "--db", "{db}"], "no event 'nope'"),
        (["query", "--db", "{db}", "--bbox", "1,2"], "invalid --bbox"),
        (["query", "--db", "{db}", "--since", "last week"], "invalid --since"),
        (["export", "--db", "{db}", "--format", "parquet"], "needs -o"),
        (["export", "--db", "{db}", "--format", "xml"], "unknown --format"),
    ],
)
def test_errors_are_one_line(news: Path, tmp_path: Path, args: list[str], message: str) -> None:
    db = str(tmp_path / "ok.db")
    assert sitrep("ingest", str(news), "--db", db, "--quiet").returncode == 0
    result = sitrep(*[a.format(news=news, tmp=tmp_path, db=db) for a in args])
    assert result.returncode == 2, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "absent.db").exists()


def test_read_only_database_writes_nothing(news: Path, tmp_path: Path) -> None:
    db = tmp_path / "ok.db"
    assert sitrep("ingest", str(news / "a.txt"), "--db", str(db), "--quiet").returncode == 0
    size = db.stat().st_size
    result = sitrep("ingest", str(news), "--db", f"sqlite:///file:{db}?mode=ro&uri=true")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("the database is read-only")
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.stat().st_size == size


def test_newer_schema_from_the_cli(news: Path, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "new.db"
    assert sitrep("ingest", str(news / "a.txt"), "--db", str(db), "--quiet").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = version + 1")
    result = sitrep("ingest", str(news), "--db", str(db))
    assert result.returncode == 2
    assert "newer than this sitrep" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_sitrep_db_environment_variable(news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("SITREP_DB", str(db))
    result = runner.invoke(app, ["ingest", str(news), "--published", "2020-10-02", "--quiet"])
    assert result.exit_code == 0, result.output
    assert db.exists()
