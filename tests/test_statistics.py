"""The counts of the statistics screen, made from the records the store holds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotations.model import Annotation
from annotations.parsing import parse_text
from annotations.statistics import count, count_stored, stored_articles
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore

ARTICLES = [
    parse_text("Prices\nPrices rose 7 percent in Tokyo, traders said.\n1 Comment\nana_k\nSo?",
               "prices.txt"),
    parse_text("外交部\n外交部发言人林剑说，已遣返5500名嫌疑人 🎉。", "china.txt"),
    replace(parse_text("Prices\nThe same title, another text: ราคาข้าวสูงขึ้น 5%.", "thai.txt"),
            id="prices-thai"),  # as a set's record with its own id
    parse_text("Untouched\nNobody tagged this one.", "empty.txt"),
]


def filled(store: AnnotationStore) -> AnnotationStore:
    """Spans by ana, bo and nobody (one accepted from a suggestion, one made an orphan), a
    relation, an article's type and two stances on a comment (one orphaned), and statuses."""
    prices, china, thai, _ = ARTICLES
    store.add_articles(ARTICLES)

    def tag(article, quote, label, who="", origin="manual"):
        start = article.text.index(quote)
        return store.tag(article, start, start + len(quote), label, who, origin)

    rose = tag(prices, "rose 7 percent", "figure", "ana")
    traders = tag(prices, "traders said", "source", "bo", origin="suggested")
    tag(prices, "Tokyo", "claim")
    store.links.link(rose, traders, "source", "ana")
    store.links.label(prices, "type", ["news"], None, "ana")
    store.links.label(prices, "stance", ["agrees", "funny"], 0, "bo")
    stance = store.links.label(prices, "stance", ["disagrees"], 0, "ana")
    store.links.insert(replace(stance, id="lost-stance", comment=None, orphan=True))
    lin = tag(china, "林剑", "source", "bo")
    store.insert(replace(lin, id="lost-span", orphan=True), china)  # its text was not found
    tag(china, "5500名", "figure", "ana")
    tag(thai, "5%", "figure", "ana")
    store.set_status(china, "done")
    store.set_status(thai, "skipped")
    return store


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> AnnotationStore:
    if request.param == "memory":
        return filled(AnnotationStore(MemoryStorage(), autoflush=False))
    path = tmp_path / "db.json"
    filled(AnnotationStore.open(path)).close()
    return AnnotationStore.open(path, autoflush=False, lazy=True)


def test_the_counts_from_the_records_are_those_of_the_annotations(store) -> None:
    stored = count_stored(store, stored_articles(store), set_size=6)
    made = count(((*found, store.links.of(found[0].id)) for found in store.contents()), 6)
    assert stored == made
    assert stored.by_label == {"source": 3, "figure": 3, "claim": 1}
    assert stored.by_annotator == {"bo": 3, "ana": 3, "(unnamed)": 1}
    assert stored.by_article == {"Prices": 3, "外交部": 3, "Prices (prices-thai)": 1,
                                 "Untouched": 0}
    assert stored.by_status == {"new": 3, "in_progress": 1, "done": 1, "skipped": 1}
    assert (stored.orphans, stored.suggested, stored.by_relation) == (1, 1, {"source": 1})
    assert stored.by_choice == {"stance: disagrees": 1, "type: news": 1, "stance: agrees": 1,
                                "stance: funny": 1}  # not the orphaned label's


def test_counting_makes_no_annotation_of_each_record(store, monkeypatch) -> None:
    """At a million annotations making an `Annotation` of each was two thirds of the time."""
    articles = stored_articles(store)

    def refused(data):
        raise AssertionError("an Annotation was made to count it")

    monkeypatch.setattr(Annotation, "from_record", refused)
    assert count_stored(store, articles).annotations == 7
