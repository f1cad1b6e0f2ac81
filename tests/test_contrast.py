"""Every highlight stands out from its pane by at least 3:1 in every built-in Textual theme:
each label's spans, the suggestions' text, the selection (a search match is selected) and
the cursor, and the labels in the annotation list. The contrast is WCAG 2's, computed here
from the colours the app draws, not by the code under test."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from rich.color import ColorType
from rich.style import Style
from textual.theme import BUILTIN_THEMES

from annotations.labels import RULES
from annotations.model import DEFAULT_LABELS, Label
from tui.annotate import open_session
from tui.app import make_app
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.text_view import TextView

# The defaults, and colours a label file may well give that vanish on one theme or another.
LABELS = (*DEFAULT_LABELS, Label("pale", "4", "#f4f4f0"), Label("ink", "5", "#101418"),
          Label("sun", "6", "#ffd75f"))
WORDS = {"claim": "claim here", "figure": "figure there", "opinion": "opinion now",
         "pale": "pale words", "ink": "ink words", "sun": "sun words"}
TEXT = ("Contrast\nThe claim here, the figure there, an opinion now, pale words, ink words, "
        "sun words, and 5,500 people came, then plain words at the end.\n")


def luminance(rgb: tuple[int, int, int]) -> float:
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(app, style: Style, background: bool) -> tuple[int, int, int]:
    colour = style.bgcolor if background else style.color
    assert colour is not None, style
    triplet = colour.get_truecolor(app.ansi_theme, foreground=not background)
    return triplet.red, triplet.green, triplet.blue


def pane_colour(app, widget) -> tuple[int, int, int]:
    """The pane's background; in the ANSI themes, the terminal's as Textual assumes it."""
    bgcolor = widget.rich_style.bgcolor
    if bgcolor is None or bgcolor.type == ColorType.DEFAULT:
        return tuple(app.ansi_theme.background_color)
    return rgb(app, widget.rich_style, True)


def cell_styles(view: TextView, needle: str) -> tuple[list[Style], int]:
    """The style of each cell of the view's line holding `needle`, and where `needle` is."""
    for y in range(view.size.height):
        strip = view.render_line(y)
        if needle in strip.text:
            styles = [segment.style for segment in strip for _ in segment.text]
            return styles, strip.text.index(needle)
    raise AssertionError(f"{needle!r} is not on screen")


@asynccontextmanager
async def tagged(tmp_path: Path, text: str, labels: tuple[Label, ...], words: dict[str, str],
                 rules: tuple[str, ...] = RULES):
    """The app over an article of `text`, each label's `words` tagged with it, under Pilot."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    opened, store, _ = open_session([str(path)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester", labels, rules=rules)
    async with app.run_test(size=(220, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#article", TextView)
        for label in labels:
            start = view.article.text.index(words[label.name])
            view.select(start, start + len(words[label.name]))
            await pilot.press(label.key)
        yield app, pilot, view


async def test_every_highlight_stands_out_in_every_theme(tmp_path: Path) -> None:
    async with tagged(tmp_path, TEXT, LABELS, WORDS) as (app, pilot, view):
        text = view.article.text
        await pilot.press("slash", *"plain words", "enter")  # the match is selected
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.suggestions_at(text.index("5,500")), "no suggestion to look at"
        failures = []
        checked = sorted(BUILTIN_THEMES)
        for theme in checked:
            app.theme = theme
            await pilot.pause()
            pane = pane_colour(app, view)
            styles, column = cell_styles(view, "The claim here")
            start = text.index("The claim here")

            def at(quote: str, after: int = 0) -> Style:
                return styles[column + text.index(quote) - start + after]  # noqa: B023

            drawn = {f"label {name}": (at(words), True) for name, words in WORDS.items()}
            drawn["suggestion"] = (at("5,500"), False)
            drawn["selection (the search match)"] = (at("plain words"), True)
            drawn["cursor"] = (at("plain words", len("plain words")), True)
            for what, (style, filled) in drawn.items():
                colour = rgb(app, style, filled)
                if ratio(colour, pane) < 3:
                    failures.append(f"{theme}: {what} {colour} on {pane}: "
                                    f"{ratio(colour, pane):.2f}")
                if filled and ratio(rgb(app, style, False), colour) < 4.5:
                    failures.append(f"{theme}: the text on {what} cannot be read")
            assert at("5,500").underline
            listing = app.screen.query_one(AnnotationList)
            for y in range(listing.row_count):
                if y == listing.cursor:
                    continue  # the highlighted row is drawn in the list's cursor colour
                chip = listing.render_line(y)
                colour = rgb(app, next(iter(chip)).style, True)
                if ratio(colour, pane_colour(app, listing)) < 3:
                    failures.append(f"{theme}: list row {y} {chip.text.split()[0]}")
        assert failures == []
        assert len(checked) >= 20 and "textual-light" in checked and "nord" in checked
