"""``sitrep evaluate``: extract from a gold file and score the result."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from ..errors import InputError
from ..export import default_registry
from ..ingest import parse_published
from ..model import Article
from ..pipeline import Options, Pipeline
from ..scoring import score_codes, score_events
from ..scoring.codes import gold_cameo_roots, gold_plover
from .output import write_atomically

KINDS = ["auto", "events", "plover", "cameo"]


def evaluate(
    gold_path: Path = typer.Argument(..., metavar="GOLD.jsonl", help="Gold articles with events, or coded sentences."),
    kind: str = typer.Option("auto", "--kind", help="events, plover, cameo, or auto (from the file's fields)."),
    model: str | None = typer.Option(None, "--model", metavar="builtin|DIR",
                                     help="Join the learned coder to the rules (needs the ml extra)."),
    km: float = typer.Option(50.0, "--km", min=0.0, help="Match radius for events, in km."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    predictions: Path | None = typer.Option(None, "--predictions", metavar="FILE",
                                            help="Also write the extracted events here (JSON Lines)."),
) -> None:
    """Extract events from a gold file and score them, as the evaluation kit's scorers do.

    Event files (articles with "events", optionally "must_not") are scored by matching events one
    to one: precision, recall, F1 and field accuracies. Sentence files score coding: PLOVER type
    accuracy and macro F1 ("event" or "plover_type"), or CAMEO root accuracy and false events
    ("expected_events"/"no_events" or "cameo_root").

    Example:

        sitrep evaluate gold.jsonl

        sitrep evaluate plover-sentences.jsonl --model builtin --json
    """
    if kind not in KINDS:
        raise InputError(f"unknown --kind {kind!r} (choose from {', '.join(KINDS)})")
    gold = _read(gold_path)
    if kind == "auto":
        kind = _kind_of(gold, gold_path)
    pipeline = Pipeline(Options(model=model)).load()
    extracted = [e for i, g in enumerate(gold, 1) for e in pipeline.extract(_article(g, f"{gold_path}:{i}"))]
    records = [e.to_dict() for e in extracted]
    if predictions is not None:
        write_jsonl = default_registry().get("jsonl")
        write_atomically(predictions, lambda fp: write_jsonl(extracted, fp))
    if kind == "events":
        scores = score_events(gold, records, km)
        _print(scores.summary(), scores.rows if not as_json else None, as_json)
    else:
        _print(score_codes(gold, records, kind).summary(), None, as_json)


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", str(path)) from exc
    out = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg})", f"{path}:{i}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
            raise InputError("expected an object with \"id\" and \"text\"", f"{path}:{i}")
        out.append(record)
    if not out:
        raise InputError("no gold records", str(path))
    return out


def _kind_of(gold: list[dict[str, Any]], path: Path) -> str:
    first = gold[0]
    if "events" in first:
        return "events"
    if gold_cameo_roots(first) is not None:
        return "cameo"
    if gold_plover(first) is not None:
        return "plover"
    raise InputError("cannot tell what the gold file codes (no events, PLOVER types or CAMEO codes); "
                     "use --kind", str(path))


def _article(g: dict[str, Any], where: str) -> Article:
    published: date | None = None
    raw = g.get("published") or g.get("date")
    if isinstance(raw, str) and raw:
        text = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if raw.isdigit() and len(raw) == 8 else raw
        published = parse_published(text, where)
    return Article(text=g["text"], id=str(g["id"]), url=g.get("url"), title=g.get("title"), published=published)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return str(value)


def _print(summary: dict[str, Any], rows: list[dict[str, Any]] | None, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary))
        return
    if rows:
        typer.echo(f"{'article':<24}{'gold':>6}{'pred':>6}{'match':>7}{'missed':>8}{'false':>7}{'must_not':>9}")
        for r in rows:
            typer.echo(f"{r['article'][:23]:<24}{r['gold_required']:>6}{r['predicted']:>6}{r['matched']:>7}"
                       f"{r['missed']:>8}{r['false']:>7}{r['must_not']:>9}")
        typer.echo("")
    for key, value in summary.items():
        typer.echo(f"{key:<22}{_fmt(value)}")
