"""The article opened is recorded by the first save, after it is on screen: a tag made before
then lands with its article, in the app and when the process is killed at any moment."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotations.schema import Status
from annotations.sets import read_article
from annotations.store import AnnotationStore
from tests.conftest import ROOT, SEED
from tui.annotate import open_session
from tui.app import make_app

CHILD = [sys.executable, str(Path(__file__).with_name("child_first_tag.py"))]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


async def test_open_tag_at_once_and_quit_keeps_the_article_and_the_tag(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    opened, store, notices = open_session([str(SEED)], str(db))
    app = make_app(opened.articles, store, "tester", notices=notices)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "s", "2")  # a sentence tagged, the keys sent at once
        await pilot.press("q")
        await app.workers.wait_for_complete()
    store.close()
    article = read_article(SEED)
    again = AnnotationStore.open(db)
    assert [a.id for a in again.articles()] == [article.id]
    assert again.statuses()[article.id] == Status.IN_PROGRESS.value
    assert [a.label for a in again.annotations(article.id)] == ["figure"]


def test_kill_after_the_first_tag_never_leaves_a_tag_without_its_article(tmp_path: Path) -> None:
    article = read_article(SEED)
    rng = random.Random(20261129)
    for round_number in range(12):
        db = tmp_path / f"db-{round_number}.json"
        child = subprocess.Popen([*CHILD, str(db), str(SEED)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=ENV)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.03))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        store = AnnotationStore.open(db)
        tags = store.annotations(article.id)
        statuses = store.statuses()
        if tags or "ack" in output:
            assert [a.label for a in tags] == ["claim"], f"round {round_number}"
            assert statuses == {article.id: Status.IN_PROGRESS.value}, f"round {round_number}"
        else:
            assert statuses.get(article.id, Status.NEW.value) == Status.NEW.value
