"""The cases of `make bench` with one very large input against a small one: a 20 MB article
against a 50 KB one, and a set of 100,000 JSONL records against one of 1,000."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Protocol

from benchmarks.generate import big_article, jsonl_set
from benchmarks.rows import Row, ratio_row
from benchmarks.terminal import Terminal

ANNOTATOR = [sys.executable, "-m", "tui"]
SEED = Path(__file__).resolve().parent.parent / "sample_articles" / "seed-article.txt"


class Bench(Protocol):
    """What these cases use of `run.Bench`."""

    work: Path
    runs: int

    def fresh_db(self) -> str: ...

    def startup_time(self, command: list[str], text: str) -> float: ...


def first_screens(bench: Bench, small: Path, large: Path, ready: str) -> tuple[float, float]:
    """The median time to `ready` on screen opening `small` and `large`, in turn, run after
    run."""
    times: dict[Path, list[float]] = {small: [], large: []}
    for _ in range(bench.runs):
        for path in (small, large):
            times[path].append(
                bench.startup_time([*ANNOTATOR, str(path), "--db", bench.fresh_db()], ready)
            )
    return statistics.median(times[small]), statistics.median(times[large])


def peak_memory(bench: Bench, path: Path, ready: str, *keys: str, db: str = "") -> float:
    """The app's peak memory (MB) with `path` open, once `keys` are typed and the screen is
    still (with the DB `db`; a new one when not given)."""
    terminal = Terminal("large-memory", [*ANNOTATOR, str(path), "--db", db or bench.fresh_db()])
    try:
        terminal.wait_for(ready, timeout=60)
        terminal.keys(*keys)
        terminal.settle(quiet=2.0, timeout=60)  # the background layout done
        return terminal.peak_rss_mb()
    finally:
        terminal.stop()


def huge_article_rows(bench: Bench) -> list[Row]:
    """A 20 MB article against a 50 KB one: the first paint, and the memory it takes over the
    app with the seed (bytes a character), after ctrl+end: opened first, and opened again
    with the DB that recorded it then."""
    small = big_article(bench.work / "fifty-kb.txt", 0.05)
    large = big_article(bench.work / "twenty-mb.txt", 20)
    reference, ours = first_screens(bench, small, large, "Five Megabyte")
    seed = peak_memory(bench, SEED, "Cross-Border", "C-End")
    characters = len(large.read_text(encoding="utf-8")) / 2**20
    db = bench.fresh_db()
    first, again = ((peak_memory(bench, large, "Five Megabyte", "C-End", db=db) - seed)
                    / characters for _ in range(2))
    return [
        ratio_row("20 MB article's first paint (vs a 50 KB one)", ours, reference, "s", 1.5),
        *(Row(f"…its memory over the app with the seed, bytes a character{when}", figure, 5.0,
              "B", "≤ 5", figure <= 5.0)
          for when, figure in (("", first), (", opened again with its DB", again))),
    ]


def big_set_rows(bench: Bench) -> list[Row]:
    """A set of 100,000 records in one JSONL file (133 MB) against one of 1,000: the first
    screen, and the app's peak memory against the file's size after two more articles and the
    list of all."""
    small = jsonl_set(bench.work / "set-1000.jsonl", 1_000)
    large = jsonl_set(bench.work / "set-100000.jsonl", 100_000)
    reference, ours = first_screens(bench, small, large, "Set article number 0")
    peak = peak_memory(bench, large, "Set article number 0", "]", "]", "l")
    return [
        ratio_row("first screen of a 100,000-article JSONL set (vs a 1,000-article one)",
                  ours, reference, "s", 2.0),
        ratio_row("…peak memory with it open (vs the file's size)", peak,
                  large.stat().st_size / 2**20, "MB", 1.5),
    ]
