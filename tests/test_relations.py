"""Relations and article and comment labels in the store: made, deleted with their annotation,
undone, merged between two writers, and found again when the article changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet, DocLabel, reanchored
from annotations.model import Article
from annotations.parsing import parse_text
from annotations.relations import (
    DEFAULT_RELATION_TYPES,
    Ends,
    Relation,
    RelationType,
    ends,
    exportable,
)
from annotations.store import AnnotationStore

TEXT = (
    "Ministry Speaks\n"
    "Prices rose 28 percent, said spokesman Lin Jian on Monday.\n"
    "3 Comments\n"
    "Ana\nI agree with the ministry.\n"
    "Bo\nOff topic: nice weather.\n"
    "Chen\n我不同意。"
)
ARTICLE = parse_text(TEXT, "ministry.txt")


def at(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def linked(store: AnnotationStore, article: Article = ARTICLE):
    """A claim, the figure that supports it and its source, linked as a user would."""
    store.add_articles([article])
    claim = store.tag(article, *at(article, "Prices rose 28 percent"), "claim", "ana")
    figure = store.tag(article, *at(article, "28 percent"), "figure", "ana")
    source = store.tag(article, *at(article, "spokesman Lin Jian"), "source", "ana")
    said = store.links.link(claim, source, "source", "ana")
    backs = store.links.link(figure, claim, "supports", "ana")
    return claim, figure, source, said, backs


def test_a_relation_is_kept_with_its_ends_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        claim, _, source, said, backs = linked(store)
    again = AnnotationStore.open(db).links.relations(ARTICLE.id)
    assert sorted(again, key=lambda r: r.type) == [said, backs]
    assert (said.head, said.tail, said.type, said.annotator) == (claim.id, source.id, "source",
                                                                 "ana")


def test_deleting_an_annotation_deletes_its_relations_and_undo_brings_all_back(
    store: AnnotationStore,
) -> None:
    claim, figure, source, said, backs = linked(store)
    store.delete(claim)
    assert store.links.relations(ARTICLE.id) == []
    assert [a.id for a in store.annotations(ARTICLE.id)] == [figure.id, source.id]
    [undone] = store.undo(ARTICLE.id)
    assert undone.after == claim and len(undone.also) == 2
    assert {r.id for r in store.links.relations(ARTICLE.id)} == {said.id, backs.id}
    store.redo(ARTICLE.id)
    assert store.links.relations(ARTICLE.id) == []
    store.undo(ARTICLE.id)
    assert len(store.annotations(ARTICLE.id)) == 3


def test_undo_and_redo_a_link_and_an_unlink(store: AnnotationStore) -> None:
    *_, said, backs = linked(store)
    store.undo(ARTICLE.id)  # the supports link
    assert store.links.relations(ARTICLE.id) == [said]
    store.redo(ARTICLE.id)
    store.links.unlink(said)
    assert store.links.relations(ARTICLE.id) == [backs]
    store.undo(ARTICLE.id)
    assert {r.id for r in store.links.relations(ARTICLE.id)} == {said.id, backs.id}


def test_two_writers_keep_each_others_relations_and_labels(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    first = AnnotationStore.open(db)
    claim, figure, source, said, backs = linked(first)
    second = AnnotationStore.open(db)
    other = second.tag(ARTICLE, *at(ARTICLE, "Monday"), "figure", "bo")
    theirs = second.links.link(other, claim, "supports", "bo")
    second.links.label(ARTICLE, "stance", ["agrees"], 0, "bo")
    first.links.unlink(backs)  # first has not seen bo's work: it must not drop it
    first.links.label(ARTICLE, "type", ["news"], None, "ana")
    final = AnnotationStore.open(db)
    assert {r.id for r in final.links.relations(ARTICLE.id)} == {said.id, theirs.id}
    assert {(label.name, label.choices, label.comment) for label in
            final.links.doc_labels(ARTICLE.id)} == {("stance", ("agrees",), 0),
                                                    ("type", ("news",), None)}


def test_a_label_changed_on_both_sides_keeps_the_later_choice(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    first = AnnotationStore.open(db)
    first.add_articles([ARTICLE])
    first.links.label(ARTICLE, "stance", ["neutral"], 1, "ana")
    second = AnnotationStore.open(db)
    first.links.label(ARTICLE, "stance", ["agrees"], 1, "ana")
    second.links.label(ARTICLE, "stance", ["off topic"], 1, "ana")  # later
    [kept] = AnnotationStore.open(db).links.doc_labels(ARTICLE.id)
    assert kept.choices == ("off topic",)


def test_a_relation_whose_end_is_orphaned_is_kept_and_marked(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        claim, figure, source, said, backs = linked(store)
    changed = parse_text(TEXT.replace("said spokesman Lin Jian", "officials said"),
                         "ministry.txt")
    store = AnnotationStore.open(db)
    report = store.add_articles([changed])
    assert report.orphaned == 1
    annotations = {a.id: a for a in store.annotations(ARTICLE.id)}
    relations = {r.id: r for r in store.links.relations(ARTICLE.id)}
    assert set(relations) == {said.id, backs.id}
    assert ends(relations[said.id], annotations) is Ends.ORPHANED
    assert ends(relations[backs.id], annotations) is Ends.PLACED
    assert exportable(relations.values(), [a for a in annotations.values() if not a.orphan]) \
        == (relations[backs.id],)


def test_a_relation_to_an_annotation_deleted_elsewhere_is_missing() -> None:
    relation = Relation("r", "t", "source", "a", "b")
    assert ends(relation, {}) is Ends.MISSING


def test_comment_labels_follow_their_comment_when_the_article_changes(
    store: AnnotationStore,
) -> None:
    store.add_articles([ARTICLE])
    store.links.label(ARTICLE, "stance", ["agrees"], 0, "ana")
    store.links.label(ARTICLE, "stance", ["off topic"], 1, "ana")
    store.links.label(ARTICLE, "stance", ["disagrees"], 2, "ana")
    # a new comment comes first, Bo's is edited, Chen's is gone
    changed = parse_text(
        "Ministry Speaks\nPrices rose 28 percent, said spokesman Lin Jian on Monday.\n"
        "3 Comments\nDee\nFirst!\nAna\nI agree with the ministry.\nBo\nOff topic.",
        "ministry.txt",
    )
    store.add_articles([changed])
    found = {label.choices[0]: label for label in store.links.doc_labels(ARTICLE.id)}
    assert (found["agrees"].comment, found["agrees"].orphan) == (1, False)
    assert (found["off topic"].comment, found["off topic"].orphan) == (2, False)
    assert found["disagrees"].orphan


@pytest.mark.parametrize(
    ("old", "new", "comment", "orphan"),
    [
        (["A\nyes", "B\nno"], ["A\nyes", "B\nno"], 1, False),  # unchanged
        (["A\nyes", "B\nno"], ["B\nno", "A\nyes"], 0, False),  # moved
        (["A\nyes", "B\nno"], ["A\nyes", "B\nnot at all"], 1, False),  # edited, same author
        (["A\nyes", "B\nno"], ["B\nnot at all", "A\nyes"], 0, False),  # edited and moved
        (["A\nyes", "B\nno"], ["A\nyes"], 1, True),  # gone
        (["A\nyes", "B\nno"], ["A\nyes", "C\nno"], 1, True),  # another author's
    ],
)
def test_reanchoring_a_comment_label(old, new, comment, orphan) -> None:
    def made(comments: list[str]) -> Article:
        return parse_text("Title\nBody.\n" + f"{len(comments)} Comments\n" + "\n".join(comments),
                          "x.txt")

    before, after = made(old), made(new)
    from annotations.doc_labels import anchor_of

    label = DocLabel("l", before.id, "stance", ("agrees",), 1,
                     anchor=anchor_of(before, before.comments[1]))
    moved = reanchored(label, after) or label
    assert (moved.comment, moved.orphan) == (comment, orphan)


def test_clearing_every_choice_removes_the_label_and_undo_restores_it(
    store: AnnotationStore,
) -> None:
    store.add_articles([ARTICLE])
    made = store.links.label(ARTICLE, "type", ["news"], None, "ana")
    assert store.links.label(ARTICLE, "type", [], None, "ana") is None
    assert store.links.doc_labels(ARTICLE.id) == []
    store.undo(ARTICLE.id)
    assert store.links.doc_labels(ARTICLE.id) == [made]


@pytest.mark.parametrize(
    ("multiple", "chosen", "picked", "result"),
    [
        (False, (), "neutral", ("neutral",)),
        (False, ("agrees",), "neutral", ("neutral",)),
        (False, ("agrees",), "agrees", ()),
        (True, ("off topic",), "agrees", ("agrees", "off topic")),
        (True, ("agrees", "off topic"), "agrees", ("off topic",)),
    ],
)
def test_choosing(multiple, chosen, picked, result) -> None:
    stance = replace(DEFAULT_CHOICE_SETS[1], multiple=multiple)
    assert stance.choose(chosen, picked) == result


@pytest.mark.parametrize(
    ("kind", "head", "tail", "allowed"),
    [
        (DEFAULT_RELATION_TYPES[0], "claim", "source", True),
        (DEFAULT_RELATION_TYPES[0], "opinion", "source", True),
        (DEFAULT_RELATION_TYPES[0], "figure", "source", False),
        (DEFAULT_RELATION_TYPES[0], "source", "claim", False),
        (DEFAULT_RELATION_TYPES[1], "figure", "claim", True),
        (DEFAULT_RELATION_TYPES[1], "claim", "figure", False),
        (RelationType("any", "y"), "person", "place", True),
    ],
)
def test_which_labels_a_relation_type_allows(kind, head, tail, allowed) -> None:
    assert kind.allows(head, tail) is allowed


def test_a_db_written_before_relations_opens_with_none(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.add_articles([ARTICLE])
        store.tag(ARTICLE, *at(ARTICLE, "Monday"), "figure")
    assert b"relations:" not in db.read_bytes() and b"labels:" not in db.read_bytes()
    reopened = AnnotationStore.open(db)
    assert reopened.links.relations(ARTICLE.id) == []
    assert reopened.links.doc_labels(ARTICLE.id) == []
    assert ChoiceSet("x", "article", ("a",)).choose((), "a") == ("a",)
