"""``sitrep train``: fit the learned coder's heads on a user's labelled sentences."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..errors import InputError
from ..ml.data import read_gold
from ..ml.embed import Embedder
from ..ml.train import HeadReport, train
from .output import check_output


def train_cmd(
    gold: list[Path] = typer.Argument(..., metavar="GOLD.jsonl...",
                                      help="Labelled sentences or articles with coded events (JSON Lines)."),
    output: Path = typer.Option(..., "-o", "--output", metavar="DIR", help="The model folder to write."),
    holdout: float = typer.Option(0.2, "--holdout", min=0.0, max=0.5,
                                  help="Share of your sentences held out for the report (0 for none)."),
    builtin: bool = typer.Option(True, "--builtin/--no-builtin",
                                 help="Train on sitrep's exemplar sentences too (always, for label sets your "
                                      "file does not give)."),
    seed: int = typer.Option(13, "--seed", help="Random seed of the held-out split."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No report."),
) -> None:
    """Train the learned coder on your own labelled sentences (needs the ml extra).

    Each line gives a sentence and any of plover_type, sub_event_type (with event_type) and
    cameo_root; or an article whose events carry evidence sentences and those labels. The held-out
    report scores a first fit without the held-out sentences; the saved model is fitted on all.

    Example:

        sitrep train my-labels.jsonl -o models/mine

        sitrep extract news/ --model models/mine
    """
    if output.exists() and not output.is_dir():
        raise InputError("exists and is not a folder", str(output))
    if not output.exists():
        check_output(output)  # its parent folder must exist and be writable
    examples = [e for path in gold for e in read_gold(path)]
    if not examples:
        raise InputError("no labelled sentences in the given files")
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    coder, reports = train(examples, use_builtin=builtin, holdout=holdout, seed=seed, embedder=Embedder(),
                           name=output.name)
    coder.save(output)
    if not quiet:
        err.print(f"{len(examples)} labelled sentences read; model written to {output}")
        for head, report in reports.items():
            err.print(_line(head, report), markup=False)


def _line(head: str, r: HeadReport) -> str:
    scores = "no held-out sentences" if r.accuracy is None else \
        f"held-out accuracy {r.accuracy:.3f}, macro F1 {r.macro_f1:.3f} on {r.held_out} sentences"
    return f"  {head:7s} trained on {r.trained_on} sentences; {scores}"
