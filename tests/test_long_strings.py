"""A long article's text written into the DB a piece at a time: the same bytes, and no UTF-8
copy left in the text for as long as the app runs."""

from __future__ import annotations

import gc
import hashlib
import sys
import tracemalloc
from pathlib import Path

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from annotations import long_strings
from annotations.journal import journal_path
from annotations.long_strings import LongString, dumps, dumps_operations, pieces
from annotations.model import Article
from annotations.parsing import parse_lines
from annotations.storage import JSONFileStorage
from annotations.store import AnnotationStore

TEXTS = st.lists(
    st.sampled_from(["a", " ", '"', "\\", "\n", "\x00", "\x1f", "\u2028", "中", "ภ", "e\u0301",
                     "👩\u200d🔬", "مر", "\ufeff"]),
    max_size=40,
).map("".join)


@given(st.lists(TEXTS, min_size=1, max_size=4))
@example(["", "中" * 9])
def test_the_parts_are_the_bytes_orjson_writes(texts: list[str]) -> None:
    small = pytest.MonkeyPatch()
    small.setattr(long_strings, "LONG_STRING", 4)
    small.setattr(long_strings, "PIECE", 3)
    try:
        table = {str(n): {"id": f"a{n}", "text": text, "blocks": [{"kind": "title"}], "order": n}
                 for n, text in enumerate(texts)}
        operations = [["table", "meta", {"1": {"schema": 2}}],
                      *(["put", "articles", key, record] for key, record in table.items()),
                      ["drop", "articles", "gone"]]
        for written, value in ((dumps(table), table),
                               (dumps_operations(operations), operations)):
            joined = written if isinstance(written, bytes) else b"".join(pieces(written))
            assert joined == orjson.dumps(value)
            assert isinstance(written, bytes) == all(len(text) <= 4 for text in texts)
    finally:
        small.undo()


def test_a_long_string_is_made_a_piece_at_a_time() -> None:
    text = "中文" * (long_strings.PIECE + 1)
    made = list(LongString(text))
    assert len(made) == 1 + 3 + 1 and b"".join(made) == orjson.dumps(text)


def _long_article() -> Article:
    lines = ["Un titre", *(f"Paragraphe {n} : « café », 中文 {'x' * 80}." for n in range(20_000))]
    article = parse_lines(lines, "long.txt", lang="fr")
    assert len(article.text) > long_strings.LONG_STRING
    return article


def test_saving_a_long_article_keeps_no_utf8_copy_of_its_text(tmp_path: Path) -> None:
    """orjson.dumps of the whole text made CPython keep its UTF-8 inside the string (20 MB
    more for a 20 MB article, for as long as the app ran)."""
    article = _long_article()
    size = sys.getsizeof(article.text)
    path = tmp_path / "db.json"
    with AnnotationStore(JSONFileStorage(path)) as store:
        store.add_articles([article])
    assert sys.getsizeof(article.text) == size
    stored = orjson.loads(path.read_bytes())["articles"]
    (record,) = stored.values()
    assert record["text"] == article.text
    # hashed a slice at a time: the digest of the whole text's UTF-8 all the same
    assert record["sha256"] == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_a_long_article_saved_to_the_journal_keeps_no_utf8_copy_either(
    tmp_path: Path, seed: Article
) -> None:
    """In a DB that has a journal (any DB once saved), a new article goes to it first."""
    path = tmp_path / "db.json"
    with AnnotationStore(JSONFileStorage(path)) as store:
        store.add_articles([seed])
    article = _long_article()
    size = sys.getsizeof(article.text)
    with AnnotationStore(JSONFileStorage(path)) as store:
        store.add_articles([article])
        assert sys.getsizeof(article.text) == size
        saves = journal_path(path).read_bytes().splitlines()[1:]  # after the journal's header
        puts = [operation for operation in orjson.loads(saves[-1]) if operation[0] == "put"]
        assert [operation[3]["text"] for operation in puts] == [article.text]
    stored = orjson.loads(path.read_bytes())["articles"]
    assert [record["text"] for record in stored.values()] == [seed.text, article.text]


def test_a_long_article_opened_again_is_kept_once(tmp_path: Path) -> None:
    """Opened again with the DB that records it, a long article's text was held twice: as
    read from its file, and in the record parsed from the DB (2 bytes a character each)."""
    path = tmp_path / "db.json"
    with AnnotationStore(JSONFileStorage(path)) as store:
        store.add_articles([_long_article()])
    article = _long_article()  # read again from its file
    size = sys.getsizeof(article.text)
    tracemalloc.start()
    try:
        with AnnotationStore(JSONFileStorage(path)) as store:
            assert article.id in store.statuses()  # the DB read, its record's text with it
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            store.add_articles([article])
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
            assert store.articles()[0].text == article.text
    finally:
        tracemalloc.stop()
    assert grown < -size // 2  # the record's copy of the text was let go


def test_a_table_read_is_compared_with_its_line_without_a_utf8_copy() -> None:
    """The lazy open checks a table it parsed gives its line back (then it is written back as
    read); `orjson.dumps` of the articles table for that left a UTF-8 copy in a long text."""
    article = _long_article()
    line = orjson.dumps({"1": article.to_json()})
    table = orjson.loads(line)
    size = sys.getsizeof(table["1"]["text"])
    assert long_strings.dumps_to(table, line)
    assert sys.getsizeof(table["1"]["text"]) == size
    changed = line.replace(b"Paragraphe 19999", b"Paragraphe 19998")
    assert changed != line and not long_strings.dumps_to(table, changed)
    assert not long_strings.dumps_to(table, line[:-1]) and not long_strings.dumps_to(
        table, line + b" ")
    assert long_strings.dumps_to({"1": {"id": "short"}}, b'{"1":{"id":"short"}}')
