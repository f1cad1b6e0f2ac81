"""Undo and redo stacks: what each step gives back, article by article."""

from __future__ import annotations

from dataclasses import replace

from annotations.history import Change, History
from annotations.model import Annotation

MADE = Annotation(id="a", article_id="t", label="claim", start=0, end=4, text="東京の米")
NOTED = replace(MADE, note="価格")
MADE_HERE, NOTED_HERE = Change("t", None, MADE), Change("t", MADE, NOTED)


def test_undo_gives_the_inverse_of_each_change_last_first_then_none() -> None:
    history = History()
    history.record(MADE_HERE)
    history.record(NOTED_HERE)
    assert history.undo("t") == (Change("t", NOTED, MADE),)
    assert history.undo("t") == (Change("t", MADE, None),)
    assert history.undo("t") == ()


def test_redo_gives_back_what_was_undone_in_order() -> None:
    history = History()
    history.record(MADE_HERE)
    history.record(NOTED_HERE)
    history.undo("t")
    history.undo("t")
    assert [history.redo("t"), history.redo("t"), history.redo("t")] == [
        (MADE_HERE,), (NOTED_HERE,), ()
    ]
    assert history.undo("t") == (NOTED_HERE.inverse(),)


def test_a_new_change_ends_what_can_be_redone() -> None:
    history = History()
    history.record(MADE_HERE)
    history.undo("t")
    history.record(Change("t", None, replace(MADE, id="b")))
    assert history.redo("t") == ()


def test_each_article_has_its_own_stacks() -> None:
    history = History()
    history.record(MADE_HERE)
    other = Change("o", None, replace(MADE, article_id="o"))
    history.record(other)
    history.undo("o")
    assert history.undo("o") == () and history.redo("o") == (other,)
    assert history.undo("t") == (MADE_HERE.inverse(),)


def test_joined_changes_are_one_step_undone_last_first_and_redone_in_order() -> None:
    history = History()
    second = Change("t", None, replace(MADE, id="b", start=5, end=6))
    history.record(MADE_HERE)
    history.record(NOTED_HERE)
    history.record(second, joined=True)
    assert history.undo("t") == (second.inverse(), NOTED_HERE.inverse())
    assert history.redo("t") == (NOTED_HERE, second)
    assert history.undo("t") == (second.inverse(), NOTED_HERE.inverse())
    assert history.undo("t") == (MADE_HERE.inverse(),)
    other = Change("o", None, replace(MADE, article_id="o"))
    history.record(other, joined=True)  # nothing before it on its article: a step of its own
    assert history.undo("o") == (other.inverse(),)
