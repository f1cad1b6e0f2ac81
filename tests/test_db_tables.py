"""The tables in memory: writes pending until flushed, and another process's save taken in."""

from __future__ import annotations

from pathlib import Path

from annotations.db_tables import DBTables
from annotations.history import Change
from annotations.model import Annotation
from annotations.schema import VERSION
from annotations.storage import AnnotationStorage, JSONFileStorage


def made(annotation_id: str, text: str = "東京の米") -> Change:
    return Change("t", None, Annotation(annotation_id, "t", "claim", 0, len(text), text))


def test_writes_are_read_back_and_pending_until_flushed(storage: AnnotationStorage) -> None:
    tables = DBTables(storage)
    tables.set_version(VERSION)
    tables.write_article({"id": "t", "title": "米", "order": 0})
    tables.apply(made("a"))
    assert tables.pending and tables.version() == VERSION
    assert tables.article_record("t") == {"id": "t", "title": "米", "order": 0}
    assert [a.id for a in tables.annotations("t")] == ["a"]
    assert tables.annotation_counts() == {"t": 1}
    tables.flush()
    assert not tables.pending and not storage.dirty
    tables.apply(Change("t", tables.annotation("t", "a"), None))
    assert tables.annotations("t") == [] and tables.annotation_counts() == {}


def test_a_save_by_another_process_is_taken_in_under_our_pending_writes(tmp_path: Path) -> None:
    ours, theirs = (DBTables(JSONFileStorage(tmp_path / "db.json")) for _ in range(2))
    ours.apply(made("a"))
    ours.flush()
    assert theirs.sync() is True and [a.id for a in theirs.annotations("t")] == ["a"]
    assert theirs.sync() is False  # nothing saved since
    theirs.apply(made("b", "ข้าว"))
    theirs.flush()
    ours.apply(made("c", "أرز"))
    assert ours.sync() is True and ours.pending
    assert sorted(a.id for a in ours.annotations("t")) == ["a", "b", "c"]
    ours.flush()
    reread = DBTables(JSONFileStorage(tmp_path / "db.json"))
    assert sorted(a.id for a in reread.annotations("t")) == ["a", "b", "c"]


def test_a_flush_says_when_it_took_in_another_process_save(tmp_path: Path) -> None:
    ours, theirs = (DBTables(JSONFileStorage(tmp_path / "db.json")) for _ in range(2))
    assert theirs.annotations("t") == []  # read before anything is saved
    ours.apply(made("a"))
    assert ours.flush() is False  # nothing saved by anyone else yet
    theirs.apply(made("b", "ข้าว"))
    assert theirs.flush() is True  # took "a" in on the way
    ours.apply(made("c", "أرز"))
    assert ours.flush() is True  # took "b" in: the screen has to show it
    assert ours.sync() is False and ours.flush() is False  # and then nothing new
    assert sorted(a.id for a in ours.annotations("t")) == ["a", "b", "c"]
