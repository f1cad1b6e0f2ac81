"""Where the user was in each set: the article last on screen, by DB, so that reopening a set
goes back to it (as a Prodigy-style queue does); the first article not done is a key away
(ctrl+g).

The places are kept in a small state file of the user's (`places.json` in
`annotations.user_files.state_folder()`), not in the DB: two annotators sharing a DB each go
back to their own article, and moving from article to article never writes the DB. The file
is a JSON object of article ids by the DB file's absolute path; the most recent
`MAX_PLACES` are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from annotations.user_files import UserFileError, read_text, state_folder, write_text

FILE_NAME = "places.json"
"""The state file's name."""

MAX_PLACES = 1000
"""How many DBs' places are kept; the least recently used go first."""


def places_file() -> Path:
    """The state file of places."""
    return state_folder() / FILE_NAME


@dataclass(frozen=True)
class Places:
    """The places kept in a state file, and the DB whose place is read and written."""

    path: Path
    """The state file."""
    db: str
    """The DB, as an absolute path (the key of its place)."""

    @classmethod
    def of(cls, db: str | Path, path: Path | None = None) -> Places:
        """The places of DB `db` in the state file `path` (the user's, when not given)."""
        return cls(path or places_file(), str(Path(db).resolve()))

    def read(self) -> dict[str, str]:
        """Every DB's place, least recently used first.

        Raises:
            UserFileError: the file cannot be read, or is not an object of strings.
        """
        text = read_text(self.path)
        if text is None:
            return {}
        try:
            places = json.loads(text)
        except json.JSONDecodeError as error:
            raise UserFileError(self.path, f"not JSON (line {error.lineno}: {error.msg})") from None
        if not isinstance(places, dict) or not all(
            isinstance(value, str) for value in places.values()
        ):
            raise UserFileError(self.path, "not a JSON object of article ids by DB")
        return places

    def last(self) -> str | None:
        """The id of the article the user was last on in this DB, if known.

        Raises:
            UserFileError: see `read`.
        """
        return self.read().get(self.db)

    def remember(self, article_id: str) -> None:
        """Keep `article_id` as this DB's place.

        Raises:
            UserFileError: the file cannot be read (it is then left alone) or written.
        """
        # here, as in the storage: filelock's imports cost start-up 15 ms, and it is first
        # needed once the first article is shown
        from filelock import FileLock, Timeout

        try:  # two annotators at once must not lose each other's place
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path.with_name(f".{self.path.name}.lock"), timeout=5)
            with lock:
                places = self.read()
                places.pop(self.db, None)
                places[self.db] = article_id
                kept = dict(list(places.items())[-MAX_PLACES:])
                write_text(self.path, json.dumps(kept, ensure_ascii=False, indent=1) + "\n")
        except (OSError, Timeout) as error:
            raise UserFileError(self.path, f"cannot be written ({error})") from None
