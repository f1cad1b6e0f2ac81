"""Recovery as a user follows it: the commands a message prints, run by a shell, do what they
say."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tests.conftest import SEED
from tests.test_app import running, settle, stored, view
from tui.annotate import open_session

AWKWARD_FOLDERS = ["plain", "it's mine", "two  spaces", "-dash", 'say "hi" $HOME `x`', "東京 ✓"]


def command_in(message: str, ending: str) -> str:
    """The shell command a message prints before `ending`."""
    found = re.search(r"(cp -- .*) " + re.escape(ending), message)
    assert found, message
    return found.group(1)


@pytest.mark.parametrize("folder", AWKWARD_FOLDERS)
def test_the_printed_restore_command_works_for_any_path(tmp_path: Path, seed, folder) -> None:
    (tmp_path / folder).mkdir()
    path = tmp_path / folder / "my db.json"
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    AnnotationStore.open(path)  # keeps my db.json.bak
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    command = command_in(str(raised.value), "to recover it")
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True)
    assert path.read_bytes() == good
    assert len(AnnotationStore.open(path).annotations(seed.id)) == 1


def test_a_relative_path_starting_with_a_dash_is_not_read_as_an_option(
    tmp_path: Path, seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("-r db.json")
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    AnnotationStore.open(path)
    good = path.read_bytes()
    path.write_bytes(b"")
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    subprocess.run(["sh", "-c", command_in(str(raised.value), "to recover it")], check=True)
    assert path.read_bytes() == good


def damaged_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def damaged_record(data: bytes) -> bytes:
    return data.replace(b'"start":', b'"start":"x","was":', 1)


DAMAGE = {
    "emptied": lambda data: b"",
    "truncated": damaged_half,
    "not JSON": lambda data: b"\x00\x01 garbage",
    "another shape": lambda data: b"[1, 2, 3]",
    "a bad record": damaged_record,
}


def session_with_work(db: Path, seed) -> tuple[AnnotationStore, bytes]:
    """A session as the app runs one: a DB with a backup of one annotation, four more made and
    saved since, and one made but not saved yet. Returns the store and the backup's bytes."""
    with AnnotationStore.open(db) as store:
        store.add_articles([seed])
        store.tag(seed, 0, 5, "claim")
    _, store, _ = open_session([str(SEED)], str(db))  # as the app opens it: keeps db.json.bak
    backup = (db.parent / f"{db.name}.bak").read_bytes()
    for start in range(10, 50, 10):
        store.tag(seed, start, start + 4, "figure", "ana")
        store.flush()  # each change is saved as it is made (the app's save worker)
    store.tag(seed, 60, 64, "opinion", "ana")
    return store, backup


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("noticed_by", ["save", "sync"])
def test_a_db_damaged_while_open_is_set_aside_and_what_is_held_written(
    tmp_path: Path, seed, damage: str, noticed_by: str
) -> None:
    (tmp_path / "it's here").mkdir()
    db = tmp_path / "it's here" / "my db.json"
    store, backup = session_with_work(db, seed)
    damaged = DAMAGE[damage](db.read_bytes())
    db.write_bytes(damaged)  # another program, while the app is open
    if noticed_by == "save":
        store.tag(seed, 70, 74, "claim", "ana")
        store.flush()
    else:
        assert store.sync() is False
    [recovery] = store.take_recoveries()
    assert store.take_recoveries() == []
    held = len(store.annotations(seed.id))
    assert held == (7 if noticed_by == "save" else 6)
    # the damaged file is kept aside, and the DB holds every annotation of the session
    assert recovery.kept_as is not None and recovery.kept_as.read_bytes() == damaged
    assert recovery.kept_as.parent == db.parent and recovery.kept_as.name.startswith("my db.json.")
    assert len(AnnotationStore.open(db, writable=False).annotations(seed.id)) == held
    message = recovery.message()
    assert "damaged by another program" in message and str(recovery.kept_as) in message
    assert f"the {held} annotations in 1 article this session holds" in message
    assert "\n" not in message
    # each other choice, as its printed command does it
    take_back, restore = re.findall(r"(cp -- .*?)\.(?: |$)", message)
    subprocess.run(["sh", "-c", take_back], cwd=tmp_path, check=True)
    assert db.read_bytes() == damaged
    subprocess.run(["sh", "-c", restore], cwd=tmp_path, check=True)
    assert db.read_bytes() == backup


def test_a_db_deleted_while_open_is_written_again_at_the_next_sync(tmp_path: Path, seed) -> None:
    db = tmp_path / "db.json"
    store, _ = session_with_work(db, seed)
    db.unlink()
    store.sync()
    [recovery] = store.take_recoveries()
    assert recovery.kept_as is None and "had been deleted" in recovery.message()
    assert len(AnnotationStore.open(db).annotations(seed.id)) == 6


def test_two_annotators_recover_once(tmp_path: Path, seed) -> None:
    db = tmp_path / "db.json"
    ana, _ = session_with_work(db, seed)
    ana.flush()
    _, bo, _ = open_session([str(SEED)], str(db))
    bo.tag(seed, 80, 84, "claim", "bo")
    db.write_bytes(b"")
    ana.sync()
    bo.sync()  # sees what ana wrote back: nothing damaged any more
    bo.flush()
    assert len(ana.take_recoveries()) == 1 and bo.take_recoveries() == []
    assert len(list(tmp_path.glob("db.json.damaged-*"))) == 1
    assert len(AnnotationStore.open(db).annotations(seed.id)) == 7


def test_a_db_rewritten_by_a_newer_version_is_no_longer_written(tmp_path: Path, seed) -> None:
    db = tmp_path / "db.json"
    store, _ = session_with_work(db, seed)
    newer = db.read_bytes().replace(
        f'"schema":{AnnotationStore.VERSION}'.encode(),
        f'"schema":{AnnotationStore.VERSION + 1}'.encode(),
    )
    assert newer != db.read_bytes()
    db.write_bytes(newer)
    for attempt in (store.flush, store.sync):
        with pytest.raises(StoreError, match="newer annotator") as raised:
            attempt()
        assert "\n" not in str(raised.value)
    assert db.read_bytes() == newer and store.dirty
    assert store.take_recoveries() == [] and not list(tmp_path.glob("*.damaged-*"))


async def test_the_app_says_what_it_did_when_the_db_is_emptied_under_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s", "1")
        await settle(app, pilot)
        await pilot.press("down", "down", "s", "2")
        await settle(app, pilot)
        made = len(app.session.store.annotations(view(app).article.id))
        db.write_bytes(b"")  # another program empties it
        app.screen.saving.sync()  # what the two-second timer does
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        [told] = [m for m in messages if "damaged by another program" in m]
        assert "the DB file is empty" in told and f"the {made} annotations in 1 article" in told
        assert not any("Cannot read" in m or "Not saved" in m for m in messages)
    [kept] = tmp_path.glob("db.json.damaged-*")
    assert kept.read_bytes() == b"" and str(kept) in told
    assert made == 2 and len(stored(db)) == made
