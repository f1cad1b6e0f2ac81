"""Reading a DB a table at a time for export, whatever wrote the file."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.db_reader import DBReader
from annotations.exporters import json_array, json_array_of_runs
from annotations.schema import Status
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tests.test_import import filled_db


def contents(reader: DBReader):
    return [(a.id, status, [x.to_record() for x in anns]) for a, status, anns in reader.contents()]


def test_our_layout_is_one_table_a_line(tmp_path: Path) -> None:
    db = filled_db(tmp_path / "db.json")
    lines = db.read_bytes().split(b"\n")
    assert lines[0] == b"{" and lines[-2] == b"}"
    assert all(line.startswith(b'"') for line in lines[1:-2])


def test_other_layouts_read_the_same(tmp_path: Path) -> None:
    ours = filled_db(tmp_path / "db.json")
    one_line = tmp_path / "tinydb-default.json"
    one_line.write_bytes(orjson.dumps(orjson.loads(ours.read_bytes())))
    expected = contents(DBReader(ours, AnnotationStore.VERSION))
    assert len(expected) == 3 and expected[0][1] == Status.DONE
    assert contents(DBReader(one_line, AnnotationStore.VERSION)) == expected


@pytest.mark.parametrize(
    ("mangle", "cause"),
    [
        (lambda b: b[: len(b) // 2], "corrupt"),
        (lambda b: b.replace(b'"schema":2', b'"schema":99'), "newer annotator"),
        (lambda b: b"", "empty"),
    ],
)
def test_bad_files(tmp_path: Path, mangle, cause: str) -> None:
    db = filled_db(tmp_path / "db.json")
    db.write_bytes(mangle(db.read_bytes()))
    with pytest.raises(StoreError, match=cause):
        list(DBReader(db, AnnotationStore.VERSION).contents())


def test_a_missing_db(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such DB file"):
        DBReader(tmp_path / "none.json", AnnotationStore.VERSION)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(JSON, max_size=5), depth=st.integers(0, 2), cut=st.integers(0, 5))
def test_json_array_writes_what_orjson_would(values: list, depth: int, cut: int) -> None:
    option = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    whole = orjson.dumps({"x": values} if depth == 1 else values, option=option)
    streamed = b"".join(json_array(values, depth=depth))
    in_runs = b"".join(json_array_of_runs([values[:cut], [], values[cut:]], depth=depth))
    assert in_runs == streamed
    if depth == 1:
        assert whole == b'{\n  "x": ' + streamed + b"\n}"
    elif depth == 0:
        assert whole == streamed
    else:
        assert orjson.loads(streamed) == values


def test_a_stale_quote_is_exported_as_the_text_at_its_new_place(tmp_path: Path, seed) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.add_articles([seed])
        start = seed.text.index("over 5,500")
        store.tag(seed, start, start + 10, "figure")
        store.tag(seed, 0, 5, "claim")
    data = orjson.loads(db.read_bytes())
    for record in data[f"annotations:{seed.id}"].values():
        record["text"] = {"over 5,500": "over 5,600", seed.text[:5]: "Xyzzy"}[record["text"]]
    db.write_bytes(orjson.dumps(data))
    [(article, _, annotations)] = DBReader(db, AnnotationStore.VERSION).contents()
    kept = {a.label: a for a in annotations}
    assert kept["figure"].text == "over 5,500" == article.text[start : start + 10]
    assert kept["claim"].orphan
