"""Reviewing annotations one at a time, without the screen: filters, decisions, overlaps."""

from __future__ import annotations

import random

import pytest

from annotations.model import DEFAULT_LABELS
from annotations.parsing import parse_text
from annotations.review import Review
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore

ARTICLE = parse_text(
    "Review test\nSpokesman Lin Jian said 149 suspects were held. Crime doesn't pay.",
    "review.txt",
)


def tagged(review_marks: bool = True) -> AnnotationStore:
    """A claim and a figure marked for review (ana and bo disagreed), an opinion that is not,
    and bo's figure over the claim's words."""
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    store.add_articles([ARTICLE])

    def tag(quote: str, label: str, who: str, review: bool = False):
        start = ARTICLE.text.index(quote)
        made = store.tag(ARTICLE, start, start + len(quote), label, who)
        return store.set_review(made, True) if review and review_marks else made

    tag("Lin Jian", "claim", "ana", review=True)
    tag("Spokesman Lin Jian", "figure", "bo")
    tag("149 suspects", "figure", "bo", review=True)
    tag("Crime doesn't pay.", "opinion", "ana")
    return store


def texts(review: Review) -> list[str]:
    return [annotation.text for _, annotation in review.shown]


@pytest.mark.parametrize(
    ("marks", "presses", "name", "shown"),
    [
        (True, 0, "disagreements", ["Lin Jian", "149 suspects"]),
        (False, 0, "all", ["Spokesman Lin Jian", "Lin Jian", "149 suspects",
                           "Crime doesn't pay."]),
        (True, 1, "claim", ["Lin Jian"]),
        (True, 2, "figure", ["Spokesman Lin Jian", "149 suspects"]),
        (True, 3, "opinion", ["Crime doesn't pay."]),
        (True, 4, "source", []),
        (True, 5, "all", ["Spokesman Lin Jian", "Lin Jian", "149 suspects",
                          "Crime doesn't pay."]),
    ],
)
def test_filters_begin_with_the_disagreements_and_go_round(marks, presses, name, shown) -> None:
    review = Review(tagged(marks), DEFAULT_LABELS)
    for _ in range(presses):
        review.next_filter()
    assert (review.filter.name, texts(review), review.position) == (name, shown, 0)


def test_deciding_a_disagreement_takes_it_off_the_list() -> None:
    store = tagged()
    review = Review(store, DEFAULT_LABELS)
    assert review.accept()
    assert texts(review) == ["149 suspects"]
    assert review.retag("claim")
    assert texts(review) == [] and review.current is None and not review.accept()
    final = {a.text: a for a in store.annotations(ARTICLE.id)}
    assert not final["Lin Jian"].review and final["Lin Jian"].label == "claim"
    assert (final["149 suspects"].label, final["149 suspects"].review) == ("claim", False)


def test_under_all_a_decision_moves_on_and_a_delete_stays_in_place() -> None:
    store = tagged(review_marks=False)
    review = Review(store, DEFAULT_LABELS)
    review.accept()
    assert review.current[1].text == "Lin Jian"
    review.delete()
    assert review.current[1].text == "149 suspects"
    assert review.set_note(review.current[1], "held where?")
    assert not review.set_note(review.current[1], "held where?")
    assert review.current[1].note == "held where?"
    assert len(store.annotations(ARTICLE.id)) == 3


@pytest.mark.parametrize("step", [-5, 1, 2, 10])
def test_steps_stop_at_either_end(step: int) -> None:
    review = Review(tagged(review_marks=False), DEFAULT_LABELS)
    review.step(step)
    assert review.position == max(0, min(step, 3))


def test_overlapping_shows_what_the_others_made_of_the_same_words() -> None:
    review = Review(tagged(), DEFAULT_LABELS)
    article, claim = review.current
    assert claim.text == "Lin Jian"
    assert [(a.label, a.annotator, a.text) for a in review.overlapping(article, claim)] == [
        ("figure", "bo", "Spokesman Lin Jian")
    ]


def test_decisions_keep_every_filter_and_overlap_as_reading_the_store_again_would() -> None:
    """Random decisions on two annotators' overlapping spans over three articles (one in Thai):
    after each, what every filter shows and what overlaps the current annotation are what a
    fresh read of the store gives, found by comparing every pair."""
    rng = random.Random(16)
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    articles = [parse_text(f"Article {n}\n{body}", f"{n}.txt") for n, body in enumerate(
        ["Prices rose 7 percent in Tokyo, traders said on Monday. " * 6,
         "รัฐบาลไทยประกาศมาตรการใหม่ เพื่อช่วยเหลือเกษตรกร " * 5,
         "Short one, with spans at every place."])]
    store.add_articles(articles)
    for article in articles:
        for _ in range(25):
            start = rng.randrange(len(article.text) - 3)
            longest = 30 if len(article.text) > 60 else 4  # the short one: spans at every place
            end = min(len(article.text), start + rng.randint(1, longest))
            made = store.tag(article, start, end, rng.choice(["claim", "figure", "opinion"]),
                             rng.choice(["ana", "bo"]))
            if rng.random() < 0.4:
                store.set_review(made, True)
    review = Review(store, DEFAULT_LABELS)
    for _ in range(120):
        move = rng.choice(["step", "step", "filter", "accept", "retag", "delete", "note"])
        if move == "step":
            review.step(rng.choice([-3, -1, 1, 2, 5]))
        elif move == "filter":
            review.next_filter()
        elif move == "accept":
            review.accept()
        elif move == "retag":
            review.retag(rng.choice(["claim", "figure", "opinion"]))
        elif move == "delete":
            review.delete()
        elif review.current is not None:
            review.set_note(review.current[1], f"note {rng.random():.3f}")
        fresh = [(article, a) for article, _, made in store.contents() for a in made
                 if not a.orphan]
        for kind in review.filters:
            current_filter = review.filter
            review.filter = kind
            assert review.shown == [(art, a) for art, a in fresh if kind.keeps(a)]
            review.filter = current_filter
        if review.current is not None:
            article, annotation = review.current
            assert review.overlapping(article, annotation) == [
                a for art, a in fresh if art.id == article.id and a.id != annotation.id
                and a.start < annotation.end and a.end > annotation.start
            ]
