"""The annotation list: marks that a long quote never hides, the highlighted annotation whole
below it, and a filter by label."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.model import Annotation
from tests.conftest import SEED
from tests.multilingual import ACCENTS, CHINESE, EMOJI, THAI
from tui.annotate import open_session
from tui.app import make_app
from tui.widgets.annotation_list import (
    AnnotationDetail,
    AnnotationList,
    AnnotationsPane,
    detail,
    next_label_filter,
)
from tui.widgets.text_view import TextView


@pytest.mark.parametrize(
    ("current", "labels", "expected"),
    [
        (None, ["claim", "figure"], "claim"),
        ("claim", ["claim", "figure"], "figure"),
        ("figure", ["claim", "figure"], None),
        ("gone", ["claim"], "claim"),  # a label no longer there starts again
        (None, [], None),
    ],
)
def test_the_filter_steps_through_the_labels_then_all(current, labels, expected) -> None:
    assert next_label_filter(current, labels) == expected


def annotation(text: str, note: str = "", orphan: bool = False) -> Annotation:
    return Annotation(id="a1", article_id="x", label="claim", start=0, end=len(text), text=text,
                      annotator="ana", created="", updated="", note=note, orphan=orphan)


LONG = ("China has announced its unwavering commitment to deepen international law "
        "enforcement cooperation in the fight against cross-border telecom fraud")


@pytest.mark.parametrize("text", [LONG, EMOJI, THAI, CHINESE, ACCENTS, "short"])
@pytest.mark.parametrize(("width", "lines"), [(26, 3), (26, 6), (76, 4), (10, 2)])
@pytest.mark.parametrize("note", ["", "checked against the ministry transcript"])
def test_the_detail_fits_its_lines_and_keeps_the_note(text, width, lines, note) -> None:
    shown = detail(annotation(text, note), width, lines)
    wrapped = shown.wrap(width)
    assert len(wrapped) <= lines
    plain = str(shown)
    flat = " ".join(text.split())
    if f"“{flat}”" not in plain:  # cut: the start and the end of the quote stay
        assert " … " in plain or "“…”" in plain
        assert plain.startswith(f"“{flat[0]}") or plain.startswith("“…")
    if note and len(note) + 2 <= width * (lines - 1):
        assert plain.endswith(f"✎ {note}")  # a note that fits is shown whole


def test_the_detail_shows_everything_when_it_fits() -> None:
    shown = detail(annotation(LONG, "checked", orphan=True), 80, 6)
    assert str(shown) == f"⚠ orphan “{LONG}”\n✎ checked"


async def test_a_long_quote_keeps_the_note_mark_and_the_detail_shows_it_whole(
    tmp_path: Path,
) -> None:
    opened, store, _ = open_session([str(SEED)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = app.screen.query_one("#article", TextView).article.text
        await pilot.press("down", "down", "down", "s", "1", "n", *"ministry transcript", "enter")
        figure = text.index("10 billion yuan")
        app.screen.query_one("#article", TextView).select(figure, figure + len("10 billion"))
        await pilot.press("2")
        await pilot.pause()
        listing = app.screen.query_one(AnnotationList)
        rows = [listing.render_line(y).text for y in range(listing.row_count)]
        claim_row = next(row for row in rows if "claim" in row)
        assert "✎" in claim_row and claim_row.rstrip().endswith("…")
        assert "✎" not in next(row for row in rows if "figure" in row)
        claim = next(a for a in app.session.annotations if a.label == "claim")
        await pilot.press("tab", "tab", "home")  # the list: its first row is the claim
        await pilot.pause()
        assert app.session.active == claim
        shown = app.screen.query_one(AnnotationDetail)
        lines = [shown.render_line(y).text.strip() for y in range(shown.size.height)]
        assert lines[0].startswith("“China has announced")
        assert lines[-1].endswith("✎ ministry transcript")
        assert "criminal activities.”" in " ".join(lines)


async def test_f_filters_the_list_by_label(tmp_path: Path) -> None:
    opened, store, _ = open_session([str(SEED)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "s", "1")
        await pilot.press("down", "down", "down", "down", "s", "2")
        await pilot.pause()
        pane = app.screen.query_one(AnnotationsPane)
        listing = app.screen.query_one(AnnotationList)
        await pilot.press("tab", "tab")  # in the list; in the text, f puts letters on sentences
        assert app.focused is listing
        seen = []
        for _ in range(4):
            await pilot.press("f")
            seen.append((pane.border_title, [a.label for a in listing.annotations]))
        assert seen == [
            ("claim only: 1 of 2", ["claim"]),
            ("figure only: 1 of 2", ["figure"]),
            ("opinion only: 0 of 2", []),
            ("Annotations (2)", ["claim", "figure"]),
        ]
