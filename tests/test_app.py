"""The app as a user drives it: keys and mouse, then what the store and the screen hold."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from textual.widgets import Input

from annotations.parsing import parse_text
from annotations.sets import open_paths
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tests.conftest import SAMPLES, SEED
from tui.annotate import open_session
from tui.app import AnnotatorApp, make_app
from tui.screens.help import HelpScreen
from tui.screens.prompt import TextPrompt
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.text_view import TextView


@asynccontextmanager
async def running(db: Path, paths=(SEED,), size=(120, 40), annotator="tester", toasts=False):
    """The app as `annotator PATHS --db DB` builds it, under Pilot (`toasts`: with its
    notifications drawn, which Pilot leaves out unless asked)."""
    opened, store, notices = open_session([str(path) for path in paths], str(db),
                                          detect_later=True)
    app = make_app(opened.articles, store, annotator, notices=notices, detect_later=True)
    async with app.run_test(size=size, notifications=toasts) as pilot:
        await pilot.pause()
        while not app.session.languages_settled:  # detected once the first frame is drawn
            await pilot.pause()
        yield app, pilot


def stored(db: Path, article_id: str | None = None):
    """What a fresh process would read from the DB."""
    store = AnnotationStore.open(db)
    if article_id is None:
        article_id = store.articles()[0].id
    return store.annotations(article_id)


def view(app: AnnotatorApp, name: str = "article") -> TextView:
    return app.screen.query_one(f"#{name}", TextView)


def screen_text(widget: TextView) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def drawn(app: AnnotatorApp) -> str:
    """The top screen's characters as the terminal gets them (toasts, borders and all)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app: AnnotatorApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_select_with_shift_arrows_and_tag_claim(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down")  # from the title to the first paragraph
        article = view(app).article
        start = view(app).cursor
        assert article.text[start:].startswith("China has announced")
        await pilot.press(*["shift+right"] * 5)
        assert view(app).selection == (start, start + 5)
        await pilot.press("1")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert (annotation.label, annotation.text, annotation.annotator) == ("claim", "China", "tester")


async def test_s_selects_the_sentence_and_2_tags_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s", "2")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert annotation.label == "figure"
    assert annotation.text.startswith("China has announced its unwavering commitment")
    assert annotation.text.endswith("other associated criminal activities.")


async def test_search_selects_the_match_and_full_stop_goes_to_the_next(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"suspects", "enter")
        text = view(app).article.text
        first = view(app).selection
        assert first and text[first[0] : first[1]] == "suspects"
        await pilot.press("full_stop")
        second = view(app).selection
        assert second and second[0] > first[0] and text[second[0] : second[1]] == "suspects"
        await pilot.press("comma")
        assert view(app).selection == first
        await pilot.press("3")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert (annotation.label, annotation.start) == ("opinion", first[0])


async def test_search_reaches_into_the_comments(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("slash", *"barbaric", "enter")
        assert app.screen.focused is view(app, "comments")
        await pilot.press("3")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert annotation.text == "barbaric"


async def test_mouse_drag_selects_the_characters_under_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        pane = view(app)
        # content starts inside the border (1) and the padding (1); line 2 is the first paragraph
        await pilot.mouse_down("#article", offset=(2, 3))
        await pilot.hover("#article", offset=(7, 3))
        await pilot.mouse_up("#article", offset=(7, 3))
        selection = pane.selection
        assert selection is not None
        assert pane.article.text[selection[0] : selection[1]] == "China"
        await pilot.press("1")
        await settle(app, pilot)
    assert [a.text for a in stored(db)] == ["China"]


async def test_a_reader_comment_is_annotated_like_a_paragraph(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("tab")
        comments = view(app, "comments")
        assert app.screen.focused is comments
        await pilot.press("s", "3")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert annotation.label == "opinion"
    assert annotation.text == "The executions send a clear message."


async def test_note_delete_undo_redo_and_retag(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", *["shift+right"] * 5, "1")
        await pilot.press("left")  # cursor back on the annotation, nothing selected
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"who says?", "enter")
        await settle(app, pilot)
        assert [(a.label, a.note) for a in stored(db)] == [("claim", "who says?")]
        await pilot.press("2")  # nothing selected: retag
        await settle(app, pilot)
        assert [a.label for a in stored(db)] == ["figure"]
        await pilot.press("x")
        await settle(app, pilot)
        assert stored(db) == []
        await pilot.press("u")
        await settle(app, pilot)
        assert [(a.label, a.note) for a in stored(db)] == [("figure", "who says?")]
        await pilot.press("u", "u")
        await settle(app, pilot)
        assert [(a.label, a.note) for a in stored(db)] == [("claim", "")]
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert [(a.label, a.note) for a in stored(db)] == [("claim", "who says?")]


async def test_escape_cancels_a_note(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s", "1", "left", "n", *"draft", "escape")
        await settle(app, pilot)
    assert [a.note for a in stored(db)] == [""]


async def test_overlapping_spans_stay_visible_and_selectable(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        text = view(app).article.text
        # The claim and the figure start on the same character.
        quote = "10 billion yuan (approximately $1.4 billion)"
        claim = text.index(quote)
        figure = text.index("10 billion yuan")
        assert claim == figure
        view(app).select(claim, claim + len(quote))
        await pilot.press("1")
        view(app).select(figure, figure + len("10 billion yuan"))
        await pilot.press("2")
        await settle(app, pilot)
        listing = app.screen.query_one(AnnotationList)
        assert listing.row_count == 2
        # Inside the figure, the figure (innermost) is the one the keys act on...
        view(app).move_cursor(figure + 3)
        await pilot.press("right")
        assert app.session.active.label == "figure"
        # ...and on the claim's own words, the claim.
        view(app).move_cursor(claim + len("10 billion yuan ("))
        await pilot.press("right")
        assert app.session.active.label == "claim"
        # The list reaches either (it is ordered by start, then end: the figure first).
        listing.focus()
        await pilot.press("home")
        await pilot.pause()
        assert app.session.active.label == "figure"
        await pilot.press("down")
        await pilot.pause()
        assert app.session.active.label == "claim"
        # Picking the outer one with enter keeps it current when the view takes the focus,
        # though the cursor lands where the inner one starts too.
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused is view(app)
        assert app.session.active.label == "claim"


async def test_choosing_in_the_list_moves_the_view_to_the_annotation(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, size=(80, 24)) as (app, pilot):
        text = view(app).article.text
        end = text.index("This comprehensive approach")
        view(app).select(end, end + len("This comprehensive approach"))
        await pilot.press("1")
        await pilot.press("ctrl+home")
        assert view(app).scroll_y == 0
        app.screen.query_one(AnnotationList).focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert view(app).scroll_y > 0
        assert app.screen.focused is view(app)
        line = view(app).layout_lines.line_at(end)
        assert view(app).scroll_y <= line < view(app).scroll_y + view(app).size.height


async def test_quit_and_reopen_shows_the_same_annotations(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s", "1", "left", "n", *"check", "enter")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    async with running(db) as (again, pilot):
        listing = again.screen.query_one(AnnotationList)
        assert listing.row_count == 1
        prompt = listing.row_text(0)
        assert "claim" in prompt and "China has announced" in prompt and "check" in prompt


async def test_next_and_previous_article(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, paths=(SAMPLES,)) as (app, pilot):
        assert app.screen.title.startswith("1/4 · China Reaffirms")
        await pilot.press("right_square_bracket")
        assert app.screen.title == "2/4 · Tidal Power Pilot Doubles Output in First Winter"
        await pilot.press("down", "s", "2")
        assert app.screen.sub_title == "1 annotation · in progress · 0/4 done · en"
        await pilot.press("left_square_bracket")
        assert app.screen.title.startswith("1/4 · ")
        assert app.screen.sub_title == "0 annotations · new · 0/4 done · en"
        await settle(app, pilot)
    tidal = open_paths([SAMPLES]).articles[1]
    assert [a.label for a in stored(db, tidal.id)] == ["figure"]


async def test_wide_characters_select_exactly_what_is_highlighted(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text("标题\n价格是4,380元一吨。Cafe\u0301 au lait.", encoding="utf-8")
    db = tmp_path / "db.json"
    async with running(db, paths=(path,)) as (app, pilot):
        await pilot.press("down", *["shift+right"] * 3, "2")
        await pilot.press("end", *["left"] * len("Café au lait."))
        await pilot.press(*["shift+right"] * 4, "1")
        await settle(app, pilot)
    article = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert [a.text for a in stored(db, article.id)] == ["价格是", "Cafe\u0301"]


async def test_mouse_over_wide_characters(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text("标题\n中文字符测试", encoding="utf-8")
    db = tmp_path / "db.json"
    async with running(db, paths=(path,)) as (app, pilot):
        pane = view(app)
        # past the border and padding (2 cells), each character takes two cells:
        # 中 is on cells 0-1, 文 on 2-3, 字 on 4-5, 符 on 6-7
        for snap, expected in ((False, "文字"), (True, "中文字符")):  # words: 中文 字符 测试
            pane.snap_words = snap
            await pilot.mouse_down("#article", offset=(2 + 3, 3))
            await pilot.hover("#article", offset=(2 + 6, 3))
            await pilot.mouse_up("#article", offset=(2 + 6, 3))
            start, end = pane.selection
            assert pane.article.text[start:end] == expected


async def test_markup_and_escape_sequences_show_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(
        "Title [bold]not bold[/]\nA [link=http://x]link[/link] and \x1b[31mred\x1b[0m here.\n"
        "1 Comment\n[i]Author[/i]\nA comment with [red]markup[/red].",
        encoding="utf-8",
    )
    db = tmp_path / "db.json"
    async with running(db, paths=(path,)) as (app, pilot):
        body = screen_text(view(app))
        assert "Title [bold]not bold[/]" in body
        assert "A [link=http://x]link[/link] and ␛[31mred␛[0m here." in body
        comments = screen_text(view(app, "comments"))
        assert "[i]Author[/i]" in comments and "[red]markup[/red]" in comments
        assert app.screen.title == "1/1 · Title [bold]not bold[/]"
        await pilot.press("down", "s", "1")
        prompt = app.screen.query_one(AnnotationList).row_text(0)
        assert "[link=http://x]" in prompt and "\x1b" not in prompt


async def test_help_lists_every_key(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {keys for _, rows in app.screen.sections for keys, _ in rows}
        for key in ("1", "2", "3", "s", "/", ".", ",", "n", "x", "u", "ctrl+r", "]", "[", "?"):
            assert key in listed, key
        for key in ("shift+left", "shift+down", "left", "pageup", "ctrl+end", "escape", "q"):
            assert any(key in keys for keys in listed), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_actions_by_name(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Claim", "Figure", "Opinion", "Sentence", "Search", "Note", "Delete",
                      "Undo", "Redo", "Next article", "Help"):
            assert title in titles, title


async def test_tagging_with_nothing_selected_explains_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("1")
        await pilot.pause()
        assert any("Select some text first" in n.message for n in app._notifications)
        await settle(app, pilot)
    assert stored(db) == []


async def test_a_failed_save_is_shown_kept_in_memory_and_retried(
    tmp_path: Path, monkeypatch
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        before = db.read_bytes()
        storage = app.session.store.storage
        real = storage._replace_file, storage._append_journal

        def disk_full(*payload: object) -> None:
            raise StoreError(db, "could not save (No space left on device)")

        monkeypatch.setattr(storage, "_replace_file", disk_full)
        monkeypatch.setattr(storage, "_append_journal", disk_full)  # a tag goes to the journal
        await pilot.press("down", "s", "1")
        await settle(app, pilot)
        status = str(app.screen.query_one("#status").render())
        assert "NOT SAVED" in status and "No space left" in status
        assert db.read_bytes() == before
        assert len(app.session.store.annotations(view(app).article.id)) == 1
        monkeypatch.setattr(storage, "_replace_file", real[0])
        monkeypatch.setattr(storage, "_append_journal", real[1])
        app.screen.saving.save()
        await settle(app, pilot)
        assert "saved" in str(app.screen.query_one("#status").render())
    assert len(stored(db)) == 1


async def test_an_orphan_is_listed_and_reattached(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    original = tmp_path / "article.txt"
    original.write_text("Orphan test\nKeep this sentence. Drop this one later.", encoding="utf-8")
    async with running(db, paths=(original,)) as (app, pilot):
        text = view(app).article.text
        start = text.index("Drop this one later.")
        view(app).select(start, start + len("Drop this one later."))
        await pilot.press("2")
        await settle(app, pilot)
    original.write_text("Orphan test\nKeep this sentence. Something else now.", encoding="utf-8")
    async with running(db, paths=(original,)) as (app, pilot):
        assert any("1 orphaned" in n.message for n in app._notifications)
        listing = app.screen.query_one(AnnotationList)
        assert "orphan" in listing.row_text(0)
        listing.focus()
        await pilot.press("home")
        await pilot.pause()
        assert app.session.active.orphan
        await pilot.press("shift+tab", "shift+tab")  # back to the article; it stays current
        assert app.screen.focused is view(app) and app.session.active.orphan
        text = view(app).article.text
        start = text.index("Something else now.")
        view(app).select(start, start + len("Something else now."))
        await pilot.press("r")
        await settle(app, pilot)
    [annotation] = stored(db)
    assert (annotation.text, annotation.orphan, annotation.label) == (
        "Something else now.", False, "figure"
    )


async def test_annotations_saved_by_another_process_appear(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        other = AnnotationStore.open(db)
        article = view(app).article
        start = article.text.index("Lin Jian")
        other.tag(article, start, start + len("Lin Jian"), "claim", "colleague")
        app.screen.saving.sync()
        await settle(app, pilot)
        listing = app.screen.query_one(AnnotationList)
        assert listing.row_count == 1
        assert "Lin Jian" in listing.row_text(0)
        await pilot.press("down", "s", "2")  # our own change merges with theirs on save
        await settle(app, pilot)
    assert sorted(a.annotator for a in stored(db)) == ["colleague", "tester"]


async def test_hostile_labels_and_notes_show_literally(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        store = app.session.store
        article = view(app).article
        made = store.tag(article, 0, 5, "[b]odd[/b]", "x")
        store.set_note(made, "[red]note[/red] \x1b[2J")
        app.screen.show_outcome(app.session.reload())
        await pilot.pause()
        prompt = app.screen.query_one(AnnotationList).row_text(0)
        assert "[b]odd[/b]" in prompt and "[red]note[/red] ␛[2J" in prompt
        view(app).move_cursor(2)
        await pilot.press("right")
        assert "[b]odd[/b]" in str(app.screen.query_one("#status").render())
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "[red]note[/red] \x1b[2J"
        await pilot.press("escape")


async def test_messages_show_file_names_and_text_literally(tmp_path: Path) -> None:
    folder = tmp_path / "[bold]set"
    folder.mkdir()
    (folder / "a.txt").write_text("Good\nBody.", encoding="utf-8")
    (folder / "b [red]x.txt").write_bytes(b"\x00binary")
    db = tmp_path / "db.json"
    async with running(db, paths=(folder,)) as (app, pilot):
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("[bold]set/b [red]x.txt" in m and "binary" in m for m in messages)
        assert all(not n.markup for n in app._notifications)
        await pilot.press("slash", *"[nope]", "enter")
        await pilot.pause()
        assert any("Not found: [nope]" in n.message for n in app._notifications)


async def assert_redrawn_after_each(pilot, pane: TextView, keys: list[str]) -> None:
    """After each key, every line on screen is what drawing it afresh gives."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        width = pane.scrollable_content_region.width
        for y in range(pane.scrollable_content_region.height):
            line = y + int(pane.scroll_y)
            assert pane.render_line(y) == pane._render_visual_line(line, width), (key, y)


async def test_partial_redraws_leave_no_stale_line(tmp_path: Path) -> None:
    """Moving the cursor redraws only the lines it touched; every line must still be right."""
    db = tmp_path / "db.json"
    async with running(db, size=(80, 24)) as (app, pilot):
        pane = view(app)
        keys = ["down", "shift+down", "shift+down", "shift+right", "up", "shift+up",
                "pagedown", "shift+pageup", "escape", "ctrl+end", "shift+home", "left"]
        await assert_redrawn_after_each(pilot, pane, keys)


async def test_tagging_redraws_every_line_it_changes(tmp_path: Path) -> None:
    """Tags, retags, undo and moving between annotations redraw only the lines they touch."""
    db = tmp_path / "db.json"
    async with running(db, size=(80, 24)) as (app, pilot):
        pane = view(app)
        keys = ["down", "s", "1", "left", "2", "down", "shift+right", "shift+right", "3",
                "up", "x", "u", "ctrl+r", "u"]
        await assert_redrawn_after_each(pilot, pane, keys)


async def test_enter_then_escape_at_once_closes_a_dialog_once(tmp_path: Path) -> None:
    """Seen in a real terminal: the second close popped the main screen and ended the app."""
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("slash", *"billion", "enter", "escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, TextPrompt)
        await pilot.press("question_mark", "escape", "escape", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_typed_fast_after_slash_go_into_the_search(tmp_path: Path) -> None:
    """A terminal delivers `/149` at once: the digits must reach the prompt, not tag."""
    from textual import events

    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s")  # a selection, which "1" would tag
        for key, character in [("slash", "/"), ("1", "1"), ("4", "4"), ("9", "9")]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "149"
        await pilot.press("enter")
        text = view(app).article.text
        selection = view(app).selection
        assert selection and text[selection[0] : selection[1]] == "149"
        await settle(app, pilot)
    assert stored(db) == []


async def test_a_new_search_replaces_the_last_and_enter_alone_repeats_it(tmp_path: Path) -> None:
    async with running(tmp_path / "db.json") as (app, pilot):
        await pilot.press("slash", *"149", "enter")
        text = view(app).article.text
        await pilot.press("slash", *"2,141", "enter")
        selection = view(app).selection
        assert selection and text[selection[0] : selection[1]] == "2,141"
        await pilot.press("slash", "enter")  # the same again: wraps round to the only match
        assert view(app).selection == selection
