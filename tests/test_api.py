"""The JSON API of ``sitrep serve``: every endpoint, its filters, and its errors, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitrep.errors import StoreError
from sitrep.model import Article, Event
from sitrep.pipeline import Pipeline
from sitrep.web import ServeOptions, create_app, schemas
from web_support import ARTICLES, extracted, fill

PASTED = "Police fired tear gas at protesters in Tbilisi on Sunday, the interior ministry said."
Batch = list[tuple[Article, list[Event]]]
MakeClient = Callable[..., TestClient]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline().load()


@pytest.fixture(scope="module")
def batch(pipeline: Pipeline) -> Batch:
    return extracted(pipeline, ARTICLES)


@pytest.fixture
def make_client(db_url: str, batch: Batch, pipeline: Pipeline) -> Iterator[MakeClient]:
    """A factory of clients over one filled store; each takes the app's ``ServeOptions`` fields."""
    fill(db_url, batch)
    clients: list[TestClient] = []

    def make(raise_server_exceptions: bool = True, **options: Any) -> TestClient:
        app = create_app(db_url, ServeOptions(**{"loopback": True, **options}), pipeline=lambda: pipeline)
        client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


def tartar_id(client: TestClient) -> str:
    (found,) = client.get("/api/events", params={"country": "AZE"}).json()["events"]
    return str(found["event_id"])


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = schemas.ErrorBody.model_validate(response.json())
    assert body.error.status == status
    if code:
        assert body.error.code == code
    assert body.error.message
    return response.json()["error"]


# --- events ------------------------------------------------------------------------------------


def test_events_are_light_records_newest_first(client: TestClient) -> None:
    page = client.get("/api/events").json()
    schemas.EventPage.model_validate(page)
    assert (page["total"], page["limit"], page["offset"]) == (3, 500, 0)
    assert [e["location"] for e in page["events"]] == ["Mopti", "Tartar", "Yerevan"]
    assert set(page["events"][0]) == set(schemas.EventSummary.model_fields)
    tartar = page["events"][1]
    assert tartar["source_count"] == 2 and tartar["plover_type"] == "ASSAULT" and tartar["country"] == "AZE"


@pytest.mark.parametrize(
    ("params", "places"),
    [
        ({"since": "2020-10-02"}, {"Tartar", "Mopti"}),
        ({"until": "2020-10-01"}, {"Yerevan"}),
        ({"since": "2020-10-02", "until": "2020-10-02"}, {"Tartar"}),
        ({"country": "aze"}, {"Tartar"}),
        ({"admin1": "MOPTI REGION"}, {"Mopti"}),
        ({"event_type": "protests"}, {"Yerevan"}),
        ({"sub_event_type": "armed clash"}, {"Mopti"}),
        ({"plover_type": "protest"}, {"Yerevan"}),
        ({"actor": "armenia"}, {"Tartar"}),
        ({"text": "fighting"}, {"Tartar", "Yerevan"}),
        ({"text": "soldiers army"}, {"Mopti"}),
        ({"bbox": "40,38,50,42"}, {"Tartar", "Yerevan"}),
        ({"bbox": "170,-10,-170,10"}, set()),  # across the antimeridian
        ({"historical": "true"}, set()),
        ({"historical": "false", "country": ""}, {"Tartar", "Yerevan", "Mopti"}),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], places: set[str]) -> None:
    page = client.get("/api/events", params=params).json()
    assert {e["location"] for e in page["events"]} == places
    assert page["total"] == len(places)


def test_events_paginate(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert (first["total"], second["total"]) == (3, 3)
    assert [e["location"] for e in first["events"] + second["events"]] == ["Mopti", "Tartar", "Yerevan"]


def test_events_as_geojson(client: TestClient) -> None:
    response = client.get("/api/events.geojson", params={"country": "MLI"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    schemas.FeatureCollection.model_validate(collection)
    (feature,) = collection["features"]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lat), round(lon)) == (14, -4)
    assert feature["properties"]["location"] == "Mopti" and "latitude" not in feature["properties"]


def test_one_event_with_evidence_sources_and_reports(client: TestClient) -> None:
    detail = client.get(f"/api/events/{tartar_id(client)}").json()
    schemas.EventDetail.model_validate(detail)
    event = detail["event"]
    assert event["source_count"] == 2 and len(event["article_ids"]) == 2
    assert [c["source"] for c in event["claims"]] == ["Test Wire", "Other Post"]
    assert event["claims"][0]["claimed_by"] == "Azerbaijani defense ministry"
    spans = {(ev["article_id"], ev["start"]) for ev in event["evidence"]}
    assert spans == {(ARTICLES[0].id, 0), (ARTICLES[1].id, 0)}
    assert [a["source"] for a in detail["articles"]] == ["Test Wire", "Other Post"]
    assert detail["reports"][0]["linked_to"] is None and detail["reports"][1]["reasons"]
    assert "reports differ" in detail["fatalities_reason"]


def test_a_report_id_finds_its_merged_event(client: TestClient, batch: Batch) -> None:
    report = batch[1][1][0].event_id  # the second Tartar article's own report
    assert client.get(f"/api/events/{report}").json()["event"]["event_id"] == tartar_id(client)


# --- articles, counts, meta, basemap, page ------------------------------------------------------


def test_articles_list_and_search(client: TestClient) -> None:
    page = client.get("/api/articles").json()
    schemas.ArticlePage.model_validate(page)
    assert [a["source"] for a in page["articles"]] == ["Sahel Daily", "Other Post", "Test Wire"]
    assert page["articles"][2] | {"events": 2} == page["articles"][2] and "text" not in page["articles"][0]
    found = client.get("/api/articles", params={"text": "Mopti", "limit": 1}).json()
    assert (found["total"], [a["outlet"] for a in found["articles"]]) == (1, ["Sahel Daily"])


def test_one_article_with_text_and_spans(client: TestClient) -> None:
    article = client.get(f"/api/articles/{ARTICLES[0].id}").json()
    schemas.Article.model_validate(article)
    assert article["text"] == ARTICLES[0].text and article["title"] == "Shelling in Tartar"
    assert [(s["start"], article["text"][s["start"]:s["end"]].split()[0]) for s in article["spans"]] == \
        [(0, "Artillery"), (111, "Protesters")]


@pytest.mark.parametrize(
    ("by", "params", "expected"),
    [
        ("day", {}, [("2020-10-01", 1, 0), ("2020-10-02", 1, 4), ("2020-10-05", 1, 2)]),
        ("event_type", {"since": "2020-10-02"}, [("Battles", 1, 2), ("Explosions/Remote violence", 1, 4)]),
        ("country", {"text": "fighting"}, [("ARM", 1, 0), ("AZE", 1, 4)]),
    ],
)
def test_counts(client: TestClient, by: str, params: dict[str, str], expected: list[tuple[str, int, int]]) -> None:
    counts = client.get("/api/counts", params={"by": by, **params}).json()
    schemas.Counts.model_validate(counts)
    assert [(b["key"], b["events"], b["fatalities"]) for b in counts["buckets"]] == expected
    assert counts["total"] == len(expected)


def test_meta(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    schemas.Meta.model_validate(meta)
    assert meta["counts"] == {"articles": 3, "claims": 4, "events": 3}
    assert (meta["first_date"], meta["last_date"], meta["writes"], meta["tile_url"]) == \
        ("2020-10-01", "2020-10-05", True, None)


def test_basemap_is_country_outlines(client: TestClient) -> None:
    response = client.get("/api/basemap")
    assert "max-age" in response.headers["cache-control"]
    outlines = response.json()
    ids = {f["id"] for f in outlines["features"]}
    assert {"AZE", "ARM", "MLI", "FRA"} <= ids and len(ids) > 150


def test_page_and_assets_are_served_locally_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<div id="map"' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("/vendor/leaflet/leaflet.js", "/vendor/markercluster/leaflet.markercluster.js",
                  "/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200, asset
    assert "http" not in "".join(line for line in page.text.splitlines() if "src=" in line or "href=" in line)


def test_tile_url_goes_into_meta_and_the_policy(make_client: MakeClient) -> None:
    client = make_client(tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png", tile_attribution="© Example")
    assert client.get("/api/meta").json()["tile_url"].startswith("https://{s}.tiles.example.org/")
    assert "img-src 'self' data: https://*.tiles.example.org" in client.get("/").headers["content-security-policy"]


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) >= {"/api/events", "/api/events.geojson", "/api/events/{event_id}", "/api/articles",
                          "/api/articles/{article_id}", "/api/counts", "/api/meta", "/api/basemap", "/api/extract"}
    assert "400" in paths["/api/events"]["get"]["responses"]


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/api/events", {"since": "2020-13-01"}, "since"),
        ("/api/events", {"until": "yesterday"}, "until"),
        ("/api/events", {"since": "2020-10-05", "until": "2020-10-01"}, "after"),
        ("/api/events", {"bbox": "1,2,3"}, "bbox"),
        ("/api/events", {"bbox": "0,80,10,70"}, "bbox"),
        ("/api/events", {"bbox": "0,0,200,10"}, "bbox"),
        ("/api/events", {"limit": "0"}, "limit"),
        ("/api/events", {"limit": "5001"}, "limit"),
        ("/api/events", {"limit": "ten"}, "limit"),
        ("/api/events", {"offset": "-1"}, "offset"),
        ("/api/events", {"country": "AZERBAIJAN"}, "country"),
        ("/api/events", {"historical": "maybe"}, "historical"),
        ("/api/events.geojson", {"since": "2020-02-30"}, "since"),
        ("/api/counts", {"by": "week"}, "by"),
        ("/api/articles", {"limit": "501"}, "limit"),
    ],
)
def test_bad_parameters_answer_400(client: TestClient, path: str, params: dict[str, str], words: str) -> None:
    error = assert_error(client.get(path, params=params), 400, "bad_request")
    assert words in error["message"]


@pytest.mark.parametrize("path", ["/api/events/0000000000000000", "/api/articles/nope", "/api/nothing-here"])
def test_unknown_ids_answer_404(client: TestClient, path: str) -> None:
    error = assert_error(client.get(path), 404, "not_found")
    assert ".db" not in error["message"] and "postgres" not in error["message"]


def test_wrong_method_answers_405(client: TestClient) -> None:
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_an_unexpected_error_answers_500_without_details(make_client: MakeClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(raise_server_exceptions=False)

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(client.app.state.sitrep.store, "page", broken)  # type: ignore[attr-defined]
    error = assert_error(client.get("/api/events"), 500, "internal_error")
    assert "secret" not in error["message"]


def test_a_store_failure_answers_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise StoreError("cannot connect to postgresql://u:pw@db/x")

    monkeypatch.setattr(client.app.state.sitrep.store, "counts", broken)  # type: ignore[attr-defined]
    error = assert_error(client.get("/api/meta"), 503, "unavailable")
    assert "pw" not in error["message"]


def test_an_absent_database_fails_before_serving(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="no database"):
        create_app(str(tmp_path / "absent.db"))


# --- POST /api/extract --------------------------------------------------------------------------


def test_extract_without_storing(client: TestClient) -> None:
    response = client.post("/api/extract", json={"text": PASTED, "published": "2020-10-05"})
    result = response.json()
    schemas.ExtractResult.model_validate(result)
    assert result["stored"] is False
    (event,) = result["events"]
    assert (event["event_type"], event["location"], event["event_date"]) == ("Protests", "Tbilisi", "2020-10-04")
    assert PASTED[event["evidence"][0]["start"]:event["evidence"][0]["end"]].startswith("Police fired")
    assert client.get("/api/meta").json()["counts"]["articles"] == 3


def test_extract_and_store_on_loopback(client: TestClient) -> None:
    body = {"text": PASTED, "published": "2020-10-05", "store": True}
    assert client.post("/api/extract", json=body).json()["stored"] is True
    assert client.post("/api/extract", json=body).json()["stored"] is False  # already stored
    assert client.get("/api/events", params={"country": "GEO"}).json()["total"] == 1


@pytest.mark.parametrize(
    ("options", "headers", "status"),
    [
        ({"loopback": False}, {}, 403),
        ({"loopback": False, "token": "s3cret-token"}, {}, 401),
        ({"loopback": False, "token": "s3cret-token"}, {"Authorization": "Bearer wrong-token"}, 401),
        ({"loopback": True, "token": "s3cret-token"}, {"Authorization": "s3cret-token"}, 401),
        ({"loopback": False, "token": "s3cret-token"}, {"Authorization": "Bearer s3cret-token"}, 200),
    ],
)
def test_storing_needs_loopback_or_the_token(make_client: MakeClient, options: dict[str, Any],
                                             headers: dict[str, str], status: int) -> None:
    client = make_client(**options)
    response = client.post("/api/extract", json={"text": PASTED, "store": True}, headers=headers)
    assert response.status_code == status, response.text
    if status != 200:
        assert_error(response, status)
        assert client.post("/api/extract", json={"text": PASTED}).status_code == 200  # extracting is a read


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {}}, 422, "unprocessable"),
        ({"json": {"text": ""}}, 422, "unprocessable"),
        ({"json": {"text": "   "}}, 400, "bad_request"),
        ({"json": {"text": PASTED, "published": "last week"}}, 400, "bad_request"),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422, "unprocessable"),
        ({"content": PASTED.encode(), "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
        ({"json": {"text": PASTED}, "headers": {"Origin": "https://evil.example"}}, 403, "forbidden"),
        ({"json": {"text": PASTED}, "headers": {"Origin": "null"}}, 403, "forbidden"),
    ],
)
def test_bad_extract_requests(client: TestClient, kwargs: dict[str, Any], status: int, code: str) -> None:
    assert_error(client.post("/api/extract", **kwargs), status, code)


def test_same_origin_extract_is_fine(client: TestClient) -> None:
    response = client.post("/api/extract", json={"text": PASTED}, headers={"Origin": "http://testserver"})
    assert response.status_code == 200, response.text


# --- size limit and Host check --------------------------------------------------------------------


def test_an_oversized_body_answers_413(make_client: MakeClient) -> None:
    client = make_client(max_body=2048)
    assert_error(client.post("/api/extract", json={"text": "x" * 4000}), 413, "payload_too_large")


def test_an_oversized_body_without_a_length_is_cut_off(make_client: MakeClient) -> None:
    client = make_client(max_body=2048)
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            sent.append(1)
            yield b"y" * 1000
        yield b'"}'

    response = client.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "payload_too_large")


def test_a_body_within_the_limit_is_read(make_client: MakeClient) -> None:
    client = make_client(max_body=2048)
    assert client.post("/api/extract", json={"text": PASTED}).status_code == 200


def test_a_loopback_server_answers_only_to_loopback_names(make_client: MakeClient) -> None:
    client = make_client(allowed_hosts=("127.0.0.1", "localhost"))
    assert_error(client.get("/api/meta", headers={"Host": "rebound.example:8000"}), 400, "bad_host")
    assert client.get("/api/meta", headers={"Host": "localhost:8000"}).status_code == 200
