"""The DB's journal: each save appended beside the DB, folded into it on open and on close,
surviving a kill, read through by the commands, and shared by two annotators."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.db_reader import DBReader
from annotations.journal import journal_path
from annotations.model import Article
from annotations.parsing import parse_text
from annotations.storage import JSONFileStorage, StoreError
from annotations.store import AnnotationStore
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
OTHER = parse_text("Другая статья\n東京の米価格が上昇した。Prices rose 5%.", "other.txt")


def tinydb_reads(path: Path) -> dict:
    """The DB as TinyDB itself reads the file, without anything of ours."""
    database = TinyDB(path, access_mode="r")
    try:
        return {name: database.table(name).all() for name in database.tables()}
    finally:
        database.close()


def journal_lines(db: Path) -> list[bytes]:
    return journal_path(db).read_bytes().splitlines()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db.json"


@pytest.fixture
def opened(db: Path, seed: Article) -> AnnotationStore:
    """A store on a DB file holding two articles: the tests' saves go to its journal."""
    store = AnnotationStore.open(db)
    store.add_articles([seed, OTHER])
    store.close()
    return AnnotationStore.open(db)


def test_a_save_appends_what_changed_and_leaves_the_file_as_it_was(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    before = db.read_bytes()
    made = opened.tag(OTHER, 0, 6, "claim")
    opened.set_note(made, "примечание")
    assert db.read_bytes() == before
    header, *saves = journal_lines(db)
    assert orjson.loads(header)["journal"] == 1
    assert len(saves) == 2  # one line a save
    written = b"".join(saves)
    assert made.id.encode() in written
    assert seed.id.encode() not in written  # the other article's records are not rewritten
    assert AnnotationStore.open(db).annotations(OTHER.id)[0].note == "примечание"


@pytest.mark.parametrize("how", ["open", "close"])
def test_the_journal_is_folded_into_a_file_tinydb_reads(
    db: Path, opened: AnnotationStore, seed: Article, how: str
) -> None:
    made = opened.tag(seed, 0, 5, "figure")
    assert journal_path(db).exists()
    if how == "open":
        AnnotationStore.open(db)
    else:
        opened.close()
    assert not journal_path(db).exists()
    [record] = tinydb_reads(db)[f"annotations:{seed.id}"]
    assert (record["id"], record["label"]) == (made.id, "figure")
    statuses = {doc["id"]: doc.get("status") for doc in tinydb_reads(db)["articles"]}
    assert statuses[seed.id] == "in_progress"


def test_a_torn_last_line_is_ignored_and_costs_no_earlier_save(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    first = opened.tag(seed, 0, 5, "claim")
    second = opened.tag(OTHER, 0, 6, "opinion")
    whole = journal_path(db).read_bytes()
    with open(journal_path(db), "ab") as journal:  # a save killed halfway through its line
        journal.write(b'[["put","annotations:x","1",{"id":"tor')
    reopened = reread(db)
    assert {a.id for a in reopened.annotations(seed.id)} == {first.id}
    assert {a.id for a in reopened.annotations(OTHER.id)} == {second.id}
    third = opened.tag(seed, 6, 10, "figure")  # the next save starts on a line of its own
    assert journal_path(db).read_bytes().startswith(whole)
    ids = {a.id for a in AnnotationStore.open(db).annotations(seed.id)}
    assert ids == {first.id, third.id}
    assert not journal_path(db).exists()


def reread(db: Path) -> AnnotationStore:
    """A store reading the DB and its journal, as a second process would, without folding."""
    return AnnotationStore(JSONFileStorage(db))


CHILD = """
import sys
from annotations.store import AnnotationStore
store = AnnotationStore.open(sys.argv[1], autoflush=False)
[article] = [a for a in store.articles() if a.id == sys.argv[2]]
made = store.tag(article, 3, 9, "claim", "child")
store.flush()
print(made.id, flush=True)
sys.stdin.readline()  # held open until killed
"""


def test_a_save_survives_kill_9(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), seed.id], env=ENV,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    made = child.stdout.readline().strip()  # the save is on disk once this is printed
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert journal_path(db).exists()  # the child never folded it
    [found] = AnnotationStore.open(db).annotations(seed.id)
    assert (found.id, found.annotator) == (made, "child")
    assert made in str(tinydb_reads(db))


def test_two_annotators_sharing_a_db_take_in_each_others_saves(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.close()
    ana, bo = AnnotationStore.open(db), AnnotationStore.open(db)
    by_ana = ana.tag(seed, 0, 5, "claim", "ana")
    by_bo = bo.tag(seed, 10, 15, "figure", "bo")  # bo's save takes in ana's first
    assert ana.sync()
    assert {a.id for a in ana.annotations(seed.id)} == {by_ana.id, by_bo.id}
    ana.set_note(by_bo, "ana's note")
    ana.close()  # folds both into the file; bo goes on after it
    assert not journal_path(db).exists()
    again = bo.tag(OTHER, 0, 6, "opinion", "bo")
    assert journal_path(db).exists()
    assert bo.annotations(seed.id)[1].note == "ana's note"
    bo.close()
    saved = AnnotationStore(JSONFileStorage(db))
    assert {a.id for a in saved.annotations(seed.id)} == {by_ana.id, by_bo.id}
    assert [a.id for a in saved.annotations(OTHER.id)] == [again.id]


def test_the_commands_read_the_journal_through_without_writing(
    db: Path, opened: AnnotationStore, seed: Article, read_only
) -> None:
    made = opened.tag(seed, 0, 5, "claim")
    opened.delete(opened.tag(OTHER, 0, 6, "opinion"))
    files = {path: path.read_bytes() for path in (db, journal_path(db))}
    read_only(db)
    contents = {article.id: spans for article, _, spans in DBReader(db, 2).contents()}
    assert [a.id for a in contents[seed.id]] == [made.id]
    assert contents[OTHER.id] == []
    assert {path: path.read_bytes() for path in files} == files


def test_a_journal_of_another_db_file_is_never_applied_and_set_aside(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    before = db.read_bytes()
    opened.tag(seed, 0, 5, "claim")
    db.write_bytes(before + b"\n")  # replaced by hand (a backup copied back, say)
    assert AnnotationStore(JSONFileStorage(db)).annotations(seed.id) == []
    AnnotationStore.open(db)
    [kept] = db.parent.glob("db.json.journal.stale-*")
    assert b"claim" in kept.read_bytes()
    assert not journal_path(db).exists()


def test_an_unreadable_journal_is_named_and_nothing_is_written(
    db: Path, opened: AnnotationStore
) -> None:
    opened.close()
    before = db.read_bytes()
    journal_path(db).mkdir()  # unreadable even for root
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(db)
    message = str(raised.value)
    assert str(journal_path(db)) in message and "\n" not in message
    with pytest.raises(StoreError):
        DBReader(db, 2)
    assert db.read_bytes() == before


def test_a_db_made_read_only_gets_nothing_in_its_journal(
    db: Path, opened: AnnotationStore, seed: Article, read_only
) -> None:
    opened.tag(seed, 0, 5, "claim")
    journal = journal_path(db).read_bytes()
    read_only(db)
    with pytest.raises(StoreError, match="read-only"):
        opened.tag(seed, 6, 9, "claim")
    assert journal_path(db).read_bytes() == journal


def test_the_journal_is_as_private_as_the_db(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.close()
    db.chmod(0o600)
    AnnotationStore.open(db).tag(seed, 0, 5, "claim")
    assert journal_path(db).stat().st_mode & 0o777 == 0o600


def test_a_journal_beside_no_db_file_creates_nothing_until_a_save(
    db: Path, seed: Article
) -> None:
    journal_path(db).write_bytes(b'{"journal":1,"db":[1,2,3]}\n[]\n')
    store = AnnotationStore.open(db)
    assert not db.exists()
    store.add_articles([seed])
    assert tinydb_reads(db)["articles"][0]["id"] == seed.id
    assert not journal_path(db).exists()
    [kept] = db.parent.glob("db.json.journal.stale-*")
    assert kept.read_bytes().startswith(b'{"journal":1')


def test_a_bad_record_in_the_journal_is_blamed_on_the_journal(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.tag(seed, 0, 5, "claim")
    lines = journal_lines(db)
    lines[-1] = lines[-1].replace(b'"start":0', b'"start":"zero"')
    journal_path(db).write_bytes(b"\n".join(lines) + b"\n")
    before = db.read_bytes()
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(db)
    message = str(raised.value)
    assert message.startswith(f"{journal_path(db)}: ") and "start" in message
    assert "move it away" in message and "\n" not in message
    assert db.read_bytes() == before
