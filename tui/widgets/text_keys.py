"""The keys of a text view: moving the cursor, and extending the selection with shift.

Moves by sentence and paragraph are on ctrl+up/down and ctrl+pageup/pagedown (with shift to
extend) as well as on vim's `(` `)` `{` `}`, which cannot take shift. Nothing is on alt: a
terminal sends alt+arrow as escape then the arrow, and escape clears the selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding, BindingType

from annotations.model import Label

MOVES = (
    ("left", "left", "the cursor left", "one character left"),
    ("right", "right", "the cursor right", "one character right"),
    ("up", "up", "the cursor up a line", "up a line"),
    ("down", "down", "the cursor down a line", "down a line"),
    ("home", "line_start", "to the start of the line", "to the line start"),
    ("end", "line_end", "to the end of the line", "to the line end"),
    ("ctrl+left", "word_previous", "to the start of the word (or the one before)",
     "by a word left"),
    ("ctrl+right", "word_next", "to the end of the word (or the next)", "by a word right"),
    ("ctrl+up", "sentence_previous", "to the start of the sentence (or the one before)",
     "back to the start of the sentence"),
    ("ctrl+down", "sentence_next", "to the next sentence",
     "to the end of the sentence (or the next)"),
    ("ctrl+pageup", "paragraph_previous", "to the start of the paragraph (or the one before)",
     "back to the start of the paragraph"),
    ("ctrl+pagedown", "paragraph_next", "to the next paragraph",
     "to the end of the paragraph (or the next)"),
)
"""Keys that move, and with shift extend: (key, move, where plain goes, how shift extends)."""

ONLY_MOVE = (
    ("pageup", "page_up", "Go up a page"),
    ("pagedown", "page_down", "Go down a page"),
    ("ctrl+home", "top", "Go to the start of the pane"),
    ("ctrl+end", "bottom", "Go to the end of the pane"),
    ("left_parenthesis", "sentence_previous", "Go to the start of the sentence (as ctrl+up)"),
    ("right_parenthesis", "sentence_next", "Go to the next sentence (as ctrl+down)"),
    ("left_curly_bracket", "paragraph_previous",
     "Go to the start of the paragraph (as ctrl+pageup)"),
    ("right_curly_bracket", "paragraph_next", "Go to the next paragraph (as ctrl+pagedown)"),
)
"""Keys that only move: (key, move, description)."""

DISPLAY = {
    "left_parenthesis": "(", "right_parenthesis": ")", "left_curly_bracket": "{",
    "right_curly_bracket": "}",
}


def _moving(key: str, where: str, goes: str, extends: str) -> list[Binding]:
    verb = "Move" if goes.startswith("the cursor") else "Go"
    return [
        Binding(key, f"move('{where}')", f"{verb} {goes}", show=False),
        Binding(f"shift+{key}".replace("shift+ctrl+", "ctrl+shift+"),
                f"move('{where}', True)", f"Extend the selection {extends}", show=False),
    ]


VIEW_BINDINGS: list[BindingType] = [
    *(binding for move in MOVES for binding in _moving(*move)),
    *(
        Binding(key, f"move('{where}')", description, show=False,
                key_display=DISPLAY.get(key))
        for key, where, description in ONLY_MOVE
    ),
    Binding("escape", "clear_selection", "Clear the selection", show=False),
]
"""Every key of a text view."""

WORD_KEYS = (
    Binding("w", "word('next')", "Go to the end of the word (or the next), as ctrl+right",
            show=False),
    Binding("b", "word('previous')",
            "Go to the start of the word (or the one before), as ctrl+left", show=False),
)
"""Vim's word keys, for the article screen: bound there (after the label keys, so that they
never shadow one) only when no label of the set has taken them."""


def free_word_keys(labels: Sequence[Label]) -> tuple[Binding, ...]:
    """The bindings of `WORD_KEYS` whose key no label has."""
    return tuple(b for b in WORD_KEYS if b.key not in {label.key for label in labels})
