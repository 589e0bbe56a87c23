"""The web application: the JSON API under ``/api``, the map page at ``/``, static files.

Example:
    >>> from sitrep.web import ServeOptions, create_app
    >>> app = create_app("events.db", ServeOptions(loopback=True))  # doctest: +SKIP
    >>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..store import Store
from . import errors
from .api import router
from .extractor import LazyExtractor, PipelineFactory
from .guard import Guard, security_headers
from .state import LOOPBACK_HOSTS, ServeOptions, WebState, tile_origin

STATIC = Path(str(resources.files("sitrep.web").joinpath("static")))


def _vendor_dirs() -> dict[str, Path]:
    """Leaflet and its marker-cluster plug-in, served from their installed packages (never a CDN)."""
    from xstatic.pkg import leaflet, leaflet_markercluster

    return {"leaflet": Path(leaflet.BASE_DIR), "markercluster": Path(leaflet_markercluster.BASE_DIR)}


def create_app(db: str | Store | None = None, options: ServeOptions | None = None,
               pipeline: PipelineFactory | None = None) -> FastAPI:
    """Build the app over a store.

    Args:
        db: the database URL or path (see ``sitrep.store.resolve_url``), or a ``Store`` (opened
            here for reading if it is not open yet; closed when the app shuts down).
        options: the settings; by default read-only, no tiles, 1 MiB bodies.
        pipeline: makes the loaded extraction pipeline for ``POST /api/extract`` on its first call.

    Raises:
        StoreError: the database cannot be opened for reading (missing, not sitrep's, newer).
        InputError: an invalid tile URL.
    """
    opts = options or ServeOptions()
    origin = tile_origin(opts.tile_url) if opts.tile_url else None
    store = db if isinstance(db, Store) else Store(db)
    store.open(write=False)
    state = WebState(store=store, options=opts, extractor=LazyExtractor(pipeline))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(title="sitrep", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Coded, geocoded, sourced conflict events: filter, page, aggregate, and "
                              "extract pasted articles. Every error answers {\"error\": {status, code, message}}.")
    app.state.sitrep = state
    errors.install(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, folder in _vendor_dirs().items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.add_middleware(Guard, max_body=opts.max_body, allowed_hosts=opts.allowed_hosts,
                       headers=security_headers(origin))
    return app


def loopback_hosts(host: str) -> tuple[str, ...]:
    """The Host names a server bound to ``host`` on loopback should answer to."""
    return tuple(dict.fromkeys([*LOOPBACK_HOSTS, host.strip("[]").lower()]))
