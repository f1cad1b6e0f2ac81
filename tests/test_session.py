"""What the keys of the article screen do, without the screen: the session's own
operations (the cursor, the active annotation, sentences, copying, reading again)."""

from __future__ import annotations

import pytest

from annotations.model import DEFAULT_LABELS
from annotations.outcome import Changed, Outcome
from annotations.parsing import parse_text
from annotations.session import OTHER_LABEL_COLOUR, Session
from annotations.sets import ArticleSet
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore
from tests.session_article import ARTICLE, TEXT, said, session_over, span


def test_an_annotation_the_set_has_no_label_for_is_drawn_grey() -> None:
    session = session_over()
    assert session.colour("claim") == DEFAULT_LABELS[0].colour
    assert session.colour("place") == OTHER_LABEL_COLOUR


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


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (span("minister")[0], "The minister said prices rose 28 percent in 2025."),
        (span("disagree")[0], "Critics disagree."),
        (span("excellent")[0], "I think this is excellent news."),
        (None, None),
    ],
)
def test_s_with_nothing_selected_selects_the_sentence_at_the_cursor(offset, expected) -> None:
    found = session_over().select_sentence(None, offset).select
    assert (ARTICLE.text[found[0] : found[1]] if found else None) == expected


def test_the_cursor_makes_the_innermost_annotation_active_and_an_orphan_stays() -> None:
    session = session_over()
    session.editing.tag("claim", span("The minister said prices rose 28 percent"))
    session.editing.tag("figure", span("28 percent"))
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
    assert "1 orphaned" in said(session.navigating.resume())[0]
    [orphan] = session.annotations
    session.choose(orphan.id)
    session.cursor_at(0)
    assert session.active == orphan
    outcome = session.editing.reattach(span("minister"))
    assert said(outcome) == ["Re-attached claim to “minister”."]
    assert (session.active.text, session.active.orphan) == ("minister", False)


def test_reload_takes_in_annotations_made_elsewhere_and_redraws_only_them() -> None:
    session = session_over()
    session.editing.tag("claim", span("China"))
    session.store.tag(ARTICLE, *span("Critics"), "opinion", "colleague")
    outcome = session.reload()
    assert sorted(a.text for a in session.annotations) == ["China", "Critics"]
    assert outcome.redraw == span("Critics") and not outcome.to_save


def test_a_copy_takes_the_selection_else_the_active_annotation() -> None:
    session = session_over()
    assert session.text_of(None) is None
    session.editing.tag("claim", span("prices rose 28 percent"))
    assert session.text_of(None) == "prices rose 28 percent"  # the new annotation is active
    assert session.text_of(span("Critics disagree.")) == "Critics disagree."
    session.activate(None)
    assert session.text_of(None) is None


@pytest.mark.parametrize(
    ("label", "index"),
    [
        (DEFAULT_LABELS[0].name, 0),
        (DEFAULT_LABELS[-1].name, len(DEFAULT_LABELS) - 1),
        ("place", len(DEFAULT_LABELS)),  # not in the set
    ],
)
def test_label_index(label, index) -> None:
    assert session_over().label_index(label) == index


def claim_and_figure() -> Session:
    session = session_over()
    session.editing.tag("claim", span("The minister said prices rose 28 percent"))
    session.editing.tag("figure", span("28 percent"))
    return session


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (span("minister")[0], ["The minister said prices rose 28 percent"]),
        (span("28 percent")[0], ["28 percent", "The minister said prices rose 28 percent"]),
        (span("2025")[0], []),
        (None, []),  # a pane without text
    ],
)
def test_annotations_at(offset, expected) -> None:
    assert [a.text for a in claim_and_figure().annotations_at(offset)] == expected


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (span("minister said"), "claim"),
        (span("28 percent"), "figure"),  # the innermost
        (span("percent"), "figure"),
        ((span("rose")[0], span("percent")[1]), "claim"),  # partly in the figure
        ((span("percent")[0], span("2025")[1]), None),  # runs out of the claim
        (None, None),
    ],
)
def test_the_annotation_a_selection_is_in(selection, expected) -> None:
    found = claim_and_figure().annotation_holding(selection)
    assert (found.label if found else None) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (*span("said"), ["claim"]),
        (*span("percent in"), ["claim", "figure"]),  # by start
        (*span("2025"), []),
        (span("Prices Rise")[0], span("minister")[0] + 1, ["claim"]),
    ],
)
def test_the_annotations_drawn_over_a_line(start, end, expected) -> None:
    found = claim_and_figure().annotations_overlapping(start, end)
    assert [a.label for a in found] == expected
