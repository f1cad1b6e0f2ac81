"""CPU time to the first frame: the bare Textual app and the annotator on the seed, in turn.

    python benchmarks/first_frame.py [--runs N]

Start-up in wall time (`run.py --only startup`) moves with the load of the other sessions on
a shared machine by more than the changes being measured; the CPU time a process takes to
write its first frame moves far less. Each program runs in a real terminal (tmux), through
this module with `--child`: when Textual's App first writes a frame, the CPU seconds of the
process so far (interpreter start included) are appended to a file and the program exits.
Prints the medians, the lowest figures and the ratio.
"""

from __future__ import annotations

import importlib.machinery
import resource
import runpy
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from benchmarks.terminal import Terminal

# The programs measured run through this module: what it imports at the top, they pay too,
# so the rest (the benchmarks' own modules, argparse, statistics) is imported by the parent.


class FirstFrame:
    """A finder that patches `textual.app` as it is imported (not before: the annotator
    imports Textual late, with the collector off), so that the first frame written ends the
    program and records its CPU time."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "textual.app":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        assert spec is not None and spec.loader is not None
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            self.patch(module.App)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec

    def patch(self, app_class: Any) -> None:
        display = app_class._display
        out = self.out
        done: list[bool] = []

        def first_display(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is not None and not app._batch_count and not done:
                done.append(True)
                usage = resource.getrusage(resource.RUSAGE_SELF)
                with out.open("a") as file:
                    file.write(f"{usage.ru_utime + usage.ru_stime:.4f}\n")
                app.exit()

        app_class._display = first_display


def child(out: Path, argv: list[str]) -> None:
    """Run `argv` (`-m MODULE ARGS` or `SCRIPT ARGS`) with the first frame recorded."""
    sys.meta_path.insert(0, FirstFrame(out))
    if argv[0] == "-m":
        sys.argv = argv[1:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv
        runpy.run_path(argv[0], run_name="__main__")


def running(terminal: Terminal) -> bool:
    """Whether the program in `terminal` still runs (its tmux session ends with it)."""
    import subprocess

    return subprocess.run(["tmux", "has-session", "-t", terminal.session],
                          capture_output=True).returncode == 0


def measure(runs: int) -> dict[str, list[float]]:
    """CPU seconds to the first frame of the bare app and of the seed, run after run."""
    import tempfile
    import time

    from benchmarks.run import SEED
    from benchmarks.terminal import Terminal

    with tempfile.TemporaryDirectory(prefix="annotator-frame-") as folder:
        work = Path(folder)
        commands = {
            "bare": [str(ROOT / "benchmarks" / "bare_app.py")],
            "seed": ["-m", "tui", str(SEED), "--db", str(work / "db-{run}.json")],
        }
        for run in range(runs):
            for name, command in commands.items():
                argv = [part.format(run=run) for part in command]
                terminal = Terminal(f"frame-{name}", [sys.executable, __file__, "--child",
                                                      str(work / name), *argv])
                try:
                    deadline = time.perf_counter() + 30
                    while running(terminal) and time.perf_counter() < deadline:
                        time.sleep(0.02)
                finally:
                    terminal.stop()
        return {name: [float(line) for line in (work / name).read_text().split()]
                for name in commands}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), sys.argv[3:])
        return
    import argparse
    import statistics

    from benchmarks.run import compile_project

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (medians quoted)")
    options = parser.parse_args()
    compile_project()
    times = measure(options.runs)
    bare, seed = (statistics.median(times[name]) for name in ("bare", "seed"))
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.3f} s, lowest {min(values):.3f} s "
              f"({len(values)} runs)")
    print(f"seed ÷ bare app: {seed / bare:.2f}")


if __name__ == "__main__":
    main()
