"""The storage contract the store depends on, held by the memory and the JSON file storage."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinydb.storages

from annotations.storage import AnnotationStorage, JSONFileStorage, MemoryStorage
from annotations.store import AnnotationStore

DATA = {
    "meta": {"1": {"schema": 2}},
    "annotations:東京-1": {"1": {
        "id": "a", "article_id": "東京-1", "label": "figure", "start": 3, "end": 6,
        "text": "米価格", "note": "🌾 ข้าว",
    }},
}


def saved(storage: AnnotationStorage) -> None:
    with storage.exclusive():
        storage.save()


def test_a_new_storage_holds_nothing_and_owes_nothing(storage: AnnotationStorage) -> None:
    assert storage.read() is None and storage.load() is None
    assert not storage.dirty and not storage.changed_on_disk()


def test_what_is_saved_loads_back(storage: AnnotationStorage) -> None:
    storage.write(DATA)
    saved(storage)
    assert not storage.dirty and not storage.changed_on_disk()
    assert storage.read() == DATA and storage.load() == DATA


@pytest.mark.parametrize("dirty", [True, False])
def test_replaced_data_is_read_and_saved_when_dirty(storage: AnnotationStorage, dirty) -> None:
    storage.replace(DATA, dirty=dirty)
    assert storage.read() == DATA
    saved(storage)
    assert not storage.dirty
    assert storage.load() == (DATA if dirty or isinstance(storage, MemoryStorage) else None)


def test_the_lock_can_be_taken_again_by_its_holder(storage: AnnotationStorage) -> None:
    with storage.lock, storage.lock:
        storage.write(DATA)
    assert storage.read() == DATA


def test_a_copy_is_kept_once(storage: AnnotationStorage, tmp_path: Path) -> None:
    storage.write(DATA)
    saved(storage)
    storage.keep_copy(".v1.bak")
    storage.write({"meta": {"1": {"schema": 3}}})
    saved(storage)
    storage.keep_copy(".v1.bak")
    copies = list(tmp_path.glob("*.v1.bak"))
    if isinstance(storage, MemoryStorage):
        assert copies == []
    else:
        assert [copy.name for copy in copies] == ["db.json.v1.bak"]
        assert JSONFileStorage(copies[0]).load() == DATA


def test_the_location_names_the_file_or_memory(storage: AnnotationStorage, tmp_path) -> None:
    expected = str(tmp_path / "db.json") if isinstance(storage, JSONFileStorage) else "memory"
    assert storage.location == expected


def test_a_file_saved_by_another_process_is_seen_as_changed(tmp_path: Path) -> None:
    ours, theirs = JSONFileStorage(tmp_path / "db.json"), JSONFileStorage(tmp_path / "db.json")
    ours.write(DATA)
    saved(ours)
    theirs.write({**DATA, "articles": {}})
    saved(theirs)
    assert ours.changed_on_disk() and not theirs.changed_on_disk()
    loaded = ours.load()
    assert loaded is not None and loaded["articles"] == {} and not ours.changed_on_disk()
    assert {name: table for name, table in loaded.items() if name != "meta"} == {
        name: table for name, table in DATA.items() if name not in ("meta", "articles")
    } | {"articles": {}}


def test_a_store_refuses_a_storage_without_the_contract() -> None:
    with pytest.raises(TypeError, match="MemoryStorage is not an AnnotationStorage"):
        AnnotationStore(tinydb.storages.MemoryStorage())  # type: ignore[arg-type]


def test_a_whole_write_the_journal_follows_keeps_no_copy_of_the_tables_json(
    tmp_path: Path,
) -> None:
    """Once the file has a generation, saves go to its journal: the JSON of a large article's
    table, serialised for the whole write, is not held on to for the next one."""
    import tracemalloc

    from annotations.long_strings import LONG_STRING
    from annotations.parsing import parse_text

    # an ASCII body: a str with other characters keeps a UTF-8 copy of itself once orjson
    # has read it, which is the str's, not the storage's; and under LONG_STRING, whose JSON
    # is made as it is written, not held
    text = "Prices rose 5% in Tokyo and Bangkok.\n" * 25_000
    assert len(text) < LONG_STRING
    store = AnnotationStore.open(tmp_path / "db.json", autoflush=False)
    store.add_articles([parse_text("東京の米価格\n" + text, "big.txt")])
    tracemalloc.start(1)
    try:
        store.flush()  # the first save: the file is written whole
        held = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, "*annotations/schema.py"),
             tracemalloc.Filter(True, "*annotations/long_strings.py")]
        )
    finally:
        tracemalloc.stop()
    assert not (tmp_path / "db.json.journal").exists()
    kept = sum(stat.size for stat in held.statistics("lineno"))
    assert kept < 2 * len(text), f"{kept} bytes of JSON kept after the write"
    made = store.tag(store.articles()[0], 0, 2, "claim")
    store.flush()  # goes to the journal, and the whole DB is still there to read
    assert AnnotationStore.open(tmp_path / "db.json").annotations(made.article_id)[0].id == made.id
