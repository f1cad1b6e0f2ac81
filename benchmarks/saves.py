"""How soon a tag is on disk after opening a DB, at each size of DB (1,000 to 1,000,000
annotations), as the app saves it: the store opened without autoflush, one tag, one `flush()`.

    python benchmarks/saves.py [--runs N] [--sizes 1000 10000 ...] [--data DIR]

Each run is a fresh process on a fresh copy of the generated DB (`benchmarks/generate.py`), so
the first save after opening is measured every time, not a save that a cache made cheap. The
figures are medians over the runs: the first save, the one after it (for scale), and the
closing of the store (which folds the journal into the DB, see docs/data-safety.md).
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

from benchmarks.scaling import SIZES, Curve, Point, SizedData, curve_table  # noqa: E402


class KeptData(SizedData):
    """`SizedData` that takes the articles and DB of a size made by an earlier run in the same
    folder (`--data`), since making a DB of a million annotations takes minutes."""

    def get(self, size: int) -> tuple[Path, Path]:
        folder, db = self.work / f"articles-{size}", self.work / f"db-{size}.json"
        if size not in self._made and db.exists() and folder.is_dir():
            self._made[size] = folder, db
        return super().get(size)

PYTHON = sys.executable

# Run in a fresh process: open as the app does, then time a tag until it is on disk, a second
# one, and the close. Prints the three times in seconds.
CHILD = """
import sys, time
from annotations.store import AnnotationStore
store = AnnotationStore.open(sys.argv[1], autoflush=False)
article = store.articles()[len(store.articles()) // 2]
times = []
for number in range(2):
    start = time.perf_counter()
    store.tag(article, number, number + 3, "claim", "bench")
    store.flush()
    times.append(time.perf_counter() - start)
start = time.perf_counter()
store.close()
times.append(time.perf_counter() - start)
print(*times)
"""


def save_curves(data: SizedData, sizes: Sequence[int], runs: int) -> list[Curve]:
    """The first save after opening, the next save and the close, at each size."""
    first = Curve("tag on disk after opening (the first save)", "≤ 500 ms", absolute=0.5)
    second = Curve("…the next tag on disk", "(for scale)")
    closing = Curve("…closing the store (folds the journal)", "(for scale)")
    for size in sizes:
        _, db = data.get(size)
        samples: list[list[float]] = [[], [], []]
        for run in range(runs):
            copy = data.work / f"saves-{size}.json"
            for old in data.work.glob(f"saves-{size}.json*"):  # the DB, its journal, backups
                old.unlink()
            shutil.copy(db, copy)
            result = subprocess.run([PYTHON, "-c", CHILD, str(copy)], capture_output=True,
                                    text=True, check=True, cwd=ROOT)
            for place, value in enumerate(result.stdout.split()):
                samples[place].append(float(value))
            print(f"  {size}: run {run + 1}: {result.stdout.strip()}", file=sys.stderr)
        for curve, values in zip((first, second, closing), samples, strict=True):
            curve.points[size] = Point(statistics.median(values))
    return [first, second, closing]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per size (median quoted)")
    parser.add_argument("--sizes", nargs="*", type=int, default=[*SIZES, 1_000_000],
                        help="annotations in the DBs")
    parser.add_argument("--data", type=Path, help="keep the generated data here (reused)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-saves-") as folder:
        work = options.data or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        curves = save_curves(KeptData(work), options.sizes, options.runs)
    print(curve_table(curves))


if __name__ == "__main__":
    main()
