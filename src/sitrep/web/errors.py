"""One JSON error shape for every failure the HTTP API answers: ``{"error": {status, code, message}}``.

``install`` registers handlers that turn sitrep's own errors, FastAPI's validation errors and
Starlette's HTTP errors (unknown route, wrong method) into that shape. An unexpected exception
answers a 500 with a fixed message: internals (paths, SQL, stack traces) never reach a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NotFoundError, SitrepError, StoreError

log = logging.getLogger("sitrep.web")

#: The machine-readable code for each status the API answers with.
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable", 500: "internal_error",
         503: "unavailable"}


class ApiError(Exception):
    """An error to answer with, raised by the routes.

    Args:
        status: the HTTP status.
        message: one line a user understands.
        code: the machine-readable code; by default the status's entry in ``CODES``.
    """

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The JSON body of every error answer."""
    return {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}


def error_response(status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[int, str]:
    """400 for a bad query or path parameter, 422 for a body that does not fit its schema."""
    parts: list[str] = []
    in_body = False
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        in_body = in_body or (bool(loc) and loc[0] == "body")
        where = ".".join(loc[1:] if len(loc) > 1 else loc) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return (422 if in_body else 400), "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the same JSON shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, exc.code, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, message = _validation_message(exc)
        return error_response(status, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(NotFoundError)
    async def _missing(_: Request, exc: NotFoundError) -> JSONResponse:
        return error_response(404, _without_url(str(exc)))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return error_response(503, "the event store cannot be read right now")

    @app.exception_handler(SitrepError)
    async def _sitrep(_: Request, exc: SitrepError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal error; the server log has the details")


def _without_url(message: str) -> str:
    """``no event 'x' in /path/to.db`` → ``no event 'x'``: where the database lives is not the client's business."""
    return message.rsplit(" in ", 1)[0] if message.startswith(("no event", "no article")) else message
