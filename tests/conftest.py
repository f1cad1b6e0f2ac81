"""Shared fixtures: the sample articles, and each kind of storage, bare and under a store."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotations.sets import read_article
from annotations.storage import AnnotationStorage, JSONFileStorage, MemoryStorage
from annotations.store import AnnotationStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_articles"
SEED = SAMPLES / "seed-article.txt"


@pytest.fixture
def seed():
    """The article the project was built around."""
    return read_article(SEED)


@pytest.fixture(params=["memory", "json"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AnnotationStorage:
    """An empty storage, once in memory and once in a JSON file."""
    if request.param == "memory":
        return MemoryStorage()
    return JSONFileStorage(tmp_path / "db.json")


@pytest.fixture
def store(storage: AnnotationStorage) -> Iterator[AnnotationStore]:
    """An empty store over each kind of storage."""
    with AnnotationStore(storage) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots and screen checks must not depend on when the input cursor blinks."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def _own_user_folders(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's own settings and places (the XDG folders)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file unwritable, for root too (CI runs as root), and writable again afterwards.

    Root ignores permission bits, so as root the file is made immutable (`chattr +i`), which
    the kernel refuses to write for anyone; a file system without that attribute fails the test.
    """
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
            if result.returncode != 0:
                pytest.fail(f"cannot make {path} read-only as root: {result.stderr.strip()}")
        else:
            path.chmod(0o444)
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o644)
