"""The article screen's flows that ask before they act: the labels of a comment or of the
article, and the right click that links two annotations (asking which relation when the label
set allows several).

Each dialog is pushed at once, with a callback, rather than awaited in a worker: a key typed
right after `c` (`c 1`, as a terminal sends a fast typist's keys together) then reaches the
dialog, and never the screen underneath, where it would tag or retag.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App

from annotations.doc_labels import ChoiceSet
from annotations.outcome import Outcome
from annotations.session import Session
from tui.screens.choices import ChoiceDialog, Chosen


class ArticleScreen(Protocol):
    """What a flow needs of the article screen (which imports this module)."""

    session: Session

    @property
    def app(self) -> App[Any]: ...

    def show_outcome(self, outcome: Outcome) -> None: ...


def ask_labels(screen: ArticleScreen, comment: int | None) -> None:
    """Ask for the labels of comment number `comment` (or of the article, when None), and
    keep them."""
    session = screen.session
    classifying = session.classifying
    sets = classifying.sets_for(comment)
    if not sets:
        screen.show_outcome(classifying.choose(comment, {}))  # it says there are none
        return
    block = session.article.comments[comment] if comment is not None else None
    context = session.article.block_text(block)[:200] if block else session.article.title

    def keep(chosen: Chosen | None) -> None:
        if chosen is not None:
            screen.show_outcome(classifying.choose(comment, chosen))

    screen.app.push_screen(ChoiceDialog(
        f"Labels of {classifying.what(comment)}", context, sets, classifying.chosen(comment)),
        keep)


def right_click(screen: ArticleScreen, offset: int) -> None:
    """A right click at `offset` (the cursor is already there). On an annotation: start a
    link, or end the one started there; elsewhere: ask for the labels of the comment (or the
    article) there."""
    session = screen.session
    links = session.links
    here = session.annotations_at(offset)
    if not here:
        ask_labels(screen, session.classifying.comment_at(offset))
        return
    head, tail = links.head, here[0]
    if head is None or head.id == tail.id:
        screen.show_outcome(links.start())
        return
    kinds = links.allowed(head, tail) or list(links.types[:1])  # none: make() says why
    if len(kinds) == 1:
        screen.show_outcome(links.make(kinds[0].name, tail))
        return

    def make(chosen: Chosen | None) -> None:
        if chosen and chosen["relation"]:
            screen.show_outcome(links.make(chosen["relation"][0], tail))

    choices = ChoiceSet("relation", "article", tuple(kind.name for kind in kinds))
    screen.app.push_screen(
        ChoiceDialog(f"Link {head.label} to {tail.label}", "", [choices], {}), make)
