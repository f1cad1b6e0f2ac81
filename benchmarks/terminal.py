"""A real terminal for the benchmarks: a tmux session we type into and read from.

Timings include tmux's own round trip (a few milliseconds to send keys and read the screen),
the same for every case, so the ratios compare like with like.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path

POLL = 0.002


class Terminal:
    """One program running in a detached tmux session of a given size."""

    def __init__(self, name: str, command: list[str], size: tuple[int, int] = (120, 40),
                 cwd: Path | None = None) -> None:
        # the process id keeps two benchmarks run at once on a shared machine apart
        self.session = f"bench-{name}-{os.getpid()}"
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.session, "-x", str(size[0]), "-y",
             str(size[1]), "-e", "TERM=xterm-256color", "-e", "COLORTERM=truecolor",
             " ".join(shlex.quote(part) for part in command)],
            check=True, cwd=cwd,
        )

    def screen(self, styled: bool = False) -> str:
        """What the terminal shows (with escape codes for colours when `styled`)."""
        args = ["tmux", "capture-pane", "-p", "-t", self.session] + (["-e"] if styled else [])
        return subprocess.run(args, capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds since the start until `text` is on screen.

        Raises:
            TimeoutError: it never appeared.
        """
        return self.wait_for_after(text, self.started, timeout)

    def wait_for_after(self, text: str, start: float, timeout: float = 30.0) -> float:
        """Seconds since `start` (a `time.perf_counter()`) until `text` is on screen.

        Raises:
            TimeoutError: it never appeared.
        """
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - start
            time.sleep(POLL)
        raise TimeoutError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        """Type keys (tmux names: Left, S-Right, C-End, PageDown...)."""
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def time_key(self, key: str, timeout: float = 5.0) -> float:
        """Seconds from typing `key` until the screen changes."""
        before = self.screen(styled=True)
        start = time.perf_counter()
        self.keys(key)
        deadline = start + timeout
        while time.perf_counter() < deadline:
            if self.screen(styled=True) != before:
                return time.perf_counter() - start
            time.sleep(POLL)
        raise TimeoutError(f"{key} changed nothing on screen")

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the screen has not changed for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        last, since = self.screen(styled=True), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.02)
            now = self.screen(styled=True)
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return

    def pid(self) -> int:
        """The process id of the program in the terminal."""
        out = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.session, "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        ).stdout
        return int(out.strip())

    def peak_rss_mb(self) -> float:
        """The program's peak resident memory so far, in MB (Linux's VmHWM)."""
        for line in Path(f"/proc/{self.pid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def stop(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)
