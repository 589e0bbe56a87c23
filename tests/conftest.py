"""Shared fixtures: a store URL for each backend, so one suite runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("SITREP_TEST_PG_URL")


def reset_postgres(url: str) -> None:
    """Empty the test database: drop and re-create its public schema."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind; PostgreSQL comes from $SITREP_TEST_PG_URL.

    Outside CI the PostgreSQL case is skipped when that variable is unset; in CI it fails,
    because ``.ci/run`` starts a server and a silent skip would hide a broken set-up.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    if not PG_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("SITREP_TEST_PG_URL is unset in CI: .ci/run should have started PostgreSQL")
        pytest.skip("SITREP_TEST_PG_URL is unset (a PostgreSQL server for tests)")
    reset_postgres(PG_URL)
    yield PG_URL
