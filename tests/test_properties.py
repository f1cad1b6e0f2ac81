"""Invariants over any input: the parser, offsets, and the export round trip."""

from __future__ import annotations

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.exporters import export_items
from annotations.exporters.native import export_json
from annotations.model import BLOCK_SEPARATOR, Annotation, Article, Block
from annotations.parsing import ArticleError, decode_article_bytes, parse_text
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore

LINES = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["", "- item", "3 Comments", "1 Comment", "Heading", "A sentence.",
                         "[bold]x[/]", "\x1b[31m", "中文。", "e\u0301"]),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(raw=LINES)
def test_the_parser_raises_nothing_but_article_error(raw: str) -> None:
    try:
        article = parse_text(raw, "x.txt")
    except ArticleError as error:
        assert str(error).startswith("x.txt: ") and "\n" not in str(error)
        return
    parts = [article.text[b.start : b.end] for b in article.blocks]
    assert BLOCK_SEPARATOR.join(parts) == article.text
    assert all(parts) and article.blocks[0].kind == "title" and parts[0] == article.title
    kinds = [b.kind for b in article.blocks]
    assert kinds.count("title") == 1
    assert kinds == sorted(kinds, key=lambda kind: kind == "comment")  # comments come last


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_decode_or_fail_with_a_reason(data: bytes) -> None:
    try:
        parse_text(decode_article_bytes(data, "b.txt"), "b.txt")
    except ArticleError as error:
        assert str(error).startswith("b.txt: ")


@settings(max_examples=100, deadline=None)
@given(raw=LINES, data=st.data())
def test_export_then_read_back_is_the_identity(raw: str, data: st.DataObject) -> None:
    try:
        article = parse_text(raw, "x.txt")
    except ArticleError:
        return
    store = AnnotationStore(MemoryStorage())
    store.add_articles([article])
    length = len(article.text)
    for _ in range(data.draw(st.integers(0, 5))):
        start = data.draw(st.integers(0, length - 1))
        end = data.draw(st.integers(start + 1, length))
        made = store.tag(article, start, end, data.draw(st.sampled_from(["claim", "figure"])))
        store.set_note(made, data.draw(st.text(max_size=20)))
    exported = orjson.loads(b"".join(export_json(export_items(store.contents()))))
    [document] = exported["articles"]
    assert Article.from_json(document) == article
    back = [
        Annotation.from_record({**a, "article_id": article.id}) for a in document["annotations"]
    ]
    expected = store.annotations(article.id)
    assert [a.to_json() for a in back] == [a.to_json() for a in expected]
    for annotation in document["annotations"]:
        assert document["text"][annotation["start"] : annotation["end"]] == annotation["text"]


BODIES = st.text(alphabet="ab ,.56中é", min_size=1, max_size=60).filter(str.strip)
EDITS = st.sampled_from(["replace", "insert", "delete"])


def titled(body: str) -> Article:
    """One article whose title stays and whose body is `body`."""
    text = f"T{BLOCK_SEPARATOR}{body}"
    blocks = (Block("title", 0, 1), Block("paragraph", 3, len(text)))
    return Article("t", "T", "t.txt", text, blocks)


@settings(max_examples=200, deadline=None)
@given(body=BODIES, data=st.data())
def test_after_any_edit_every_exported_span_quotes_its_offsets(body: str, data) -> None:
    article = titled(body)
    store = AnnotationStore(MemoryStorage())
    store.add_articles([article])
    length = len(article.text)
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(3, length - 1))
        store.tag(article, start, data.draw(st.integers(start + 1, length)), "figure")
    edited_body = body
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.integers(0, len(edited_body)))
        letter = data.draw(st.sampled_from("ab ,.56中é"))
        kind = data.draw(EDITS)
        if kind == "replace" and where < len(edited_body):
            edited_body = edited_body[:where] + letter + edited_body[where + 1 :]
        elif kind == "delete" and len(edited_body) > 1 and where < len(edited_body):
            edited_body = edited_body[:where] + edited_body[where + 1 :]
        else:
            edited_body = edited_body[:where] + letter + edited_body[where:]
    edited = titled(edited_body)
    store.add_articles([edited])
    exported = orjson.loads(b"".join(export_json(export_items(store.contents()))))
    [document] = exported["articles"]
    for span in document["annotations"]:
        assert document["text"][span["start"] : span["end"]] == span["text"]
    orphans = {a.id: a for a in store.annotations(article.id) if a.orphan}
    store.add_articles([article])  # the old text comes back: every orphan is found again
    for annotation in store.annotations(article.id):
        if annotation.id in orphans:
            assert not annotation.orphan
        if not annotation.orphan:
            assert article.text[annotation.start : annotation.end] == annotation.text
