"""Temporary files: named after the file they become and the process writing them, and removed
when a process killed mid-write left them behind.

Every file the annotator writes whole (the DB, a backup, an export) is written first to
`.NAME.PID.SUFFIX` beside it, then renamed over it. A process killed before the rename leaves
that file behind; the next process to write NAME removes those whose process is gone (or, as a
process id can be reused, that are older than `STALE_SECONDS`), and never one being written.
The DB's journal (`FILE.journal`) is not one of them: it holds saves, and is only removed once
folded into the DB (`annotations.journal`).
"""

from __future__ import annotations

import glob
import os
import shutil
import time
from pathlib import Path

STALE_SECONDS = 24 * 3600
"""Age after which a temporary file is removed even if a process of its id runs (one that
reused the id): no save or export takes a day."""


def temporary_path(path: Path, suffix: str) -> Path:
    """Where this process writes `path` before renaming it into place: `.NAME.PID.SUFFIX`."""
    return path.with_name(f".{path.name}.{os.getpid()}.{suffix}")


def remove_leftovers(path: Path, suffix: str) -> list[Path]:
    """Remove what killed writers of `path` left beside it (files or folders).

    Args:
        path: The file they were writing.
        suffix: What their names end with (`tmp`, `partial`).

    Returns:
        What was removed.
    """
    removed = []
    pattern = f".{glob.escape(path.name)}.*.{glob.escape(suffix)}"
    for leftover in path.parent.glob(pattern):
        pid = leftover.name[len(path.name) + 2 : -len(suffix) - 1]
        if pid.isdigit() and _stale(leftover, int(pid)):
            _remove(leftover)
            removed.append(leftover)
    return removed


def _stale(leftover: Path, pid: int) -> bool:
    try:
        age = time.time() - leftover.lstat().st_mtime
    except OSError:
        return False
    if age > STALE_SECONDS:
        return True
    return pid != os.getpid() and not _running(pid)


def _running(pid: int) -> bool:
    """Whether a process of this id runs on this machine."""
    if os.name != "posix":  # os.kill there would end the process: go by age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as someone else
        return True
    return True


def _remove(leftover: Path) -> None:
    try:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    except OSError:
        pass  # gone already, or not ours to remove: it does no harm where it is
