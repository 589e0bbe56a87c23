"""The docs are tested: every command and option is documented, and every documented command line parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from sitrep.cli.extract import FORMATS
from sitrep.cli.main import app
from sitrep.ingest import parse_published

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
GROUP: Any = typer.main.get_command(app)
COMMANDS: dict[str, Any] = GROUP.commands


def docs_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


def mentions(text: str, word: str) -> bool:
    """Whether ``word`` occurs as a whole token (``-o`` must not match inside ``--output``)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def options(command: Any) -> list[str]:
    return [opt for param in command.params if param.param_type_name == "option"
            for opt in [*param.opts, *param.secondary_opts]]


def leaf_commands() -> list[tuple[str, Any]]:
    """Every command, with each group's subcommands ("gazetteer lookup") in place of the group."""
    out: list[tuple[str, Any]] = []
    for name, command in sorted(COMMANDS.items()):
        subs = getattr(command, "commands", None)
        if subs:
            out.extend((f"{name} {sub}", c) for sub, c in sorted(subs.items()))
        else:
            out.append((name, command))
    return out


def command_lines(path: Path) -> list[str]:
    """The ``sitrep ...`` command lines in a file's ```bash blocks."""
    lines: list[str] = []
    in_bash = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_bash = line.strip() in ("```bash", "```sh", "```console")
            continue
        stripped = line.strip().removeprefix("$ ")
        if in_bash and re.match(r"(\.venv/bin/)?sitrep\s", stripped):
            lines.append(stripped)
    return lines


def parse(line: str) -> tuple[str | None, dict[str, Any]]:
    """Parse a documented command line as the CLI would; return the command and its parameters.

    Raises:
        typer.TyperException: an unknown command or option, or a missing value.
    """
    args = shlex.split(line, comments=True)[1:]
    root = options(GROUP)
    while args and args[0].startswith("-"):
        if args[0] not in root:
            raise typer.BadParameter(f"no such option {args[0]!r} on sitrep")
        args.pop(0)
    if not args:
        return None, {}
    name, *rest = args
    if name not in COMMANDS:
        raise typer.BadParameter(f"no such command {name!r}")
    ctx = COMMANDS[name].make_context(name, rest)
    return name, ctx.params


# --- every command and option is documented ---------------------------------------------------


def test_there_are_docs() -> None:
    assert DOCS, "docs/*.md missing"
    assert COMMANDS, "the app has no commands"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    assert f"sitrep {name}" in docs_text(), f"`sitrep {name}` is not in docs/*.md"
    assert (ROOT / "docs" / f"{name}.md").is_file(), f"docs/{name}.md missing"


@pytest.mark.parametrize("option", options(COMMANDS["extract"]))
def test_every_extract_option_is_documented(option: str) -> None:
    assert mentions(docs_text(), option), f"sitrep extract {option} is not in docs/*.md"


STORE_COMMANDS = ["ingest", "query", "export", "explain", "dedup"]


@pytest.mark.parametrize(
    ("name", "option"),
    [(name, opt) for name in STORE_COMMANDS if name in COMMANDS for opt in options(COMMANDS[name])],
)
def test_every_store_command_option_is_documented(name: str, option: str) -> None:
    assert mentions((ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8"), option), \
        f"sitrep {name} {option} is not in docs/{name}.md"


@pytest.mark.parametrize(
    ("name", "option"),
    [(name, opt) for name, command in leaf_commands() for opt in options(command)],
)
def test_every_option_is_documented_on_its_page(name: str, option: str) -> None:
    page = ROOT / "docs" / f"{name.split()[0]}.md"
    assert f"sitrep {name}" in page.read_text(encoding="utf-8"), f"`sitrep {name}` is not in {page.name}"
    assert mentions(page.read_text(encoding="utf-8"), option), f"sitrep {name} {option} is not in {page.name}"


def test_extract_argument_is_documented() -> None:
    (argument,) = [p for p in COMMANDS["extract"].params if p.param_type_name == "argument"]
    assert argument.metavar in docs_text()


@pytest.mark.parametrize("option", options(GROUP))
def test_every_root_option_is_documented(option: str) -> None:
    text = docs_text() + README.read_text(encoding="utf-8")
    assert mentions(text, option), f"sitrep {option} is not in README.md or docs/*.md"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_documented(fmt: str) -> None:
    assert f"`{fmt}`" in (ROOT / "docs" / "extract.md").read_text(encoding="utf-8")


def test_documented_options_exist() -> None:
    known = set(options(GROUP)) | {opt for _, command in leaf_commands() for opt in options(command)}
    # Lines about other programs (the benchmark scripts) may name their own options.
    text = "\n".join(line for line in docs_text().splitlines() if "benchmarks/" not in line)
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))
    assert documented - known == set()


# --- README ---------------------------------------------------------------------------------


def test_readme_opens_with_make_demo_and_make_test() -> None:
    head = "\n".join(README.read_text(encoding="utf-8").splitlines()[:8])
    assert "make demo" in head
    assert "make test" in head


@pytest.mark.parametrize(
    "path",
    [README, *[p for p in DOCS if command_lines(p)]],
    ids=lambda p: p.name,
)
def test_documented_command_lines_parse(path: Path) -> None:
    lines = command_lines(path)
    assert lines, f"no sitrep command lines in {path.name}"
    for line in lines:
        try:
            name, params = parse(line)
        except typer.TyperException as exc:
            pytest.fail(f"{path.name}: {line!r} does not parse: {exc}")
        if name == "extract":
            assert params["fmt"] in FORMATS, line
            if params["published"]:
                parse_published(params["published"])


def test_readme_shows_every_command() -> None:
    names = {parse(line)[0] for line in command_lines(README)}
    assert names >= set(COMMANDS)


@pytest.mark.parametrize(
    "line",
    ["sitrep extract a.txt --colour", "sitrep extrakt a.txt", "sitrep extract a.txt -o", "sitrep --verbose"],
)
def test_parse_rejects_what_the_cli_rejects(line: str) -> None:
    with pytest.raises(typer.TyperException):
        parse(line)
