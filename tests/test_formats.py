"""Reading every article format, and opening sets of them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import trafilatura  # noqa: F401  (declared: missing, or without lxml.html.clean, it fails)

from annotations import dataset_files
from annotations.markdown import parse_markdown
from annotations.model import BLOCK_SEPARATOR, DEFAULT_LABELS
from annotations.parsing import ArticleError
from annotations.records import article_from_record
from annotations.session import Session
from annotations.sets import open_paths, read_article
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore
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


def test_thousands_of_records_open_without_building_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.jsonl"
    lines = [orjson.dumps({"id": n, "title": f"Article {n}", "text": f"Body {n}.\n\nMore."})
             for n in range(20_000)]
    path.write_bytes(b"\n".join(lines))
    built = []
    monkeypatch.setattr(dataset_files, "article_from_record",
                        lambda *args: built.append(args[1]) or article_from_record(*args))
    opened = open_paths([path])
    assert len(opened) == 20_000 and built == []
    assert opened[12_345].title == "Article 12345"
    assert opened[12_345].id == "12345" and opened.entries[12_345].title == "Article 12345"
    assert built == [f"{path}:12346"]  # built once, then kept


def test_a_large_set_keeps_few_articles_built_and_reads_each_again_as_shown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "set.jsonl"
    texts = [f"Párrafo {n} 新闻 🎉.\n\nSecond paragraph of {n}." for n in range(200)]
    path.write_bytes(b"".join(
        orjson.dumps({"id": f"n{n}", "title": f"Título {n}", "text": text}) + b"\r\n"
        for n, text in enumerate(texts)
    ))
    opened = open_paths([path])
    first = opened[0]
    for n, article in enumerate(opened):  # every article, each read from the file
        assert (article.id, article.title) == (f"n{n}", f"Título {n}")
        assert article.text == f"Título {n}\n\n{texts[n]}"
        assert article.source == f"{path}:{n + 1}"
    assert opened[199] is opened[199]  # kept while in use
    again = opened[0]
    assert again == first and again is not first  # forgotten, then read again alike


def test_a_set_file_changed_under_the_app_is_named_when_read_again(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_bytes(b'{"title": "One", "text": "x"}\n{"title": "Two", "text": "y"}\n')
    opened = open_paths([path])
    path.write_bytes(b'{"title": "Other", "text": "z"}\n')
    with pytest.raises(ArticleError, match="set.jsonl: changed since it was opened"):
        opened[1]
    path.unlink()
    with pytest.raises(ArticleError, match="set.jsonl: cannot be read again"):
        opened[0]


def test_the_app_says_so_when_the_next_record_cannot_be_read_again(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_bytes(b'{"title": "One", "text": "x"}\n{"title": "Two", "text": "y"}\n')
    session = Session(open_paths([path]), AnnotationStore(MemoryStorage()), "ana",
                      DEFAULT_LABELS)
    session.navigating.resume()
    path.write_bytes(b'{"title": "Other", "text": "z"}\n')
    outcome = session.navigating.next_article()
    assert "changed since it was opened" in outcome.notices[0].text
    assert (session.index, session.article.title) == (0, "One")


@pytest.mark.parametrize("with_text_file", [False, True])
def test_records_sharing_an_id_get_their_own_in_order(tmp_path: Path, with_text_file: bool) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b'{"id": "x", "title": "First", "text": "a"}\n'
                     b'{"id": "x", "title": "Second", "text": "b"}\n'
                     b'{"id": "x-2", "title": "Third", "text": "c"}\n')
    paths = [path]
    if with_text_file:  # a set of several files: the text file's article comes first
        (tmp_path / "a.txt").write_text("X\nBody.", encoding="utf-8")
        paths = [tmp_path / "a.txt", path]
    opened = open_paths(paths)
    ids = [(article.id, article.title) for article in opened][-3:]
    assert ids == [("x", "First"), ("x-2", "Second"), ("x-2-2", "Third")]
    assert [entry.id for entry in opened.entries][-3:] == ["x", "x-2", "x-2-2"]
