"""How a sync takes in another annotator's save, at each size of DB (1,000 to 1,000,000
annotations), as the app does it: the store opened lazily and checked, bo's tag saved by
another process (a line of the DB's journal), then `sync()` and the next save.

    python benchmarks/syncs.py [--runs N] [--sizes 1000 10000 ...] [--data DIR]

Each run is a fresh process on a fresh copy of the generated DB. The figures are medians over
the runs: the sync, the save after it, and the process's peak memory once both are done, over
the DB file's size (the target is the app's: ≤ 3x).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.saves import KeptData  # noqa: E402
from benchmarks.scaling import SIZES, Curve, Point, SizedData, curve_table  # noqa: E402

PYTHON = sys.executable

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
    memory = Curve("…peak memory (÷ the DB file)", "≤ 3x", limit=3.0, unit="MB")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per size (median quoted)")
    parser.add_argument("--sizes", nargs="*", type=int, default=[*SIZES, 1_000_000],
                        help="annotations in the DBs")
    parser.add_argument("--data", type=Path, help="keep the generated data here (reused)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-syncs-") as folder:
        work = options.data or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        curves = sync_curves(KeptData(work), options.sizes, options.runs)
    print(curve_table(curves))


if __name__ == "__main__":
    main()
