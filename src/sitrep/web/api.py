"""The JSON API: events (list, GeoJSON, one with its evidence), articles, counts, extraction, basemap.

Routes are plain functions (FastAPI runs them in its thread pool, as the store is synchronous).
List answers are built as dicts and sent as they are; the pydantic models in ``schemas`` document
them in the OpenAPI schema. Every error answers in the shape of ``errors.error_body``.
"""

from __future__ import annotations

import hmac
from dataclasses import replace
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from .. import __version__
from ..model import Article
from ..store import EventQuery
from . import schemas
from .basemap import country_outlines_json
from .errors import ApiError
from .params import DEFAULT_LIMIT, MAX_LIMIT, event_filters, parse_day
from .state import WebState

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "a bad parameter"},
    404: {"model": schemas.ErrorBody, "description": "no such event or article"},
    503: {"model": schemas.ErrorBody, "description": "the store cannot be read"},
}
MAX_ARTICLES = 500

router = APIRouter(prefix="/api", responses=ERRORS)


def web_state(request: Request) -> WebState:
    """The app's state (settings, store, pipeline)."""
    state: WebState = request.app.state.sitrep
    return state


def _page(limit: int, offset: int) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


@router.get("/meta", response_model=schemas.Meta, summary="What the page needs to start")
def meta(state: WebState = Depends(web_state)) -> JSONResponse:
    store = state.store
    days = [b["key"] for b in store.aggregate("day") if b["key"]]
    opts = state.options
    return JSONResponse({
        "version": __version__, "counts": store.counts(), "first_date": days[0] if days else None,
        "last_date": days[-1] if days else None, "event_types": store.aggregate("event_type"),
        "writes": opts.writes, "token_required": bool(opts.token), "tile_url": opts.tile_url,
        "tile_attribution": opts.tile_attribution, "max_body": opts.max_body, "max_limit": MAX_LIMIT,
    })


Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="events per page")
Offset = Query(0, ge=0, le=10_000_000, description="events to skip (pagination)")


@router.get("/events", response_model=schemas.EventPage, summary="Events that match the filters (light records)")
def list_events(query: EventQuery = Depends(event_filters), limit: int = Limit, offset: int = Offset,
                state: WebState = Depends(web_state)) -> JSONResponse:
    store = state.store
    found, total = store.page(replace(query, limit=limit, offset=offset))
    return JSONResponse({"total": total, **_page(limit, offset), "events": found})


@router.get("/events.geojson", response_model=schemas.FeatureCollection, summary="Events as GeoJSON",
            response_class=JSONResponse)
def events_geojson(query: EventQuery = Depends(event_filters), limit: int = Limit, offset: int = Offset,
                   state: WebState = Depends(web_state)) -> JSONResponse:
    store = state.store
    found, total = store.page(replace(query, limit=limit, offset=offset))
    features = []
    for e in found:
        props = dict(e)
        lat, lon = props.pop("latitude"), props.pop("longitude")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": e["event_id"], "geometry": geometry, "properties": props})
    return JSONResponse({"type": "FeatureCollection", "features": features, "total": total},
                        media_type="application/geo+json")


@router.get("/events/{event_id}", response_model=schemas.EventDetail,
            summary="One event with its evidence, claims, reports and articles")
def get_event(event_id: str = Path(max_length=64), state: WebState = Depends(web_state)) -> JSONResponse:
    store = state.store
    why = store.explain(event_id)
    event = why.event
    found = store.articles(ids=event.article_ids or [event.article_id], limit=None)
    order = {aid: i for i, aid in enumerate(event.article_ids or [event.article_id])}
    found.sort(key=lambda a: order.get(a["article_id"], len(order)))
    reports = [vars(link) for link in why.links]
    return JSONResponse({"event": event.to_dict(), "reports": reports, "articles": found,
                         "fatalities_reason": why.fatalities_reason, "injuries_reason": why.injuries_reason})


@router.get("/articles", response_model=schemas.ArticlePage, summary="Stored articles, newest first")
def list_articles(text: str | None = Query(None, max_length=500, description="words that all occur in the text"),
                  limit: int = Query(50, ge=1, le=MAX_ARTICLES), offset: int = Offset,
                  state: WebState = Depends(web_state)) -> JSONResponse:
    words = text if text and text.split() else None
    found = state.store.articles(text=words, limit=limit, offset=offset)
    total = state.store.count_articles(words) if offset or len(found) == limit else len(found)
    return JSONResponse({"total": total, **_page(limit, offset), "articles": found})


@router.get("/articles/{article_id}", response_model=schemas.Article,
            summary="One article with its text and evidence spans")
def get_article(article_id: str = Path(max_length=64), state: WebState = Depends(web_state)) -> JSONResponse:
    return JSONResponse(state.store.article(article_id))


@router.get("/counts", response_model=schemas.Counts, summary="Event counts per day, type or country")
def counts(by: Literal["day", "event_type", "country"] = Query("day", description="what to group by"),
           query: EventQuery = Depends(event_filters), state: WebState = Depends(web_state)) -> JSONResponse:
    buckets = state.store.aggregate(by, query)
    return JSONResponse({"by": by, "total": sum(b["events"] for b in buckets), "buckets": buckets})


@router.get("/basemap", summary="Country outlines (GeoJSON) for the offline map",
            responses={200: {"content": {"application/geo+json": {}}}})
def basemap() -> Response:
    return Response(country_outlines_json(), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


def json_from_same_origin(request: Request) -> None:
    """Refuse a write that a web page on another site could send from the user's browser.

    Such a page can send a "simple" cross-origin POST (no preflight) only with a form or text
    content type, and its browser names the page's origin: a JSON body and a matching origin
    are required.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "send the body as application/json")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise ApiError(403, "cross-origin writes are refused")  # "null" (a sandboxed page) included


def require_write(request: Request, state: WebState) -> None:
    """Writes need the bearer token where one is set, else a server on loopback.

    Raises:
        ApiError: 401 without the right token; 403 when writes are off.
    """
    token = state.options.token
    if token:
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise ApiError(401, "storing needs the server's token: Authorization: Bearer TOKEN")
    elif not state.options.loopback:
        raise ApiError(403, "storing is off: this server is not on loopback and has no token (--token)")


@router.post("/extract", response_model=schemas.ExtractResult, dependencies=[Depends(json_from_same_origin)],
             summary="Extract the events of a pasted article; store them if asked",
             responses={401: {"model": schemas.ErrorBody}, 403: {"model": schemas.ErrorBody},
                        413: {"model": schemas.ErrorBody}, 415: {"model": schemas.ErrorBody},
                        422: {"model": schemas.ErrorBody}})
def extract(body: schemas.ExtractRequest, request: Request, state: WebState = Depends(web_state)) -> JSONResponse:
    if body.store:
        require_write(request, state)
    published = parse_day(body.published, "published")
    if not body.text.strip():
        raise ApiError(400, "text: the article is empty")
    article = Article(text=body.text, url=body.url or None, title=body.title or None, outlet=body.outlet or None,
                      published=published, source="pasted")
    events = state.extractor.extract(article)
    stored = state.writer().add(article, events) if body.store else False
    return JSONResponse({"article_id": article.id, "stored": stored, "events": [e.to_dict() for e in events]})
