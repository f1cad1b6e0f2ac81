"""What the suggestion keys do, without the screen: which suggestions are open, accept,
accept all, reject (`Session.suggesting`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotations.batches import fresh_spans
from annotations.labels import RULES
from annotations.model import DEFAULT_LABELS, Annotation
from annotations.outcome import Changed
from annotations.session import Session
from tests.session_article import ARTICLE, said, session_over, span


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
    outcome = session.suggesting.accept(span("28 percent")[0] + 1)
    [made] = session.annotations
    assert (made.text, made.label, made.origin) == ("28 percent", "figure", "suggested")
    assert session.active == made and outcome.to_save
    assert [s.label for s in session.suggestions_at(made.start)] == ["claim"]


@pytest.mark.parametrize("operation", ["accept", "accept_all", "reject"])
def test_away_from_any_suggestion_says_where_to_put_the_cursor(operation) -> None:
    session = session_over()
    outcome = getattr(session.suggesting, operation)(span("Critics")[0])
    assert said(outcome) == ["Put the cursor on a suggestion (underlined in its label's colour)."]
    assert session.annotations == () and not outcome.to_save


def test_accept_all_takes_every_open_suggestion_of_that_label() -> None:
    session = session_over()
    session.editing.tag("figure", span("2025"))  # already tagged: not accepted twice
    outcome = session.suggesting.accept_all(span("149 suspects")[0])
    figures = sorted(a.text for a in session.annotations)
    assert figures == ["149 suspects", "2025", "28 percent"]
    assert said(outcome) == ["Accepted 2 suggested figure (u undoes them together)."]
    undone = session.editing.undo()
    assert undone.changed & Changed.ANNOTATIONS and said(undone) == ["Undone: tag figure ×2."]
    assert [a.text for a in session.annotations] == ["2025"]


def test_accept_all_never_makes_the_same_span_twice() -> None:
    # A page whose paragraph also came out as a comment: the rules propose each span twice.
    repeated = replace(ARTICLE, blocks=(*ARTICLE.blocks, ARTICLE.blocks[2]))
    session = session_over(repeated)
    outcome = session.suggesting.accept_all(span("149 suspects")[0])
    figures = [a.text for a in session.annotations if a.label == "figure"]
    assert sorted(figures) == ["149 suspects", "2025", "28 percent"]
    assert said(outcome) == ["Accepted 3 suggested figure (u undoes them together)."]
    assert said(session.suggesting.accept_all(span("149 suspects")[0])) == [
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
    annotations = [
        Annotation(id=str(n), article_id="a", label="figure", start=start, end=end, text="")
        for n, (start, end) in enumerate(tagged)
    ] + [Annotation(id="other", article_id="a", label="claim", start=0, end=30, text="")]
    assert fresh_spans(spans, "figure", annotations) == kept


def test_a_rejected_suggestion_stays_rejected_in_a_new_session() -> None:
    session = session_over()
    offset = span("149 suspects")[0]
    outcome = session.suggesting.reject(offset)
    assert outcome.changed == Changed.SUGGESTIONS and outcome.to_save
    assert outcome.redraw == span("149 suspects")
    assert session.suggestions_at(offset) == []
    again = Session(session.articles, session.store, "other", DEFAULT_LABELS, frozenset(RULES))
    again.navigating.resume()
    assert again.suggestions_at(offset) == []
    assert [s.label for s in again.suggestions_at(span("28 percent")[0])] == ["figure", "claim"]


def test_switched_off_rules_propose_nothing() -> None:
    session = session_over(rules=())
    assert session.suggestions_at(span("28 percent")[0]) == []


def quotes_of(spans) -> list[tuple[str, str]]:
    return sorted((s.label, ARTICLE.text[s.start : s.end]) for s in spans)


@pytest.mark.parametrize(
    ("tagged", "start", "end", "expected"),
    [
        (None, *span("28 percent"), [("claim", "The minister said prices rose 28 percent in 2025."),
                                     ("figure", "28 percent")]),
        (None, *span("Critics disagree."), []),
        (None, *span("I think"), [("opinion", "I think this is excellent news.")]),
        # Only the block of `start`: a line is drawn one block at a time.
        (None, span("2025")[0], span("149 suspects")[1],
         [("claim", "The minister said prices rose 28 percent in 2025."), ("figure", "2025")]),
        # An annotation of a suggestion's label closes it; one of another label does not.
        (("figure", "28 percent"), *span("28 percent"),
         [("claim", "The minister said prices rose 28 percent in 2025.")]),
        (("opinion", "28 percent"), *span("28 percent"),
         [("claim", "The minister said prices rose 28 percent in 2025."),
          ("figure", "28 percent")]),
    ],
)
def test_the_open_suggestions_drawn_over_a_line(tagged, start, end, expected) -> None:
    session = session_over()
    if tagged:
        session.editing.tag(tagged[0], span(tagged[1]))
    assert quotes_of(session.suggestions_overlapping(start, end)) == expected


def placed(label: str, quote: str) -> Annotation:
    start, end = span(quote)
    return Annotation(id=quote, article_id=ARTICLE.id, label=label, start=start, end=end,
                      text=quote)


@pytest.mark.parametrize(
    ("touched", "expected"),
    [
        ([], None),
        ([placed("claim", "Critics")], span("Critics")),  # no suggestion there
        # Tagging a figure hides the figure suggestion and the claim sentence around it.
        ([placed("figure", "28 percent")],
         span("The minister said prices rose 28 percent in 2025.")),
        ([placed("claim", "China"), placed("claim", "149 suspects")],
         (span("China")[0], span("149 suspects")[1])),
    ],
)
def test_a_changed_annotation_redraws_the_suggestions_it_overlaps(touched, expected) -> None:
    assert session_over().suggesting.redraw_for(touched) == expected


def test_nothing_is_suggested_before_an_article_is_opened() -> None:
    session = session_over()
    fresh = Session(session.articles, session.store, "tester", DEFAULT_LABELS, frozenset(RULES))
    assert fresh.suggestions_at(span("28 percent")[0]) == []
    assert fresh.suggestions_overlapping(*span("28 percent")) == []
    assert fresh.suggesting.redraw_for([placed("figure", "28 percent")]) == span("28 percent")
