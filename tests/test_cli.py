"""Tests for the ``sitrep`` command line: output formats, -o, bad input, exit codes and messages.

Most tests run the typer app in-process through ``CliRunner`` with one pipeline shared by the whole
module (loading one takes over a second). Errors that ``main()`` turns into one line and exit code 2
are checked through the installed ``sitrep`` script, the real entry point.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from sitrep import __version__
from sitrep.cli import extract as extract_cmd
from sitrep.cli.main import app
from sitrep.export import ExporterRegistry
from sitrep.model import stable_hash
from sitrep.pipeline import Options, Pipeline

SITREP = Path(sys.executable).parent / "sitrep"
PUBLISHED = "2020-10-02"  # a Friday

# Real places, invented incidents.
STORY = (
    "Armed militants shelled the town of Tovuz on Friday, killing three civilians, the Defense Ministry said.\n"
    "Protesters gathered in Yerevan on Saturday to demand an end to the fighting.\n"
)
MALI = "Rebel fighters attacked an army post near Mopti on Monday, killing two soldiers, the army said.\n"
GEORGIA = "Police fired tear gas at protesters in Tbilisi on Sunday.\n"
BACKGROUND = "Artillery shelled Ganja on Friday. Militants had also attacked Ganja in 1993, killing ten people.\n"
SUMMARY = re.compile(r"^(\d+) articles read, (\d+) skipped, (\d+) warnings, (\d+) events \((\d+) background\)$")

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline() -> Iterator[None]:
    """Load each kind of pipeline once for the module instead of once per invocation."""
    loaded: dict[Options, Pipeline] = {}

    def pipeline(options: Options | None = None) -> Pipeline:
        key = options or Options()
        if key not in loaded:
            loaded[key] = Pipeline(key).load()
        return loaded[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract_cmd, "Pipeline", pipeline)
        yield


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def explain(result: Result) -> str:
    """Everything a failing assertion should show: both streams and any exception."""
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    if result.exc_info and not isinstance(result.exception, SystemExit):
        text += "\n--- exception\n" + "".join(traceback.format_exception(*result.exc_info))
    return text


def extract(*args: str | Path, code: int = 0) -> Result:
    """Run ``sitrep extract`` in-process and check its exit code."""
    result = runner.invoke(app, ["extract", *map(str, args)])
    assert result.exit_code == code, explain(result)
    assert "Traceback" not in result.output, explain(result)
    return result


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def summary(result: Result) -> tuple[int, ...]:
    """The numbers of the last stderr line: read, skipped, warnings, events, background."""
    last = result.stderr.splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, explain(result)
    return tuple(int(n) for n in match.groups())


def real(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``sitrep`` script, the entry point users run."""
    return subprocess.run([str(SITREP), *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def show(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    return write(tmp_path / "story.txt", STORY)


# --- version --------------------------------------------------------------------------------


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, explain(result)
    assert result.stdout == f"sitrep {__version__}\n"


def test_version_through_the_script() -> None:
    proc = real("--version")
    assert proc.returncode == 0, show(proc)
    assert proc.stdout.strip() == f"sitrep {__version__}"


# --- JSON Lines on stdout -------------------------------------------------------------------


def test_extract_text_to_jsonl(story: Path) -> None:
    events = records(extract(story, "--published", PUBLISHED))
    assert [e["location"] for e in events] == ["Tovuz", "Yerevan"]
    for event in events:
        assert set(event) >= {"event_id", "article_id", "event_date", "evidence", "plover_type"}
        assert event["article_id"] == stable_hash(STORY)
        assert event["evidence"], event
        for evidence in event["evidence"]:
            assert STORY[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert events[0]["event_date"] == PUBLISHED
    assert events[0]["fatalities"] == 3
    assert len({e["event_id"] for e in events}) == len(events)


def test_summary_line_on_stderr(story: Path) -> None:
    result = extract(story, "--published", PUBLISHED)
    assert result.stderr.splitlines() == ["1 articles read, 0 skipped, 0 warnings, 2 events (0 background)"]


def test_quiet_prints_no_summary(story: Path) -> None:
    result = extract(story, "--published", PUBLISHED, "--quiet")
    assert result.stderr == ""
    assert len(records(result)) == 2


def test_undated_text_gets_a_warning(story: Path) -> None:
    result = extract(story)
    assert result.stderr.splitlines()[0] == (
        f"sitrep: warning: {story}: no publication date; relative dates left unresolved (use --published)"
    )
    assert summary(result)[:3] == (1, 0, 1)


def test_same_input_gives_the_same_event_ids(story: Path) -> None:
    first = [e["event_id"] for e in records(extract(story, "--published", PUBLISHED, "-q"))]
    second = [e["event_id"] for e in records(extract(story, "--published", PUBLISHED, "-q"))]
    assert first == second
    assert len(first) == 2


def test_jsonl_input_keeps_its_article_ids(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.jsonl", "".join(
        json.dumps({"id": ident, "text": text, "published": PUBLISHED}) + "\n"
        for ident, text in [("mali-1", MALI), ("georgia-1", GEORGIA)]
    ))
    events = records(extract(feed, "-q"))
    assert [(e["article_id"], e["location"]) for e in events] == [("mali-1", "Mopti"), ("georgia-1", "Tbilisi")]


def test_folder_is_recursed_in_name_order_skipping_hidden(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "b-mali.txt", MALI)
    write(news / "a" / "nested" / "georgia.txt", GEORGIA)
    write(news / ".drafts" / "story.txt", STORY)
    write(news / ".story.txt", STORY)
    result = extract(news, "--published", PUBLISHED)
    assert [e["location"] for e in records(result)] == ["Tbilisi", "Mopti"]
    assert summary(result)[:2] == (2, 0)


def test_no_historical_leaves_out_background(tmp_path: Path) -> None:
    path = write(tmp_path / "ganja.txt", BACKGROUND)
    kept = extract(path, "--published", PUBLISHED)
    assert [e["historical"] for e in records(kept)] == [False, True]
    assert summary(kept)[3:] == (2, 1)
    dropped = extract(path, "--published", PUBLISHED, "--no-historical")
    assert [e["historical"] for e in records(dropped)] == [False]
    assert summary(dropped)[3:] == (1, 0)


# --- other formats --------------------------------------------------------------------------


def test_format_csv(story: Path) -> None:
    result = extract(story, "--published", PUBLISHED, "--format", "csv", "-q")
    assert result.stdout.startswith("event_id_cnty,event_date,year,time_precision,event_type,")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["location"], r["iso3"], r["year"]) for r in rows] == [
        ("Tovuz", "AZE", "2020"), ("Yerevan", "ARM", "2020"),
    ]


def test_format_geojson(story: Path) -> None:
    result = extract(story, "--published", PUBLISHED, "-f", "geojson", "-q")
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    tovuz, yerevan = collection["features"]
    for feature in (tovuz, yerevan):
        props = feature["properties"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [props["longitude"], props["latitude"]]}
        assert feature["id"] == props["event_id"]
    lon, lat = tovuz["geometry"]["coordinates"]
    assert 45 < lon < 46 and 40.5 < lat < 41.5  # Tovuz: east 45.6, north 41.0


def test_format_table(story: Path) -> None:
    result = extract(story, "--published", PUBLISHED, "--format", "table", "-q")
    assert "Tovuz" in result.stdout and "Yerevan" in result.stdout
    assert result.stdout.rstrip().endswith("2 events")


# --- -o -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "check"), [
    ("jsonl", lambda text: [json.loads(line)["location"] for line in text.splitlines()] == ["Tovuz", "Yerevan"]),
    ("csv", lambda text: text.startswith("event_id_cnty,event_date,year,") and len(text.splitlines()) == 3),
    ("geojson", lambda text: len(json.loads(text)["features"]) == 2),
    ("table", lambda text: "Tovuz" in text and text.rstrip().endswith("2 events")),
])
def test_output_file(tmp_path: Path, story: Path, fmt: str, check: Any) -> None:
    out = tmp_path / f"events.{fmt}"
    result = extract(story, "--published", PUBLISHED, "-f", fmt, "-o", out)
    assert result.stdout == ""
    assert check(out.read_text(encoding="utf-8")), out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([story.name, out.name])  # no temporary left


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("writer bug")],
                         ids=["disk-full", "bug"])
def test_failed_write_leaves_no_partial_file(tmp_path: Path, story: Path, monkeypatch: pytest.MonkeyPatch,
                                             error: Exception) -> None:
    def half_then_fail(events: Any, fp: Any) -> int:
        fp.write('{"event_id": "half')
        fp.flush()
        raise error

    registry = ExporterRegistry()
    registry.register("jsonl", half_then_fail)
    monkeypatch.setattr(extract_cmd, "default_registry", lambda: registry)
    out = write(tmp_path / "events.jsonl", "previous run\n")
    result = runner.invoke(app, ["extract", str(story), "--published", PUBLISHED, "-o", str(out), "-q"])
    assert result.exit_code != 0, explain(result)
    assert out.read_text(encoding="utf-8") == "previous run\n"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.jsonl", "story.txt"]
    if isinstance(error, OSError):  # the user's to fix: one message, not a stack
        assert "cannot write" in str(result.exception) and "no space left" in str(result.exception)


def test_nothing_read_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = extract(tmp_path / "missing.txt", "-o", out, code=1)
    assert not out.exists()
    assert result.stderr.splitlines()[-1] == "sitrep: nothing could be read (1 skipped)"


@pytest.mark.parametrize("target", ["no-such-folder/events.jsonl", "."], ids=["missing-folder", "a-folder"])
def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, story: Path, target: str) -> None:
    out = tmp_path / target
    proc = real("extract", story, "--published", PUBLISHED, "-o", out)
    assert proc.returncode == 2, show(proc)
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [proc.stderr.strip()], show(proc)
    assert proc.stderr.startswith(f"sitrep: error: cannot write {out}"), show(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


# --- bad input ------------------------------------------------------------------------------

# name, content (None: do not create), expected stderr line (after "sitrep: "), articles read, skipped, warnings
BAD_INPUTS = [
    ("missing.txt", None, "skipped: {path}: no such file or directory", 1, 1, 0),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "skipped: {path}: binary file, not text", 1, 1, 0),
    ("empty.txt", b"", "skipped: {path}: empty file", 1, 1, 0),
    ("blank.txt", b" \n\n\t\n", "skipped: {path}: empty file", 1, 1, 0),
    ("cafe.txt", "Le caf\u00e9 owner said militants attacked a checkpoint in Mopti on Monday.".encode("cp1252"),
     "warning: {path}: not valid UTF-8; decoded as cp1252", 2, 0, 1),
    ("feed.jsonl", json.dumps({"text": GEORGIA, "published": PUBLISHED}) + "\n{not json\n",
     "skipped: {path}:2: line is not valid JSON (Expecting property name enclosed in double quotes)", 2, 1, 0),
    ("rows.jsonl", json.dumps({"id": "no-text", "title": "Shelling"}) + "\n"
     + json.dumps({"text": GEORGIA, "published": PUBLISHED}) + "\n",
     "skipped: {path}:1: record has no 'text'", 2, 1, 0),
]


@pytest.mark.parametrize(("name", "content", "line", "read", "skipped", "warnings"), BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_one_line_skipped_and_counted(tmp_path: Path, story: Path, name: str, content: str | bytes | None,
                                                   line: str, read: int, skipped: int, warnings: int) -> None:
    bad = tmp_path / name
    if content is not None:
        write(bad, content)
    result = extract(bad, story, "--published", PUBLISHED)
    lines = result.stderr.splitlines()
    assert lines[:-1] == ["sitrep: " + line.format(path=bad)], explain(result)
    assert summary(result)[:3] == (read, skipped, warnings)
    assert len(records(result)) >= 2  # the good story was still extracted


def test_cp1252_text_is_read_and_extracted(tmp_path: Path) -> None:
    text = "Le caf\u00e9 owner said militants attacked a checkpoint in Mopti on Monday."
    path = write(tmp_path / "cafe.txt", text.encode("cp1252"))
    (event,) = records(extract(path, "--published", PUBLISHED))
    assert event["location"] == "Mopti"
    (evidence,) = event["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_many_bad_inputs_in_one_run(tmp_path: Path, story: Path) -> None:
    bad = [tmp_path / "missing.txt", write(tmp_path / "empty.txt", b""), write(tmp_path / "x.bin", b"\x00\xff" * 8),
           write(tmp_path / "feed.jsonl", "[1, 2]\n{}\n")]
    result = extract(*bad, story, "--published", PUBLISHED)
    problems = [line for line in result.stderr.splitlines() if line.startswith("sitrep: ")]
    assert len(problems) == 5, explain(result)
    assert all(line.startswith("sitrep: skipped: ") for line in problems)
    assert summary(result) == (1, 5, 0, 2, 0)


def test_long_paths_stay_on_one_line(tmp_path: Path, story: Path) -> None:
    feed = write(tmp_path / ("a-feed-with-a-very-long-name-" * 4 + ".jsonl"), "{not json\n")
    result = extract(feed, story, "--published", PUBLISHED)
    assert result.stderr.splitlines()[0] == (
        f"sitrep: skipped: {feed}:1: line is not valid JSON (Expecting property name enclosed in double quotes)"
    )
    assert len(result.stderr.splitlines()) == 2


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    result = extract(tmp_path / "missing.txt", empty, "--published", PUBLISHED, code=1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"sitrep: skipped: {tmp_path / 'missing.txt'}: no such file or directory",
        f"sitrep: skipped: {empty}: empty file",
        "sitrep: nothing could be read (2 skipped)",
    ]


def test_unreadable_file_and_folder_are_skipped(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news / "a.txt", MALI)
    locked_file = write(news / "b.txt", GEORGIA)
    locked_dir = news / "c"
    write(locked_dir / "d.txt", STORY)
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        try:
            locked_file.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running with permission to read anything (root)")
        result = extract(news, "--published", PUBLISHED)
    finally:
        locked_dir.chmod(0o755)
        locked_file.chmod(0o644)
    assert result.stderr.splitlines()[:-1] == [
        f"sitrep: skipped: {locked_file}: permission denied",
        f"sitrep: skipped: {locked_dir}: permission denied",
    ]
    assert summary(result)[:2] == (1, 2)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_skipped(tmp_path: Path, story: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = extract(fifo, story, "--published", PUBLISHED)
    assert result.stderr.splitlines()[0] == f"sitrep: skipped: {fifo}: not a regular file or directory"


# --- usage errors, through the real entry point ---------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--published", "2020-13-02"], "sitrep: error: invalid publication date '2020-13-02' (month must be in 1..12)"),
    (["--published", "last Friday"], "sitrep: error: invalid publication date 'last Friday'; expected YYYY-MM-DD"),
    (["--format", "xml"], "sitrep: error: unknown --format 'xml' (choose from jsonl, csv, geojson, table)"),
], ids=["bad-month", "not-a-date", "unknown-format"])
def test_usage_error_is_one_line_and_exit_2(story: Path, args: list[str], message: str) -> None:
    proc = real("extract", story, *args)
    assert proc.returncode == 2, show(proc)
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [message], show(proc)


def test_unknown_option_is_a_usage_error(story: Path) -> None:
    proc = real("extract", story, "--colour")
    assert proc.returncode == 2, show(proc)
    assert "No such option" in proc.stderr and "--colour" in proc.stderr, show(proc)
    assert "Traceback" not in proc.stderr


def test_script_reports_bad_input_and_goes_on(tmp_path: Path, story: Path) -> None:
    feed = write(tmp_path / "feed.jsonl", json.dumps({"id": "g1", "text": GEORGIA}) + "\n" + "{not json\n")
    proc = real("extract", feed, story, "--published", PUBLISHED)
    assert proc.returncode == 0, show(proc)
    assert proc.stderr.splitlines() == [
        f"sitrep: skipped: {feed}:2: line is not valid JSON (Expecting property name enclosed in double quotes)",
        "2 articles read, 1 skipped, 0 warnings, 3 events (0 background)",
    ], show(proc)
    assert [json.loads(line)["location"] for line in proc.stdout.splitlines()] == ["Tbilisi", "Tovuz", "Yerevan"]
    # ids are the same in another process (no per-process hash seed in them)
    in_process = extract(feed, story, "--published", PUBLISHED, "-q")
    assert [json.loads(line)["event_id"] for line in proc.stdout.splitlines()] == [
        e["event_id"] for e in records(in_process)
    ]
