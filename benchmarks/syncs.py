"""How a sync takes in another annotator's save, at each size of DB (1,000 to 1,000,000
annotations), as the app does it: the store opened lazily and checked, bo's tag saved by
another process (a line of the DB's journal), then `sync()` and the next save.

    python benchmarks/run.py --only syncs [--runs N] [--sizes 1000 10000 ...]

Each run is a fresh process on a fresh copy of the generated DB. The figures are medians over
the runs: the sync, the save after it, and the process's peak memory once both are done, over
the DB file's size (the target is the app's: ≤ 3x).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence

from benchmarks.scaling import (
    MEMORY_JUDGED_FROM,
    MEMORY_TARGET,
    PYTHON,
    ROOT,
    Curve,
    Point,
    SizedData,
)

# bo, in a process of its own: a tag, saved to the journal (not folded: no close).
OTHER = """
import sys
from annotations.store import AnnotationStore
store = AnnotationStore.open(sys.argv[1], autoflush=False, lazy=True)
store.tag(store.articles()[3], 0, 5, "claim", "bo")
store.flush()
"""

# ana, as the app: opened lazily and checked; bo saves; the sync and ana's next save timed.
# Prints the two times in seconds and the peak memory in MB.
CHILD = """
import subprocess, sys, time
from annotations.store import AnnotationStore
store = AnnotationStore.open(sys.argv[1], autoflush=False, lazy=True)
store.storage.check_rest()
subprocess.run([sys.executable, "-c", sys.argv[2], sys.argv[1]], check=True)
start = time.perf_counter()
assert store.sync(), "bo's save was not taken in"
synced = time.perf_counter() - start
store.tag(store.articles()[5], 0, 5, "figure", "ana")
start = time.perf_counter()
store.flush()
saved = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))
print(synced, saved, peak / 1024)
"""


def sync_curves(data: SizedData, sizes: Sequence[int], runs: int) -> list[Curve]:
    """The sync, the save after it, and the peak memory, at each size."""
    synced = Curve("a sync taking in another annotator's save", "(for scale)")
    saved = Curve("…the save after it", "(for scale)")
    memory = Curve("…peak memory (÷ the DB file)", MEMORY_TARGET, limit=3.0, unit="MB",
                   judged_from=MEMORY_JUDGED_FROM)
    for size in sizes:
        _, db = data.get(size)
        samples: list[list[float]] = [[], [], []]
        for run in range(runs):
            copy = data.work / f"syncs-{size}.json"
            for old in data.work.glob(f"syncs-{size}.json*"):  # the DB, its journal, backups
                old.unlink()
            shutil.copy(db, copy)
            result = subprocess.run([PYTHON, "-c", CHILD, str(copy), OTHER],
                                    capture_output=True, text=True, check=True, cwd=ROOT)
            for place, value in enumerate(result.stdout.split()):
                samples[place].append(float(value))
            print(f"  {size}: run {run + 1}: {result.stdout.strip()}", file=sys.stderr)
        synced.points[size] = Point(statistics.median(samples[0]))
        saved.points[size] = Point(statistics.median(samples[1]))
        memory.points[size] = Point(statistics.median(samples[2]), db.stat().st_size / 2**20)
    return [synced, saved, memory]
