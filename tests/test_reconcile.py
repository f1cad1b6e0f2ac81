"""Two processes on one DB: merging by id, and a note edited on both sides."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotations.model import Annotation, NoteRevision
from annotations.parsing import parse_text
from annotations.reconcile import resolve
from annotations.store import AnnotationStore

BASE = Annotation(
    id="a1", article_id="art", label="claim", start=0, end=5, text="Hello", note="base",
    annotator="ana", created="2026-01-01T00:00:00.000+00:00",
    updated="2026-01-01T00:00:00.000+00:00",
)


def edited(annotation: Annotation, when: str, **fields) -> Annotation:
    return replace(annotation, updated=f"2026-01-01T00:00:{when}.000+00:00", **fields)


def test_each_side_keeps_the_field_it_changed() -> None:
    ours = edited(BASE, "05", label="figure")
    theirs = edited(BASE, "09", note="their note", annotator="bo")
    merged = resolve(BASE, ours, theirs)
    assert (merged.label, merged.note) == ("figure", "their note")
    assert merged.updated == theirs.updated and merged.history == ()


def test_a_note_edited_on_both_sides_keeps_the_later_and_records_the_other() -> None:
    ours = edited(BASE, "05", note="ours, earlier")
    theirs = edited(BASE, "09", note="theirs, later", annotator="bo")
    merged = resolve(BASE, ours, theirs)
    assert merged.note == "theirs, later"
    assert merged.history == (NoteRevision("ours, earlier", "ana", ours.updated),)
    the_other_way = resolve(BASE, theirs, ours)
    assert the_other_way.note == "theirs, later"
    assert the_other_way.history == (NoteRevision("ours, earlier", "ana", ours.updated),)


def article():
    return parse_text("Shared article\nOne two three four five six seven eight nine ten.", "s.txt")


def span(text, word: str) -> tuple[int, int]:
    start = text.text.index(word)
    return start, start + len(word)


def test_two_stores_on_one_file_lose_nothing(tmp_path: Path) -> None:
    db, text = tmp_path / "db.json", article()
    first = AnnotationStore.open(db)
    first.add_articles([text])
    second = AnnotationStore.open(db)
    second.add_articles([text])
    a = first.tag(text, *span(text, "One"), "claim", "ana")
    b = second.tag(text, *span(text, "two"), "figure", "bo")  # written on top of a
    first.set_note(a, "ana's note")  # first has not seen b yet; it must not drop it
    assert {x.id for x in AnnotationStore.open(db).annotations(text.id)} == {a.id, b.id}
    assert second.sync() is True
    assert {x.note for x in second.annotations(text.id)} == {"ana's note", ""}
    second.delete(b)
    first.tag(text, *span(text, "three"), "opinion", "ana")
    final = AnnotationStore.open(db).annotations(text.id)
    assert [(x.label, x.text, x.note) for x in final] == [
        ("claim", "One", "ana's note"), ("opinion", "three", "")
    ]


def test_a_note_edited_in_two_processes(tmp_path: Path) -> None:
    db, text = tmp_path / "db.json", article()
    first = AnnotationStore.open(db)
    first.add_articles([text])
    made = first.tag(text, *span(text, "One"), "claim", "ana")
    second = AnnotationStore.open(db)
    first.set_note(made, "from the first")
    later = second.set_note(made, "from the second")
    [kept] = AnnotationStore.open(db).annotations(text.id)
    assert kept.note == "from the second" and kept.updated == later.updated
    assert [r.note for r in kept.history] == ["from the first"]


def test_a_deleted_db_file_is_written_again_from_memory(tmp_path: Path) -> None:
    db, text = tmp_path / "db.json", article()
    store = AnnotationStore.open(db)
    store.add_articles([text])
    store.tag(text, *span(text, "One"), "claim")
    db.unlink()
    store.tag(text, *span(text, "two"), "figure")
    assert len(AnnotationStore.open(db).annotations(text.id)) == 2
