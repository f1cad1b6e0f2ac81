"""An article opened is recorded in the DB after it is shown (`Session.record_opened`), and
never after a change to it: the DB holds no annotation without its article."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from annotations.model import DEFAULT_LABELS
from annotations.parsing import parse_text
from annotations.schema import Status
from annotations.session import Session
from annotations.sets import ArticleSet
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore
from tests.session_article import ARTICLE, session_over, span

SECOND = parse_text("Rain Today\nIt rained 40 mm in Chiang Mai. ฝนตกหนัก.", "rain.txt")


def test_a_new_article_is_recorded_by_the_save_not_as_it_opens() -> None:
    session = session_over()
    assert session.store.articles() == []
    assert session.save() is False
    assert [a.id for a in session.store.articles()] == [ARTICLE.id]
    assert session.store.statuses() == {ARTICLE.id: Status.NEW.value}
    assert session.record_opened() is False  # nothing left to record


@pytest.mark.parametrize("change", ["tag", "accept", "reject", "mark", "classify", "tag_all"])
def test_a_change_before_the_save_records_the_article_first(change: str) -> None:
    """And every article opened before it, in the order opened (the store alone would add
    the changed article only, or none)."""
    session = session_over(SECOND, ARTICLE)
    session.navigating.next_article()
    assert session.article.id == ARTICLE.id and session.store.articles() == []
    start, end = span("28 percent")
    if change == "tag":
        session.editing.tag("claim", (start, end))
    elif change == "accept":
        session.suggesting.accept(span("28 percent")[0] + 1)
    elif change == "reject":
        session.suggesting.reject(span("28 percent")[0] + 1)
    elif change == "mark":
        session.navigating.mark("skipped")
    elif change == "classify":
        name = session.classifying.sets_for(None)[0].name
        values = session.classifying.sets_for(None)[0].choices[:1]
        session.classifying.choose(None, {name: values})
    else:
        session.editing.tag_all([(start, end)], "figure", "manual")
    assert [a.id for a in session.store.articles()] == [SECOND.id, ARTICLE.id]
    if change in ("tag", "accept", "tag_all"):
        assert session.store.statuses()[ARTICLE.id] == Status.IN_PROGRESS.value
        assert len(session.store.annotations(ARTICLE.id)) == 1
    session.save()
    assert [a.id for a in session.store.articles()] == [SECOND.id, ARTICLE.id]  # once each


def test_articles_opened_before_a_save_are_recorded_in_the_order_opened() -> None:
    session = session_over(SECOND, ARTICLE)
    session.navigating.next_article()
    session.navigating.previous_article()  # opened again before any save
    session.save()
    assert [a.id for a in session.store.articles()] == [SECOND.id, ARTICLE.id]


def test_an_article_the_db_holds_is_checked_as_it_opens() -> None:
    """A known article whose text changed is found changed at once (its annotations are
    shown where they are now), not after the save."""
    session = session_over()
    session.editing.tag("claim", span("28 percent"))
    session.save()
    moved = replace(parse_text("Prices Rise\nNew first line.\n" + ARTICLE.text.split("\n", 1)[1],
                               "prices.txt"), id=ARTICLE.id)
    store = session.store
    again = Session(ArticleSet.of([moved]), store, "tester", DEFAULT_LABELS)
    outcome = again.navigating.resume()
    assert any("changed since it was annotated" in n.text for n in outcome.notices)
    assert [a.text for a in again.annotations] == ["28 percent"]
    assert moved.text[again.annotations[0].start:again.annotations[0].end] == "28 percent"


def test_a_tag_while_the_save_records_waits_for_the_article() -> None:
    """The save's thread and a key on the UI thread: whichever records, the DB never holds
    the tag without the article, and the article once."""
    for _ in range(20):
        store = AnnotationStore(MemoryStorage(), autoflush=False)
        session = Session(ArticleSet.of([ARTICLE]), store, "tester", DEFAULT_LABELS)
        session.navigating.resume()
        saver = threading.Thread(target=session.save)
        saver.start()
        session.editing.tag("claim", span("28 percent"))
        # the rule at the moment of the tag, whichever thread recorded the article
        assert store.article(ARTICLE.id) is not None
        saver.join()
        session.save()
        assert [a.id for a in store.articles()] == [ARTICLE.id]
        assert store.statuses()[ARTICLE.id] == Status.IN_PROGRESS.value
        assert [a.text for a in store.annotations(ARTICLE.id)] == ["28 percent"]
