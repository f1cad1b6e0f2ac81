"""Shared fixtures: the sample articles, and a store over each kind of storage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.sets import read_article
from annotations.storage import JSONFileStorage, MemoryStorage
from annotations.store import AnnotationStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_articles"
SEED = SAMPLES / "seed-article.txt"


@pytest.fixture
def seed():
    """The article the project was built around."""
    return read_article(SEED)


@pytest.fixture(params=["memory", "json"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnnotationStore]:
    """An empty store, once in memory and once in a JSON file."""
    if request.param == "memory":
        storage: MemoryStorage | JSONFileStorage = MemoryStorage()
    else:
        storage = JSONFileStorage(tmp_path / "db.json")
    with AnnotationStore(storage) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots and screen checks must not depend on when the input cursor blinks."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)
