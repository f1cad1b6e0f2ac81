"""One annotator working through a set of articles: what the keys of the article screen do.

The session holds the state of the work (the article on screen, its annotations, the one the
keys act on, the suggestions and the last search) and every operation on it. Each operation
returns an `Outcome` (`annotations.outcome`) that the screen shows: the messages, what changed,
and where the cursor goes. The screen keeps only what is about the screen (which pane has the
focus, where the cursor and selection are) and passes it in.

Relations between annotations (`links`, `annotations.linking`) and the labels of the article and
its comments (`classifying`, `annotations.classifying`) have their state and operations in
objects of their own, which answer with a `Changed` member of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotations.article_suggestions import ArticleSuggestions
from annotations.batches import fresh_spans
from annotations.classifying import Classifying
from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet
from annotations.history import describe
from annotations.linking import Linking
from annotations.model import Annotation, Article, Block, Label
from annotations.outcome import Changed, Notice, Outcome, Span, say
from annotations.parsing import ArticleError
from annotations.relations import DEFAULT_RELATION_TYPES, Relation, RelationType
from annotations.search import Search
from annotations.sets import ArticleSet
from annotations.span_index import SpanIndex
from annotations.store import AnnotationGone, AnnotationStore, Change
from annotations.suggestions import Suggestion
from annotations.text_units import TextUnits, Unit

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
        snap_words: bool = True,
        relation_types: Sequence[RelationType] = DEFAULT_RELATION_TYPES,
        choice_sets: Sequence[ChoiceSet] = DEFAULT_CHOICE_SETS,
    ) -> None:
        """Start a session; nothing is read until an article is opened (`resume`, `open`).

        Args:
            articles: The set, in order.
            store: Where annotations are kept.
            annotator: Recorded on every annotation made.
            labels: The label set; each label's key tags with it.
            rules: The suggestion rules switched on.
            snap_words: Grow what is tagged to whole words where the selection ends inside one.
            relation_types: The relation types between annotations.
            choice_sets: The choices for the article and for each comment.
        """
        self.articles = articles
        self.store = store
        self.annotator = annotator
        self.labels = tuple(labels)
        self.rules = rules
        self.snap_words = snap_words
        self.colours = {label.name: label.colour for label in self.labels}
        self.index = 0
        """The position of the current article in the set."""
        self.annotations: tuple[Annotation, ...] = ()
        """The current article's annotations (orphans included), by start then end."""
        self.active_id: str | None = None
        """The annotation the keys act on (note, delete, retag), if any."""
        self.search = Search()
        """The last search (what `find` looks for when given nothing new) and its matches."""
        self._placed: SpanIndex[Annotation] = SpanIndex()
        self._suggestions: ArticleSuggestions | None = None
        self.links = Linking(self, relation_types)
        self.classifying = Classifying(self, choice_sets)
        self._units: TextUnits | None = None

    @property
    def article(self) -> Article:
        """The current article."""
        return self.articles[self.index]

    @property
    def last_search(self) -> str:
        """What was searched for last ("" when nothing, or the search was cleared)."""
        return self.search.query

    @last_search.setter
    def last_search(self, query: str) -> None:
        self.search.query = query

    @property
    def active(self) -> Annotation | None:
        """The annotation the keys act on, if any."""
        return next((a for a in self.annotations if a.id == self.active_id), None)

    def colour(self, label: str) -> str:
        """The colour a label is drawn in."""
        return self.colours.get(label, OTHER_LABEL_COLOUR)

    def label_index(self, label: str) -> int:
        """The label's place in the label set (the set's size for a label not in it)."""
        return next(
            (i for i, known in enumerate(self.labels) if known.name == label), len(self.labels)
        )

    def resume(self, last_id: str | None = None) -> Outcome:
        """Open article `last_id` if the set has it (where the user was last: see
        `annotations.places`), else the first article neither done nor skipped (else the
        first)."""
        first = self.articles.resume_position(self.store.statuses())
        last = self.articles.position_of(last_id)
        if last is None or last == first:
            return self.open(first)
        outcome = self.open(last)
        return outcome.saying("Back where you were; ctrl+g goes to the first article not done.")

    def first_unfinished(self) -> Outcome:
        """Open the first article of the set neither done nor skipped."""
        position = self.articles.next_unfinished(-1, self.store.statuses())
        if position is None:
            return say("Every article of the set is done or skipped.")
        if position == self.index:
            return say("This is the first article not done.")
        return self.open(position)

    def open(self, index: int) -> Outcome:
        """Make article `index` of the set current (recording it in the DB if it is new)."""
        try:
            article = self.articles[index]
        except ArticleError as error:  # a set's file changed or went since it was opened
            return say(str(error))
        self.index = index
        report = self.store.add_articles([article])
        notices = []
        if report:
            notices.append(Notice(
                f"This article changed since it was annotated; {report}.",
                warning=True, lasting=True,
            ))
        self.active_id = self.links.pending = None
        self._units = TextUnits(article.text, article.blocks, article.lang)
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
        or they were reviewed), with their relations and the article's and comments' labels,
        which the review and the other process may have changed too."""
        outcome = self._reloaded(self.active_id, to_save=False)
        return replace(outcome, changed=outcome.changed | Changed.RELATIONS | Changed.LABELS)

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
        if offset is None or self._units is None:
            return None
        return self._units.around(offset, Unit.SENTENCE)

    def select_sentence(self, selection: Span | None, cursor: int | None) -> Outcome:
        """What `s` selects: the sentence at the cursor; with a selection, the selection
        grown to whole sentences, then by the next sentence of its paragraph each time."""
        if self._units is None or cursor is None:
            return Outcome()
        span = self._units.sentence_selection(selection, cursor)
        return Outcome(select=span) if span else say("That is the last sentence of the paragraph.")

    def comment_labels(self, block: Block) -> str:
        """The labels of a comment block in a line, shown beside its author."""
        return self.classifying.shown_for(block)

    def text_of(self, selection: Span | None) -> str | None:
        """What a copy takes: the selected text, else the active annotation's; None when
        there is neither."""
        if selection:
            return self.article.text[selection[0] : selection[1]]
        active = self.active
        return active.text if active is not None else None

    def activate(self, annotation_id: str | None) -> Outcome:
        """Make an annotation (or none) the one the keys act on."""
        before, self.links.selected = self.active_id, None
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
            start, end = self._to_tag(selection)
            if start >= end:
                return say("Only white space is selected; nothing tagged.", warning=True)
            made = self.store.tag(self.article, start, end, label, self.annotator)
            self.active_id = made.id
            return self._reloaded(before, cursor=end)
        active = self.active
        if active is None:
            return say(
                "Select some text first, or put the cursor on an annotation to retag it.",
                warning=True,
            )
        if active.label == label:
            return say(f"Already tagged {label}.")
        try:
            self.store.retag(active, label)
        except AnnotationGone:
            return self._gone(active)
        return self._reloaded(before)

    def note(self, annotation: Annotation, note: str) -> Outcome:
        """Give `annotation` a new note (an empty one removes it)."""
        if note == annotation.note:
            return Outcome()
        try:
            self.store.set_note(annotation, note)
        except AnnotationGone:
            return self._gone(annotation)
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
        start, end = self._to_tag(selection)
        if start >= end:
            return say("Only white space is selected.", warning=True)
        try:
            self.store.reattach(annotation, self.article, start, end)
        except AnnotationGone:
            return self._gone(annotation)
        outcome = self._reloaded(self.active_id, cursor=end)
        return outcome.saying(f"Re-attached {annotation.label} to “{text[start:end]}”.")

    def delete(self) -> Outcome:
        """Delete the active annotation, and its relations."""
        annotation = self.active
        if annotation is None:
            return NEEDS_ACTIVE
        linked = len(self.links.of(annotation.id))
        try:
            self.store.delete(annotation)
        except AnnotationGone:
            return self._gone(annotation)
        self.active_id = None
        also = f" and its {linked} relation{'s' * (linked > 1)}" if linked else ""
        return self._reloaded(annotation.id).saying(
            f"Deleted {annotation.label}{also}: u undoes it.")

    def undo(self) -> Outcome:
        """Undo the last change to the article's annotations (or the last command's)."""
        step = self.store.undo(self.article.id)
        if not step:
            return say("Nothing to undo.")
        return self._replayed(step, f"Undone: {describe(*(c.inverse() for c in step))}.")

    def redo(self) -> Outcome:
        """Make again the last change undone."""
        step = self.store.redo(self.article.id)
        if not step:
            return say("Nothing to redo.")
        return self._replayed(step, f"Redone: {describe(*step)}.")

    def _replayed(self, step: tuple[Change, ...], message: str) -> Outcome:
        before, last = self.active_id, step[-1]
        item = last.item
        if isinstance(item, Relation):  # a label's change leaves the cursor where it is
            self.active_id = item.head
        elif isinstance(item, Annotation):
            self.active_id = item.id if last.after else None
        outcome, shown = self._reloaded(before).saying(message), self.active
        return replace(outcome, changed=outcome.changed | Changed.RELATIONS | Changed.LABELS,
                       cursor=shown.start if shown and not shown.orphan else None, center=True)

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
        """Accept every open suggestion of the article with the label of the one at `offset`
        (one step to undo; never the same span twice)."""
        suggestion = next(iter(self.suggestions_at(offset)), None)
        if suggestion is None or self._suggestions is None:
            return _NO_SUGGESTION
        label = suggestion.label
        proposed = self._suggestions.all_open(self.annotations)
        spans = fresh_spans([(s.start, s.end) for s in proposed if s.label == label], label,
                            self.annotations)
        self._tag_all(spans, label, "suggested")
        return self._reloaded(self.active_id).saying(
            f"Accepted {len(spans)} suggested {label} (u undoes them together)."
        )

    def match_count(self) -> int:
        """How many matches the last search has in the article."""
        return len(self.search.matches(self.article.text))

    def tag_matches(self, label: str) -> Outcome:
        """Tag every match of the last search with `label` (grown to whole words when
        snapping) as one step to undo, but those an annotation of `label` already covers."""
        found = self.search.matches(self.article.text)
        spans = fresh_spans([self._to_tag(span) for span in found], label, self.annotations)
        if not spans:
            return say(f"No match of “{self.last_search}” is left to tag {label}.")
        self._tag_all(spans, label, "manual")
        left = f"; {len(found) - len(spans)} already were" if len(spans) < len(found) else ""
        return self._reloaded(self.active_id).saying(
            f"Tagged {len(spans)} matches as {label}{left} (u undoes them together)."
        )

    def _tag_all(self, spans: Sequence[Span], label: str, origin: str) -> None:
        for number, (start, end) in enumerate(spans):
            self.store.tag(self.article, start, end, label, self.annotator, origin=origin,
                           joined=number > 0)

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
        """Select the next (or previous) match of `query`, or of the last search, from `here`
        (see `Search.find`)."""
        return self.search.find(self.article.text, here, forward=forward, query=query)

    def clear_search(self) -> Outcome:
        """Forget the last search, and so stop highlighting its matches."""
        return self.search.clear(self.article.text)

    def search_matches_overlapping(self, start: int, end: int) -> list[Span]:
        """The matches of the last search sharing a character with `[start, end)`."""
        return self.search.overlapping(self.article.text, start, end)

    def search_position(self, selection: Span | None) -> tuple[int, int] | None:
        """Which match of the last search the selection is, and of how many (or None)."""
        return self.search.position(self.article.text, selection)

    def _to_tag(self, selection: Span) -> Span:
        """What tagging `selection` takes (see `TextUnits.to_tag`)."""
        assert self._units is not None
        return self._units.to_tag(*selection, snap=self.snap_words)

    def _gone(self, annotation: Annotation) -> Outcome:
        """What an edit of an annotation another annotator deleted meanwhile says; the
        article's annotations are read again so that it is no longer shown."""
        return self._reloaded(self.active_id, to_save=False).saying(
            deleted_meanwhile(annotation), warning=True
        )

    def _take_annotations(self) -> None:
        self.annotations = tuple(self.store.annotations(self.article.id))
        self._placed = SpanIndex(a for a in self.annotations if not a.orphan)
        self.links.take()
        self.classifying.take()

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


def deleted_meanwhile(annotation: Annotation) -> str:
    """What an edit of `annotation` says when another annotator deleted it meanwhile."""
    return (f"That {annotation.label} annotation was deleted by another annotator meanwhile; "
            "nothing changed.")

