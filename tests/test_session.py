"""What the keys of the article screen do, without the screen: the session's operations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotations.batches import fresh_spans
from annotations.history import describe
from annotations.labels import RULES
from annotations.model import DEFAULT_LABELS, Article
from annotations.outcome import Changed, Outcome
from annotations.parsing import parse_text
from annotations.session import NEEDS_ACTIVE, OTHER_LABEL_COLOUR, Session
from annotations.sets import ArticleSet
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore, Change

TEXT = (
    "Prices Rise\n"
    "The minister said prices rose 28 percent in 2025.  Critics disagree.\n"
    "China arrested 149 suspects. china is large.\n"
    "1 Comment\nAna\n"
    "I think this is excellent news."
)
ARTICLE = parse_text(TEXT, "prices.txt")


def session_over(*articles: Article, rules=RULES) -> Session:
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    session = Session(ArticleSet.of(articles or [ARTICLE]), store, "tester", DEFAULT_LABELS,
                      frozenset(rules))
    session.resume()
    return session


def span(quote: str, nth: int = 0) -> tuple[int, int]:
    """Where the `nth` copy of `quote` is in the article's text."""
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.text.index(quote, start + 1)
    return start, start + len(quote)


def said(outcome: Outcome) -> list[str]:
    return [notice.text for notice in outcome.notices]


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
    outcome = session.tag("claim", selection)
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
    session.tag("claim", span("China"))
    outcome = session.tag(label, None)
    [annotation] = session.annotations
    assert annotation.label == expected_label
    assert said(outcome) == ([message] if message else [])


def test_an_annotation_the_set_has_no_label_for_is_drawn_grey() -> None:
    session = session_over()
    assert session.colour("claim") == DEFAULT_LABELS[0].colour
    assert session.colour("place") == OTHER_LABEL_COLOUR


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (span("28 percent")[0] + 1, ["figure", "claim"]),  # innermost first
        (span("minister")[0], ["claim"]),
        (span("Critics")[0], []),
        (None, []),  # a pane without text
    ],
)
def test_suggestions_at(offset, expected) -> None:
    assert [s.label for s in session_over().suggestions_at(offset)] == expected


def test_accept_makes_the_innermost_suggestion_an_annotation() -> None:
    session = session_over()
    outcome = session.accept(span("28 percent")[0] + 1)
    [made] = session.annotations
    assert (made.text, made.label, made.origin) == ("28 percent", "figure", "suggested")
    assert session.active == made and outcome.to_save
    assert [s.label for s in session.suggestions_at(made.start)] == ["claim"]


@pytest.mark.parametrize("operation", ["accept", "accept_all", "reject"])
def test_away_from_any_suggestion_says_where_to_put_the_cursor(operation) -> None:
    session = session_over()
    outcome = getattr(session, operation)(span("Critics")[0])
    assert said(outcome) == ["Put the cursor on a suggestion (underlined in its label's colour)."]
    assert session.annotations == () and not outcome.to_save


def test_accept_all_takes_every_open_suggestion_of_that_label() -> None:
    session = session_over()
    session.tag("figure", span("2025"))  # already tagged: not accepted twice
    outcome = session.accept_all(span("149 suspects")[0])
    figures = sorted(a.text for a in session.annotations)
    assert figures == ["149 suspects", "2025", "28 percent"]
    assert said(outcome) == ["Accepted 2 suggested figure (u undoes them together)."]
    undone = session.undo()
    assert undone.changed & Changed.ANNOTATIONS and said(undone) == ["Undone: tag figure ×2."]
    assert [a.text for a in session.annotations] == ["2025"]


def test_accept_all_never_makes_the_same_span_twice() -> None:
    # A page whose paragraph also came out as a comment: the rules propose each span twice.
    repeated = replace(ARTICLE, blocks=(*ARTICLE.blocks, ARTICLE.blocks[2]))
    session = session_over(repeated)
    outcome = session.accept_all(span("149 suspects")[0])
    figures = [a.text for a in session.annotations if a.label == "figure"]
    assert sorted(figures) == ["149 suspects", "2025", "28 percent"]
    assert said(outcome) == ["Accepted 3 suggested figure (u undoes them together)."]
    assert said(session.accept_all(span("149 suspects")[0])) == [
        "Put the cursor on a suggestion (underlined in its label's colour)."
    ]


@pytest.mark.parametrize(
    ("spans", "tagged", "kept"),
    [
        ([(0, 5), (0, 5), (10, 12)], [], [(0, 5), (10, 12)]),  # each span once
        ([(0, 5), (3, 8), (8, 9)], [], [(0, 5), (8, 9)]),  # the first of two overlapping
        ([(3, 8), (0, 9)], [], [(0, 9)]),  # by start, the longer first
        ([(0, 5), (10, 12)], [(4, 11)], []),  # an annotation of the label covers both
        ([(0, 5), (10, 12)], [(20, 30)], [(0, 5), (10, 12)]),
        ([(5, 5)], [], []),  # nothing to tag
    ],
)
def test_fresh_spans(spans, tagged, kept) -> None:
    from annotations.model import Annotation

    annotations = [
        Annotation(id=str(n), article_id="a", label="figure", start=start, end=end, text="")
        for n, (start, end) in enumerate(tagged)
    ] + [Annotation(id="other", article_id="a", label="claim", start=0, end=30, text="")]
    assert fresh_spans(spans, "figure", annotations) == kept


def test_tag_every_match_of_the_last_search_as_one_step() -> None:
    session = session_over()
    session.find((0, 0), query="china")
    assert session.match_count() == 2
    session.tag("claim", span("China"))
    outcome = session.tag_matches("claim")
    assert said(outcome) == ["Tagged 1 matches as claim; 1 already were (u undoes them together)."]
    session.tag_matches("figure")
    assert sorted((a.text, a.label) for a in session.annotations) == [
        ("China", "claim"), ("China", "figure"), ("china", "claim"), ("china", "figure")
    ]
    assert said(session.undo()) == ["Undone: tag figure ×2."]
    assert said(session.undo()) == ["Undone: tag claim."]
    assert said(session.redo()) == ["Redone: tag claim."]
    assert said(session.tag_matches("claim")) == ["No match of “china” is left to tag claim."]


def test_tagging_every_match_takes_whole_words() -> None:
    session = session_over()
    session.find((0, 0), query="hin")
    session.tag_matches("claim")
    assert [a.text for a in session.annotations] == ["China", "china", "think"]


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
    session.tag("claim", selection)
    assert [a.text for a in session.annotations] == [quote]


def test_s_selects_the_sentence_then_grows_by_the_next() -> None:
    session = session_over()
    first = session.select_sentence(None, span("minister")[0]).select
    assert first == span("The minister said prices rose 28 percent in 2025.")
    grown = session.select_sentence(first, first[1]).select
    assert grown == span("The minister said prices rose 28 percent in 2025.  Critics disagree.")
    assert said(session.select_sentence(grown, grown[1])) == [
        "That is the last sentence of the paragraph."
    ]
    word = span("prices")
    assert session.select_sentence(word, word[1]).select == first


def test_a_rejected_suggestion_stays_rejected_in_a_new_session() -> None:
    session = session_over()
    offset = span("149 suspects")[0]
    outcome = session.reject(offset)
    assert outcome.changed == Changed.SUGGESTIONS and outcome.to_save
    assert outcome.redraw == span("149 suspects")
    assert session.suggestions_at(offset) == []
    again = Session(session.articles, session.store, "other", DEFAULT_LABELS, frozenset(RULES))
    again.resume()
    assert again.suggestions_at(offset) == []
    assert [s.label for s in again.suggestions_at(span("28 percent")[0])] == ["figure", "claim"]


def test_switched_off_rules_propose_nothing() -> None:
    session = session_over(rules=())
    assert session.suggestions_at(span("28 percent")[0]) == []


@pytest.mark.parametrize(
    ("query", "here", "forward", "expected", "message"),
    [
        ("china", (0, 0), True, span("China"), None),  # lower case: any case
        ("china", span("China"), True, span("china"), None),
        ("China", span("China"), True, span("China"), "Search wrapped around the article."),
        ("china", span("china"), False, span("China"), None),
        ("china", span("China"), False, span("china"), "Search wrapped around the article."),
        ("[x]", (0, 0), True, None, "Not found: [x]"),  # literally, not a pattern
    ],
)
def test_find(query, here, forward, expected, message) -> None:
    session = session_over()
    outcome = session.find(here, forward=forward, query=query)
    assert outcome.select == expected
    assert said(outcome) == ([message] if message else [])


def test_find_again_uses_the_last_search() -> None:
    session = session_over()
    assert said(session.find((0, 0))) == ["Nothing to search for yet: press / first."]
    session.find((0, 0), query="china")
    assert session.find(span("China")).select == span("china")


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (span("minister")[0], "The minister said prices rose 28 percent in 2025."),
        (span("disagree")[0], "Critics disagree."),
        (span("excellent")[0], "I think this is excellent news."),
        (None, None),
    ],
)
def test_sentence_at(offset, expected) -> None:
    found = session_over().sentence_at(offset)
    assert (ARTICLE.text[found[0] : found[1]] if found else None) == expected


def test_the_cursor_makes_the_innermost_annotation_active_and_an_orphan_stays() -> None:
    session = session_over()
    session.tag("claim", span("The minister said prices rose 28 percent"))
    session.tag("figure", span("28 percent"))
    claim, figure = sorted(session.annotations, key=lambda a: a.start)
    session.cursor_at(span("minister")[0])
    assert session.active == claim
    outcome = session.cursor_at(span("28 percent")[0] + 1)
    assert session.active == figure and outcome.changed == Changed.ACTIVE
    # Both are redrawn, and the suggestions they overlap: the claimed sentence ends at "2025."
    assert outcome.redraw == (claim.start, span("2025.")[1])
    session.cursor_at(span("Critics")[0])
    assert session.active is None
    assert session.cursor_at(span("Critics")[0]) == Outcome()


def test_an_orphan_stays_active_while_the_cursor_moves_over_no_annotation() -> None:
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    store.add_articles([ARTICLE])
    store.tag(ARTICLE, *span("Critics disagree."), "claim", "ana")
    changed = parse_text(TEXT.replace("Critics disagree.", "Nobody objects."), "prices.txt")
    session = Session(ArticleSet.of([changed]), store, "tester", DEFAULT_LABELS)
    assert "1 orphaned" in said(session.resume())[0]
    [orphan] = session.annotations
    session.choose(orphan.id)
    session.cursor_at(0)
    assert session.active == orphan
    outcome = session.reattach(span("minister"))
    assert said(outcome) == ["Re-attached claim to “minister”."]
    assert (session.active.text, session.active.orphan) == ("minister", False)


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
        "tag": lambda: session.tag("claim", span("China")),
        "retag": lambda: session.tag("figure", None),
        "delete": session.delete,
        "undo": session.undo,
        "redo": session.redo,
    }
    outcomes = [operations[key]() for key in keys]
    assert said(outcomes[-1]) == [message]


def test_undo_goes_back_to_the_annotation() -> None:
    session = session_over()
    session.tag("claim", span("China"))
    session.delete()
    outcome = session.undo()
    assert session.active is not None and session.active.text == "China"
    assert (outcome.cursor, outcome.center) == (span("China")[0], True)


def test_a_note_is_saved_only_when_it_changes() -> None:
    session = session_over()
    session.tag("claim", span("China"))
    annotation = session.active
    assert session.note(annotation, "") == Outcome()
    assert session.note(annotation, "who says?").to_save
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
    from annotations.model import Annotation

    def made(fields):
        return None if fields is None else Annotation(
            **{"id": "a", "article_id": "x", "start": 0, "end": 5, "text": "China", **fields}
        )

    assert describe(Change("x", made(before), made(after))) == words


def articles(count: int) -> list[Article]:
    return [parse_text(f"Article {n}\nBody {n}.", f"{n}.txt") for n in range(count)]


@pytest.mark.parametrize(
    ("keys", "position", "message"),
    [
        (["next"], 1, None),
        (["previous"], 0, "That is the first."),
        (["next", "next", "next"], 2, "That is the last article."),
        (["done"], 1, "Marked done."),
        (["skip", "done"], 2, "Marked done."),
        (["done", "done", "done"], 2, "Marked done. Every article of the set is done or skipped."),
        (["next", "next", "done"], 0, "Marked done."),  # wraps round to the first not done
    ],
)
def test_moving_through_the_set(keys, position, message) -> None:
    session = session_over(*articles(3))
    operations = {
        "next": session.next_article,
        "previous": session.previous_article,
        "done": lambda: session.mark("done"),
        "skip": lambda: session.mark("skipped"),
    }
    outcomes = [operations[key]() for key in keys]
    assert session.index == position
    assert said(outcomes[-1]) == ([message] if message else [])


def test_reopening_resumes_at_the_first_article_not_done() -> None:
    session = session_over(*articles(3))
    session.mark("done")
    again = Session(session.articles, session.store, "tester", DEFAULT_LABELS)
    assert again.resume().changed == Changed.ARTICLE
    assert again.index == 1


def test_reload_takes_in_annotations_made_elsewhere_and_redraws_only_them() -> None:
    session = session_over()
    session.tag("claim", span("China"))
    session.store.tag(ARTICLE, *span("Critics"), "opinion", "colleague")
    outcome = session.reload()
    assert sorted(a.text for a in session.annotations) == ["China", "Critics"]
    assert outcome.redraw == span("Critics") and not outcome.to_save


def test_a_copy_takes_the_selection_else_the_active_annotation() -> None:
    session = session_over()
    assert session.text_of(None) is None
    session.tag("claim", span("prices rose 28 percent"))
    assert session.text_of(None) == "prices rose 28 percent"  # the new annotation is active
    assert session.text_of(span("Critics disagree.")) == "Critics disagree."
    session.activate(None)
    assert session.text_of(None) is None


def three_articles() -> list[Article]:
    return [parse_text(f"Article {n}\nSome text of article {n}.", f"a{n}.txt") for n in range(3)]


@pytest.mark.parametrize(
    ("done", "last", "opened", "message"),
    [
        ([], None, 0, None),
        ([], "a2", 2, "Back where you were; ctrl+g goes to the first article not done."),
        ([0], "a1", 1, None),  # the place is the first not done anyway
        ([0], "gone", 1, None),  # an article no longer in the set
        ([0, 1, 2], "a1", 1, "Back where you were; ctrl+g goes to the first article not done."),
    ],
)
def test_resume_opens_the_last_article_else_the_first_not_done(done, last, opened, message):
    articles = three_articles()
    session = session_over(*articles)
    for index in done:
        session.store.set_status(articles[index], "done")
    ids = {f"a{n}": articles[n].id for n in range(3)}
    outcome = session.resume(ids.get(last, last))
    assert session.index == opened
    assert said(outcome) == ([message] if message else [])


@pytest.mark.parametrize(
    ("done", "at", "opened", "message"),
    [
        ([0], 2, 1, None),
        ([], 0, 0, "This is the first article not done."),
        ([0, 1, 2], 2, 2, "Every article of the set is done or skipped."),
    ],
)
def test_ctrl_g_opens_the_first_article_not_done(done, at, opened, message) -> None:
    articles = three_articles()
    session = session_over(*articles)
    for index in done:
        session.store.set_status(articles[index], "done")
    session.open(at)
    outcome = session.first_unfinished()
    assert session.index == opened
    assert said(outcome) == ([message] if message else [])
@pytest.mark.parametrize(
    "operation",
    [
        lambda session: session.tag("figure", None),
        lambda session: session.note(session.active, "too late"),
        lambda session: session.reattach(span("Critics")),
        lambda session: session.delete(),
    ],
    ids=["retag", "note", "reattach", "delete"],
)
def test_an_annotation_another_annotator_deleted_is_said_to_be_gone(operation) -> None:
    session = session_over()
    session.tag("claim", span("149 suspects"))
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
