"""The article screen's lines of words: the title line, and the status line under the panes
(whether everything is saved, and what the keys will act on)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from annotations.outcome import counted
from annotations.session import Session
from annotations.store import DONE
from tui.visible import visible
from tui.widgets.article_table import STATUS_NAMES
from tui.widgets.text_bidi import visual_string


def header(session: Session, *, bidi: bool = True) -> tuple[str, str]:
    """The title (position in the set, then the article's title) and the sub-title (its
    annotations and status, then the set's progress).

    With `bidi`, a right-to-left title is given in the order it is drawn, as the text panes
    draw their lines (`--no-bidi` leaves that to the terminal)."""
    statuses = session.store.statuses()
    total = len(session.articles)
    # The position comes first so that a narrow terminal still shows it.
    shown = visible(session.article.title)
    drawn = visual_string(shown) if bidi else None
    title = f"{session.index + 1}/{total} · {drawn[0] if drawn else shown}"
    count = len(session.annotations)
    status = STATUS_NAMES[statuses.get(session.article.id, "new")]
    done = sum(1 for value in statuses.values() if value == DONE)
    sub_title = f"{counted(count, 'annotation')} · {status} · {done}/{total} done"
    if session.article.lang:  # the language whose sentence rules s, suggestions and CoNLL use
        sub_title += f" · {visible(session.article.lang)}"
    labels = session.classifying.shown(None)
    if labels:
        sub_title = f"{visible(labels)} · {sub_title}"
    return title, sub_title


def status_line(
    session: Session,
    selection: tuple[int, int] | None,
    cursor: int | None,
    save_error: str | None,
    notices: Sequence[tuple[str, bool]] = (),
) -> Content:
    """The status line: whether all is saved, the notices, then what the keys will act on.

    Args:
        session: The session (its active annotation, labels and suggestions).
        selection: The selection in the text pane in use.
        cursor: The cursor in that pane (None when the pane shows no text).
        save_error: Why the last save failed, if it did.
        notices: What the app is telling the user now, newest first, as (text, warning).
    """
    if save_error:
        state: tuple[str, str] = (
            f" NOT SAVED: {visible(save_error)} ", "bold #ffffff on #aa0000"
        )
    elif session.store.dirty:
        state = (" saving… ", "dim")
    else:
        state = (" saved ", "dim")
    told = [
        (f"⚠ {visible(text)}", "bold $text-warning") if warning
        else (visible(text), "bold $text-success")
        for text, warning in notices
    ]
    parts = [part for notice in told for part in (notice, "  ")]
    return Content.assemble(state, " ", *parts, _hint(session, selection, cursor))


def _hint(session: Session, selection: tuple[int, int] | None, cursor: int | None) -> Content:
    active = session.active
    head = session.links.head
    if head is not None:
        keys = " · ".join(f"{kind.key} {kind.name}" for kind in session.links.types)
        target = f"{visible(active.label)}: " if active and active.id != head.id else ""
        return Content(f"linking from {visible(head.label)} → {target}{keys} · escape cancels")
    if selection and active and active.orphan:
        return Content("r re-attaches the orphan to the selection")
    if selection:
        keys = " · ".join(f"{label.key} {visible(label.name)}" for label in session.labels)
        found = session.searching.position(selection)
        match = f"match {found[0]}/{found[1]} · " if found else ""
        return Content(f"{match}{selection[1] - selection[0]} characters selected: {keys}")
    suggested = session.suggestions_at(cursor) if not (active and active.orphan) else []
    inner = suggested[0] if suggested else None
    if inner and active and inner.end - inner.start > active.end - active.start:
        inner = None  # the innermost span under the cursor is the one offered
    if inner:  # inside an annotation of another label too: it is still to decide
        label = inner.label
        inside = f" · in {visible(active.label)}" if active else ""
        return Content.assemble(
            (f" suggested {visible(label)} ", f"bold #ffffff on {session.colour(label)}"),
            Content(f" a accept · z reject · A accept every {visible(label)}{inside}"),
        )
    if active and active.orphan:
        return Content(
            "⚠ orphan: its article changed and its text was not found again. "
            "Select where it belongs and press r, or x to delete it"
        )
    if active:
        relations = session.links.of(active.id)
        said = " · ".join(
            f"─{r.type}→ {_end(session, r.tail)}" if r.head == active.id else
            f"←{r.type}─ {_end(session, r.head)}" for r in relations
        )
        hint = " x deletes the relation" if session.links.selected else \
            " n note · x delete · > link · another label key retags"
        return Content.assemble(
            (f" {visible(active.label)} ", f"bold #ffffff on {session.colour(active.label)}"),
            Content(f" {visible(said)} ·" if said else ""), Content(hint),
        )
    return Content("Select text: shift+arrows, s sentence, / search, or drag the mouse")


def _end(session: Session, annotation_id: str) -> str:
    """A relation's other end, as the status line names it: `source “Lin Jian”`."""
    end = next((a for a in session.annotations if a.id == annotation_id), None)
    if end is None:
        return "(deleted)"
    text = " ".join(end.text.split())
    shown = text if len(text) <= 24 else text[:23].rstrip() + "…"
    return f"{end.label}{' ⚠ orphan' if end.orphan else ''} “{shown}”"
