"""``sitrep serve`` from the command line: it starts on loopback, and bad settings fail in one line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from sitrep.cli.main import app
from sitrep.errors import InputError, StoreError
from sitrep.store import Store

SITREP = Path(sys.executable).parent / "sitrep"


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (["--db", "{tmp}/absent.db"], StoreError, "no database at"),
        (["--db", "{tmp}/empty.db", "--tile-url", "ftp://tiles.example.org/x.png"], InputError, "invalid tile URL"),
        (["--db", "{tmp}/empty.db", "--token", "short"], InputError, "--token must be at least 8 characters"),
    ],
)
def test_bad_settings_fail_before_serving(tmp_path: Path, args: list[str], error: type, message: str) -> None:
    """``main()`` turns these errors into one line and exit code 2 (see test_cli)."""
    Store(str(tmp_path / "empty.db")).open().close()
    result = CliRunner().invoke(app, ["serve", *(a.format(tmp=tmp_path) for a in args)])
    assert isinstance(result.exception, error), result.output
    assert message in str(result.exception)


def test_serves_on_loopback_and_answers_only_to_its_names(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    Store(str(db)).open().close()
    proc = subprocess.Popen([str(SITREP), "serve", "--db", str(db), "--port", "0"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert "serving 0 events; storing pasted articles: on (loopback)" in first
        for line in proc.stderr:
            found = re.search(r"running on (http://127\.0\.0\.1:(\d+))", line)
            if found:
                break
        else:
            pytest.fail("no address printed")
        base, port = found.group(1), found.group(2)
        assert httpx.get(f"{base}/api/meta", timeout=10).json()["counts"]["events"] == 0
        rebound = httpx.get(f"{base}/api/meta", headers={"Host": f"rebound.example:{port}"}, timeout=10)
        assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_host"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
