"""With NO_COLOR every colour is a grey: the labels' spans are told apart by their style."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.model import DEFAULT_LABELS, Label
from tests.test_contrast import cell_styles, tagged

LABELS = (*DEFAULT_LABELS, Label("person", "4", "#2f5f9f"), Label("place", "5", "#2e7d50"))
TEXT = "Marks\nA claim here, a figure there, an opinion now, a person, a place and plain words.\n"
WORDS = {"claim": "claim here", "figure": "figure there", "opinion": "opinion now",
         "person": "person", "place": "place"}


async def span_styles(tmp_path: Path) -> dict[str, tuple[bool, ...]]:
    """Each label's span's text attributes, colour left out, as drawn."""
    async with tagged(tmp_path, TEXT, LABELS, WORDS, rules=()) as (app, pilot, view):
        text = view.article.text
        view.move_cursor(text.index("plain"))
        await pilot.press("right")  # nothing current: no underline of the active annotation
        await pilot.pause()
        cells, column = cell_styles(view, "A claim here")
        start = text.index("A claim here")
        found = {}
        for name, words in WORDS.items():
            style = cells[column + text.index(words) - start]
            found[name] = (bool(style.bold), bool(style.italic), bool(style.underline),
                           bool(style.underline2), bool(style.reverse), bool(style.strike))
        return found


async def test_with_no_color_each_label_has_a_style_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    found = await span_styles(tmp_path)
    assert len(set(found.values())) == len(WORDS), found


async def test_in_colour_the_labels_are_told_apart_by_colour_alone(tmp_path: Path) -> None:
    found = await span_styles(tmp_path)
    assert set(found.values()) == {(False,) * 6}
