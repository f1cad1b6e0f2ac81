"""Editing in a session: what the keys that change the article's annotations do
(`Session.editing`).

A label key tags the selection (grown to whole words when snapping), or retags the annotation
the keys act on; the others give it a note, re-attach it to the selection (how an orphan finds a
home) or delete it, and undo and redo step through the article's history. Another annotator
sharing the DB may have deleted an annotation meanwhile: the edit then says so and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotations.history import describe
from annotations.model import Annotation
from annotations.outcome import Changed, Outcome, Span, say
from annotations.relations import Relation
from annotations.store import AnnotationGone, Change

if TYPE_CHECKING:
    from annotations.session import Session

NEEDS_ACTIVE = say("Put the cursor on an annotation (or pick one in the list) first.")
"""What an operation on the active annotation says when there is none."""


class Editing:
    """The changes the keys make to the annotations of the session's article."""

    def __init__(self, session: Session) -> None:
        """Args:
        session: The session whose article's annotations are edited.
        """
        self.session = session

    def tag(self, label: str, selection: Span | None) -> Outcome:
        """Tag the selection with `label`; with nothing selected, retag the active annotation."""
        session = self.session
        before = session.active_id
        if selection:
            start, end = session.to_tag(selection)
            if start >= end:
                return say("Only white space is selected; nothing tagged.", warning=True)
            session.record_opened()
            made = session.store.tag(session.article, start, end, label, session.annotator)
            session.active_id = made.id
            return session.reread(before, cursor=end)
        active = session.active
        if active is None:
            return say(
                "Select some text first, or put the cursor on an annotation to retag it.",
                warning=True,
            )
        if active.label == label:
            return say(f"Already tagged {label}.")
        try:
            session.store.retag(active, label)
        except AnnotationGone:
            return self._gone(active)
        return session.reread(before)

    def tag_all(self, spans: Sequence[Span], label: str, origin: str) -> None:
        """Tag `spans` with `label` as one step to undo (the annotations are not read again:
        `reread` does it)."""
        session = self.session
        session.record_opened()
        for number, (start, end) in enumerate(spans):
            session.store.tag(session.article, start, end, label, session.annotator,
                              origin=origin, joined=number > 0)

    def note(self, annotation: Annotation, note: str) -> Outcome:
        """Give `annotation` a new note (an empty one removes it)."""
        session = self.session
        if note == annotation.note:
            return Outcome()
        try:
            session.store.set_note(annotation, note)
        except AnnotationGone:
            return self._gone(annotation)
        return session.reread(session.active_id)

    def reattach(self, selection: Span | None) -> Outcome:
        """Move the active annotation to the selection (how an orphan finds a home)."""
        session = self.session
        annotation = session.active
        if annotation is None or selection is None:
            return say(
                "Choose an annotation (an orphan in the list, say), select where it belongs, "
                "then press r."
            )
        text = session.article.text
        start, end = session.to_tag(selection)
        if start >= end:
            return say("Only white space is selected.", warning=True)
        try:
            session.store.reattach(annotation, session.article, start, end)
        except AnnotationGone:
            return self._gone(annotation)
        outcome = session.reread(session.active_id, cursor=end)
        return outcome.saying(f"Re-attached {annotation.label} to “{text[start:end]}”.")

    def delete(self) -> Outcome:
        """Delete the active annotation, and its relations."""
        session = self.session
        annotation = session.active
        if annotation is None:
            return NEEDS_ACTIVE
        linked = len(session.links.of(annotation.id))
        try:
            session.store.delete(annotation)
        except AnnotationGone:
            return self._gone(annotation)
        session.active_id = None
        also = f" and its {linked} relation{'s' * (linked > 1)}" if linked else ""
        return session.reread(annotation.id).saying(
            f"Deleted {annotation.label}{also}: u undoes it.")

    def undo(self) -> Outcome:
        """Undo the last change to the article's annotations (or the last command's)."""
        step = self.session.store.undo(self.session.article.id)
        if not step:
            return say("Nothing to undo.")
        return self._replayed(step, f"Undone: {describe(*(c.inverse() for c in step))}.")

    def redo(self) -> Outcome:
        """Make again the last change undone."""
        step = self.session.store.redo(self.session.article.id)
        if not step:
            return say("Nothing to redo.")
        return self._replayed(step, f"Redone: {describe(*step)}.")

    def _replayed(self, step: tuple[Change, ...], message: str) -> Outcome:
        session = self.session
        before, last = session.active_id, step[-1]
        item = last.item
        if isinstance(item, Relation):  # a label's change leaves the cursor where it is
            session.active_id = item.head
        elif isinstance(item, Annotation):
            session.active_id = item.id if last.after else None
        outcome, shown = session.reread(before).saying(message), session.active
        return replace(outcome, changed=outcome.changed | Changed.RELATIONS | Changed.LABELS,
                       cursor=shown.start if shown and not shown.orphan else None, center=True)

    def _gone(self, annotation: Annotation) -> Outcome:
        """What an edit of an annotation another annotator deleted meanwhile says; the
        article's annotations are read again so that it is no longer shown."""
        session = self.session
        return session.reread(session.active_id, to_save=False).saying(
            deleted_meanwhile(annotation), warning=True
        )


def deleted_meanwhile(annotation: Annotation) -> str:
    """What an edit of `annotation` says when another annotator deleted it meanwhile."""
    return (f"That {annotation.label} annotation was deleted by another annotator meanwhile; "
            "nothing changed.")
