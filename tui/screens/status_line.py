"""The line under the panes: whether everything is saved, and what the keys will act on."""

from __future__ import annotations

from textual.content import Content

from annotations.session import Session
from tui.visible import visible


def status_line(
    session: Session,
    selection: tuple[int, int] | None,
    cursor: int | None,
    save_error: str | None,
) -> Content:
    """The status line.

    Args:
        session: The session (its active annotation, labels and suggestions).
        selection: The selection in the text pane in use.
        cursor: The cursor in that pane (None when the pane shows no text).
        save_error: Why the last save failed, if it did.
    """
    if save_error:
        state: tuple[str, str] = (f" NOT SAVED: {save_error} ", "bold #ffffff on #aa0000")
    elif session.store.dirty:
        state = (" saving… ", "dim")
    else:
        state = (" saved ", "dim")
    return Content.assemble(state, " ", _hint(session, selection, cursor))


def _hint(session: Session, selection: tuple[int, int] | None, cursor: int | None) -> Content:
    active = session.active
    if selection and active and active.orphan:
        return Content("r re-attaches the orphan to the selection")
    if selection:
        keys = " · ".join(f"{label.key} {label.name}" for label in session.labels)
        return Content(f"{selection[1] - selection[0]} characters selected: {keys}")
    suggested = session.suggestions_at(cursor) if not active else []
    if suggested:
        label = suggested[0].label
        return Content.assemble(
            (f" suggested {visible(label)} ", f"bold #ffffff on {session.colour(label)}"),
            Content(f" a accept · z reject · A accept every {visible(label)}"),
        )
    if active and active.orphan:
        return Content(
            "⚠ orphan: its article changed and its text was not found again. "
            "Select where it belongs and press r, or x to delete it"
        )
    if active:
        return Content.assemble(
            (f" {visible(active.label)} ", f"bold #ffffff on {session.colour(active.label)}"),
            Content(" n note · x delete · another label key retags"),
        )
    return Content("Select text: shift+arrows, s sentence, / search, or drag the mouse")
