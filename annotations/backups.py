"""The DB's backups: a copy of the DB kept each time it opens cleanly, the older ones shifted
along, and the message that points at the newest when the DB cannot be read.

The copy is made after the DB's journal was folded into the file (`annotations.journal`), so it
holds every save. It is given a generation of its own (`annotations.db_generation`): copied back
over the DB, it makes the journal stale (the journal names the DB's generation), so the
journal is never applied to the backup: it is set aside instead, and the user told.
"""

from __future__ import annotations

import os
import shlex
import shutil
from datetime import datetime
from pathlib import Path

from annotations.db_generation import restamp_copy, without_generation
from annotations.leftovers import remove_leftovers, temporary_path

BACKUPS = 3
"""How many backups of the DB are kept: FILE.bak (newest), FILE.bak.1, FILE.bak.2."""


def keep_backup(path: Path) -> None:
    """Copy the DB at `path` (known to be good) to FILE.bak, shifting older backups along.

    Nothing happens when FILE.bak already holds the same bytes, or there is no DB yet.
    """
    put_backup(path, copy_for_backup(path))


def copy_for_backup(path: Path) -> Path | None:
    """The first half of `keep_backup`: the DB at `path` copied beside its backups, under a
    temporary name (a leftover if the process is killed); None when no backup is needed.

    Raises:
        OSError: the copy could not be made (a full disk); nothing is left of it.
    """
    if not path.exists():
        return None
    newest = backup_path(path)
    if newest.exists() and _same_file_contents(newest, path):
        return None
    temporary = temporary_path(newest, "tmp")
    try:
        shutil.copy2(path, temporary)
        restamp_copy(temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def put_backup(path: Path, copy: Path | None) -> None:
    """The second half of `keep_backup`, once the DB was found good: shift the backups along
    and make the copy `copy_for_backup` made the newest."""
    if copy is None:
        return
    for number in range(BACKUPS - 1, 0, -1):
        older = backup_path(path, number - 1)
        if older.exists():
            os.replace(older, backup_path(path, number))
    os.replace(copy, backup_path(path))


def remove_leftover_copies(path: Path) -> list[Path]:
    """Remove the temporary files that processes killed while saving the DB at `path`, or
    while backing it up, left beside it (see `annotations.leftovers`).

    Returns:
        What was removed.
    """
    removed = remove_leftovers(path, "tmp") + remove_leftovers(backup_path(path), "tmp")
    legacy = backup_path(path).with_name(backup_path(path).name + ".tmp")  # before PIDs
    if legacy.is_file():
        legacy.unlink()
        removed.append(legacy)
    return removed


def backup_path(path: Path, number: int = 0) -> Path:
    """FILE.bak for the newest backup, FILE.bak.N for older ones."""
    suffix = ".bak" if number == 0 else f".bak.{number}"
    return path.with_name(path.name + suffix)


def recovery_hint(path: Path) -> str:
    """How to recover the DB at `path`, to end a message saying it cannot be read."""
    newest = backup_path(Path(os.path.realpath(path)))  # beside the file a link points to
    if not newest.exists():
        return "; move it away or pass another --db to start afresh"
    when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return (
        f"; the last good copy is {newest} (from {when}): "
        f"cp -- {shell_word(newest)} {shell_word(path)} to recover it"
    )


def shell_word(path: Path) -> str:
    """`path` as one word of a shell command, whatever it holds (quotes, spaces, a `-` first)."""
    text = str(path)
    return shlex.quote(f"./{text}" if text.startswith("-") else text)


def _same_file_contents(copy: Path, original: Path) -> bool:
    """Whether a backup already holds the DB's bytes (but for its own generation): copy2 keeps
    the modification time, so the same size and time mean the same copy (the bytes are compared
    only when the time differs)."""
    copied, current = copy.stat(), original.stat()
    if copied.st_size != current.st_size:
        return False
    if copied.st_mtime_ns == current.st_mtime_ns:
        return True
    return without_generation(copy.read_bytes()) == without_generation(original.read_bytes())
