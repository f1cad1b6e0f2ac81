"""Killing a process mid-save, and two processes saving at once: nothing acknowledged is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotations.sets import read_article
from annotations.store import AnnotationStore
from tests.conftest import ROOT, SEED

CHILD = [sys.executable, str(Path(__file__).with_name("child_writer.py"))]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def acknowledged(output: str) -> dict[str, str]:
    acks = {}
    for line in output.splitlines():
        if line.startswith("ack "):
            parts = line.split(" ", 2)
            acks[parts[1]] = parts[2] if len(parts) > 2 else ""
    return acks


def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    article = read_article(SEED)
    rng = random.Random(20261128)
    expected: dict[str, str] = {}
    rounds = 20
    for round_number in range(rounds):
        child = subprocess.Popen(
            [*CHILD, str(db), str(SEED), "100000", f"r{round_number}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        expected.update(acknowledged(output))
        stored = {a.id: a.note for a in AnnotationStore.open(db).annotations(article.id)}
        missing = {key: note for key, note in expected.items() if stored.get(key) != note}
        assert not missing, f"round {round_number}: lost {len(missing)} acknowledged changes"
        assert not list(tmp_path.glob(".db.json.*")), "the next open clears what a kill left"
    assert len(expected) > rounds  # the kills did land in the middle of work


def test_two_processes_writing_one_db_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    count = 40
    children = [
        subprocess.Popen(
            [*CHILD, str(db), str(SEED), str(count), name],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        )
        for name in ("ana", "bo")
    ]
    outputs = []
    for child in children:
        output, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors
        outputs.append(acknowledged(output))
    stored = AnnotationStore.open(db).annotations(read_article(SEED).id)
    assert len(stored) == 2 * count
    notes = {a.id: a.note for a in stored}
    for acks in outputs:
        assert len(acks) == count
        assert all(notes[key] == note for key, note in acks.items())
    assert {a.annotator for a in stored} == {"ana", "bo"}
