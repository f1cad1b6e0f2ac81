"""Reading every article format, and opening sets of them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import trafilatura  # noqa: F401  (declared: missing, or without lxml.html.clean, it fails)

from annotations.markdown import parse_markdown
from annotations.model import BLOCK_SEPARATOR
from annotations.parsing import ArticleError
from annotations.records import article_from_record
from annotations.sets import open_paths, read_article
from annotations.web_pages import INSTALL_HINT, parse_html

DATA = Path(__file__).with_name("data")


def kinds(article):
    return [(block.kind, article.block_text(block)) for block in article.blocks]


def assert_offsets(article) -> None:
    parts = [article.text[b.start : b.end] for b in article.blocks]
    assert BLOCK_SEPARATOR.join(parts) == article.text and all(parts)


MARKDOWN = """# Harbour Wind Farm Approved

The council approved the wind farm
on **Tuesday**.

## Why it matters
Energy prices have doubled since 2021.

- The turbines stand offshore.
- Work starts in spring.

## 2 Comments

**Ann**
Great news.

**Bob**: Not so sure
about the noise.
"""


def test_markdown() -> None:
    article = parse_markdown(MARKDOWN, "a.md")
    assert kinds(article) == [
        ("title", "Harbour Wind Farm Approved"),
        ("paragraph", "The council approved the wind farm on **Tuesday**."),
        ("heading", "Why it matters"),
        ("paragraph", "Energy prices have doubled since 2021."),
        ("list_item", "The turbines stand offshore."),
        ("list_item", "Work starts in spring."),
        ("comment", "Great news."),
        ("comment", "Not so sure about the noise."),
    ]
    assert [b.author for b in article.comments] == ["Ann", "Bob"]
    assert article.warnings == ()
    assert_offsets(article)


def test_markdown_comment_count_mismatch_is_a_warning() -> None:
    article = parse_markdown("# T\n\nBody.\n\n## 3 Comments\n\n**A**\nHi.", "a.md")
    assert any("says 3 comments but 1" in w for w in article.warnings)


RECORD = {
    "id": 1234,
    "title": "Harbour Wind Farm Approved",
    "text": "The council approved it\non Tuesday.\n\nEnergy prices doubled.",
    "comments": [{"author": "Ann", "text": "Great news."}, {"text": "Anonymous view."}],
    "url": "https://gazette.example/a",
    "section": "local",
    "tags": ["energy"],
}


def test_a_json_record() -> None:
    article = article_from_record(RECORD, "set.jsonl:1")
    assert article.id == "1234" and article.url == "https://gazette.example/a"
    assert article.meta == {"section": "local", "tags": ["energy"]}
    assert kinds(article) == [
        ("title", "Harbour Wind Farm Approved"),
        ("paragraph", "The council approved it on Tuesday."),
        ("paragraph", "Energy prices doubled."),
        ("comment", "Great news."),
        ("comment", "Anonymous view."),
    ]
    assert [c.author for c in article.comments] == ["Ann", ""]


def test_paragraphs_stand_in_for_text() -> None:
    article = article_from_record({"title": "T", "paragraphs": ["One.", "Two."]}, "x.json")
    assert kinds(article)[1:] == [("paragraph", "One."), ("paragraph", "Two.")]


@pytest.mark.parametrize(
    ("record", "cause"),
    [
        ([1, 2], "expected a JSON object"),
        ({"text": "no title"}, '"title"'),
        ({"title": "T"}, '"text"'),
        ({"title": "T", "paragraphs": "not a list"}, '"paragraphs" must be a list'),
        ({"title": "T", "text": "x", "comments": "nope"}, '"comments" must be a list'),
    ],
)
def test_bad_records(record, cause: str) -> None:
    with pytest.raises(ArticleError, match=cause):
        article_from_record(record, "x.json")


def test_a_saved_web_page() -> None:
    article = read_article(DATA / "page.html")
    assert article.title == "Harbour Wind Farm Approved"
    texts = [text for _, text in kinds(article)]
    assert any(text.startswith("The council approved the wind farm") for text in texts)
    assert ("heading", "Why it matters") in kinds(article)
    assert not any("Subscribe" in text or "Copyright" in text for text in texts)
    assert [article.block_text(c) for c in article.comments] == [
        "Great news for the town, finally some jobs.",
        "Not so sure about the noise from those turbines at night.",
    ]
    assert_offsets(article)


def test_without_trafilatura_html_says_which_extra(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    with pytest.raises(ArticleError) as raised:
        parse_html("<html></html>", "p.html")
    assert INSTALL_HINT in str(raised.value) and "[html]" in str(raised.value)


def test_a_folder_of_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain\nBody.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Marked\n\nBody.", encoding="utf-8")
    (tmp_path / "c.json").write_bytes(orjson.dumps([{"title": "J1", "text": "x"},
                                                   {"title": "J2", "text": "y"}]))
    (tmp_path / "d.jsonl").write_bytes(
        b'{"title": "L1", "text": "x"}\n{"title": "L2", "text": "y"}\n'
    )
    (tmp_path / "notes.csv").write_text("ignored")
    opened = open_paths([tmp_path])
    assert [a.title for a in opened] == ["Plain", "Marked", "J1", "J2", "L1", "L2"]


def test_glob_patterns_and_several_paths(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text(f"{name}\nBody.", encoding="utf-8")
    opened = open_paths([str(tmp_path / "*.txt"), tmp_path / "three.md"])
    assert [a.title for a in opened] == ["one.txt", "two.txt", "three.md"]
    with pytest.raises(ArticleError, match="no files match"):
        open_paths([str(tmp_path / "*.nothing")])


def test_a_bad_line_of_a_jsonl_set_is_reported_and_the_rest_open(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_bytes(b'{"title": "Good", "text": "x"}\n{broken\n{"text": "no title"}\n'
                     b'{"title": "Also good", "text": "y"}\n')
    opened = open_paths([path])
    assert [a.title for a in opened] == ["Good", "Also good"]
    assert [(Path(e.path).name, e.cause[:14]) for e in opened.errors] == [
        ("set.jsonl:2", "not valid JSON"), ("set.jsonl:3", 'the record has')
    ]


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("bad.json", b"{not json", "not valid JSON"),
        ("bad.jsonl", b"{not json\n[also not\n", "not JSON lines"),
        ("bin.jsonl", b"\x00\x01", "binary"),
        ("empty.jsonl", b"   \n", "empty"),
        ("bad.md", b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_dataset_files(tmp_path: Path, name: str, content: bytes, cause: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=cause):
        open_paths([path])


def test_ids_come_from_the_record_or_the_title_and_are_stable(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_bytes(
        b'{"id": "a-1", "title": "One", "text": "x"}\n{"title": "Two", "text": "y"}\n'
    )
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "renamed.jsonl").write_bytes(first.read_bytes())
    ids = [a.id for a in open_paths([first])]
    assert ids[0] == "a-1"
    assert [a.id for a in open_paths([moved / "renamed.jsonl"])] == ids


def test_thousands_of_records_open_without_building_them(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [orjson.dumps({"id": n, "title": f"Article {n}", "text": f"Body {n}.\n\nMore."})
             for n in range(20_000)]
    path.write_bytes(b"\n".join(lines))
    opened = open_paths([path])
    assert len(opened) == 20_000
    assert all(entry._article is None for entry in opened.entries)
    assert opened[12_345].title == "Article 12345"
    assert opened.entries[12_345]._article is not None
    assert sum(entry._article is not None for entry in opened.entries) == 1
