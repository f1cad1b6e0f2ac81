"""The article parser: both plain-text layouts, comments, offsets and bad files."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotations.model import BLOCK_SEPARATOR
from annotations.parsing import (
    ArticleError,
    Draft,
    article_lines,
    assemble,
    body_blocks,
    decode_article_bytes,
    parse_lines,
    parse_text,
    text_lines,
)
from annotations.sets import open_paths, read_article
from tests.conftest import SAMPLES, SEED
from tui.annotate import open_session

SEED_AUTHORS = ["Eugene Alta", "BuggaBoom", "Loubianka", "Katchuka", "KittyKat", "Noir Black"]


def kinds(article):
    return [block.kind for block in article.blocks]


def texts(article, kind=None):
    return [article.block_text(b) for b in article.blocks if kind is None or b.kind == kind]


def test_seed_title_and_blocks(seed) -> None:
    assert seed.title == "China Reaffirms Commitment to Combat Cross-Border Crime"
    assert kinds(seed) == [
        "title", "paragraph", "heading", "paragraph", "heading", "paragraph",
        "list_item", "list_item", "list_item", "list_item", "list_item",
        "paragraph", "heading", "paragraph",
    ] + ["comment"] * 6
    assert texts(seed, "heading") == [
        "Targeting a Regional Scourge",
        "Recent Crackdowns and Joint Operations Yield Results",
        "Future Outlook on Cooperation",
    ]


def test_seed_list_items_lose_their_dash(seed) -> None:
    items = texts(seed, "list_item")
    assert items[1] == "The repatriation of over 5,500 criminal suspects from Myanmar to China."
    assert all(not item.startswith("-") for item in items)


def test_seed_has_six_comments_with_authors(seed) -> None:
    comments = seed.comments
    assert [c.author for c in comments] == SEED_AUTHORS
    assert seed.block_text(comments[0]) == "The executions send a clear message. Crime doesn't pay."
    assert seed.warnings == ()


def test_seed_canonical_text_joins_blocks_with_a_blank_line(seed) -> None:
    raw = SEED.read_text(encoding="utf-8")
    assert seed.text == BLOCK_SEPARATOR.join(texts(seed))
    assert "6 Comments" not in seed.text and "Eugene Alta" not in seed.text
    for block in seed.blocks:
        assert seed.block_text(block) in raw
    assert seed.blocks[0].start == 0
    for before, after in pairwise(seed.blocks):
        assert seed.text[before.end : after.start] == "\n\n"


def test_article_id_is_stable_and_survives_an_edit(seed) -> None:
    again = parse_text(SEED.read_text(encoding="utf-8").replace("Monday", "Tuesday"), "moved.txt")
    assert again.id == seed.id
    assert again.sha256 != seed.sha256


BLANK_LINE_LAYOUT = """Harbour Wind Farm Approved

The council approved the wind farm on
Tuesday, after a long debate.

Why it matters

Energy prices have doubled since 2021.
Local firms expect 300 new jobs.

- first point
- second point
continued here

2 Comments

Ann
Great news.

Bob

Not so sure about
the noise.
"""


def test_blank_line_layout_joins_wrapped_lines() -> None:
    article = parse_text(BLANK_LINE_LAYOUT, "x.txt")
    assert kinds(article) == [
        "title", "paragraph", "heading", "paragraph", "list_item", "list_item",
        "comment", "comment",
    ]
    assert texts(article, "paragraph")[0] == (
        "The council approved the wind farm on Tuesday, after a long debate."
    )
    assert texts(article, "list_item") == ["first point", "second point continued here"]
    assert [(c.author, article.block_text(c)) for c in article.comments] == [
        ("Ann", "Great news."),
        ("Bob", "Not so sure about the noise."),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Title\nShort line\nA paragraph that ends.", ["title", "heading", "paragraph"]),
        ("Title\nEnds with a colon:\nA paragraph.", ["title", "paragraph", "paragraph"]),
        ("Title\nLast line of the article", ["title", "paragraph"]),
        ("Title\nShort one\n- a list item.", ["title", "paragraph", "list_item"]),
        ("Title\nTwo short\nlines here", ["title", "paragraph", "paragraph"]),
        ("\n\n  Title  \n\n\nBody.\n\n", ["title", "paragraph"]),
        ("Only a title", ["title"]),
        ("Title\r\nBody one.\r\nBody two.\r\n", ["title", "paragraph", "paragraph"]),
    ],
)
def test_block_kinds(raw: str, expected: list[str]) -> None:
    assert kinds(parse_text(raw, "t.txt")) == expected


@pytest.mark.parametrize(
    ("raw", "authors", "warning"),
    [
        ("T\nBody.\n1 Comment\nAnn\nHi.", ["Ann"], None),
        ("T\nBody.\n3 Comments\nAnn\nHi.\nBob\nYo.", ["Ann", "Bob"], "says 3 comments but 2"),
        ("T\nBody.\n2 comments\nAnn\nHi.\nBob", ["Ann"], "has no text after it"),
        ("T\nBody.\n0 Comments", [], None),
        ("T\nBody.\n1,204 Comments\nAnn\nHi.", ["Ann"], "says 1204 comments but 1"),
    ],
)
def test_comment_section(raw: str, authors: list[str], warning: str | None) -> None:
    article = parse_text(raw, "t.txt")
    assert [c.author for c in article.comments] == authors
    if warning is None:
        assert article.warnings == ()
    else:
        assert any(warning in w for w in article.warnings)


def test_markup_and_escapes_are_kept_as_written() -> None:
    raw = "Title [bold]x[/]\nBody with [link=http://a]link[/link] and \x1b[31mred\x1b[0m."
    article = parse_text(raw, "t.txt")
    assert article.title == "Title [bold]x[/]"
    assert "\x1b[31mred\x1b[0m" in article.text


def test_every_block_offset_matches_its_text_in_every_sample() -> None:
    opened = open_paths([SAMPLES])
    assert len(opened.articles) >= 4
    for article in opened.articles:
        raw = Path(article.source).read_text(encoding="utf-8")
        for block in article.blocks:
            text = article.block_text(block)
            assert text and text == text.strip()
            if block.kind not in ("paragraph", "list_item", "comment"):
                assert text in raw


def test_samples_cover_both_layouts_with_and_without_comments() -> None:
    opened = open_paths([SAMPLES])
    raw = {a.id: Path(a.source).read_text(encoding="utf-8") for a in opened.articles}
    blank_separated = {aid for aid, text in raw.items() if "\n\n" in text.strip()}
    with_comments = {a.id for a in opened.articles if a.comments}
    ids = {a.id for a in opened.articles}
    assert blank_separated & with_comments and blank_separated - with_comments
    assert (ids - blank_separated) & with_comments and (ids - blank_separated) - with_comments


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"", "empty"),
        (b"  \n\n \n", "empty"),
        (b"Title\x00\x01\x02binary", "binary"),
        (b"Caf\xe9 au lait\nBody.", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_bad_files_name_the_file_and_the_cause(tmp_path: Path, content: bytes, cause: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as raised:
        read_article(path)
    message = str(raised.value)
    assert message.startswith(str(path) + ": ") and cause in message and "\n" not in message


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        open_paths([tmp_path / "nope.txt"])


def test_a_directory_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b")
    with pytest.raises(ArticleError, match="no article files"):
        open_paths([tmp_path])


def test_a_bad_file_in_a_set_is_skipped_and_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Good one\nBody.")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "c.txt").write_text("Another\nBody.")
    opened = open_paths([tmp_path])
    assert [a.title for a in opened.articles] == ["Good one", "Another"]
    assert [Path(e.path).name for e in opened.errors] == ["b.txt"]


def test_a_directory_opens_in_name_order_and_same_titles_get_distinct_ids(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c.TXT"):
        (tmp_path / name).write_text(f"Same title\nBody of {name}.")
    opened = open_paths([tmp_path])
    assert [Path(a.source).name for a in opened.articles] == ["a.txt", "b.txt", "c.TXT"]
    assert len({a.id for a in opened.articles}) == 3


def test_bom_is_not_part_of_the_title(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle\nBody.".encode())
    assert read_article(path).title == "Title"


def test_a_broken_link_in_a_folder_is_named_when_skipped(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "new.txt").write_text("Rice prices rise\n東京の米価が上昇した。", encoding="utf-8")
    (news / "old.txt").symlink_to("missing.txt")
    (news / "loop.md").symlink_to("loop.md")
    (news / "notes.csv").symlink_to("gone.csv")  # not an article ending: passed over as before
    opened = open_paths([news])
    assert [a.title for a in opened.articles] == ["Rice prices rise"]
    assert [str(e) for e in opened.errors] == [
        f"{news}/loop.md: a broken link (to loop.md)",
        f"{news}/old.txt: a broken link (to missing.txt)",
    ]


def test_the_app_is_told_which_link_was_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.chdir(tmp_path)
    Path("news").mkdir()
    Path("news/new.txt").write_text("Rice prices rise\nBody.", encoding="utf-8")
    Path("news/old.txt").symlink_to("missing.txt")
    _, store, notices = open_session(["news"], "db.json")
    store.close()
    assert notices == ["skipped news/old.txt: a broken link (to missing.txt)"]


def test_a_broken_link_named_alone_says_so(tmp_path: Path) -> None:
    (tmp_path / "old.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(ArticleError) as raised:
        open_paths([tmp_path / "old.txt"])
    assert str(raised.value) == f"{tmp_path}/old.txt: a broken link (to {tmp_path}/missing.txt)"


def test_a_folder_of_broken_links_names_them(tmp_path: Path) -> None:
    (tmp_path / "old.txt").symlink_to("missing.txt")
    with pytest.raises(ArticleError, match=r"old.txt: a broken link \(to missing.txt\)"):
        open_paths([tmp_path])


def _lines_or_error(read) -> list[str] | str:
    try:
        return read()
    except ArticleError as error:
        return str(error)


@given(st.lists(st.sampled_from([
    b"a", b" ", b"\n", b"\r", b"\r\n", b"\t", b"\xef\xbb\xbf", b"\xe6\xbc\xa2", b"\xe0\xb8\x82",
    b"\xd9\x85", b"\xf0\x9f\x98\x80", b"e\xcc\x81", b"\xc2\x85", b"\xe3\x80\x80", b"\x00",
    b"\xff", b"\xe6\xbc", b"\x1b[31m",
]), max_size=30).map(b"".join))
@example(b"\xef\xbb\xbf  Title\r\n\r\nText \xe6\xbc\xa2\n")
@example(b"Title\nbad \xe6\xbc byte")
def test_lines_decoded_a_line_at_a_time_are_those_of_the_whole_text(data: bytes) -> None:
    whole = _lines_or_error(lambda: text_lines(decode_article_bytes(data, "a.txt")))
    assert _lines_or_error(lambda: article_lines(data, "a.txt")) == whole


_LINE_PIECES = st.sampled_from(
    ["- ", "* ", "• ", "-", "Word", " words ", "中文句子", "ภาษาไทย", "e\u0301", "👩‍🔬", ".", "!",
     ":", "?\u201d", ")", "x" * 60, "مرحبا"]
)


@given(st.lists(st.lists(_LINE_PIECES, min_size=1, max_size=5).map("".join), min_size=1,
                max_size=12))
@example(["Section 1", "A paragraph.", "- an item", "Short", "x" * 120, "End"])
@example(["Not a heading", "- before an item that ends.", "中文标题", "中文句子。"])
def test_a_block_a_line_is_read_as_the_general_reader_reads_one_line_runs(
    body: list[str],
) -> None:
    """`line_blocks` (the fast path of an article laid out a block a line) gives the kinds,
    texts and offsets `body_blocks` gives the same lines as runs of one."""
    body = [line.strip() for line in body if line.strip()]
    title = "A title"
    fast = parse_lines([title, *body], "x.txt", lang="en")
    runs = [[line] for line in body]
    general = assemble(title, "x.txt", [Draft("title", title), *body_blocks(runs)], lang="en")
    assert fast == general
    assert [(b.kind, b.start, b.end) for b in fast.blocks] == [
        (b.kind, b.start, b.end) for b in general.blocks
    ]
