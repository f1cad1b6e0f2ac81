"""Console manners: mistyped commands, --help, closed pipes and full disks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.sets import open_paths
from annotations.store import AnnotationStore
from tests.conftest import SAMPLES
from tui.cli import COMMANDS


def annotator(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60, **kwargs
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A DB with two annotators' spans over the samples."""
    path = tmp_path / "db.json"
    articles = open_paths([SAMPLES]).articles
    with AnnotationStore.open(path) as store:
        store.add_articles(articles)
        for article in articles:
            for start in range(0, 400, 40):
                store.tag(article, start, start + 8, "claim", "ana")
                store.tag(article, start, start + 8, "claim" if start % 80 else "figure", "bo")
    return path


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [("exprot", "export"), ("stat", "stats"), ("agre", "agree"), ("imprt", "import")],
)
def test_a_mistyped_command_names_the_nearest(tmp_path: Path, typed: str, nearest: str) -> None:
    result = annotator(typed, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"did you mean '{nearest}'" in lines[0]
    assert all(command in lines[0] for command in COMMANDS)
    assert not (tmp_path / "annotations.json").exists(), "a mistyped command wrote a DB"


def test_an_unknown_word_lists_the_commands_without_a_guess(tmp_path: Path) -> None:
    result = annotator("frobnicate", cwd=tmp_path)
    assert result.returncode == 2
    assert "did you mean" not in result.stderr
    assert "export, import, agree, merge, stats" in result.stderr


def test_a_file_named_like_a_command_typo_still_opens_as_an_article(tmp_path: Path) -> None:
    (tmp_path / "exprot").write_bytes(b"")  # empty: refused as an article, not as a command
    result = annotator("exprot", cwd=tmp_path)
    assert "the file is empty" in result.stderr and "not a command" not in result.stderr


def test_help_lists_every_command_with_a_line() -> None:
    shown = annotator("--help").stdout
    for command, line in COMMANDS.items():
        assert f"annotator {command}" in shown
        assert line in shown


def closed_pipe() -> int:
    """The write end of a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--format", "csv"],
        ["stats"],
        ["agree", "--annotators", "ana,bo"],
    ],
)
def test_a_closed_pipe_ends_quietly(db: Path, args: list[str]) -> None:
    write = closed_pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, *(["--db", str(db)] if args[0] != "agree"
                                                  else [str(db)])],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
        )
    finally:
        os.close(write)
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["export"], ["stats"]])
def test_a_full_disk_on_standard_output_is_one_line(db: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, "--db", str(db)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "annotator: could not write to standard output: No space left on device"
    ]
