"""``sitrep serve``: the web map and JSON API over the event store."""

from __future__ import annotations

import typer

from ..errors import InputError
from .ingest import DB_HELP


def serve(
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS",
                             help="Address to listen on; the default, loopback, is reachable from this machine only."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
    token: str | None = typer.Option(None, "--token", metavar="TOKEN", envvar="SITREP_TOKEN",
                                     help="Bearer token that storing pasted articles needs (required off loopback)."),
    tile_url: str | None = typer.Option(None, "--tile-url", metavar="URL", envvar="SITREP_TILE_URL",
                                        help="Online map tiles, https://HOST/{z}/{x}/{y}.png (default: offline "
                                             "country outlines)."),
    tile_attribution: str | None = typer.Option(None, "--tile-attribution", metavar="TEXT",
                                                help="Credit line the tile provider asks for."),
    max_body: int = typer.Option(1024 * 1024, "--max-body", metavar="BYTES", min=1024,
                                 help="Largest request body accepted (default 1 MiB)."),
) -> None:
    """Serve the event map and the JSON API (FastAPI + uvicorn) until interrupted.

    Open the printed address in a browser. The API is described at /api/openapi.json.

    Example:

        sitrep serve --db events.db

        sitrep serve --db events.db --host 0.0.0.0 --port 8080 --token "$(openssl rand -hex 16)"
    """
    import uvicorn

    from ..web import ServeOptions, create_app
    from ..web.app import loopback_hosts
    from ..web.state import is_loopback

    local = is_loopback(host)
    if token is not None and len(token) < 8:
        raise InputError("--token must be at least 8 characters")
    options = ServeOptions(token=token or None, loopback=local, allowed_hosts=loopback_hosts(host) if local else None,
                           max_body=max_body, tile_url=tile_url or None, tile_attribution=tile_attribution)
    app = create_app(db, options)  # a bad --db or --tile-url fails here, in one line, before listening
    events = app.state.sitrep.store.counts()["events"]
    writes = "on (token)" if token else ("on (loopback)" if local else "off (no --token)")
    typer.echo(f"sitrep: serving {events} events; storing pasted articles: {writes}", err=True)
    # uvicorn prints the address (with the real port when --port 0) and stops on Ctrl+C.
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, server_header=False,
                proxy_headers=False)
