"""What the article keys do, without the screen: moving through the set, marking an article
and resuming where the work stopped (`Session.navigating`)."""

from __future__ import annotations

import pytest

from annotations.model import DEFAULT_LABELS, Article
from annotations.outcome import Changed
from annotations.parsing import parse_text
from annotations.session import Session
from tests.session_article import said, session_over


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
        "next": session.navigating.next_article,
        "previous": session.navigating.previous_article,
        "done": lambda: session.navigating.mark("done"),
        "skip": lambda: session.navigating.mark("skipped"),
    }
    outcomes = [operations[key]() for key in keys]
    assert session.index == position
    assert said(outcomes[-1]) == ([message] if message else [])


def test_reopening_resumes_at_the_first_article_not_done() -> None:
    session = session_over(*articles(3))
    session.navigating.mark("done")
    again = Session(session.articles, session.store, "tester", DEFAULT_LABELS)
    assert again.navigating.resume().changed == Changed.ARTICLE
    assert again.index == 1


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
    outcome = session.navigating.resume(ids.get(last, last))
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
    outcome = session.navigating.first_unfinished()
    assert session.index == opened
    assert said(outcome) == ([message] if message else [])


@pytest.mark.parametrize(
    ("index", "position", "message"),
    [
        (2, 2, None),
        (0, 0, None),
        (3, 0, "That is the last article."),
        (-1, 0, "That is the first."),
    ],
)
def test_go_to(index, position, message) -> None:
    session = session_over(*articles(3))
    outcome = session.navigating.go_to(index)
    assert session.index == position
    assert said(outcome) == ([message] if message else [])
    assert (outcome.changed == Changed.ARTICLE) == (message is None)
