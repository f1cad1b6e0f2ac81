"""Which DB file a journal applies to: the file's generation, not its modification time, so
that `touch` costs no save, a backup copied back takes none, a fold cut short by a kill is not
applied twice; a journal set aside is told in one line; and a long session folds its journal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotations.backups import backup_path
from annotations.db_reader import DBReader
from annotations.journal import journal_path
from annotations.model import Article
from annotations.storage import JSONFileStorage
from annotations.store import AnnotationStore
from tests.test_journal import OTHER, reread, tinydb_reads
from tui.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db.json"


@pytest.fixture
def opened(db: Path, seed: Article) -> AnnotationStore:
    """A store on a DB file holding two articles (kept as FILE.bak): saves go to its journal."""
    store = AnnotationStore.open(db)
    store.add_articles([seed, OTHER])
    store.close()
    return AnnotationStore.open(db)


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
