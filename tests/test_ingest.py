"""Tests for sitrep.ingest: the reader registry, each built-in reader, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import (
    UNDATED,
    Problem,
    ReaderRegistry,
    default_registry,
    parse_published,
    read_articles,
)
from sitrep.model import Article, stable_hash

GOLD = Path(__file__).resolve().parents[2] / "shared/eval/dev.jsonl"
STORY = "Militia fighters shelled the village of Oakridge on Tuesday, the district governor said.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read(*paths: Path, published: date | None = None) -> list[Article | Problem]:
    return list(read_articles(paths if len(paths) > 1 else paths[0], published=published))


def articles(items: list[Article | Problem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


# --- registry -------------------------------------------------------------------------------


class ShoutReader:
    """A plug-in reader: one article per file, in capitals."""

    name = "shout"
    suffixes: tuple[str, ...] = (".shout",)

    def read(self, path: Path, published: date | None) -> Iterator[Article | Problem]:
        yield Article(text=path.read_text().upper(), published=published, source=str(path))


def test_default_registry_has_the_builtins() -> None:
    assert default_registry().names() == ("text", "jsonl", "csv", "html")


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.txt", "text"), ("A.TXT", "text"), ("a.text", "text"), ("notes", "text"), ("a.md", "text"),
        ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"), ("a.csv", "csv"), ("a.TSV", "csv"),
        ("a.html", "html"), ("a.htm", "html"),
    ],
)  # fmt: skip
def test_reader_for_picks_by_suffix(name: str, reader: str) -> None:
    found = default_registry().reader_for(name)
    assert found is not None and found.name == reader


def test_fresh_registry_uses_a_custom_reader(tmp_path: Path) -> None:
    registry = ReaderRegistry()
    registry.register(ShoutReader())
    shout = write(tmp_path / "a.shout", "calm")
    other = write(tmp_path / "b.txt", STORY)
    items = list(read_articles([shout, other], published=date(2020, 1, 2), registry=registry))
    assert items == [
        Article(text="CALM", published=date(2020, 1, 2), source=str(shout)),
        Problem(str(other), "no reader for '.txt' files"),
    ]


def test_later_reader_and_longer_suffix_win() -> None:
    registry = default_registry()
    registry.register(ShoutReader())
    plugin = ShoutReader()
    plugin.suffixes = (".txt", ".jsonl.gz")
    registry.register(plugin)
    names = [getattr(registry.reader_for(n), "name", None) for n in ("a.txt", "a.jsonl.gz", "a.jsonl")]
    assert names == ["shout", "shout", "jsonl"]
    assert registry.names() == ("text", "jsonl", "csv", "html", "shout")


def test_register_refuses_a_suffix_without_dot() -> None:
    plugin = ShoutReader()
    plugin.suffixes = ("txt",)
    with pytest.raises(ValueError, match="must start with '.'"):
        ReaderRegistry().register(plugin)


# --- plain text -----------------------------------------------------------------------------


def test_text_is_kept_exactly(tmp_path: Path) -> None:
    content = "\n  Troops  advanced\r\non Oakridge.  \n\n"
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf" + content.encode())
    assert read(path, published=date(2020, 10, 2)) == [
        Article(text=content, published=date(2020, 10, 2), source=str(path)),
    ]
    assert articles(read(path))[0].id == stable_hash(content)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("2020-10-02\n", date(2020, 10, 2)),
        ("October 2, 2020\n", date(2020, 10, 2)),
        ("2 Oct 2020\n", date(2020, 10, 2)),
        ("Published: Friday 2nd October 2020, 10:15 GMT\n", date(2020, 10, 2)),
        ("By Ann Lee | Updated 3 Oct. 2020 | Posted 2 Oct. 2020\n", date(2020, 10, 2)),
        ("14.03.2019 08:10\n", date(2019, 3, 14)),
        ("11:40 am on 7 May 2018\n", date(2018, 5, 7)),
        ("OAKRIDGE, Sept. 9, 2021 (Wire) - Militia fighters shelled the village late on Tuesday night.\n",
         date(2021, 9, 9)),
        ("On October 2, 2020, militia fighters shelled the village, officials of the district said.\n", None),
        ("Fighting resumed on Friday\n", None),
        ("03/04/2020\n", None),
        ("2020-02-30\n", None),
        ("line\n" * 8 + "2020-10-02\n", None),
    ],
)  # fmt: skip
def test_text_publication_date_is_sniffed(tmp_path: Path, head: str, expected: date | None) -> None:
    path = write(tmp_path / "a.txt", head + STORY)
    items = read(path)
    assert articles(items)[0].published == expected
    assert problems(items) == ([] if expected else [Problem(str(path), UNDATED, fatal=False)])


def test_published_argument_wins_over_sniffed_date(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "2019-01-01\n" + STORY)
    assert read(path, published=date(2020, 10, 2)) == [
        Article(text="2019-01-01\n" + STORY, published=date(2020, 10, 2), source=str(path)),
    ]


# --- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file or directory"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("data.bin", b"\x00\x01\x02", "binary file, not text"),
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b" \n\t\r\n", "empty file"),
        ("bom-only.csv", b"\xef\xbb\xbf", "empty file"),
    ],
)
def test_bad_file_is_one_fatal_problem(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name if content is None else write(tmp_path / name, content)
    assert read(path) == [Problem(str(path), message)]


def test_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.txt", STORY)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root may read any file, so fake the refusal
    assert read(path) == [Problem(str(path), "permission denied")]


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        ("Caf\u00e9 \u201cOakridge\u201d".encode("cp1252"), "Caf\u00e9 \u201cOakridge\u201d",
         "not valid UTF-8; decoded as cp1252"),
        (b"A\x81B\xe9", "A\x81B\u00e9", "not valid UTF-8; decoded as latin-1"),
        ("Caf\u00e9\n".encode("utf-16"), "Caf\u00e9\n", None),
    ],
)  # fmt: skip
def test_encodings(tmp_path: Path, data: bytes, text: str, warning: str | None) -> None:
    path = write(tmp_path / "a.txt", data)
    items = read(path, published=date(2020, 1, 1))
    assert articles(items)[0].text == text
    assert problems(items) == ([Problem(str(path), warning, fatal=False)] if warning else [])


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    write(tmp_path / "b" / "2.txt", "two")
    write(tmp_path / "b" / "10.txt", "ten")
    write(tmp_path / "a.txt", "one")
    write(tmp_path / "c.jsonl", '{"text": "three"}\n{"text": "four"}\n')
    write(tmp_path / ".hidden.txt", "hidden")
    write(tmp_path / ".git" / "x.txt", "hidden")
    items = read(tmp_path, published=date(2020, 1, 1))
    assert [(a.text, a.source) for a in articles(items)] == [
        ("one", str(tmp_path / "a.txt")),
        ("ten", str(tmp_path / "b" / "10.txt")),
        ("two", str(tmp_path / "b" / "2.txt")),
        ("three", f"{tmp_path / 'c.jsonl'}:1"),
        ("four", f"{tmp_path / 'c.jsonl'}:2"),
    ]
    assert problems(items) == []


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        {"id": 7, "text": " Line\u2028one ", "published": "2020-10-02T23:30:00-05:00", "extra": [1]},
        {"id": "b", "text": "two", "url": "https://example.org/b", "title": "T", "outlet": "O"},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n\n")
    assert read(path, published=date(2021, 1, 1)) == [
        Article(text=" Line\u2028one ", id="7", published=date(2020, 10, 2), source=f"{path}:1"),
        Article(text="two", id="b", url="https://example.org/b", title="T", outlet="O",
                published=date(2021, 1, 1), source=f"{path}:2"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line is not valid JSON (Expecting property name enclosed in double quotes)"),
        ('["text"]', "line is not a JSON object but an array"),
        ('{"id": "x"}', "record has no 'text'"),
        ('{"text": "  "}', "'text' is empty"),
        ('{"text": 5}', "'text' must be a string, not a number"),
        ('{"text": "a", "id": 1.5}', "'id' must be a string or integer, not a number"),
        ('{"text": "a", "title": ["x"]}', "'title' must be a string, not an array"),
        ('{"text": "a", "published": "02/10/2020"}',
         "invalid publication date '02/10/2020'; expected YYYY-MM-DD"),
        ('{"text": "a", "published": "2020-13-01"}',
         "invalid publication date '2020-13-01' (month must be in 1..12)"),
        ('{"text": "a", "published": 20201002}', "'published' must be a YYYY-MM-DD string, not a number"),
    ],
)  # fmt: skip
def test_jsonl_bad_line_is_reported_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path / "a.jsonl", f'{{"text": "first"}}\n\n{line}\n{{"text": "last"}}\n')
    items = read(path, published=date(2020, 1, 1))
    assert problems(items) == [Problem(f"{path}:3", message)]
    assert [a.text for a in articles(items)] == ["first", "last"]


def test_jsonl_row_without_date_warns(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"text": "undated"}\n')
    assert problems(read(path)) == [Problem(f"{path}:1", UNDATED, fatal=False)]


@pytest.mark.skipif(not GOLD.exists(), reason="shared/eval/dev.jsonl is not checked out")
def test_gold_file_reads_twelve_articles() -> None:
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = read(GOLD)
    assert problems(items) == []
    assert [(a.id, a.published, a.text) for a in articles(items)] == [
        (r["id"], date.fromisoformat(r["published"]), r["text"]) for r in records
    ]
    assert len(records) == 12


# --- CSV ------------------------------------------------------------------------------------


def test_csv_rows_keep_text_exactly(tmp_path: Path) -> None:
    big = "x" * 300_000
    content = (
        " ID ,Text,published,note\r\n"
        'a1,"Shelling hit Oakridge.\r\nTwo were hurt, ""officials"" said.",2020-10-02,n\r\n'
        "\r\n"
        f"a2,{big},2020-10-03\r\n"
    )
    path = write(tmp_path / "a.csv", content)
    assert read(path) == [
        Article(text='Shelling hit Oakridge.\r\nTwo were hurt, "officials" said.', id="a1",
                published=date(2020, 10, 2), source=f"{path}:2"),
        Article(text=big, id="a2", published=date(2020, 10, 3), source=f"{path}:5"),
    ]  # fmt: skip


def test_tsv_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "a.tsv", "id\ttext\tpublished\n1\tTroops, tanks\t2020-10-02\n")
    assert read(path) == [
        Article(text="Troops, tanks", id="1", published=date(2020, 10, 2), source=f"{path}:2")
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,body\n1,x\n", [Problem("{path}:1", "header has no 'text' column")]),
        ('id,text\n1,"multi\nline"\n2,a,b\n3,ok\n',
         [Problem("{path}:4", "row has 3 fields but the header has 2")]),
        ("id,text,published\n1,a,2020-10-32\n",
         [Problem("{path}:2", "invalid publication date '2020-10-32' (day is out of range for month)")]),
        ("id,text\n1,\n", [Problem("{path}:2", "'text' is empty")]),
    ],
)  # fmt: skip
def test_csv_bad_rows_are_reported_with_their_line(
    tmp_path: Path, content: str, expected: list[Problem]
) -> None:
    path = write(tmp_path / "a.csv", content)
    got = problems(read(path, published=date(2020, 1, 1)))
    assert got == [Problem(p.source.format(path=path), p.message) for p in expected]


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<html><head><title>Shelling hits Oakridge | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2021-05-04T08:30:00Z">
<link rel="canonical" href="https://courier.example/news/oakridge"></head>
<body><nav>Home | World | Sport</nav><article><h1>Shelling hits Oakridge</h1>
<p>Militia fighters shelled the village of Oakridge on Monday night, the district governor told reporters.</p>
<p>Two farmers were wounded when a shell struck a barn near the market, according to the local clinic.</p>
</article><footer>All rights reserved</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", PAGE)
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.text.startswith("Shelling hits Oakridge\nMilitia fighters shelled")
    assert "Home | World" not in article.text and "rights reserved" not in article.text
    assert (article.title, article.outlet, article.url, article.published) == (
        "Shelling hits Oakridge", "Valley Courier", "https://courier.example/news/oakridge", date(2021, 5, 4),
    )  # fmt: skip


def test_html_published_argument_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "page.htm", PAGE)
    assert articles(read(path, published=date(2021, 5, 5)))[0].published == date(2021, 5, 5)


def test_html_without_main_text_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", "<html><head><title>x</title></head><body><nav></nav></body></html>")
    assert read(path) == [Problem(str(path), "no main text found in the HTML page")]


# --- parse_published ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-02", date(2020, 10, 2)),
        (" 2020-10-02 ", date(2020, 10, 2)),
        ("2020-10-02T23:30:00Z", date(2020, 10, 2)),
        ("2020-10-02 08:00:00+03:00", date(2020, 10, 2)),
    ],
)
def test_parse_published(value: str, expected: date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "invalid publication date ''; expected YYYY-MM-DD"),
        ("yesterday", "invalid publication date 'yesterday'; expected YYYY-MM-DD"),
        ("2020-10-2", "invalid publication date '2020-10-2'; expected YYYY-MM-DD"),
        ("20201002", "invalid publication date '20201002'; expected YYYY-MM-DD"),
        ("2020-02-30", "invalid publication date '2020-02-30' (day is out of range for month)"),
        ("2020-10-02T25:00", "invalid publication date '2020-10-02T25:00' (hour must be in 0..23)"),
    ],
)
def test_parse_published_refuses(value: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_published(value)
    assert str(info.value) == message
