"""Reopening a set goes back to the article the user was last on; ctrl+g goes to the first not
done. The places are kept in the user's state file, one per DB, never in the DB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations import places as places_module
from annotations.places import Places, places_file
from annotations.user_files import UserFileError
from tests.conftest import SAMPLES
from tui.annotate import build_app


def test_the_place_of_each_db_is_kept_apart(tmp_path: Path, monkeypatch) -> None:
    state = tmp_path / "state" / "places.json"
    first, second = Places.of(tmp_path / "a.json", state), Places.of(tmp_path / "数据.json", state)
    assert first.last() is None and not state.exists()
    first.remember("新闻-1")
    second.remember("article 2")
    first.remember("新闻-3")
    assert (first.last(), second.last()) == ("新闻-3", "article 2")
    monkeypatch.chdir(tmp_path)
    assert Places.of("a.json", state).last() == "新闻-3"  # the same DB, named relatively
    assert list(json.loads(state.read_text(encoding="utf-8"))) == [second.db, first.db]


def test_only_the_most_recent_places_are_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(places_module, "MAX_PLACES", 2)
    state = tmp_path / "places.json"
    for name in ("a", "b", "a", "c"):
        Places.of(tmp_path / f"{name}.json", state).remember(f"in {name}")
    kept = json.loads(state.read_text(encoding="utf-8"))
    assert list(kept.values()) == ["in a", "in c"]


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"{not json", "not JSON (line 1"),
        (b'["a list"]', "not a JSON object of article ids by DB"),
        (b'{"/x.json": 3}', "not a JSON object of article ids by DB"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b" " * (1024 * 1024 + 1), "larger than 1024 KB"),
    ],
)
def test_a_bad_state_file_is_named_and_never_written_over(
    tmp_path: Path, content: bytes, cause: str
) -> None:
    state = tmp_path / "places.json"
    state.write_bytes(content)
    places = Places.of(tmp_path / "db.json", state)
    with pytest.raises(UserFileError) as raised:
        places.last()
    assert str(raised.value).startswith(f"{state}: {cause}")
    with pytest.raises(UserFileError):
        places.remember("n1")
    assert state.read_bytes() == content


def test_the_state_file_is_in_the_xdg_state_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "elsewhere"))
    assert places_file() == tmp_path / "elsewhere" / "news-annotator" / "places.json"


async def reopen(tmp_path: Path, *keys: str) -> tuple[str, list[str], str]:
    """Open the samples as `annotator` does, press `keys`, quit; the title, the notices told
    and the status line at the end."""
    app, _ = build_app([str(SAMPLES), "--db", str(tmp_path / "db.json")])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = app.screen.title
        told = [n.message for n in app._notifications]
        status = app.screen.query_one("#status").render_line(0).text
        await pilot.press("q")
    return title, told, status


async def test_reopening_goes_back_to_the_last_article_and_ctrl_g_to_the_first_not_done(
    tmp_path: Path,
) -> None:
    title, _, _ = await reopen(tmp_path, "d", "right_square_bracket")
    assert title.startswith("3/4")
    title, told, _ = await reopen(tmp_path)
    assert title.startswith("3/4")  # where the user was, though 2/4 is the first not done
    assert "Back where you were; ctrl+g goes to the first article not done." in told
    title, told, status = await reopen(tmp_path, "ctrl+g")
    assert title.startswith("2/4")
    assert "Back where" not in status  # a notice about another article goes with it
    title, told, _ = await reopen(tmp_path)  # ctrl+g moved the place too
    assert title.startswith("2/4") and not any("Back where" in t for t in told)
    title, told, _ = await reopen(tmp_path, "ctrl+g")
    assert "This is the first article not done." in told


async def test_an_unreadable_places_file_is_told_and_left_alone(tmp_path: Path) -> None:
    state = places_file()
    state.parent.mkdir(parents=True)
    state.write_text("{broken", encoding="utf-8")
    title, told, _ = await reopen(tmp_path, "right_square_bracket")
    assert title.startswith("2/4")
    assert any(t.startswith(f"{state}: not JSON") and "first article not done" in t for t in told)
    assert state.read_text(encoding="utf-8") == "{broken"
