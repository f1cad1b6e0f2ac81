"""What the link and choice keys do, without the screen: `Session.links` and
`Session.classifying`."""

from __future__ import annotations

import pytest

from annotations.model import DEFAULT_LABELS
from annotations.outcome import Changed, Outcome
from annotations.parsing import parse_text
from annotations.session import Session
from annotations.sets import ArticleSet
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore

TEXT = (
    "Fares Rise\n"
    "Fares rise 12 percent in March, the transit authority said on Friday.\n"
    "2 Comments\n"
    "Ana\nAbout time.\n"
    "Bo\nこれは高すぎる。"
)
ARTICLE = parse_text(TEXT, "fares.txt")


def session_over() -> Session:
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    session = Session(ArticleSet.of([ARTICLE]), store, "tester", DEFAULT_LABELS)
    session.navigating.resume()
    return session


def span(quote: str) -> tuple[int, int]:
    start = ARTICLE.text.index(quote)
    return start, start + len(quote)


def said(outcome: Outcome) -> list[str]:
    return [notice.text for notice in outcome.notices]


def tagged(session: Session) -> dict[str, str]:
    """A claim, a figure in it, and the source of the claim; their ids by label."""
    for quote, label in (("Fares rise 12 percent in March", "claim"), ("12 percent", "figure"),
                         ("the transit authority", "source")):
        session.editing.tag(label, span(quote))
    return {a.label: a.id for a in session.annotations}


def test_start_then_make_links_the_two_annotations() -> None:
    session = session_over()
    ids = tagged(session)
    session.activate(ids["claim"])
    started = session.links.start()
    assert said(started) == ["Linking from claim “Fares rise 12 percent in March”: go to the "
                             "other annotation and press o source · i supports (escape "
                             "cancels)."]
    assert session.links.pending == ids["claim"]
    session.cursor_at(span("transit")[0])
    made = session.links.make("source")
    [relation] = session.store.links.relations(ARTICLE.id)
    assert (relation.type, relation.head, relation.tail, relation.annotator) == (
        "source", ids["claim"], ids["source"], "tester")
    assert made.changed & Changed.RELATIONS and made.to_save
    assert said(made) == ["Linked claim “Fares rise 12 percent in March” ─source→ source “the "
                          "transit authority”: u undoes it."]
    assert session.links.pending is None and session.links.relations == (relation,)
    assert session.links.describe(relation) == (
        "claim “Fares rise 12 percent in March” ─source→ source “the transit authority”")


@pytest.mark.parametrize(
    ("head", "tail", "kind", "message"),
    [
        (None, None, "source", "Press > on the first annotation, go to the other, then o makes "
                               "a source relation."),
        ("figure", "source", "source", "source links claim or opinion → source, not figure → "
                                       "source."),
        ("claim", "claim", "source", "Go to the other annotation, then press o (escape "
                                     "cancels)."),
        ("claim", "figure", "supports", "supports links figure → claim, not claim → figure."),
        ("claim", "source", "quotes", "No relation type 'quotes' in the label set."),
    ],
)
def test_a_link_that_cannot_be_made_says_why(head, tail, kind, message) -> None:
    session = session_over()
    ids = tagged(session)
    if head:
        session.activate(ids[head])
        session.links.start()
    session.activate(ids[tail] if tail else None)
    outcome = session.links.make(kind)
    assert said(outcome) == [message] and not outcome.to_save
    assert session.store.links.relations(ARTICLE.id) == []


def test_start_needs_an_annotation_and_escape_cancels() -> None:
    session = session_over()
    assert said(session.links.start()) == [
        "Put the cursor on an annotation (or pick one in the list), then press > to link it."]
    ids = tagged(session)
    session.activate(ids["figure"])
    session.links.start()
    assert said(session.links.cancel()) == ["Link cancelled."]
    assert session.links.pending is None and session.links.cancel() == Outcome()


def test_the_same_link_twice_is_refused() -> None:
    session = session_over()
    ids = tagged(session)
    for _ in range(2):
        session.activate(ids["figure"])
        session.links.start()
        session.activate(ids["claim"])
        outcome = session.links.make("supports")
    assert said(outcome) == ["Already linked: figure ─supports→ claim."]
    assert len(session.store.links.relations(ARTICLE.id)) == 1


def linked_session() -> tuple[Session, dict[str, str]]:
    session = session_over()
    ids = tagged(session)
    for head, tail, kind in (("claim", "source", "source"), ("figure", "claim", "supports")):
        session.activate(ids[head])
        session.links.start()
        session.activate(ids[tail])
        session.links.make(kind)
    return session, ids


def test_deleting_an_annotation_says_it_deletes_its_relations_and_undo_restores_them() -> None:
    session, ids = linked_session()
    session.activate(ids["claim"])
    assert said(session.editing.delete()) == ["Deleted claim and its 2 relations: u undoes it."]
    assert session.links.relations == ()
    assert said(session.editing.undo()) == ["Undone: delete claim and its relations."]
    assert len(session.links.relations) == 2 and session.active_id == ids["claim"]
    assert said(session.editing.redo()) == ["Redone: delete claim and its relations."]
    assert session.links.relations == ()


def test_a_relation_chosen_in_the_list_is_what_delete_deletes() -> None:
    session, ids = linked_session()
    supports = next(r for r in session.links.relations if r.type == "supports")
    chosen = session.links.choose(supports.id)
    assert session.active_id == ids["figure"] and chosen.cursor == span("12 percent")[0]
    assert session.links.selected == supports.id
    outcome = session.links.delete_selected()
    assert said(outcome) == ["Deleted the relation figure “12 percent” ─supports→ claim “Fares "
                             "rise 12 percent in March”: u undoes it."]
    assert [r.type for r in session.links.relations] == ["source"]
    assert len(session.annotations) == 3
    assert said(session.editing.undo()) == ["Undone: unlink supports."]
    assert len(session.links.relations) == 2 and session.active_id == ids["figure"]
    session.cursor_at(span("transit")[0])  # moving on drops the choice
    assert session.links.selected is None


def test_the_undo_of_a_link_says_so() -> None:
    session, ids = linked_session()
    assert said(session.editing.undo()) == ["Undone: link supports."]
    assert [r.type for r in session.links.relations] == ["source"]


def test_an_orphan_cannot_be_linked() -> None:
    session = session_over()
    ids = tagged(session)
    orphaned = parse_text(TEXT.replace("the transit authority said", "officials said"),
                          "fares.txt")
    again = Session(ArticleSet.of([orphaned]), session.store, "tester", DEFAULT_LABELS)
    again.navigating.resume()
    again.activate(ids["source"])
    assert said(again.links.start()) == ["An orphan cannot be linked: re-attach it first (r)."]


def test_comment_and_article_labels() -> None:
    session = session_over()
    first = span("About time.")[0]
    assert session.classifying.comment_at(first) == 0
    assert session.classifying.comment_at(span("Fares rise")[0]) is None
    assert [s.name for s in session.classifying.sets_for(0)] == ["stance"]
    outcome = session.classifying.choose(1, {"stance": ("disagrees",)})
    assert said(outcome) == ["Comment 2 (Bo): stance: disagrees."]
    assert outcome.changed & Changed.LABELS and outcome.to_save
    session.classifying.choose(None, {"type": ("news",)})
    assert session.classifying.chosen(1) == {"stance": ("disagrees",)}
    assert session.classifying.shown(None) == "type: news"
    assert session.comment_labels(ARTICLE.comments[1]) == "stance: disagrees"
    assert session.comment_labels(ARTICLE.comments[0]) == ""
    assert session.classifying.choose(1, {"stance": ("disagrees",)}) == Outcome()
    assert said(session.editing.undo()) == ["Undone: label type."]
    assert session.classifying.shown(None) == ""
