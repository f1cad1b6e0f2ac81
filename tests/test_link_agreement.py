"""Agreement beyond spans: relation F1 and label kappa, with values worked out by hand, from the
command line and from the functions."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotations.link_agreement import ALL_TYPES, compare_links
from annotations.sets import read_article
from annotations.store import AnnotationStore
from annotations.team_work import load_team
from tests.conftest import SEED
from tests.test_cli import annotator

CLAIM = "China has announced its unwavering commitment"
SOURCE = "Foreign Ministry spokesman Lin Jian"
FIGURE = "over 5,500"
OTHER_CLAIM = "The repatriation of over 5,500 criminal suspects"


def work(path: Path, who: str, links: list[tuple[str, str, str]], stances: list[str],
         kind: str) -> Path:
    """A DB of one annotator: the same four spans, these relations, a stance on each comment
    and the article's type."""
    seed = read_article(SEED)
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        made = {}
        for quote, label in ((CLAIM, "claim"), (SOURCE, "source"), (FIGURE, "figure"),
                             (OTHER_CLAIM, "claim")):
            start = seed.text.index(quote)
            made[quote] = store.tag(seed, start, start + len(quote), label, who)
        for head, relation, tail in links:
            store.links.link(made[head], made[tail], relation, who)
        for place, stance in enumerate(stances):
            store.links.label(seed, "stance", [stance], place, who)
        store.links.label(seed, "type", [kind], None, who)
    return path


def team(tmp_path: Path) -> tuple[Path, Path]:
    # ana and bo agree on the source; bo has the figure support the other claim.
    ana = work(tmp_path / "ana.json", "ana", [(CLAIM, "source", SOURCE),
                                              (FIGURE, "supports", CLAIM)],
               ["agrees", "agrees", "disagrees", "neutral", "agrees", "off topic"], "news")
    bo = work(tmp_path / "bo.json", "bo", [(CLAIM, "source", SOURCE),
                                           (FIGURE, "supports", OTHER_CLAIM)],
              ["agrees", "disagrees", "disagrees", "neutral", "agrees", "neutral"], "news")
    return ana, bo


def test_relation_f1_and_label_kappa_worked_out_by_hand(tmp_path: Path) -> None:
    ana, bo = team(tmp_path)
    result = annotator("agree", str(ana), str(bo), "--json")
    assert result.returncode == 0, result.stderr
    [pair] = orjson.loads(result.stdout)["links"]
    assert pair["annotators"] == ["ana", "bo"]
    # one relation of two each alike: F1 = 2·1 / (2 + 2)
    assert pair["relations"][ALL_TYPES] == {"f1": 0.5, "relations": [2, 2], "matched": 1}
    assert pair["relations"]["source"]["f1"] == 1.0
    assert pair["relations"]["supports"] == {"f1": 0.0, "relations": [1, 1], "matched": 0}
    # stance on six comments, alike on four: observed 4/6. ana chose agrees 3 times, the others
    # once each; bo agrees, disagrees and neutral twice each: expected (3·2 + 1·2 + 1·2) / 36
    # = 10/36; kappa = (24/36 - 10/36) / (26/36) = 14/26.
    stance = pair["labels"]["stance"]
    assert (stance["items"], stance["agreed"]) == (6, 4)
    assert stance["kappa"] == pytest.approx(14 / 26)
    assert pair["labels"]["type"] == {"kappa": 1.0, "items": 1, "agreed": 1}
    shown = annotator("agree", str(ana), str(bo))
    assert "ana vs bo: relations" in shown.stdout and "0.538" in shown.stdout


def test_one_shared_db_is_split_by_the_annotator_of_each_relation_and_label(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared.json"
    seed = read_article(SEED)
    with AnnotationStore.open(shared) as store:
        store.add_articles([seed])
        for who in ("ana", "bo"):
            start = seed.text.index(CLAIM)
            claim = store.tag(seed, start, start + len(CLAIM), "claim", who)
            start = seed.text.index(SOURCE)
            source = store.tag(seed, start, start + len(SOURCE), "source", who)
            store.links.link(claim, source, "source", who)
            store.links.label(seed, "stance", ["agrees" if who == "ana" else "neutral"], 0, who)
    loaded = load_team([shared], ["ana", "bo"])
    [pair] = compare_links([seed.id], loaded.works, loaded.links)
    assert pair.relations[ALL_TYPES].f1 == 1.0 and pair.relations[ALL_TYPES].relations == (1, 1)
    # one item, coded differently: chance agreement is ana's agrees × bo's neutral = 0
    assert (pair.labels["stance"].agreed, pair.labels["stance"].kappa) == (0, 0.0)


def test_an_item_only_one_labelled_counts_against_agreement(tmp_path: Path) -> None:
    ana = work(tmp_path / "ana.json", "ana", [], ["agrees", "agrees"], "news")
    bo = work(tmp_path / "bo.json", "bo", [], ["agrees"], "news")
    loaded = load_team([ana, bo])
    [pair] = compare_links(list(loaded.articles), loaded.works, loaded.links)
    # items: comments 1 and 2; codes ana (agrees, agrees), bo (agrees, none): observed 1/2,
    # expected (2·1 + 0·1) / 4 = 1/2, so kappa 0
    assert (pair.labels["stance"].items, pair.labels["stance"].agreed) == (2, 1)
    assert pair.labels["stance"].kappa == 0.0
    assert pair.relations[ALL_TYPES].f1 == 1.0 and pair.relations[ALL_TYPES].relations == (0, 0)


def test_stats_counts_relations_and_choices(tmp_path: Path) -> None:
    ana, _ = team(tmp_path)
    data = orjson.loads(annotator("stats", "--db", str(ana), "--json").stdout)
    assert data["relations"] == 2 and data["by_relation"] == {"source": 1, "supports": 1}
    assert data["by_choice"] == {"stance: agrees": 3, "stance: disagrees": 1,
                                 "stance: neutral": 1, "stance: off topic": 1, "type: news": 1}
    shown = annotator("stats", "--db", str(ana)).stdout
    assert "relations by type" in shown and "stance: agrees" in shown


def test_merge_keeps_agreed_relations_and_labels_once_and_marks_the_rest(tmp_path: Path) -> None:
    ana, bo = team(tmp_path)
    merged = tmp_path / "merged.json"
    result = annotator("merge", str(ana), str(bo), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    # agreed: the source relation, the type, four stances; to review: 2 supports, 2 × 2 stances
    assert "; 6 relations and labels agreed, 6 to review" in result.stderr
    [article] = orjson.loads(merged.read_bytes())["articles"]
    spans = {a["id"]: a for a in article["annotations"]}
    relations = [(r["type"], spans[r["head"]]["text"], spans[r["tail"]]["text"],
                  r["annotator"], r.get("review", False)) for r in article["relations"]]
    assert sorted(relations) == [
        ("source", CLAIM, SOURCE, "ana+bo", False),
        ("supports", FIGURE, CLAIM, "ana", True),
        ("supports", FIGURE, OTHER_CLAIM, "bo", True),
    ]
    stances = [[(label["choices"], label["annotator"], label.get("review", False))
                for label in block["labels"]]
               for block in article["blocks"] if block["kind"] == "comment"]
    assert stances[0] == [(["agrees"], "ana+bo", False)]
    assert sorted(stances[1]) == [(["agrees"], "ana", True), (["disagrees"], "bo", True)]
    review = tmp_path / "review.json"
    assert annotator("import", str(merged), "--db", str(review)).returncode == 0
    stored = AnnotationStore.open(review)
    assert sum(r.review for r in stored.links.relations(article["id"])) == 2


def test_review_shows_relations_and_labels_in_dispute_as_items_decided_one_by_one(
    tmp_path: Path,
) -> None:
    from annotations.doc_labels import DocLabel
    from annotations.model import DEFAULT_LABELS
    from annotations.relations import Relation
    from annotations.review import Review

    store = AnnotationStore.open(merged_for_review(tmp_path))
    review = Review(store, DEFAULT_LABELS)
    spans = {a.id: a.text for a in store.annotations(review.shown[0][0].id)}
    # every span was agreed; the figure supports a different claim for each, and two comments
    # got different stances: six items, in text order (the comments come after the body)
    assert review.filter.name == "disagreements"

    def seen(item: Relation | DocLabel) -> tuple:
        if isinstance(item, Relation):
            return (item.annotator, spans[item.head], item.type, spans[item.tail])
        return (item.annotator, item.comment, item.choices)

    assert [seen(item) for _, item in review.shown] == [  # type: ignore[arg-type]
        ("ana", FIGURE, "supports", CLAIM),
        ("bo", FIGURE, "supports", OTHER_CLAIM),
        ("ana", 1, ("agrees",)), ("bo", 1, ("disagrees",)),
        ("ana", 5, ("off topic",)), ("bo", 5, ("neutral",)),
    ]
    # keep ana's support, delete bo's; delete ana's stance on comment 2, keep bo's; and so on
    for decide in ("accept", "delete", "delete", "accept", "accept", "delete"):
        assert getattr(review, decide)()
    assert review.shown == [] and review.current is None
    article_id = store.articles()[0].id
    relations = store.links.relations(article_id)
    assert sorted((spans[r.head], r.type, spans[r.tail], r.review) for r in relations) == [
        (CLAIM, "source", SOURCE, False), (FIGURE, "supports", CLAIM, False)]
    stances = {label.comment: (label.choices, label.annotator, label.review)
               for label in store.links.doc_labels(article_id) if label.comment in (1, 5)}
    assert stances == {1: (("disagrees",), "bo", False), 5: (("off topic",), "ana", False)}
    # the spans themselves were never in dispute and are untouched
    assert sorted(spans.values()) == sorted(a.text for a in store.annotations(article_id))


def merged_for_review(tmp_path: Path) -> Path:
    """A DB to adjudicate: `team`'s two annotators merged, then imported."""
    ana, bo = team(tmp_path)
    merged, review_db = tmp_path / "merged.json", tmp_path / "review.json"
    assert annotator("merge", str(ana), str(bo), "-o", str(merged)).returncode == 0
    assert annotator("import", str(merged), "--db", str(review_db)).returncode == 0
    return review_db
