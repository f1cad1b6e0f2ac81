"""The keys a label may not take are the keys the app binds, and label keys reach the screens."""

from __future__ import annotations

from textual.binding import Binding

from annotations.labels import RESERVED_KEYS
from annotations.model import Label
from tui.app import AnnotatorApp
from tui.screens.article import ArticleScreen
from tui.screens.label_keys import bound_characters, label_bindings, with_bindings
from tui.screens.review import ReviewScreen
from tui.widgets.text_view import TextView


def test_reserved_keys_are_the_keys_the_app_binds() -> None:
    # the text panes have the focus, so their keys come before the label keys of the screen
    assert bound_characters([ArticleScreen, ReviewScreen, AnnotatorApp, TextView]) == RESERVED_KEYS


def test_label_keys_come_first_and_keep_every_key_of_the_screen() -> None:
    labels = (Label("person", "w", "#884400"), Label("place", "g", "#004488"))
    keyed = with_bindings(ArticleScreen, tuple(label_bindings(labels, "tag")), first=True)
    keys = [binding.key for binding in Binding.make_bindings(keyed.BINDINGS)]
    assert keys[:2] == ["w", "g"]
    assert bound_characters([keyed]) == bound_characters([ArticleScreen]) | {"w", "g"}
    assert keyed is with_bindings(ArticleScreen, tuple(label_bindings(labels, "tag")), first=True)
    assert issubclass(keyed, ArticleScreen) and keyed.CSS_PATH == ArticleScreen.CSS_PATH
