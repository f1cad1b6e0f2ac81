"""Smoke test of the annotator as pip installs it: run with the python of a fresh venv.

    python tests/smoke_installed.py WORKDIR

`make smoke` builds the wheel, installs it (with the html extra, without the test extra) into a
new virtual environment, and runs this script there from an empty folder, so that every import
comes from the installed wheel and none from the checkout. It exercises every subcommand, every
export format, import, agree, merge and stats, and the app headless through the keys that open
each screen. The last line is `smoke: N passed, M failed`; the exit status is 1 on any failure.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import sysconfig
import traceback
from collections.abc import Callable
from pathlib import Path

RESULTS: list[tuple[str, str | None]] = []


def check(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Run the decorated step at once and record whether it passed."""

    def run(step: Callable[[], None]) -> Callable[[], None]:
        try:
            step()
        except Exception:
            RESULTS.append((name, traceback.format_exc()))
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
        else:
            RESULTS.append((name, None))
            print(f"ok   {name}", flush=True)
        return step

    return run


def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).with_name("annotator")
    result = subprocess.run(
        [str(script), *args], capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        raise AssertionError(
            f"annotator {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
        )
    return result


async def annotate(db: str, name: str, label_key: str) -> list[str]:
    """Open the bundled samples as `name`, tag a sentence, visit every screen, quit."""
    from tui.annotate import build_app

    app, store = build_app(["--db", db, "--annotator", name])
    opened: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", label_key)
        await pilot.pause()
        for key in ("question_mark", "l", "v", "t", "ctrl+p"):
            depth = len(app.screen_stack)
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(app.screen_stack) == depth + 1, f"{key} opened no screen"
            opened.append(type(app.screen).__name__)
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.screen_stack) == depth, f"escape did not close what {key} opened"
        await pilot.press("q")
        await pilot.pause()
    store.flush()
    return opened


def main(workdir: Path) -> int:
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)

    @check("the packages come from the installed wheel, not a checkout")
    def _installed() -> None:
        import annotations
        import tui

        site = Path(sysconfig.get_paths()["purelib"]).resolve()
        for package in (annotations, tui):
            assert Path(package.__file__).resolve().is_relative_to(site), package.__file__

    @check("every declared dependency imports (with the html extra)")
    def _dependencies() -> None:
        import filelock  # noqa: F401
        import lxml.html.clean  # noqa: F401
        import orjson  # noqa: F401
        import rapidfuzz  # noqa: F401
        import rich  # noqa: F401
        import sentencex  # noqa: F401
        import textual  # noqa: F401
        import tinydb  # noqa: F401
        import trafilatura  # noqa: F401

    @check("every module of both packages imports")
    def _modules() -> None:
        import pkgutil

        import annotations
        import tui

        for package in (annotations, tui):
            for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
                if not module.name.endswith(".__main__"):  # that one runs the command
                    __import__(module.name)

    @check("the bundled sample articles are installed")
    def _samples() -> None:
        from annotations.samples import sample_articles_dir

        names = sorted(p.name for p in sample_articles_dir().glob("*.txt"))
        assert "seed-article.txt" in names, names

    @check("--help, --version and every subcommand's --help")
    def _help() -> None:
        from tui.cli import COMMANDS

        shown = annotator("--help").stdout
        assert all(f"annotator {command}" in shown for command in COMMANDS)
        assert annotator("--version").stdout.startswith("annotator ")
        for command in COMMANDS:
            assert f"annotator {command}" in annotator(command, "--help").stdout

    screens: dict[str, list[str]] = {}

    @check("the app headless as ana: tag, then ? l v t ctrl+p each open a screen, q quits")
    def _app_ana() -> None:
        screens["ana"] = asyncio.run(annotate("ana.json", "ana", "1"))
        wanted = ("Help", "Article", "Review", "Statistic", "CommandPalette")
        for word, name in zip(wanted, screens["ana"], strict=True):
            assert word in name, (word, screens["ana"])

    @check("the app headless as bo")
    def _app_bo() -> None:
        asyncio.run(annotate("bo.json", "bo", "2"))

    @check("an HTML page opens (the html extra)")
    def _html() -> None:
        from annotations.sets import open_paths

        page = workdir / "page.html"
        page.write_text(
            "<html lang='en'><head><title>Bridge opens</title></head><body><article>"
            "<h1>Bridge opens</h1>" + "<p>The new bridge opened on Monday to traffic.</p>" * 5
            + "</article></body></html>",
            encoding="utf-8",
        )
        opened = open_paths([str(page)])
        assert not opened.errors, opened.errors
        assert "bridge opened on Monday" in opened.articles[0].text

    @check("export in every format")
    def _export() -> None:
        from annotations.exporters import FOLDER_FORMATS, FORMATS

        for fmt in FORMATS:
            target = workdir / f"out-{fmt}"
            annotator("export", "--db", "ana.json", "--format", fmt, "-o", str(target))
            if fmt in FOLDER_FORMATS:
                assert any(target.iterdir()), f"{fmt} wrote nothing"
            else:
                assert target.stat().st_size > 0, f"{fmt} wrote nothing"

    @check("import of a JSON export into a new DB")
    def _import() -> None:
        annotator("import", "out-json", "--db", "imported.json")
        exported = annotator("export", "--db", "imported.json").stdout
        assert '"label": "claim"' in exported or '"label":"claim"' in exported

    @check("agree, merge and stats")
    def _team() -> None:
        assert "ana" in annotator("agree", "ana.json", "bo.json").stdout
        annotator("merge", "ana.json", "bo.json", "-o", "merged.json")
        assert Path("merged.json").stat().st_size > 0
        annotator("import", "merged.json", "--db", "adjudicated.json")
        assert re.search(r"\b\d+ annotations? on \d+ articles?\b",
                         annotator("stats", "--db", "ana.json").stdout)

    failed = [name for name, error in RESULTS if error]
    print(f"smoke: {len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
