"""``sitrep explain``: show which reports an event merges, why they matched and how figures were chosen."""

from __future__ import annotations

import typer

from ..store import Explanation, Store
from .ingest import DB_HELP


def explain(
    event_id: str = typer.Argument(..., metavar="EVENT_ID", help="An event id from sitrep query or an export."),
    db: str | None = typer.Option(None, "--db", metavar="URL", help=DB_HELP),
) -> None:
    """Explain a stored event: its reports, what linked them, and its chosen figures.

    Example:

        sitrep explain ea6bf49684488258
    """
    with Store(db).open(write=False) as store:
        found = store.explain(event_id)
    typer.echo(render(found))


def render(x: Explanation) -> str:
    """The explanation as plain text, one fact per line."""
    e = x.event
    lines = [
        f"event {e.event_id}: {e.event_type or e.plover_type} ({e.sub_event_type or '-'}) on {e.event_date or '?'} "
        f"in {e.location or '?'}, {e.country or '?'}",
        f"  actors: {e.actor1 or '-'} / {e.actor2 or '-'}",
        f"  {len(x.links)} report(s) from {e.source_count} source(s), articles: {', '.join(e.article_ids)}",
        f"  fatalities: {_figure(e.fatalities, e.fatalities_lower_bound)} — {x.fatalities_reason}",
        f"  injuries: {_figure(e.injuries, False)} — {x.injuries_reason}",
        "reports:",
    ]
    claims = {c.article_id: c for c in e.claims}
    for link in x.links:
        claim = claims.get(link.article_id)
        said = ""
        if claim is not None:
            said = (f" — says {claim.event_date or '?'}, {claim.location or '?'}, "
                    f"{_figure(claim.fatalities, claim.fatalities_lower_bound)} dead"
                    + (f", per {claim.claimed_by}" if claim.claimed_by else ""))
        lines.append(f"  {link.claim_id} in article {link.article_id} ({link.source}){said}")
        if link.title or link.url:
            lines.append(f"    {link.title or ''} {link.url or ''}".rstrip())
        if link.linked_to is None:
            lines.append("    first report of this event")
        else:
            lines.append(f"    matched {link.linked_to}: {'; '.join(link.reasons)}")
    return "\n".join(lines)


def _figure(value: int | None, lower_bound: bool) -> str:
    if value is None:
        return "none given"
    return f"at least {value}" if lower_bound else str(value)
