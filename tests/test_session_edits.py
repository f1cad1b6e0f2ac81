"""What the edit keys do, without the screen: tag, retag, note, re-attach, delete, undo and
redo (`Session.editing`)."""

from __future__ import annotations

import pytest

from annotations.history import describe
from annotations.model import Annotation
from annotations.outcome import Changed, Outcome
from annotations.session_edits import NEEDS_ACTIVE
from annotations.store import Change
from tests.session_article import ARTICLE, said, session_over, span


@pytest.mark.parametrize(
    ("selection", "quote", "message"),
    [
        (span("China"), "China", None),
        ((span("China")[0] - 2, span("China")[1] + 1), "China", None),  # white space trimmed
        ((span("2025.")[1], span("2025.")[1] + 2), None,
         "Only white space is selected; nothing tagged."),
        (None, None, "Select some text first, or put the cursor on an annotation to retag it."),
    ],
)
def test_tag(selection, quote, message) -> None:
    session = session_over()
    outcome = session.editing.tag("claim", selection)
    stored = session.store.annotations(ARTICLE.id)
    if quote is None:
        assert stored == [] and said(outcome) == [message] and outcome.notices[0].warning
        assert not outcome.to_save
        return
    [made] = stored
    assert (made.text, made.label, made.annotator, made.origin) == (quote, "claim", "tester",
                                                                  "manual")
    assert session.active == made and outcome.cursor == made.end
    assert outcome.changed & Changed.ANNOTATIONS and outcome.to_save
    assert outcome.redraw is not None
    assert outcome.redraw[0] <= made.start and outcome.redraw[1] >= made.end


@pytest.mark.parametrize(
    ("label", "expected_label", "message"),
    [("figure", "figure", None), ("claim", "claim", "Already tagged claim.")],
)
def test_a_label_key_with_nothing_selected_retags_the_active_one(
    label, expected_label, message
) -> None:
    session = session_over()
    session.editing.tag("claim", span("China"))
    outcome = session.editing.tag(label, None)
    [annotation] = session.annotations
    assert annotation.label == expected_label
    assert said(outcome) == ([message] if message else [])


@pytest.mark.parametrize(
    ("snap", "selection", "quote"),
    [
        (True, (span("minister")[0] + 1, span("minister")[0] + 4), "minister"),
        (True, (span("rose 28")[0] + 2, span("rose 28")[1] - 1), "rose 28"),
        (False, (span("minister")[0] + 1, span("minister")[0] + 4), "ini"),
    ],
)
def test_a_tag_never_cuts_a_word_unless_snapping_is_off(snap, selection, quote) -> None:
    session = session_over()
    session.snap_words = snap
    session.editing.tag("claim", selection)
    assert [a.text for a in session.annotations] == [quote]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["undo"], "Nothing to undo."),
        (["redo"], "Nothing to redo."),
        (["tag", "undo"], "Undone: tag claim."),
        (["tag", "undo", "redo"], "Redone: tag claim."),
        (["tag", "retag", "undo"], "Undone: retag claim → figure."),
        (["tag", "delete"], "Deleted claim: u undoes it."),
        (["tag", "delete", "undo"], "Undone: delete claim."),
        (["delete"], NEEDS_ACTIVE.notices[0].text),
    ],
)
def test_undo_redo_and_delete_say_what_they_did(keys, message) -> None:
    session = session_over()
    operations = {
        "tag": lambda: session.editing.tag("claim", span("China")),
        "retag": lambda: session.editing.tag("figure", None),
        "delete": session.editing.delete,
        "undo": session.editing.undo,
        "redo": session.editing.redo,
    }
    outcomes = [operations[key]() for key in keys]
    assert said(outcomes[-1]) == [message]


def test_undo_goes_back_to_the_annotation() -> None:
    session = session_over()
    session.editing.tag("claim", span("China"))
    session.editing.delete()
    outcome = session.editing.undo()
    assert session.active is not None and session.active.text == "China"
    assert (outcome.cursor, outcome.center) == (span("China")[0], True)


def test_a_note_is_saved_only_when_it_changes() -> None:
    session = session_over()
    session.editing.tag("claim", span("China"))
    annotation = session.active
    assert session.editing.note(annotation, "") == Outcome()
    assert session.editing.note(annotation, "who says?").to_save
    assert session.active.note == "who says?"


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (None, {"label": "claim"}, "tag claim"),
        ({"label": "claim"}, None, "delete claim"),
        ({"label": "claim"}, {"label": "figure"}, "retag claim → figure"),
        ({"label": "claim"}, {"label": "claim", "start": 1}, "re-attach claim"),
        ({"label": "claim"}, {"label": "claim", "note": "n"}, "note"),
    ],
)
def test_describe(before, after, words) -> None:
    def made(fields):
        return None if fields is None else Annotation(
            **{"id": "a", "article_id": "x", "start": 0, "end": 5, "text": "China", **fields}
        )

    assert describe(Change("x", made(before), made(after))) == words


@pytest.mark.parametrize(
    "operation",
    [
        lambda session: session.editing.tag("figure", None),
        lambda session: session.editing.note(session.active, "too late"),
        lambda session: session.editing.reattach(span("Critics")),
        lambda session: session.editing.delete(),
    ],
    ids=["retag", "note", "reattach", "delete"],
)
def test_an_annotation_another_annotator_deleted_is_said_to_be_gone(operation) -> None:
    session = session_over()
    session.editing.tag("claim", span("149 suspects"))
    shown = session.active
    assert shown is not None
    # The other annotator's deletion, as a save or a sync takes it in before the screen
    # has read the annotations again.
    session.store.delete(shown)
    assert session.active == shown
    outcome = operation(session)
    assert said(outcome) == [
        "That claim annotation was deleted by another annotator meanwhile; nothing changed."
    ]
    assert outcome.notices[0].warning and Changed.ANNOTATIONS in outcome.changed
    assert session.annotations == () and session.active is None
    assert session.store.annotations(ARTICLE.id) == []
