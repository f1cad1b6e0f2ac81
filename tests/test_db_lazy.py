"""Opening a DB lazily (`annotations.db_lazy`): the tables of articles not on screen are read
and checked after the first screen, and nothing is written to a DB until every table was
found good."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import orjson
import pytest

from annotations import db_lazy
from annotations.db_generation import without_generation
from annotations.db_lazy import unread
from annotations.journal import journal_path
from annotations.model import Article
from annotations.parsing import parse_text
from annotations.sets import read_article
from annotations.storage import StoreError, UnreadableDB
from annotations.store import AnnotationStore
from tests.conftest import SAMPLES
from tui.annotate import build_app

OTHER = parse_text("Другая статья\n東京の米価格が上昇した。ราคาข้าวสูงขึ้น 5%.", "other.txt")


def line_of(data: bytes, name: str) -> bytes:
    """The line of the DB file holding the table `name`."""
    prefix = orjson.dumps(name) + b":"
    [line] = [line for line in data.split(b"\n") if line.startswith(prefix)]
    return line


def with_line(db: Path, name: str, change: bytes) -> bytes:
    """Put `change` in place of the table's line (its comma kept); the file's new bytes."""
    data = db.read_bytes()
    line = line_of(data, name)
    comma = b"," if line.endswith(b",") else b""
    data = data.replace(line, change + comma)
    db.write_bytes(data)
    return data


@pytest.fixture
def db(tmp_path: Path, seed: Article, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DB of two articles with an annotation each, as the store writes it, opened lazily
    when asked although it is small."""
    monkeypatch.setattr("annotations.db_open.LAZY_FROM", 0)
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed, OTHER])
        store.tag(seed, 0, 5, "claim")
        store.tag(OTHER, 0, 6, "figure")
    for copy in tmp_path.glob("db.json.bak*"):
        copy.unlink()
    return path


def spoil(db: Path) -> bytes:
    """Give the other article's annotation a start that is not a number; the file's bytes."""
    name = f"annotations:{OTHER.id}"
    table = orjson.loads(line_of(db.read_bytes(), name).rstrip(b",")[len(orjson.dumps(name)) + 1:])
    [record] = table.values()
    record["start"] = "0"
    return with_line(db, name, orjson.dumps(name) + b":" + orjson.dumps(table))


def test_a_bad_record_in_a_table_not_read_yet_is_refused_before_any_write(
    db: Path, seed: Article
) -> None:
    before = spoil(db)
    store = AnnotationStore.open(db, autoflush=False, lazy=True)  # the other table unread
    assert [a.label for a in store.annotations(seed.id)] == ["claim"]
    store.tag(seed, 6, 9, "opinion")
    with pytest.raises(UnreadableDB) as refused:
        store.flush()
    message = str(refused.value)
    assert message.startswith(f"{db}: ") and "\n" not in message
    assert OTHER.id in message and '"start"' in message
    with pytest.raises(UnreadableDB):
        store.close()
    assert db.read_bytes() == before
    assert not journal_path(db).exists()
    assert not list(db.parent.glob("db.json.bak*"))  # no backup of it rotated in either


def test_commands_still_refuse_such_a_db_as_they_open_it(db: Path) -> None:
    before = spoil(db)
    with pytest.raises(UnreadableDB, match=OTHER.id):
        AnnotationStore.open(db)
    assert db.read_bytes() == before


async def test_the_app_opening_such_a_db_ends_with_the_message_and_writes_nothing(
    tmp_path: Path, db: Path
) -> None:
    before = spoil(db)
    app, store = build_app([str(SAMPLES), "--db", str(db)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    with pytest.raises(StoreError) as refused:
        store.close()  # as `annotator` does once the app ends: it prints the message
    assert str(refused.value).startswith(f"{db}: ") and OTHER.id in str(refused.value)
    assert db.read_bytes() == before
    assert not journal_path(db).exists()


def test_tables_never_changed_are_written_back_byte_for_byte(db: Path, seed: Article) -> None:
    name = f"annotations:{OTHER.id}"
    table = orjson.loads(line_of(db.read_bytes(), name).rstrip(b",")[len(orjson.dumps(name)) + 1:])
    # its records as another JSON writer lays them out: spaces, and non-ASCII escaped
    spaced = orjson.dumps(name) + b":" + json.dumps(table, separators=(", ", ": ")).encode()
    with_line(db, name, spaced)
    store = AnnotationStore.open(db, lazy=True)
    store.tag(seed, 6, 9, "opinion")
    store.close()  # a whole write: the journal folded in
    assert not journal_path(db).exists()
    assert line_of(db.read_bytes(), name).rstrip(b",") == spaced
    assert [a.label for a in AnnotationStore.open(db).annotations(OTHER.id)] == ["figure"]


def test_a_db_another_tool_laid_out_is_read_and_checked_whole(db: Path) -> None:
    spoil(db)
    tables = orjson.loads(db.read_bytes())
    before = json.dumps(tables, indent=2).encode()  # not a table a line
    db.write_bytes(before)
    with pytest.raises(UnreadableDB, match=OTHER.id):
        AnnotationStore.open(db, lazy=True)
    assert db.read_bytes() == before


def test_the_backup_of_a_lazy_open_is_put_in_place_once_every_table_was_found_good(
    db: Path, seed: Article
) -> None:
    store = AnnotationStore.open(db, lazy=True)
    assert not (db.parent / "db.json.bak").exists()  # not before the check
    store.storage.check_rest()
    backup = (db.parent / "db.json.bak").read_bytes()
    assert without_generation(backup) == without_generation(db.read_bytes())
    assert [a.label for a in store.annotations(OTHER.id)] == ["figure"]


def test_a_small_db_is_checked_whole_as_it_opens_even_lazily(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = spoil(db)
    monkeypatch.setattr("annotations.db_open.LAZY_FROM", len(before) + 1)
    with pytest.raises(UnreadableDB, match=OTHER.id):
        AnnotationStore.open(db, lazy=True)
    assert db.read_bytes() == before


async def test_a_bad_table_an_action_reads_first_ends_the_app_with_the_message(
    tmp_path: Path, seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user goes to the next article before the background check reached its table:
    no traceback, the same one line as the check gives, nothing written."""
    monkeypatch.setattr("annotations.db_open.LAZY_FROM", 0)
    monkeypatch.setattr("tui.app.AnnotatorApp.check_db", lambda app: None)  # not yet there
    second_file = SAMPLES / "tidal-power-pilot.txt"
    second = read_article(second_file)
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.add_articles([seed, second])
        store.tag(second, 0, 5, "claim")
    name = f"annotations:{second.id}"
    table = orjson.loads(line_of(db.read_bytes(), name).rstrip(b",")[len(orjson.dumps(name)) + 1:])
    [record] = table.values()
    record["end"] = None
    before = with_line(db, name, orjson.dumps(name) + b":" + orjson.dumps(table))
    app, store = build_app([str(SAMPLES / "seed-article.txt"), str(second_file), "--db", str(db)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.call_later(app.screen.action_next_article)  # as `]` does, in the app's loop
    assert app.return_code == 1
    with pytest.raises(StoreError) as refused:
        store.close()
    message = str(refused.value)
    assert message.startswith(f"{db}: ") and second.id in message and "\n" not in message
    assert db.read_bytes() == before
    assert not journal_path(db).exists()


def test_tables_checked_but_never_asked_for_are_kept_as_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays near the file's size: a DB held as Python dicts is about seven times its
    JSON, and the app's target is three."""
    monkeypatch.setattr("annotations.db_open.LAZY_FROM", 0)
    path = tmp_path / "db.json"
    articles = [parse_text(f"Статья {n}\n東京の米価格が上昇した。ราคาข้าว {n}% 🌾.", f"{n}.txt")
                for n in range(40)]
    with AnnotationStore.open(path, autoflush=False) as store:
        store.add_articles(articles)
        for article in articles:
            for start in range(25):
                store.tag(article, start, start + 5, "claim")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        store = AnnotationStore.open(path, autoflush=False, lazy=True)
        store.storage.check_rest()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 2 * size
    # each is parsed again as it is asked for, and changed as ever
    assert all(len(store.annotations(article.id)) == 25 for article in articles)
    assert store.annotation_counts() == {article.id: 25 for article in articles}
    store.tag(articles[-1], 30, 33, "figure")
    store.close()
    again = AnnotationStore.open(path)
    assert [len(again.annotations(article.id)) for article in articles] == [25] * 39 + [26]


def test_a_sync_takes_in_another_annotators_save_without_reading_every_table(
    db: Path, seed: Article
) -> None:
    """bo's save is a line of the DB's journal; ana's sync applies it to the table it changes
    and keeps the others as their lines (before, it read the whole file into dicts: 3 GB for
    a DB of a million annotations)."""
    ana = AnnotationStore.open(db, autoflush=False, lazy=True)
    bo = AnnotationStore.open(db)
    by_bo = bo.tag(seed, 10, 15, "figure", "bo")
    assert journal_path(db).exists()
    assert ana.sync()
    assert unread(ana.storage.partial())  # the other article's table: still its line
    assert [a.id for a in ana.annotations(seed.id) if a.annotator == "bo"] == [by_bo.id]
    by_ana = ana.tag(OTHER, 7, 9, "opinion", "ana")
    assert not ana.flush()
    ana.close()
    bo.close()
    saved = AnnotationStore.open(db)
    assert sorted(a.label for a in saved.annotations(seed.id)) == ["claim", "figure"]
    assert [(a.id, a.label) for a in saved.annotations(OTHER.id)][1:] == [(by_ana.id, "opinion")]


def test_a_save_that_takes_in_another_annotators_save_merges_both_lazily(
    db: Path, seed: Article
) -> None:
    ana = AnnotationStore.open(db, autoflush=False, lazy=True)
    by_ana = ana.tag(seed, 6, 9, "opinion", "ana")
    bo = AnnotationStore.open(db)
    by_bo = bo.tag(OTHER, 7, 9, "figure", "bo")
    bo.close()  # folded into the file: ana's save reads it again
    assert ana.flush()  # took bo's in
    assert [a.id for a in ana.annotations(OTHER.id)][1:] == [by_bo.id]
    ana.close()
    saved = AnnotationStore.open(db)
    assert by_ana.id in {a.id for a in saved.annotations(seed.id)}
    assert len(saved.annotations(seed.id)) == 2 and len(saved.annotations(OTHER.id)) == 2


def test_a_bad_record_in_another_annotators_save_is_met_as_when_read_whole(
    db: Path, seed: Article
) -> None:
    """A journal line whose record breaks the contract: the lazy reading checks the tables
    the journal changes, and where one is bad reads the file whole (which says whether the
    file or the journal is to blame): what a save then does is what it did before."""

    def outcome(lazy: bool) -> tuple[object, ...]:
        path = db.with_name(f"{lazy}.json")
        path.write_bytes(db.read_bytes())
        ana = AnnotationStore.open(path, autoflush=False, lazy=lazy)
        bo = AnnotationStore.open(path)
        bo.tag(seed, 10, 15, "figure", "bo")
        journal = journal_path(path)
        spoilt = journal.read_bytes().replace(b'"start":10', b'"start":"10"')
        assert spoilt != journal.read_bytes()
        journal.write_bytes(spoilt)
        ana.tag(seed, 6, 9, "opinion", "ana")
        try:
            ana.flush()
        except StoreError as error:
            return ("refused", str(error).replace(str(path), "DB"))
        recoveries = [(r.cause.replace(str(path), "DB"), r.articles, r.annotations)
                      for r in ana.take_recoveries()]
        ana.close()
        saved = AnnotationStore.open(path)
        return recoveries, sorted(a.label for a in saved.annotations(seed.id))

    assert outcome(lazy=True) == outcome(lazy=False)


def test_after_a_sync_the_tables_checked_before_are_not_checked_again(
    db: Path, seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bo's save left the DB file as it was (it went to the journal): the tables ana had
    checked are the same lines, so her next save does not parse them all again to check them
    (at a million annotations, 450 MB of JSON after every sync)."""
    ana = AnnotationStore.open(db, autoflush=False, lazy=True)
    ana.storage.check_rest()
    bo = AnnotationStore.open(db)
    bo.tag(seed, 10, 15, "figure", "bo")
    checked: list[str] = []
    parse = db_lazy.parse_table

    def counted(name: str, *args: object) -> object:
        checked.append(name)
        return parse(name, *args)

    monkeypatch.setattr(db_lazy, "parse_table", counted)
    assert ana.sync()
    ana.tag(OTHER, 7, 9, "opinion", "ana")
    ana.flush()
    assert f"annotations:{OTHER.id}" not in checked
    assert not unread(ana.storage.partial())
    ana.close()
    bo.close()
    assert len(AnnotationStore.open(db).annotations(OTHER.id)) == 2


def test_a_file_with_meta_last_is_written_with_meta_first(db: Path, seed: Article) -> None:
    """A DB laid out a table a line by another tool, `meta` after the rest: once written, its
    generation heads the file (where a backup's is looked for, so a backup copied back does
    not take the DB's journal), and the lazily read tables are each held once."""
    data = db.read_bytes()
    meta = line_of(data, "meta")
    lines = [line.rstrip(b",") for line in data.split(b"\n")[1:-2] if line != meta]
    db.write_bytes(b"{\n" + b",\n".join([*lines, meta.rstrip(b",")]) + b"\n}")
    assert not db.read_bytes().startswith(b'{\n"meta":')
    store = AnnotationStore.open(db, autoflush=False, lazy=True)
    store.tag(seed, 6, 10, "figure")
    store.close()  # a whole write
    assert db.read_bytes().startswith(b'{\n"meta":')
    assert without_generation(db.read_bytes()) != db.read_bytes()  # found at the head
    again = AnnotationStore.open(db)
    assert sorted(a.label for a in again.annotations(seed.id)) == ["claim", "figure"]
    assert [a.label for a in again.annotations(OTHER.id)] == ["figure"]
