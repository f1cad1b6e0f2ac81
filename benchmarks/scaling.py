"""The cases measured at several sizes of DB (1,000 to 100,000 annotations, 1,000,000 on request),
as curves: one row a case, one column a size, each cell our figure and its ratio to the
reference measured in the same run.

The DBs are the project's own generator's (`benchmarks/generate.py`): articles of about 3 KB,
100 annotations each by two annotators in turn, so a DB of N annotations holds N / 100 articles.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from benchmarks.generate import articles_folder, big_db
from benchmarks.terminal import Terminal

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
"""Annotations in the DBs measured by default (`--sizes` adds 1000000)."""
PER_ARTICLE = 100


@dataclass
class Point:
    """One size of a curve."""

    ours: float
    reference: float | None = None
    """What `ours` is divided by, when the target is a ratio."""


@dataclass
class Curve:
    """A case measured at each size, against a target that must hold at every one."""

    case: str
    target: str
    limit: float | None = None
    """The largest ratio to the reference that holds."""
    absolute: float | None = None
    """The largest figure (seconds) that holds."""
    points: dict[int, Point] = field(default_factory=dict)
    unit: str = "s"
    """What the figures count: seconds, or "MB"."""
    judged_from: int = 0
    """The smallest size the target is judged at; below it the figures are for scale (memory
    against a DB of 0.5 or 5 MB measures the app itself: Python, Textual and the screen take
    about 50 MB with an empty DB)."""

    def holds_at(self, size: int) -> bool:
        point = self.points[size]
        if size < self.judged_from:
            return True
        if self.absolute is not None and point.ours > self.absolute:
            return False
        if self.limit is not None and point.reference:
            return point.ours <= self.limit * point.reference
        return True

    @property
    def holds(self) -> bool:
        return all(self.holds_at(size) for size in self.points)


MEMORY_JUDGED_FROM = 100_000
"""Memory against the DB file is judged from a DB of this many annotations (45 MB) up."""
MEMORY_TARGET = "≤ 3x (from 100k)"


def size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def curve_table(curves: Sequence[Curve]) -> str:
    """The curves as a Markdown table: a column per size (in annotations)."""
    sizes = sorted({size for curve in curves for size in curve.points})
    lines = [
        "| case | " + " | ".join(size_name(size) for size in sizes) + " | target | holds |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | --- | --- |",
    ]
    for curve in curves:
        cells = []
        for size in sizes:
            point = curve.points.get(size)
            if point is None:
                cells.append("—")
                continue
            cell = seconds(point.ours) if curve.unit == "s" else f"{point.ours:.0f} {curve.unit}"
            if point.reference:
                cell += f" ({point.ours / point.reference:.1f}x)"
            cells.append(cell if curve.holds_at(size) else f"**{cell}**")
        lines.append(f"| {curve.case} | " + " | ".join(cells) +
                     f" | {curve.target} | {'yes' if curve.holds else 'NO'} |")
    return "\n".join(lines)


class SizedData:
    """A folder of articles and a DB of each size, made on first use."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self._made: dict[int, tuple[Path, Path]] = {}

    def get(self, size: int) -> tuple[Path, Path]:
        """The articles folder and the DB holding `size` annotations."""
        if size not in self._made:
            folder = articles_folder(self.work / f"articles-{size}", max(1, size // PER_ARTICLE))
            db = big_db(self.work / f"db-{size}.json", folder, PER_ARTICLE, ("ana", "bo"))
            self._made[size] = folder, db
        return self._made[size]


def interleaved(runs: int, *measures: Callable[[], float]) -> list[float]:
    """The median of each measure, taken in turn run after run so that the load of a shared
    machine weighs on all alike."""
    samples: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for place, measure in enumerate(measures):
            samples[place].append(measure())
    return [statistics.median(values) for values in samples]


def run_timed(command: list[str]) -> float:
    """Seconds a command takes, in a fresh process."""
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - start


def import_curve(data: SizedData, sizes: Sequence[int], runs: int) -> Curve:
    """`annotator import` of an export into an empty DB, against that export."""
    curve = Curve("`annotator import` of a JSON export (÷ the export)", "≤ 3x", limit=3.0)
    for size in sizes:
        _, db = data.get(size)
        exported = data.work / f"export-{size}.json"
        target = data.work / f"imported-{size}.json"
        export = [PYTHON, "-m", "tui", "export", "--db", str(db), "-o", str(exported)]
        run_timed(export)
        ours, reference = interleaved(
            runs, partial(_import_afresh, exported, target), partial(run_timed, export)
        )
        curve.points[size] = Point(ours, reference)
    return curve


def agree_curve(data: SizedData, sizes: Sequence[int], runs: int) -> Curve:
    """`annotator agree` of the two annotators of a DB, against the export of that DB."""
    curve = Curve("`annotator agree --annotators ana,bo` (÷ the export)", "≤ 5x", limit=5.0)
    for size in sizes:
        _, db = data.get(size)
        exported = data.work / f"export-agree-{size}.json"
        agree = [PYTHON, "-m", "tui", "agree", str(db), "--annotators", "ana,bo"]
        export = [PYTHON, "-m", "tui", "export", "--db", str(db), "-o", str(exported)]
        ours, reference = interleaved(
            runs, partial(run_timed, agree), partial(run_timed, export)
        )
        curve.points[size] = Point(ours, reference)
    return curve


def _import_afresh(source: Path, target: Path) -> float:
    for stale in target.parent.glob(target.name + "*"):  # the DB and its backups
        stale.unlink()
    return run_timed([PYTHON, "-m", "tui", "import", str(source), "--db", str(target)])


def dialog_curves(data: SizedData, sizes: Sequence[int], runs: int) -> list[Curve]:
    """`v` (review) and `t` (statistics) in a real terminal, with the app open on the articles
    and a copy of the DB: how soon each shows something, how soon it is ready, and each step
    of the review (the right arrow)."""
    shows = Curve("`v`: the review shows something", "≤ 300 ms", absolute=0.300)
    ready = Curve("`v`: …the first annotation under review", "(for scale)")
    step = Curve("each step in the review (→)", "≤ 50 ms", absolute=0.050)
    stats = Curve("`t`: the statistics show something", "≤ 300 ms", absolute=0.300)
    counted = Curve("`t`: …the counts", "(for scale)")
    opened = Curve("app peak memory, open (÷ the DB file)", MEMORY_TARGET, limit=3.0, unit="MB",
                   judged_from=MEMORY_JUDGED_FROM)
    memory = Curve("app peak memory after `v` and `t` (÷ the DB file)", MEMORY_TARGET,
                   limit=3.0, unit="MB", judged_from=MEMORY_JUDGED_FROM)
    for size in sizes:
        folder, db = data.get(size)
        samples: dict[str, list[float]] = {}
        for run in range(runs):
            copy = data.work / f"dialogs-{size}-{run}.json"
            shutil.copy(db, copy)
            terminal = Terminal("dialogs", [PYTHON, "-m", "tui", str(folder), "--db", str(copy)])
            try:
                terminal.wait_for("Benchmark article number", timeout=120)
                terminal.settle(quiet=0.5)
                samples.setdefault("opened", []).append(terminal.peak_rss_mb())
                for name, value in _dialog_round(terminal).items():
                    samples.setdefault(name, []).append(value)
                samples.setdefault("memory", []).append(terminal.peak_rss_mb())
            finally:
                terminal.stop()
        for curve, name in ((shows, "v shows"), (ready, "v ready"), (step, "step"),
                            (stats, "t shows"), (counted, "t ready")):
            curve.points[size] = Point(statistics.median(samples[name]))
        for curve, name in ((opened, "opened"), (memory, "memory")):
            curve.points[size] = Point(statistics.median(samples[name]), db.stat().st_size / 2**20)
    return [shows, ready, step, stats, counted, opened, memory]


def _dialog_round(terminal: Terminal) -> dict[str, float]:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    terminal.keys("v")
    timings["v shows"] = terminal.wait_for_after("Review", start)
    timings["v ready"] = terminal.wait_for_after("Review · ", start, timeout=120)
    terminal.settle(quiet=0.3)
    steps = [terminal.time_key("Right") for _ in range(5)]
    timings["step"] = statistics.median(steps)
    terminal.keys("Escape")
    terminal.settle(quiet=0.5)
    start = time.perf_counter()
    terminal.keys("t")
    timings["t shows"] = terminal.wait_for_after("Statistics", start)
    timings["t ready"] = terminal.wait_for_after("annotations on", start, timeout=120)
    terminal.keys("Escape")
    terminal.settle(quiet=0.3)
    return timings
