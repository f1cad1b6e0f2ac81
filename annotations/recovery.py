"""When another program damages or deletes the DB while this process holds it: what was done,
and what each way back keeps.

The process holds every annotation of its session in memory, more than the last backup has.
Copying the backup back (what the message for an unreadable DB advises when nothing holds it)
would lose every change saved since. So a save or a sync that finds the DB damaged sets the
damaged file aside, renamed and never deleted, and writes what the process holds in its place
(`annotations.db_tables`); a DB deleted is written again. A `Recovery` says what was done, for
the app or the command to tell, with the command for each other choice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from annotations.backups import backup_path, shell_word
from annotations.outcome import counted
from annotations.schema import ARTICLES, Tables, article_id_of


@dataclass(frozen=True)
class Recovery:
    """The DB was found damaged (or gone) while held, and what is held was written in its
    place."""

    location: Path
    """The DB, as the user named it."""
    cause: str
    """What was wrong with it: how it was damaged, or that it had been deleted."""
    kept_as: Path | None
    """Where the damaged file was set aside; None when it had been deleted."""
    articles: int
    """How many articles the DB now holds: those this process held."""
    annotations: int
    """How many annotations the DB now holds."""
    backup: Path | None
    """The newest backup, when there is one."""

    @classmethod
    def of(cls, location: str | Path, cause: str, kept_as: Path | None, held: Tables,
           target: Path) -> Recovery:
        """The recovery of the DB at `location` (the file `target`) by writing `held`."""
        location = Path(location)
        annotations = sum(len(t) for name, t in held.items() if article_id_of(name) is not None)
        newest = backup_path(target)
        return cls(location, cause, _beside(location, kept_as), len(held.get(ARTICLES, {})),
                   annotations, _beside(location, newest) if newest.exists() else None)

    def message(self) -> str:
        """What happened and what each choice keeps, in one paragraph, commands included."""
        db = self.location
        held = (f"the {counted(self.annotations, 'annotation')} in "
                f"{counted(self.articles, 'article')} this session holds")
        if self.kept_as is None:
            said = f"{db} had been deleted by another program; wrote {held} again."
        else:
            said = (
                f"{db} was damaged by another program ({self.cause}). Nothing is lost: the "
                f"damaged file is kept as {self.kept_as}, and {db} now holds {held}. "
                f"To take the damaged file back instead (what the other program left): "
                f"cp -- {shell_word(self.kept_as)} {shell_word(db)}."
            )
        if self.backup is not None:
            when = datetime.fromtimestamp(self.backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            said += (
                f" To go back to the backup of {when} (losing every change saved since): "
                f"cp -- {shell_word(self.backup)} {shell_word(db)}."
            )
        return said


def _beside(location: Path, path: Path | None) -> Path | None:
    """`path` (beside the DB's real file) as the user would name it: beside `location`, when
    that is in the same folder (not a symbolic link elsewhere)."""
    if path is None or os.path.realpath(location.parent) != str(path.parent):
        return path
    return location.with_name(path.name)


def set_aside(target: Path, why: str = "damaged") -> Path:
    """Rename a damaged DB file to `NAME.damaged-TIME` beside it (never over another file);
    `why` names another cause (a stale journal is set aside as `NAME.stale-TIME`).

    Returns:
        Its new path.

    Raises:
        OSError: it could not be renamed.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    number = 1
    kept = target.with_name(f"{target.name}.{why}-{stamp}")
    while kept.exists() or kept.is_symlink():
        number += 1
        kept = target.with_name(f"{target.name}.{why}-{stamp}-{number}")
    target.rename(kept)
    return kept
