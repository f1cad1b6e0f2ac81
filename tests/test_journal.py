"""The DB's journal: each save appended beside the DB, folded into it on open, on close and in
a long session, surviving a kill, read through by the commands, and shared by two annotators;
applied to the DB file of its generation only (not its modification time), a journal set aside
being told in one line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.backups import backup_path
from annotations.db_reader import DBReader
from annotations.journal import journal_path
from annotations.model import Article
from annotations.parsing import parse_text
from annotations.storage import JSONFileStorage, StoreError
from annotations.store import AnnotationStore
from tests.conftest import ROOT
from tui.cli import main

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
    [meta] = tinydb_reads(db)["meta"]
    assert orjson.loads(header) == {"journal": 2, "db": meta["generation"]}
    assert len(saves) == 2  # one line a save
    written = b"".join(saves)
    assert made.id.encode() in written
    assert seed.id.encode() not in written  # the other article's records are not rewritten
    assert AnnotationStore.open(db).annotations(OTHER.id)[0].note == "примечание"


def test_opening_known_articles_again_saves_nothing(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    """Reopening an article the DB holds changed nothing, yet journalled a save (TinyDB writes
    a table even when given no records to add), so the next open read the whole file."""
    before = db.read_bytes()
    opened.add_articles([seed, OTHER])
    opened.flush()
    opened.close()
    assert db.read_bytes() == before
    assert not journal_path(db).exists()


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


def stale_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.journal.stale-*"))


@pytest.mark.parametrize("how", ["touch", "rewritten alike"])
def test_a_db_touched_or_rewritten_alike_keeps_its_journal(
    db: Path, opened: AnnotationStore, seed: Article, how: str
) -> None:
    made = opened.tag(seed, 0, 5, "claim")
    if how == "touch":
        later = db.stat().st_mtime_ns + 5_000_000_000
        os.utime(db, ns=(later, later))
    else:  # as a sync tool does: the same bytes, a new file (new inode and time)
        shutil.copy(db, db.with_name("copy"))
        os.replace(db.with_name("copy"), db)
    assert [a.id for a in reread(db).annotations(seed.id)] == [made.id]
    again = opened.tag(seed, 6, 9, "figure")  # the app goes on saving to the same journal
    reader = DBReader(db, AnnotationStore.VERSION)
    assert reader.notices == []
    reopened = AnnotationStore.open(db)
    assert {a.id for a in reopened.annotations(seed.id)} == {made.id, again.id}
    assert reopened.take_notices() == [] and stale_copies(db) == []
    assert made.id in str(tinydb_reads(db)) and not journal_path(db).exists()


def test_a_backup_copied_back_makes_the_journal_stale_and_says_so(
    db: Path, opened: AnnotationStore, seed: Article, capsys: pytest.CaptureFixture[str]
) -> None:
    opened.tag(seed, 0, 5, "claim")
    shutil.copy(backup_path(db), db)  # back to the DB as it was opened
    assert reread(db).annotations(seed.id) == []
    assert main(["stats", "--db", str(db)]) == 0
    [line] = [line for line in capsys.readouterr().err.splitlines() if line]
    assert line.startswith(f"annotator: {journal_path(db)}: ") and f" {db}:" in line
    reopened = AnnotationStore.open(db)
    assert reopened.annotations(seed.id) == []
    [kept] = stale_copies(db)
    assert b"claim" in kept.read_bytes()
    [notice] = reopened.take_notices()
    assert str(journal_path(db)) in notice and f" {db}:" in notice and str(kept) in notice
    assert "\n" not in notice and reopened.take_notices() == []


def test_a_journal_left_by_a_fold_cut_short_is_not_applied_again(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    kept = opened.tag(seed, 0, 5, "claim")
    undone = opened.tag(seed, 6, 9, "figure")
    journal = journal_path(db).read_bytes()  # holds both tags
    opened.delete(undone)
    opened.close()  # folded: the file holds `kept` only, and the journal is removed...
    journal_path(db).write_bytes(journal)  # ...unless killed between the two
    assert [a.id for a in reread(db).annotations(seed.id)] == [kept.id]
    assert DBReader(db, AnnotationStore.VERSION).notices == []
    reopened = AnnotationStore.open(db)
    assert [a.id for a in reopened.annotations(seed.id)] == [kept.id]
    assert reopened.take_notices() == [] and stale_copies(db) == []
    assert not journal_path(db).exists()
    later = reopened.tag(OTHER, 0, 6, "opinion")
    assert [a.id for a in reread(db).annotations(OTHER.id)] == [later.id]


def test_a_db_without_a_generation_gets_one_on_its_first_save(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.close()
    data = db.read_bytes()
    start = data.index(b',"generation"')
    db.write_bytes(data[:start] + data[data.index(b"}", start) :])  # as an older version wrote it
    assert "generation" not in tinydb_reads(db)["meta"][0]
    store = AnnotationStore.open(db)
    first = store.tag(seed, 0, 5, "claim")  # written whole: there is nothing to name yet
    assert not journal_path(db).exists()
    assert "generation" in tinydb_reads(db)["meta"][0]
    second = store.tag(seed, 6, 9, "claim")
    assert journal_path(db).exists()
    assert {a.id for a in reread(db).annotations(seed.id)} == {first.id, second.id}


def test_a_long_session_folds_its_journal_as_it_saves(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    storage = opened.storage
    assert isinstance(storage, JSONFileStorage)
    storage.fold_floor = 0  # folds once the journal passes a quarter of the DB file
    made, folds, largest = [], 0, 0
    for number in range(40):
        before = db.stat().st_ino
        made.append(opened.tag(seed, number * 2, number * 2 + 1, "claim"))
        folds += db.stat().st_ino != before
        if journal_path(db).exists():
            largest = max(largest, journal_path(db).stat().st_size)
    assert folds >= 2
    assert largest < db.stat().st_size // 2
    on_disk = {record["id"] for record in tinydb_reads(db)[f"annotations:{seed.id}"]}
    assert made[0].id in on_disk  # folded into the file itself
    assert {a.id for a in reread(db).annotations(seed.id)} == {a.id for a in made}
    assert opened.take_notices() == [] and stale_copies(db) == []


def test_a_newer_schema_in_the_file_is_refused_whatever_its_journal_says(
    db: Path, opened: AnnotationStore, seed: Article
) -> None:
    opened.tag(seed, 0, 5, "claim")  # the journal holds the meta table of schema 2
    newer = db.read_bytes().replace(b'"schema":2', b'"schema":3')
    db.write_bytes(newer)  # a newer version rewrote it, keeping the generation
    with pytest.raises(StoreError, match="newer annotator"):
        DBReader(db, AnnotationStore.VERSION)
    with pytest.raises(StoreError, match="newer annotator"):
        AnnotationStore.open(db)
    assert db.read_bytes() == newer
