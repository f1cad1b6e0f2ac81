"""The store: tag, note, retag, delete, undo, redo and reopen, on memory and JSON storage."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from annotations.parsing import parse_text
from annotations.schema import Status
from annotations.storage import JSONFileStorage, StoreError
from annotations.store import AnnotationStore
from tests.conftest import SEED


def figure_span(article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def test_tag_keeps_offsets_and_quote(store: AnnotationStore, seed) -> None:
    store.add_articles([seed])
    start, end = figure_span(seed, "over 5,500")
    made = store.tag(seed, start, end, "figure", "ana")
    [kept] = store.annotations(seed.id)
    assert kept == made
    assert (kept.label, kept.text, kept.annotator) == ("figure", "over 5,500", "ana")
    assert seed.text[kept.start : kept.end] == kept.text
    assert datetime.fromisoformat(kept.created).tzinfo is not None


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 3), (10, 5), (0, 10**9)])
def test_tag_refuses_empty_or_outside_spans(store: AnnotationStore, seed, start, end) -> None:
    with pytest.raises(ValueError):
        store.tag(seed, start, end, "claim")
    assert store.annotations(seed.id) == []


def test_note_retag_delete(store: AnnotationStore, seed) -> None:
    store.add_articles([seed])
    made = store.tag(seed, *figure_span(seed, "149 suspects"), "claim")
    noted = store.set_note(made, "count of arrests")
    retagged = store.retag(noted, "figure")
    [kept] = store.annotations(seed.id)
    assert (kept.label, kept.note, kept.id) == ("figure", "count of arrests", made.id)
    assert retagged == kept
    store.delete(kept)
    assert store.annotations(seed.id) == []


def test_overlapping_spans_are_both_kept(store: AnnotationStore, seed) -> None:
    claim = figure_span(seed, "which reportedly involved over 10 billion yuan")
    figure = figure_span(seed, "10 billion yuan")
    store.tag(seed, *claim, "claim")
    store.tag(seed, *figure, "figure")
    spans = [(a.label, a.start, a.end) for a in store.annotations(seed.id)]
    assert spans == [("claim", *claim), ("figure", *figure)]


def test_undo_and_redo_replay_every_kind_of_change(store: AnnotationStore, seed) -> None:
    made = store.tag(seed, *figure_span(seed, "2,141 suspects"), "figure")
    noted = store.set_note(made, "n1")
    retagged = store.retag(noted, "claim")
    store.delete(retagged)
    states = []
    for _ in range(4):
        store.undo(seed.id)
        states.append([(a.label, a.note) for a in store.annotations(seed.id)])
    assert states == [[("claim", "n1")], [("figure", "n1")], [("figure", "")], []]
    assert store.undo(seed.id) == ()
    for _ in range(4):
        store.redo(seed.id)
    assert store.annotations(seed.id) == []
    assert store.redo(seed.id) == ()


def test_a_new_change_drops_the_redo_stack(store: AnnotationStore, seed) -> None:
    store.tag(seed, 0, 5, "claim")
    store.undo(seed.id)
    store.tag(seed, 6, 10, "figure")
    assert store.redo(seed.id) == ()
    assert [a.label for a in store.annotations(seed.id)] == ["figure"]


def test_undo_is_per_article(store: AnnotationStore, seed) -> None:
    other = parse_text("Other article\nSome body text.", "o.txt")
    store.tag(seed, 0, 5, "claim")
    store.tag(other, 0, 5, "figure")
    store.undo(seed.id)
    assert store.annotations(seed.id) == []
    assert len(store.annotations(other.id)) == 1


def test_reopen_finds_everything(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as first:
        first.add_articles([seed])
        made = first.tag(seed, *figure_span(seed, "11 individuals"), "figure", "ana")
        first.set_note(made, "executions")
    with AnnotationStore.open(path) as second:
        [kept] = second.annotations(seed.id)
        assert (kept.text, kept.note, kept.annotator) == ("11 individuals", "executions", "ana")
        assert second.articles() == [seed]


def test_every_change_is_on_disk_without_closing(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path)
    store.tag(seed, 0, 5, "claim")
    on_disk = orjson.loads(path.read_bytes())
    assert any(name.startswith("annotations:") and table for name, table in on_disk.items())


def test_without_autoflush_nothing_is_written_until_flush(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path, autoflush=False)
    store.tag(seed, 0, 5, "claim")
    assert store.dirty and not path.exists()
    store.flush()
    assert not store.dirty and path.exists()


def test_articles_keep_the_order_first_opened(store: AnnotationStore) -> None:
    a, b, c = (parse_text(f"Article {n}\nBody.", f"{n}.txt") for n in "abc")
    store.add_articles([b, a])
    store.add_articles([c, a])
    assert [x.title for x in store.articles()] == ["Article b", "Article a", "Article c"]


@pytest.mark.parametrize("status", [Status.DONE, "done"])
def test_a_status_is_stored_as_its_word(store: AnnotationStore, seed, status) -> None:
    store.set_status(seed, status)
    assert store.statuses() == {seed.id: Status.DONE}
    [record] = (store.storage.read() or {})["articles"].values()
    assert type(record["status"]) is str and record["status"] == "done"


def test_an_unknown_status_is_refused(store: AnnotationStore, seed) -> None:
    with pytest.raises(ValueError, match="in_progress"):
        store.set_status(seed, "finished")
    assert store.statuses() == {}


def test_the_first_change_puts_a_new_article_in_progress(store: AnnotationStore, seed) -> None:
    store.add_articles([seed])
    assert store.statuses() == {seed.id: Status.NEW}
    store.tag(seed, 0, 5, "claim")
    assert store.statuses() == {seed.id: Status.IN_PROGRESS}
    store.set_status(seed, Status.DONE)
    store.tag(seed, 6, 10, "figure")
    assert store.statuses() == {seed.id: Status.DONE}


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"{not json", "corrupt"),
        (b"", "empty"),
        (b"[1, 2, 3]", "not an annotations DB"),
        (b'{"_default": {"1": 5}}', "not an annotations DB"),
        (b'{"meta": {"1": {"schema": 99}}}', "newer annotator"),
    ],
)
def test_bad_db_files_are_refused_and_left_untouched(
    tmp_path: Path, content: bytes, cause: str
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    assert cause in str(raised.value) and str(path) in str(raised.value)
    assert path.read_bytes() == content


def test_a_directory_is_not_a_db(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        AnnotationStore.open(tmp_path)


def test_an_unwritable_db_is_refused(tmp_path: Path, read_only) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"{}")
    read_only(path)
    with pytest.raises(StoreError, match="not writable"):
        AnnotationStore.open(path)


def test_a_failed_save_keeps_the_old_file_and_the_change(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path)
    store.tag(seed, 0, 5, "claim")
    before = path.read_bytes()
    storage = store.storage
    assert isinstance(storage, JSONFileStorage)
    storage.path = tmp_path / "missing-folder" / "db.json"
    with pytest.raises(StoreError, match="could not save"):
        store.tag(seed, 6, 10, "figure")
    assert path.read_bytes() == before
    assert store.dirty and len(store.annotations(seed.id)) == 2
    storage.path = path
    store.flush()
    assert len(AnnotationStore.open(path).annotations(seed.id)) == 2


def test_every_open_keeps_a_backup_and_rotates_older_ones(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    versions = []
    for number in range(4):
        with AnnotationStore.open(path) as store:
            store.tag(seed, number, number + 3, "claim")
        versions.append(path.read_bytes())
    AnnotationStore.open(path)
    assert (tmp_path / "db.json.bak").read_bytes() == versions[3]
    assert (tmp_path / "db.json.bak.1").read_bytes() == versions[2]
    assert (tmp_path / "db.json.bak.2").read_bytes() == versions[1]
    assert not (tmp_path / "db.json.bak.3").exists()


def test_a_corrupt_db_points_at_the_last_good_backup(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    AnnotationStore.open(path)  # keeps db.json.bak
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # torn by something other than us
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    message = str(raised.value)
    assert "corrupt" in message and "db.json.bak" in message and "cp " in message
    assert "\n" not in message
    assert path.read_bytes() == good[: len(good) // 2]
    (tmp_path / "db.json.bak").replace(path)
    assert len(AnnotationStore.open(path).annotations(seed.id)) == 1


def test_an_older_schema_is_migrated_after_a_copy_is_kept(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    start = seed.text.index("over 5,500")
    version_1 = {
        "meta": {"1": {"schema": 1}},
        "articles": {"1": {**seed.to_json(), "order": 0}},
        f"annotations:{seed.id}": {"1": {
            "article_id": seed.id, "id": "old", "label": "figure", "start": start,
            "end": start + 10, "text": "over 5,500", "note": "", "annotator": "ana",
            "created": "2026-11-01T10:00:00+00:00", "updated": "2026-11-01T10:00:00+00:00",
        }},
    }
    original = orjson.dumps(version_1)
    path.write_bytes(original)
    store = AnnotationStore.open(path)
    assert (tmp_path / "db.json.v1.bak").read_bytes() == original
    [annotation] = store.annotations(seed.id)
    assert annotation.prefix == seed.text[start - 32 : start]
    assert annotation.suffix == seed.text[start + 10 : start + 42]
    on_disk = orjson.loads(path.read_bytes())
    assert on_disk["meta"] == {"1": {"schema": AnnotationStore.VERSION}}


def test_changed_article_text_moves_and_orphans_annotations(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        for quote in ("over 5,500", "apprehension of 149 suspects", "2,141 suspects"):
            start = seed.text.index(quote)
            store.tag(seed, start, start + len(quote), "figure")
    raw = SEED.read_text(encoding="utf-8")
    edited = parse_text(
        raw.replace("China has announced", "China has firmly announced")
        .replace("the apprehension of 149", "the apprehensions of 149")
        .replace("- Operations with Cambodian police that led to the seizure of 2,141 suspects.\n",
                 ""),
        str(SEED),
    )
    with AnnotationStore.open(path) as store:
        report = store.add_articles([edited])
        assert (report.moved, report.orphaned) == (2, 1)
        kept = {a.text: a for a in store.annotations(seed.id)}
    assert set(kept) == {"over 5,500", "apprehensions of 149 suspects", "2,141 suspects"}
    for annotation in kept.values():
        if not annotation.orphan:
            assert edited.text[annotation.start : annotation.end] == annotation.text
    assert kept["2,141 suspects"].orphan
    assert not kept["apprehensions of 149 suspects"].orphan


def test_a_figure_corrected_in_place_is_quoted_as_corrected(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        store.tag(seed, *figure_span(seed, "over 5,500"), "figure")
    raw = SEED.read_text(encoding="utf-8")
    corrected = parse_text(raw.replace("over 5,500", "over 5,600"), str(SEED))
    with AnnotationStore.open(path) as store:
        report = store.add_articles([corrected])
        [kept] = store.annotations(seed.id)
    assert (report.moved, report.orphaned) == (1, 0)
    assert (kept.start, kept.end) == figure_span(seed, "over 5,500")
    assert kept.text == corrected.text[kept.start : kept.end] == "over 5,600"


def test_orphans_are_found_again_when_the_old_text_comes_back(tmp_path: Path, seed) -> None:
    path = tmp_path / "db.json"
    quote = "Operations with Cambodian police that led to the seizure of 2,141 suspects."
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        made = store.tag(seed, *figure_span(seed, quote), "claim")
    raw = SEED.read_text(encoding="utf-8")
    cut = parse_text(raw.replace(f"- {quote}\n", ""), str(SEED))
    with AnnotationStore.open(path) as store:
        assert store.add_articles([cut]).orphaned == 1
    with AnnotationStore.open(path) as store:
        report = store.add_articles([seed])
        [kept] = store.annotations(seed.id)
    assert (report.found, report.orphaned) == (1, 0) and "1 orphans found again" in str(report)
    assert not kept.orphan and (kept.start, kept.end, kept.text) == (made.start, made.end, quote)


def test_a_stale_quote_left_by_an_older_version_is_anchored_again(tmp_path: Path, seed) -> None:
    """An older version kept the old quote after a same-length edit inside a span."""
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        made = store.tag(seed, *figure_span(seed, "over 5,500"), "figure")
    data = orjson.loads(path.read_bytes())
    [record] = data[f"annotations:{seed.id}"].values()
    record["text"] = "over 5,600"  # as if the article had read 5,600 when it was made
    path.write_bytes(orjson.dumps(data))
    with AnnotationStore.open(path) as store:
        assert store.add_articles([seed]).moved == 1
        [kept] = store.annotations(seed.id)
    assert (kept.start, kept.end, kept.text) == (made.start, made.end, "over 5,500")


def test_an_orphan_can_be_reattached_and_undone(store: AnnotationStore, seed) -> None:
    made = store.tag(seed, 0, 5, "claim")
    orphan = store.reattach(made, seed, 6, 10)
    assert (orphan.start, orphan.end, orphan.text) == (6, 10, seed.text[6:10])
    store.undo(seed.id)
    [back] = store.annotations(seed.id)
    assert (back.start, back.end) == (0, 5)


def test_the_saved_file_always_holds_exactly_the_data(tmp_path: Path, seed) -> None:
    """Saves write only what changed; the file with its journal, and the file alone once
    folded, must still equal the whole DB."""
    path = tmp_path / "db.json"
    other = parse_text("Another article\nWith a body of its own.", "o.txt")
    store = AnnotationStore.open(path)
    store.add_articles([seed, other])
    made = store.tag(seed, 0, 5, "claim")
    store.tag(other, 0, 7, "figure")
    store.set_note(made, "x")
    store.delete(made)
    store.undo(seed.id)
    second = AnnotationStore.open(path)
    second.tag(other, 8, 15, "opinion")  # another process writes; the first merges it in
    store.retag(made, "figure")
    assert JSONFileStorage(path).read() == store.storage.read()  # the file and its journal
    store.close()  # folds the journal in: the file alone holds it all
    on_disk = orjson.loads(path.read_bytes())
    assert on_disk == store.storage.read()
    assert len(on_disk[f"annotations:{other.id}"]) == 2


def test_annotations_read_back_equal_the_ones_made(seed) -> None:
    from annotations.model import Annotation, NoteRevision

    made = Annotation(
        id="a", article_id=seed.id, label="claim", start=1, end=4, text=seed.text[1:4],
        note="n", annotator="x", created="c", updated="u", prefix="p", suffix="s",
        orphan=True, history=(NoteRevision("old", "y", "t"),),
    )
    back = Annotation.from_record(made.to_record())
    assert back == made and hash(back) == hash(made) and repr(back) == repr(made)
    with pytest.raises(AttributeError):
        back.label = "figure"  # type: ignore[misc]
