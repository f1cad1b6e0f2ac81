"""One annotator working through a set of articles: what the keys of the article screen do.

The session holds the state of the work (the article on screen, its annotations, the one the
keys act on, the suggestions and the last search) and every operation on it. Each operation
returns an `Outcome` (`annotations.outcome`) that the screen shows: the messages, what changed,
and where the cursor goes. The screen keeps only what is about the screen (which pane has the
focus, where the cursor and selection are) and passes it in.

To add another kind of thing to annotate (relations between two annotations, say): keep its
state here beside `annotations`, give it operations that return an `Outcome`, and a `Changed`
member of its own that the screen answers by showing it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotations.anchoring import trim
from annotations.article_suggestions import ArticleSuggestions
from annotations.model import Annotation, Article, Label
from annotations.outcome import Changed, Notice, Outcome, Span, say
from annotations.parsing import ArticleError
from annotations.search import matches, next_match
from annotations.sentences import sentence_at
from annotations.sets import ArticleSet
from annotations.span_index import SpanIndex
from annotations.store import AnnotationStore, Change
from annotations.suggestions import Suggestion

OTHER_LABEL_COLOUR = "#777777"
"""The colour of a label that is not in the label set (made with another set, or imported)."""

NEEDS_ACTIVE = say("Put the cursor on an annotation (or pick one in the list) first.")
"""What an operation on the active annotation says when there is none."""


class Session:
    """An annotator's work on a set of articles, one article at a time."""

    def __init__(
        self,
        articles: ArticleSet,
        store: AnnotationStore,
        annotator: str,
        labels: Sequence[Label],
        rules: frozenset[str] = frozenset(),
    ) -> None:
        """Start a session; nothing is read until an article is opened (`resume`, `open`).

        Args:
            articles: The set, in order.
            store: Where annotations are kept.
            annotator: Recorded on every annotation made.
            labels: The label set; each label's key tags with it.
            rules: The suggestion rules switched on.
        """
        self.articles = articles
        self.store = store
        self.annotator = annotator
        self.labels = tuple(labels)
        self.rules = rules
        self.colours = {label.name: label.colour for label in self.labels}
        self.index = 0
        """The position of the current article in the set."""
        self.annotations: tuple[Annotation, ...] = ()
        """The current article's annotations (orphans included), by start then end."""
        self.active_id: str | None = None
        """The annotation the keys act on (note, delete, retag), if any."""
        self.last_search = ""
        """What `find` looks for when it is given nothing new."""
        self._placed: SpanIndex[Annotation] = SpanIndex()
        self._suggestions: ArticleSuggestions | None = None

    @property
    def article(self) -> Article:
        """The current article."""
        return self.articles[self.index]

    @property
    def active(self) -> Annotation | None:
        """The annotation the keys act on, if any."""
        return next((a for a in self.annotations if a.id == self.active_id), None)

    def colour(self, label: str) -> str:
        """The colour a label is drawn in."""
        return self.colours.get(label, OTHER_LABEL_COLOUR)

    def resume(self) -> Outcome:
        """Open the first article of the set neither done nor skipped (else the first)."""
        return self.open(self.articles.resume_position(self.store.statuses()))

    def open(self, index: int) -> Outcome:
        """Make article `index` of the set current (recording it in the DB if it is new)."""
        try:
            article = self.articles[index]
        except ArticleError as error:  # a set's file changed or went since it was opened
            return say(str(error))
        self.index = index
        report = self.store.add_articles([article])
        notices = []
        if report.moved or report.orphaned:
            notices.append(Notice(
                f"{article.title}: the article changed since it was annotated; {report}.",
                warning=True, lasting=True,
            ))
        self.active_id = None
        self._take_annotations()
        labels = [label.name for label in self.labels]
        rejected = self.store.rejected(article.id)
        self._suggestions = ArticleSuggestions(article, self.rules, labels, rejected)
        notices += [Notice(f"{article.source}: {w}", warning=True) for w in article.warnings]
        return Outcome(notices=tuple(notices), changed=Changed.ARTICLE, to_save=True)

    def go_to(self, index: int) -> Outcome:
        """Open article `index`, if the set has one there."""
        total = len(self.articles)
        if not 0 <= index < total:
            return say("That is the last article." if index >= total else "That is the first.")
        return self.open(index)

    def next_article(self) -> Outcome:
        """Open the next article of the set."""
        return self.go_to(self.index + 1)

    def previous_article(self) -> Outcome:
        """Open the previous article of the set."""
        return self.go_to(self.index - 1)

    def mark(self, status: str) -> Outcome:
        """Give the article a status (`done`, `skipped`, `in_progress`), then open the next
        article neither done nor skipped."""
        self.store.set_status(self.article, status)
        word = status.replace("_", " ")
        following = self.articles.next_unfinished(self.index, self.store.statuses())
        if following is None:
            every = Notice(f"Marked {word}. Every article of the set is done or skipped.")
            return Outcome(notices=(every,), changed=Changed.STATUS, to_save=True)
        opened = self.open(following)
        return Outcome(
            notices=(Notice(f"Marked {word}."), *opened.notices),
            changed=opened.changed | Changed.STATUS,
            to_save=True,
        )

    def reload(self) -> Outcome:
        """Read the article's annotations from the store again (another process saved some,
        or they were reviewed)."""
        return self._reloaded(self.active_id, to_save=False)

    def annotations_at(self, offset: int | None) -> list[Annotation]:
        """The placed annotations covering the character at `offset`, innermost first (none
        when `offset` is None: the cursor is in a pane without text)."""
        if offset is None:
            return []
        covering = self._placed.covering(offset)
        return sorted(covering, key=lambda a: (a.end - a.start, a.start))

    def annotations_overlapping(self, start: int, end: int) -> list[Annotation]:
        """The placed annotations sharing a character with `[start, end)`, by start."""
        return self._placed.overlapping(start, end)

    def suggestions_at(self, offset: int | None) -> list[Suggestion]:
        """The open suggestions covering the character at `offset`, innermost first (none
        when `offset` is None)."""
        if self._suggestions is None or offset is None:
            return []
        return self._suggestions.open_at(offset, self._placed)

    def suggestions_overlapping(self, start: int, end: int) -> list[Suggestion]:
        """The open suggestions sharing a character with `[start, end)` (within one block)."""
        if self._suggestions is None:
            return []
        return self._suggestions.open_overlapping(start, end, self._placed)

    def sentence_at(self, offset: int | None) -> Span | None:
        """The sentence holding `offset`, as offsets into the article's text."""
        if offset is None:
            return None
        block = next((b for b in self.article.blocks if b.start <= offset <= b.end), None)
        if block is None:
            return None
        span = sentence_at(
            self.article.block_text(block), offset - block.start, self.article.lang
        )
        return None if span is None else (block.start + span[0], block.start + span[1])

    def activate(self, annotation_id: str | None) -> Outcome:
        """Make an annotation (or none) the one the keys act on."""
        before = self.active_id
        if annotation_id == before:
            return Outcome()
        self.active_id = annotation_id
        touched = [a for a in self._placed.spans if a.id in (annotation_id, before)]
        return Outcome(changed=Changed.ACTIVE, redraw=self._extent(touched))

    def cursor_at(self, offset: int | None) -> Outcome:
        """The cursor rests at `offset` with nothing selected: the innermost annotation there
        becomes active. An orphan stays active until another annotation is, so that the
        user can go and select the place to re-attach it."""
        covering = self.annotations_at(offset)
        active = self.active
        if covering or not (active and active.orphan):
            return self.activate(covering[0].id if covering else None)
        return Outcome()

    def choose(self, annotation_id: str) -> Outcome:
        """Make an annotation picked in the list active, and go to it in the text."""
        annotation = next((a for a in self.annotations if a.id == annotation_id), None)
        if annotation is None:
            return Outcome()
        outcome = self.activate(annotation.id)
        if annotation.orphan:
            return outcome
        return Outcome(outcome.notices, outcome.changed, outcome.redraw,
                       cursor=annotation.start, center=True)

    def tag(self, label: str, selection: Span | None) -> Outcome:
        """Tag the selection with `label`; with nothing selected, retag the active annotation."""
        before = self.active_id
        if selection:
            start, end = trim(self.article.text, *selection)
            if start >= end:
                return say("Only white space is selected; nothing tagged.", warning=True)
            made = self.store.tag(self.article, start, end, label, self.annotator)
            self.active_id = made.id
            return self._reloaded(before, cursor=end)
        active = self.active
        if active is None:
            return say(
                "Select some text first (shift+arrows, s, / or the mouse), "
                "or put the cursor on an annotation to retag it.",
                warning=True,
            )
        if active.label == label:
            return say(f"Already tagged {label}.")
        self.store.retag(active, label)
        return self._reloaded(before)

    def note(self, annotation: Annotation, note: str) -> Outcome:
        """Give `annotation` a new note (an empty one removes it)."""
        if note == annotation.note:
            return Outcome()
        self.store.set_note(annotation, note)
        return self._reloaded(self.active_id)

    def reattach(self, selection: Span | None) -> Outcome:
        """Move the active annotation to the selection (how an orphan finds a home)."""
        annotation = self.active
        if annotation is None or selection is None:
            return say(
                "Choose an annotation (an orphan in the list, say), select where it belongs, "
                "then press r."
            )
        text = self.article.text
        start, end = trim(text, *selection)
        if start >= end:
            return say("Only white space is selected.", warning=True)
        self.store.reattach(annotation, self.article, start, end)
        outcome = self._reloaded(self.active_id, cursor=end)
        return outcome.saying(f"Re-attached {annotation.label} to “{text[start:end]}”.")

    def delete(self) -> Outcome:
        """Delete the active annotation."""
        annotation = self.active
        if annotation is None:
            return NEEDS_ACTIVE
        self.store.delete(annotation)
        self.active_id = None
        return self._reloaded(annotation.id).saying(f"Deleted {annotation.label}: u undoes it.")

    def undo(self) -> Outcome:
        """Undo the last change to the article's annotations."""
        change = self.store.undo(self.article.id)
        if change is None:
            return say("Nothing to undo.")
        return self._replayed(change, f"Undone: {describe(change.inverse())}.")

    def redo(self) -> Outcome:
        """Make again the last change undone."""
        change = self.store.redo(self.article.id)
        if change is None:
            return say("Nothing to redo.")
        return self._replayed(change, f"Redone: {describe(change)}.")

    def _replayed(self, change: Change, message: str) -> Outcome:
        before = self.active_id
        self.active_id = change.after.id if change.after else None
        shown = change.after or change.before
        cursor = shown.start if shown is not None and not shown.orphan else None
        return self._reloaded(before, cursor=cursor, center=True).saying(message)

    def accept(self, offset: int | None) -> Outcome:
        """Make the suggestion at `offset` an annotation (of origin "suggested")."""
        suggestion = next(iter(self.suggestions_at(offset)), None)
        if suggestion is None:
            return _NO_SUGGESTION
        before = self.active_id
        made = self.store.tag(self.article, suggestion.start, suggestion.end, suggestion.label,
                              self.annotator, origin="suggested")
        self.active_id = made.id
        return self._reloaded(before)

    def accept_all(self, offset: int | None) -> Outcome:
        """Accept every open suggestion of the article with the label of the one at `offset`."""
        suggestion = next(iter(self.suggestions_at(offset)), None)
        if suggestion is None or self._suggestions is None:
            return _NO_SUGGESTION
        label = suggestion.label
        chosen = [s for s in self._suggestions.all_open(self.annotations) if s.label == label]
        for each in chosen:
            self.store.tag(self.article, each.start, each.end, each.label, self.annotator,
                           origin="suggested")
        return self._reloaded(self.active_id).saying(
            f"Accepted {len(chosen)} suggested {label} (u undoes them one at a time)."
        )

    def reject(self, offset: int | None) -> Outcome:
        """Reject the suggestion at `offset`: it (and any other with its label and quote) is
        not proposed on this article again."""
        suggestion = next(iter(self.suggestions_at(offset)), None)
        if suggestion is None or self._suggestions is None:
            return _NO_SUGGESTION
        label, quote = self._suggestions.reject(suggestion)
        self.store.reject(self.article, label, quote)
        alike = self._suggestions.proposed_like(label, quote)
        redraw = _span_of([suggestion, *alike])
        return Outcome(changed=Changed.SUGGESTIONS, redraw=redraw, to_save=True)

    def find(self, here: Span, *, forward: bool = True, query: str | None = None) -> Outcome:
        """Select the next (or previous) match of `query`, or of the last search, from `here`.

        Args:
            here: Where the reader is: the selection, or the cursor as an empty span.
            forward: Look after `here` rather than before it.
            query: A new search (smart case: see `annotations.search.matches`).
        """
        if query:
            self.last_search = query
        if not self.last_search:
            return say("Nothing to search for yet: press / first.")
        found = matches(self.article.text, self.last_search)
        if not found:
            return say(f"Not found: {self.last_search}", warning=True)
        chosen, wrapped = next_match(found, here, forward)
        outcome = Outcome(select=chosen)
        return outcome.saying("Search wrapped around the article.") if wrapped else outcome

    def _take_annotations(self) -> None:
        self.annotations = tuple(self.store.annotations(self.article.id))
        self._placed = SpanIndex(a for a in self.annotations if not a.orphan)

    def _reloaded(
        self,
        active_before: str | None,
        *,
        cursor: int | None = None,
        center: bool = False,
        to_save: bool = True,
    ) -> Outcome:
        """Read the annotations again after a change; what to redraw is where they differ."""
        before = self._placed.spans
        self._take_annotations()
        if self.active is None:
            self.active_id = None
        touched = set(before) ^ set(self._placed.spans)
        if self.active_id != active_before:
            touched.update(
                a for a in (*before, *self._placed.spans) if a.id in (self.active_id, active_before)
            )
        return Outcome(
            changed=Changed.ANNOTATIONS | Changed.ACTIVE, redraw=self._extent(touched),
            cursor=cursor, center=center, to_save=to_save,
        )

    def _extent(self, touched: Sequence[Annotation] | set[Annotation]) -> Span | None:
        """The offsets to redraw for these annotations, with the suggestions they overlap
        (which an annotation hides or shows again)."""
        span = _span_of(touched)
        if span is None or self._suggestions is None:
            return span
        return _span_of([*self._suggestions.near(*span), *touched])


_NO_SUGGESTION = say("Put the cursor on a suggestion (underlined in its label's colour).")


def _span_of(spans: Sequence[Annotation | Suggestion] | set[Annotation]) -> Span | None:
    """The smallest span holding every one of `spans` (None for none)."""
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)


def describe(change: Change) -> str:
    """A change in a few words, as undo and redo report it: "tag claim", "retag a → b"..."""
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
