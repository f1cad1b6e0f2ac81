"""Making and changing annotations: tag, retag, note, re-attach, delete, undo and redo."""

from __future__ import annotations

from annotations.store import Change
from tui.screens.base import ArticleScreen
from tui.visible import visible


class EditingActions(ArticleScreen):
    """The main screen's annotation actions (a mixin of `MainScreen`)."""

    def action_tag(self, label: str) -> None:
        """Tag the selection with `label`, or retag the active annotation."""
        view = self.text_view()
        selection = view.selection
        if selection:
            start, end = _trimmed(self.article.text, *selection)
            if start >= end:
                self.notify("Only white space is selected; nothing tagged.", severity="warning")
                return
            annotation = self.store.tag(self.article, start, end, label, self.session.annotator)
            view.move_cursor(end)
            self.active_id = annotation.id
            self.changed()
        elif self.active is not None:
            if self.active.label == label:
                self.notify(f"Already tagged {label}.")
                return
            self.store.retag(self.active, label)
            self.changed()
        else:
            self.notify(
                "Select some text first (shift+arrows, s, / or the mouse), "
                "or put the cursor on an annotation to retag it.",
                severity="warning",
            )

    def action_note(self) -> None:
        """Add or edit the note on the active annotation."""
        annotation = self.active
        if annotation is None:
            self.notify("Put the cursor on an annotation (or pick one in the list) first.")
            return

        def save(note: str | None) -> None:
            if note is not None and note != annotation.note:
                self.store.set_note(annotation, note)
                self.changed()

        title = f"Note on {annotation.label}"
        from tui.screens.prompt import TextPrompt

        self.app.push_screen(TextPrompt(title, f"“{annotation.text}”", annotation.note), save)

    def action_reattach(self) -> None:
        """Move the current annotation to the selection (how an orphan finds a home)."""
        annotation = self.active
        view = self.text_view()
        selection = view.selection
        if annotation is None or selection is None:
            self.notify(
                "Choose an annotation (an orphan in the list, say), select where it belongs, "
                "then press r."
            )
            return
        start, end = _trimmed(self.article.text, *selection)
        if start >= end:
            self.notify("Only white space is selected.", severity="warning")
            return
        self.store.reattach(annotation, self.article, start, end)
        view.move_cursor(end)
        self.changed()
        self.notify(f"Re-attached {annotation.label} to “{visible(self.article.text[start:end])}”.")

    def action_delete(self) -> None:
        """Delete the active annotation."""
        annotation = self.active
        if annotation is None:
            self.notify("Put the cursor on an annotation (or pick one in the list) first.")
            return
        self.store.delete(annotation)
        self.active_id = None
        self.changed()
        self.notify(f"Deleted {annotation.label}: u undoes it.")

    def action_undo(self) -> None:
        """Undo the last change to this article's annotations."""
        change = self.store.undo(self.article.id)
        self._replayed(change, f"Undone: {_describe(change.inverse())}." if change else None)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        change = self.store.redo(self.article.id)
        self._replayed(change, f"Redone: {_describe(change)}." if change else None)

    def _replayed(self, change: Change | None, message: str | None) -> None:
        if change is None or message is None:
            self.notify("Nothing to undo." if message is None else "Nothing to redo.")
            return
        self.active_id = change.after.id if change.after else None
        self.changed()
        shown = change.after or change.before
        if shown is not None and not shown.orphan:
            self.view_holding(shown.start).move_cursor(shown.start, center=True)
        self.notify(message)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _describe(change: Change) -> str:
    before, after = change.before, change.after
    if before is None and after is not None:
        return f"tag {after.label}"
    if after is None and before is not None:
        return f"delete {before.label}"
    assert before is not None and after is not None
    if before.label != after.label:
        return f"retag {before.label} → {after.label}"
    if (before.start, before.end, before.orphan) != (after.start, after.end, after.orphan):
        return f"re-attach {after.label}"
    return "note"
