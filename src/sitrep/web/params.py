"""Query parameters shared by the event routes, checked and turned into an ``EventQuery``.

Types and ranges are declared with FastAPI's ``Query`` (so the OpenAPI schema shows them); what a
type cannot say (a real calendar date, a bounding box inside the globe) is checked here. Either
way a bad value answers 400 in the JSON error shape.
"""

from __future__ import annotations

import re
from datetime import date

from fastapi import Query

from ..store import EventQuery
from .errors import ApiError

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` as a date; None stays None.

    Raises:
        ApiError: 400, not a real date in that form.
    """
    if value is None or value == "":
        return None
    try:
        if not _DAY.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name}: expected a date, YYYY-MM-DD, not {value[:40]!r}") from None


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``W,S,E,N`` in degrees; west greater than east crosses the antimeridian.

    Raises:
        ApiError: 400, not four numbers inside the globe with south <= north.
    """
    if not value:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ApiError(400, f"bbox: expected W,S,E,N in degrees, not {value[:80]!r}") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(400, "bbox: longitudes in -180..180, latitudes in -90..90, south <= north")
    return west, south, east, north


def event_filters(
    since: str | None = Query(None, description="first event date, YYYY-MM-DD (inclusive)", examples=["2020-10-01"]),
    until: str | None = Query(None, description="last event date, YYYY-MM-DD (inclusive)"),
    country: str | None = Query(None, pattern=r"^([A-Za-z]{3})?$", description="ISO 3166-1 alpha-3 code, e.g. AZE"),
    admin1: str | None = Query(None, max_length=200, description="first-level region name, any case"),
    event_type: str | None = Query(None, max_length=200, description="ACLED event type, any case"),
    sub_event_type: str | None = Query(None, max_length=200, description="ACLED sub-event type, any case"),
    plover_type: str | None = Query(None, max_length=40, description="PLOVER type, e.g. ASSAULT"),
    actor: str | None = Query(None, max_length=200, description="part of either actor's name, any case"),
    text: str | None = Query(None, max_length=500, description="words that all occur in a supporting article"),
    bbox: str | None = Query(None, description="bounding box W,S,E,N in degrees", examples=["46,39.5,47.5,40.5"]),
    historical: bool | None = Query(None, description="true: background references only; false: leave them out"),
) -> EventQuery:
    """The event filters of a request; every one left out matches everything."""
    first, last = parse_day(since, "since"), parse_day(until, "until")
    if first and last and first > last:
        raise ApiError(400, "since is after until")
    return EventQuery(since=first.isoformat() if first else None, until=last.isoformat() if last else None,
                      country=country or None, admin1=admin1 or None, event_type=event_type or None,
                      sub_event_type=sub_event_type or None, plover_type=plover_type or None, actor=actor or None,
                      text=text if text and text.split() else None, bbox=parse_bbox(bbox), historical=historical)
