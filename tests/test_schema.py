"""The DB's schema: statuses, table names, and which versions can be read."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.schema import (
    STATUSES,
    VERSION,
    Status,
    annotations_table,
    article_id_of,
    newer_schema,
    split_tables,
    stored_version,
    table_lines,
)


@pytest.mark.parametrize(
    ("status", "word"),
    [(Status.NEW, "new"), (Status.IN_PROGRESS, "in_progress"), (Status.DONE, "done"),
     (Status.SKIPPED, "skipped")],
)
def test_a_status_is_its_word_wherever_it_goes(status: Status, word: str) -> None:
    assert status == word and hash(status) == hash(word) and Status(word) is status
    assert (str(status), f"{status}", orjson.dumps(status)) == (word, word, f'"{word}"'.encode())
    assert word in STATUSES


@pytest.mark.parametrize(
    "article_id", ["seed-1a2b", "中国宣布-9f", "東京の米", "ข่าว", "خبر", "🌊", "e\u0301"]
)
def test_each_article_has_a_table_of_its_own(article_id: str) -> None:
    table = annotations_table(article_id)
    assert table != annotations_table(article_id + "x")
    assert article_id_of(table) == article_id


@pytest.mark.parametrize("table", ["meta", "articles", "_default"])
def test_other_tables_belong_to_no_article(table: str) -> None:
    assert article_id_of(table) is None


@pytest.mark.parametrize(
    ("meta", "version"),
    [([], None), ([{}], 0), ([{"schema": 1}], 1), ([{"schema": "2"}], None),
     ([{"schema": 1}, {"schema": 2}], 2)],
)
def test_the_stored_version(meta: list[dict], version: int | None) -> None:
    assert stored_version(meta) == version


@pytest.mark.parametrize("version", [None, 0, VERSION])
def test_this_version_reads_its_own_schema_and_older(version: int | None) -> None:
    assert newer_schema(version) is None


def test_a_newer_schema_is_refused_saying_what_to_do() -> None:
    assert newer_schema(3, newest=2) == (
        "written by a newer annotator (schema 3; this one reads up to 2); "
        "upgrade annotator to open it"
    )


NAMES = st.text(max_size=8) | st.sampled_from(['annotations:中国', 'a"b', "a\\", "x\ny", "🌊"])
VALUES = st.text(max_size=6) | st.integers(-(2**53), 2**53) | st.none()
DOCUMENTS = st.dictionaries(
    st.text(max_size=3), st.dictionaries(st.text(max_size=4), VALUES, max_size=3), max_size=3
)


@settings(max_examples=200, deadline=None)
@given(tables=st.dictionaries(NAMES, DOCUMENTS, max_size=5))
def test_the_file_is_the_db_and_reads_back_a_table_at_a_time(tables: dict) -> None:
    parts, _ = table_lines(tables, {})
    data = b"".join(parts)
    assert orjson.loads(data) == tables
    split = split_tables(data)
    assert split is not None
    assert {name: orjson.loads(raw) for name, raw in split.items()} == tables


def test_only_the_tables_replaced_since_the_last_call_are_serialised_again() -> None:
    kept, changed = {"1": {"id": "a"}}, {"1": {"id": "b"}}
    first, cache = table_lines({"kept": kept, "changed": changed}, {})
    replaced = {"1": {"id": "c"}}
    second, cache = table_lines({"kept": kept, "changed": replaced}, cache)
    assert second[1] is first[1] and cache["changed"][0] is replaced
    assert orjson.loads(b"".join(second)) == {"kept": kept, "changed": replaced}


@pytest.mark.parametrize(
    "data", [b'{"a":{}}', b"[]", b'{\n"a":[]\n}\n', b'{\n"a":{}}\n', b'{\n{"a":{}}\n}\n']
)
def test_a_file_laid_out_otherwise_is_not_split(data: bytes) -> None:
    assert split_tables(data) is None
