"""Reviewing annotations one at a time, without the screen: filters, decisions, overlaps."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from annotations.model import DEFAULT_LABELS, Annotation
from annotations.parsing import parse_text
from annotations.relations import Relation
from annotations.review import Review
from annotations.review_places import ReviewPlaces
from annotations.storage import MemoryStorage
from annotations.store import AnnotationGone, AnnotationStore

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


def test_the_item_shown_is_as_the_store_holds_it_now() -> None:
    """A note given meanwhile (another annotator's, taken in by a sync) shows when the review
    comes to its annotation: the review keeps where each item is, not a copy of it."""
    store = tagged(review_marks=False)
    review = Review(store, DEFAULT_LABELS)
    [opinion] = [a for a in store.annotations(ARTICLE.id) if a.label == "opinion"]
    store.set_note(opinion, "sarcasm?")
    review.step(3)
    assert (review.current[1].text, review.current[1].note) == ("Crime doesn't pay.", "sarcasm?")


def test_one_deleted_meanwhile_is_said_gone_if_shown_and_passed_over_if_not() -> None:
    store = tagged(review_marks=False)
    review = Review(store, DEFAULT_LABELS)
    shown = review.current[1]
    assert shown.text == "Spokesman Lin Jian"
    by_text = {a.text: a for a in store.annotations(ARTICLE.id)}
    store.delete(by_text["Lin Jian"])  # the next one, never shown
    store.delete(shown)
    with pytest.raises(AnnotationGone):  # a decision on what is on screen says it is gone
        review.delete()
    review.forget(shown)
    assert review.current[1].text == "149 suspects"
    assert texts(review) == ["149 suspects", "Crime doesn't pay."]


def test_the_review_keeps_places_not_annotations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each annotation held as an object took about 1.6 KB (four times the DB's JSON at a
    million); a place takes about 60 bytes, and one article's items are read at a time. An
    article with spans only is read as its records: no object is made of each."""
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    articles = [parse_text(f"Article {n}\n" + "Prices rose 7 percent in Tokyo. " * 20,
                           f"{n}.txt") for n in range(40)]
    store.add_articles(articles)
    for article in articles:
        for start in range(50):
            store.tag(article, start, start + 12, "claim", "ana")
    made = []
    from_record = Annotation.from_record
    monkeypatch.setattr(Annotation, "from_record",
                        lambda record: made.append(record) or from_record(record))
    tracemalloc.start()
    try:
        review = Review(store, DEFAULT_LABELS)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(made) == 1  # the item shown, not each of its article's
    assert review.count == 2000 and review.current[1].label == "claim"
    assert held < 300 * 2000
    for _ in range(3):  # a step makes the one item it shows, however many its article has
        before = len(made)
        review.step(1)
        assert review.current is not None and len(made) == before + 1


@pytest.mark.parametrize(
    ("article", "item_id", "place"),
    [("a", "1", 0), ("a", "11", 1), ("a", "111", 2), ("b", "1", 4), ("b", "11", None),
     ("a", "12", None), ("b", "文章", 3), ("c", "1", None), ("a", "", None)],
)
def test_places_find_an_item_by_its_whole_id_within_its_article(article, item_id, place) -> None:
    places = ReviewPlaces()
    for name, ids in (("a", ["1", "11", "111"]), ("b", ["文章", "1"])):
        places.add_article(name, [(number, Relation(each, name, "supports", "h", "t"))
                                  for number, each in enumerate(ids)], 0)
    assert places.find(article, item_id) == place
    if place is not None:
        assert (places.id(place), places.article_id(place)) == (item_id, article)


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


LINKED = parse_text(
    "評論\n外交部发言人林剑说，已遣返5500名嫌疑人 🎉。\n2 Comments\nana_k\n同意 👍\nbo99\nNo way.",
    "linked.txt",
)


def linked() -> tuple[AnnotationStore, dict[str, object]]:
    """A Chinese article with a claim, its source and a figure; ana's and bo's relations and
    stances, some marked for review; the article's type agreed."""
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    store.add_articles([LINKED])

    def tag(quote: str, label: str):
        start = LINKED.text.index(quote)
        return store.tag(LINKED, start, start + len(quote), label, "ana+bo")

    made: dict[str, object] = {
        "claim": tag("已遣返5500名嫌疑人", "claim"), "source": tag("外交部发言人林剑", "source"),
        "figure": tag("5500名", "figure")}
    made["source_rel"] = store.links.link(made["claim"], made["source"], "source", "ana")
    made["supports"] = store.links.link(made["figure"], made["claim"], "supports", "bo")
    store.links.set_review(made["supports"], True)
    store.links.label(LINKED, "type", ["news"], None, "ana+bo")
    for who, stance in (("ana", "agrees"), ("bo", "off topic")):
        label = store.links.label(LINKED, "stance", [stance], 0, who)
        store.links.set_review(label, True)
    return store, made


def kinds(review: Review) -> list[str]:
    """Each item shown, in words: a span's text, a relation's type, a label's choices."""
    return [getattr(item, "text", None) or getattr(item, "type", None)
            or "/".join(item.choices) for _, item in review.shown]  # type: ignore[union-attr]


def test_relations_and_labels_are_items_in_text_order() -> None:
    review = Review(linked()[0], DEFAULT_LABELS)
    assert (review.filter.name, kinds(review)) == (
        "disagreements", ["supports", "agrees", "off topic"])
    review.next_filter()  # claim: only spans
    assert kinds(review) == ["已遣返5500名嫌疑人"]
    review.filter = review.filters[0]
    # the article's type first; each relation after its head; the stances at their comment
    assert kinds(review) == ["news", "外交部发言人林剑", "已遣返5500名嫌疑人", "source", "5500名",
                             "supports", "agrees", "off topic"]


def test_enter_keeps_and_x_deletes_a_relation_or_a_label_and_a_label_key_retags_neither() -> None:
    store, made = linked()
    review = Review(store, DEFAULT_LABELS)
    assert not review.retag("claim") and kinds(review) == ["supports", "agrees", "off topic"]
    assert review.accept() and kinds(review) == ["agrees", "off topic"]
    assert review.delete() and kinds(review) == ["off topic"]
    assert review.accept() and review.current is None
    [supports] = [r for r in store.links.relations(LINKED.id) if r.type == "supports"]
    assert not supports.review
    stances = [(label.annotator, label.choices, label.review)
               for label in store.links.doc_labels(LINKED.id) if label.name == "stance"]
    assert stances == [("bo", ("off topic",), False)]


def test_deleting_a_span_takes_its_relations_off_the_review_and_the_place_holds() -> None:
    store, made = linked()
    review = Review(store, DEFAULT_LABELS)
    review.filter = review.filters[0]
    review.position = kinds(review).index("5500名")
    assert review.delete()  # the figure and its supports relation
    assert kinds(review) == ["news", "外交部发言人林剑", "已遣返5500名嫌疑人", "source", "agrees",
                             "off topic"]
    assert kinds(review)[review.position] == "agrees"
    review.position = kinds(review).index("外交部发言人林剑")
    assert review.delete()  # the source, and the source relation after the claim
    assert kinds(review) == ["news", "已遣返5500名嫌疑人", "agrees", "off topic"]
    assert kinds(review)[review.position] == "已遣返5500名嫌疑人"
    assert store.links.relations(LINKED.id) == []


def test_a_relation_or_label_deleted_meanwhile_is_said_to_be_gone() -> None:
    from annotations.review import LinkGone

    store, made = linked()
    review = Review(store, DEFAULT_LABELS)
    store.links.unlink(made["supports"])  # as another annotator's sync would
    with pytest.raises(LinkGone) as gone:
        review.accept()
    assert gone.value.message == ("That supports relation was deleted by another annotator "
                                  "meanwhile; nothing changed.")
    review.forget(gone.value.item)
    assert kinds(review) == ["agrees", "off topic"]
