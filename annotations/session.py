"""One annotator working through a set of articles: what the keys of the article screen do.

The session holds the state of the work: the article on screen, its annotations and the one the
keys act on, and what is where in the text (the highlights the text view draws). Its parts
do the rest, each with a job: `editing` changes the annotations (`annotations.session_edits`),
`suggesting` decides the rules' suggestions (`annotations.session_suggestions`), `searching`
finds text (`annotations.session_search`), `navigating` moves through the set
(`annotations.session_navigation`), `links` relates annotations (`annotations.linking`) and
`classifying` labels the article and its comments (`annotations.classifying`). The screen
calls the part whose job a key is (`session.editing.tag(...)`, `session.navigating.mark(...)`).

Every operation returns an `Outcome` (`annotations.outcome`) that the screen shows: the
messages, what changed, and where the cursor goes. The screen keeps only what is about the
screen (which pane has the focus, where the cursor and selection are) and passes it in.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

from annotations.classifying import Classifying
from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet
from annotations.languages import DEFAULT_LANGUAGE, article_language
from annotations.linking import Linking
from annotations.model import Annotation, Article, Block, Label
from annotations.outcome import Changed, Notice, Outcome, Span, say
from annotations.parsing import ArticleError
from annotations.relations import DEFAULT_RELATION_TYPES, RelationType
from annotations.session_edits import NEEDS_ACTIVE, Editing, deleted_meanwhile
from annotations.session_navigation import Navigating
from annotations.session_search import Searching
from annotations.session_suggestions import Suggesting
from annotations.sets import ArticleSet
from annotations.span_index import SpanIndex
from annotations.store import AnnotationStore
from annotations.suggestions import Suggestion
from annotations.text_units import TextUnits

# The screens say the edits' two messages too, and import them from here with the session.
__all__ = ["NEEDS_ACTIVE", "OTHER_LABEL_COLOUR", "Session", "deleted_meanwhile"]

OTHER_LABEL_COLOUR = "#777777"
"""The colour of a label that is not in the label set (made with another set, or imported)."""


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
        *,
        detect_later: bool = False,
    ) -> None:
        """Start a session; nothing is read until an article is opened (`open`, or
        `navigating.resume`).

        Args:
            articles: The set, in order.
            store: Where annotations are kept.
            annotator: Recorded on every annotation made.
            labels: The label set; each label's key tags with it.
            rules: The suggestion rules switched on.
            snap_words: Grow what is tagged to whole words where the selection ends inside one.
            relation_types: The relation types between annotations.
            choice_sets: The choices for the article and for each comment.
            detect_later: The set's articles come without the language they declare none of
                (`languages.DETECT_LATER`): it is detected once `settle_languages` ran.
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
        self.placed: SpanIndex[Annotation] = SpanIndex()
        """The current article's annotations but the orphans, found by offset."""
        self.editing = Editing(self)
        self.suggesting = Suggesting(self)
        self.searching = Searching(self)
        self.navigating = Navigating(self)
        self.links = Linking(self, relation_types)
        self.classifying = Classifying(self, choice_sets)
        self._units: TextUnits | None = None
        self._unrecorded: list[Article] = []
        """Articles opened that the DB does not hold yet (`record_opened` adds them)."""
        self._recording = threading.Lock()
        self._late_notices: list[Notice] = []
        self.detect_later = detect_later
        self._settled = False
        """Whether `settle_languages` ran: articles are shown with their language since."""
        self._filled: tuple[Article, Article] | None = None
        """The last article given its language, as the set gave it and as given it."""

    @property
    def article(self) -> Article:
        """The current article (with its language, once `settle_languages` ran)."""
        return self._with_language(self.articles[self.index], now=self._settled)

    def _with_language(self, article: Article, *, now: bool) -> Article:
        """`article`, its language detected if it came without one and `now` (see
        `detect_later`)."""
        if article.lang or not (now and self.detect_later):
            return article
        filled = self._filled
        if filled is None or filled[0] is not article:
            body_end = next((b.start for b in article.comments), len(article.text))
            lang = article_language(article.text, body_end)
            filled = self._filled = (article, replace(article, lang=lang))
        return filled[1]

    @property
    def languages_settled(self) -> bool:
        """Whether articles are shown with their language (`settle_languages` ran, or the
        set's articles came with theirs)."""
        return self._settled or not self.detect_later

    def settle_languages(self) -> bool:
        """Detect the current article's language, if it came without one, and every article's
        from now on as it is opened (see `detect_later`): the app runs it once the first frame
        is drawn, which then comes without loading the detector's model (15-20 ms).

        Returns:
            True when the language is not the one assumed until now (`DEFAULT_LANGUAGE`): the
            words, sentences and suggestions were made again, the text panes' units too have
            to be.
        """
        if self._settled or not self.detect_later:
            return False
        self._settled = True
        article = self.article
        if article.lang == (self.articles[self.index].lang or DEFAULT_LANGUAGE):
            return False
        self._units = TextUnits(article.text, article.blocks, article.lang)
        self.suggesting.take()
        return True

    @property
    def active(self) -> Annotation | None:
        """The annotation the keys act on, if any."""
        return next((a for a in self.annotations if a.id == self.active_id), None)

    @property
    def last_search(self) -> str:
        """What was searched for last ("" when nothing, or the search was cleared)."""
        return self.searching.search.query

    @last_search.setter
    def last_search(self, query: str) -> None:
        self.searching.search.query = query

    def colour(self, label: str) -> str:
        """The colour a label is drawn in."""
        return self.colours.get(label, OTHER_LABEL_COLOUR)

    def label_index(self, label: str) -> int:
        """The label's place in the label set (the set's size for a label not in it)."""
        return next(
            (i for i, known in enumerate(self.labels) if known.name == label), len(self.labels)
        )

    def open(self, index: int) -> Outcome:
        """Make article `index` of the set current.

        An article the DB holds is recorded again at once (its annotations found again if its
        text changed); a new one is recorded by `record_opened`, which the screen's save runs
        after the article is on screen (its text's SHA-256 and its record's first save cost
        tens of milliseconds for a large article), and every change to it runs first.
        """
        try:
            article = self._with_language(self.articles[index], now=self._settled)
        except ArticleError as error:  # a set's file changed or went since it was opened
            return say(str(error))
        self.index = index
        notices = []
        if self.store.holds(article.id):
            report = self.store.add_articles([article])
            if report:
                notices.append(self._changed_notice(str(report)))
        else:
            with self._recording:
                if all(opened.id != article.id for opened in self._unrecorded):
                    self._unrecorded.append(article)
        self.active_id = self.links.pending = None
        self._units = TextUnits(article.text, article.blocks, article.lang)
        self._take_annotations()
        self.suggesting.take()
        notices += [Notice(f"{article.source}: {w}", warning=True) for w in article.warnings]
        return Outcome(notices=tuple(notices), changed=Changed.ARTICLE, to_save=True)

    @staticmethod
    def _changed_notice(report: str) -> Notice:
        return Notice(f"This article changed since it was annotated; {report}.",
                      warning=True, lasting=True)

    def record_opened(self) -> bool:
        """Record in the DB the articles opened that it does not hold yet, in the order they
        were opened (from any thread; a change to an article calls it first, so the DB never
        holds an annotation without its article).

        Returns:
            True when the DB held one meanwhile (another process recorded it) with another
            text, whose annotations were found again: they have to be read again
            (`reload`), and `take_late_notices` says what was found.
        """
        with self._recording:
            if not self._unrecorded:
                return False
            # recorded with their language, detected now if `settle_languages` did not yet
            report = self.store.add_articles(
                [self._with_language(article, now=True) for article in self._unrecorded])
            self._unrecorded = []
            if report:
                self._late_notices.append(self._changed_notice(str(report)))
            return bool(report)

    def take_late_notices(self) -> tuple[Notice, ...]:
        """What recording the articles opened found (`record_opened`), since last asked."""
        with self._recording:
            taken, self._late_notices = tuple(self._late_notices), []
        return taken

    def save(self) -> bool:
        """Record the articles opened (`record_opened`), then write the store to disk.

        Returns:
            True when the annotations shown have to be read again (`AnnotationStore.flush`,
            `record_opened`).

        Raises:
            StoreError: see `AnnotationStore.flush`.
        """
        recorded = self.record_opened()
        return self.store.flush() or recorded

    def reload(self) -> Outcome:
        """Read the article's annotations from the store again (another process saved some,
        or they were reviewed), with their relations and the article's and comments' labels,
        which the review and the other process may have changed too."""
        outcome = self.reread(self.active_id, to_save=False)
        return replace(outcome, changed=outcome.changed | Changed.RELATIONS | Changed.LABELS)

    def reread(
        self,
        active_before: str | None,
        *,
        cursor: int | None = None,
        center: bool = False,
        to_save: bool = True,
    ) -> Outcome:
        """Read the annotations again after a change; what to redraw is where they differ.

        Args:
            active_before: The active annotation before the change (both are redrawn).
            cursor: Where the outcome puts the cursor, if anywhere.
            center: The outcome scrolls the cursor to the middle of the pane.
            to_save: The change wrote to the store.
        """
        before = self.placed.spans
        self._take_annotations()
        if self.active is None:
            self.active_id = None
        touched = set(before) ^ set(self.placed.spans)
        if self.active_id != active_before:
            touched.update(
                a for a in (*before, *self.placed.spans) if a.id in (self.active_id, active_before)
            )
        return Outcome(
            changed=Changed.ANNOTATIONS | Changed.ACTIVE,
            redraw=self.suggesting.redraw_for(touched),
            cursor=cursor, center=center, to_save=to_save,
        )

    def _take_annotations(self) -> None:
        self.annotations = tuple(self.store.annotations(self.article.id))
        self.placed = SpanIndex(a for a in self.annotations if not a.orphan)
        self.links.take()
        self.classifying.take()

    def to_tag(self, selection: Span) -> Span:
        """What tagging `selection` takes (see `TextUnits.to_tag`)."""
        assert self._units is not None
        return self._units.to_tag(*selection, snap=self.snap_words)

    def annotations_at(self, offset: int | None) -> list[Annotation]:
        """The placed annotations covering the character at `offset`, innermost first (none
        when `offset` is None: the cursor is in a pane without text)."""
        if offset is None:
            return []
        covering = self.placed.covering(offset)
        return sorted(covering, key=lambda a: (a.end - a.start, a.start))

    def annotation_holding(self, selection: Span | None) -> Annotation | None:
        """The innermost annotation the whole of `selection` lies in (a search match or a
        sentence selected inside a span), or None."""
        if selection is None:
            return None
        start, end = selection
        return next((a for a in self.annotations_at(start) if a.end >= end), None)

    def annotations_overlapping(self, start: int, end: int) -> list[Annotation]:
        """The placed annotations sharing a character with `[start, end)`, by start."""
        return self.placed.overlapping(start, end)

    def suggestions_at(self, offset: int | None) -> list[Suggestion]:
        """The open suggestions at `offset` (`Suggesting.at`)."""
        return self.suggesting.at(offset)

    def suggestions_overlapping(self, start: int, end: int) -> list[Suggestion]:
        """The open suggestions sharing a character with `[start, end)` (`Suggesting`)."""
        return self.suggesting.overlapping(start, end)

    def search_matches_overlapping(self, start: int, end: int) -> list[Span]:
        """The matches sharing a character with `[start, end)` (`Searching.overlapping`)."""
        return self.searching.overlapping(start, end)

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
        touched = [a for a in self.placed.spans if a.id in (annotation_id, before)]
        return Outcome(changed=Changed.ACTIVE, redraw=self.suggesting.redraw_for(touched))

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
