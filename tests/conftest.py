"""Shared fixtures: the sample articles, and each kind of storage, bare and under a store."""

from __future__ import annotations

from collections.abc import Iterator
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
