"""The article screen's flows that open a dialog: the note, the search, tagging every match,
the sentence letters, the article list, the help, the review, the statistics, the labels of a
comment or of the article, and the right click that links two annotations (asking which
relation when the label set allows several).

Each dialog is pushed at once, with a callback, rather than awaited in a worker: a key typed
right after `c` (`c 1`, as a terminal sends a fast typist's keys together) then reaches the
dialog, and never the screen underneath, where it would tag or retag. The dialogs' modules are
imported when first opened: the first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.binding import BindingType

from annotations.doc_labels import ChoiceSet
from annotations.outcome import Outcome
from annotations.session import NEEDS_ACTIVE, Session
from tui.screens.saving import Saving
from tui.widgets.article_panes import ArticlePanes
from tui.widgets.text_keys import free_word_keys
from tui.widgets.text_view import TextView

if TYPE_CHECKING:
    from tui.screens.choices import Chosen


class ArticleScreen(Protocol):
    """What a flow needs of the article screen (which imports this module)."""

    session: Session

    @property
    def app(self) -> App[Any]: ...

    def show_outcome(self, outcome: Outcome) -> None: ...

    @property
    def panes(self) -> ArticlePanes: ...

    @property
    def saving(self) -> Saving: ...

    def query(self, selector: type[TextView]) -> Iterable[TextView]: ...


def ask_note(screen: ArticleScreen) -> None:
    """Ask for the note on the active annotation, and keep it."""
    session = screen.session
    annotation = session.active
    if annotation is None:
        screen.show_outcome(NEEDS_ACTIVE)
        return

    def keep(note: str | None) -> None:
        if note is not None:
            screen.show_outcome(session.editing.note(annotation, note))

    from tui.screens.prompt import TextPrompt

    prompt = TextPrompt(f"Note on {annotation.label}", f"“{annotation.text}”", annotation.note)
    screen.app.push_screen(prompt, keep)


def ask_search(screen: ArticleScreen) -> None:
    """Ask for text and select its next match in the article (an empty search stops
    highlighting the matches of the last one)."""
    session = screen.session

    def search(query: str | None) -> None:
        if query:
            screen.show_outcome(session.searching.find(screen.panes.here(), query=query))
        elif query == "" and session.last_search:  # emptied: stop highlighting
            screen.show_outcome(session.searching.clear())

    from tui.screens.prompt import TextPrompt

    prompt = TextPrompt(
        "Search the article", value=session.last_search, placeholder="text", replace=True,
    )
    screen.app.push_screen(prompt, search)


def ask_label_for_matches(screen: ArticleScreen) -> None:
    """Tag every match of the last search with the label asked for, saying how many."""
    session = screen.session
    count = session.searching.match_count()
    if not count:  # find says why: nothing searched for yet, or nothing found
        screen.show_outcome(session.searching.find(screen.panes.here()))
        return
    from tui.screens.label_choice import label_choice

    def tag(label: str | None) -> None:
        if label is not None:
            screen.show_outcome(session.searching.tag_matches(label))

    question = f"Tag the {count} matches of “{session.last_search}” with which label?"
    screen.app.push_screen(label_choice(session.labels, "Tag every match", question), tag)


def show_sentence_letters(screen: ArticleScreen) -> None:
    """Put a letter on every sentence on screen; the letter typed selects its sentence."""
    from tui.screens.hints import HintScreen, sentence_hints

    hints = sentence_hints(screen.query(TextView))
    if hints:
        screen.app.push_screen(HintScreen(hints, lambda span: screen.show_outcome(
            Outcome(select=span))))


def show_article_list(screen: ArticleScreen) -> None:
    """Show the set's articles; go to the one picked."""
    from tui.screens.articles import article_list_screen

    session = screen.session

    def go(position: int | None) -> None:
        if position is not None and position != session.index:
            screen.show_outcome(session.navigating.go_to(position))

    screen.app.push_screen(article_list_screen(session), go)


def show_help(screen: ArticleScreen, keys: Iterable[BindingType]) -> None:
    """Show every key: the screen's `keys`, the text panes' and the label set's."""
    from textual.binding import Binding

    from tui.screens.help import HelpScreen, key_sections

    session = screen.session
    moving = [*TextView.BINDINGS, *free_word_keys(session.labels)]
    sections = key_sections(
        session.labels, [b for b in keys if isinstance(b, Binding)],
        [b for b in moving if isinstance(b, Binding)], session.links.types,
    )
    screen.app.push_screen(HelpScreen(sections))


def show_review(screen: ArticleScreen) -> None:
    """Review the DB's annotations one at a time; the article is read again after."""
    from tui.screens.review import review_screen

    def back(_: None) -> None:
        screen.show_outcome(screen.session.reload())

    screen.app.push_screen(review_screen(screen.session, screen.saving.save), back)


def show_statistics(screen: ArticleScreen) -> None:
    """Show annotations by label, article and annotator, and progress."""
    from tui.screens.statistics import StatisticsScreen

    screen.app.push_screen(StatisticsScreen(screen.session))


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

    from tui.screens.choices import ChoiceDialog

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

    from tui.screens.choices import ChoiceDialog

    choices = ChoiceSet("relation", "article", tuple(kind.name for kind in kinds))
    screen.app.push_screen(
        ChoiceDialog(f"Link {head.label} to {tail.label}", "", [choices], {}), make)
