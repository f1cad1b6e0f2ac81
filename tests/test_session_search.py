"""What the search keys do, without the screen: find, find again, tag every match
(`Session.searching`)."""

from __future__ import annotations

import pytest

from tests.session_article import ARTICLE, said, session_over, span


def test_tag_every_match_of_the_last_search_as_one_step() -> None:
    session = session_over()
    session.searching.find((0, 0), query="china")
    assert session.searching.match_count() == 2
    session.editing.tag("claim", span("China"))
    outcome = session.searching.tag_matches("claim")
    assert said(outcome) == ["Tagged 1 matches as claim; 1 already were (u undoes them together)."]
    session.searching.tag_matches("figure")
    assert sorted((a.text, a.label) for a in session.annotations) == [
        ("China", "claim"), ("China", "figure"), ("china", "claim"), ("china", "figure")
    ]
    assert said(session.editing.undo()) == ["Undone: tag figure ×2."]
    assert said(session.editing.undo()) == ["Undone: tag claim."]
    assert said(session.editing.redo()) == ["Redone: tag claim."]
    assert said(session.searching.tag_matches("claim")) == [
        "No match of “china” is left to tag claim."
    ]


def test_tagging_every_match_takes_whole_words() -> None:
    session = session_over()
    session.searching.find((0, 0), query="hin")
    session.searching.tag_matches("claim")
    assert [a.text for a in session.annotations] == ["China", "china", "think"]


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
    outcome = session.searching.find(here, forward=forward, query=query)
    assert outcome.select == expected
    assert said(outcome) == ([message] if message else [])


def test_find_again_uses_the_last_search() -> None:
    session = session_over()
    assert said(session.searching.find((0, 0))) == ["Nothing to search for yet: press / first."]
    session.searching.find((0, 0), query="china")
    assert session.searching.find(span("China")).select == span("china")


@pytest.mark.parametrize(
    ("query", "selection", "position"),
    [
        ("china", span("China"), (1, 2)),
        ("china", span("china"), (2, 2)),
        ("china", span("Chin"), None),  # part of a match is not one
        ("china", None, None),
        (None, span("China"), None),  # nothing searched yet
    ],
)
def test_which_match_the_selection_is(query, selection, position) -> None:
    session = session_over()
    if query:
        session.searching.find((0, 0), query=query)
    assert session.searching.position(selection) == position


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, len(ARTICLE.text), ["China", "china"]),
        (span("China")[0] + 2, span("China")[0] + 3, ["China"]),
        (span("China")[1], span("china")[0], []),  # between the two
        (span("arrested")[0], span("china")[1], ["china"]),
    ],
)
def test_the_matches_drawn_over_a_line(start, end, expected) -> None:
    session = session_over()
    session.searching.find((0, 0), query="china")
    found = session.search_matches_overlapping(start, end)
    assert [ARTICLE.text[s:e] for s, e in found] == expected


@pytest.mark.parametrize(
    ("query", "count"),
    [("", 0), ("china", 2), ("prices", 2), ("Critics", 1), ("[x]", 0)],
)
def test_match_count(query, count) -> None:
    session = session_over()
    session.last_search = query  # what the search prompt puts back
    assert session.searching.match_count() == count


def test_clearing_the_search_drops_its_highlights_and_what_find_again_looks_for() -> None:
    session = session_over()
    session.searching.find((0, 0), query="china")
    outcome = session.searching.clear()
    assert outcome.redraw == (0, len(ARTICLE.text))  # the highlights go everywhere
    assert session.last_search == "" and session.searching.match_count() == 0
    assert session.search_matches_overlapping(0, len(ARTICLE.text)) == []
    assert said(session.searching.find((0, 0))) == ["Nothing to search for yet: press / first."]
