"""What a killed process leaves behind is cleared on the next run, and a full disk opens the DB
read-only rather than refusing it."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotations.db_generation import without_generation
from annotations.leftovers import STALE_SECONDS
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tests.conftest import ROOT, SEED
from tests.test_cli import annotator
from tui.annotate import open_session

KILLED_WRITER = """
import os, sys
from pathlib import Path
from annotations.leftovers import temporary_path
target = temporary_path(Path(sys.argv[1]), sys.argv[2])
if sys.argv[3] == "folder":
    target.mkdir()
    target = target / "part.ann"
target.write_bytes(b'{"half": ')
os.kill(os.getpid(), 9)
"""


def killed_while_writing(path: Path, suffix: str, kind: str = "file") -> Path:
    """Run a process that starts writing `path` as the annotator does and is killed; what it
    left."""
    before = set(path.parent.iterdir())
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), suffix, kind],
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    [left] = set(path.parent.iterdir()) - before
    return left


@pytest.fixture
def running() -> Iterator[int]:
    """The id of a process that runs for the whole test."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield process.pid
    process.kill()
    process.wait()


def test_opening_the_db_removes_what_killed_writers_left(tmp_path: Path, seed, running) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.tag(seed, 0, 5, "claim")
    saving = killed_while_writing(db, "tmp")
    backing_up = killed_while_writing(tmp_path / "db.json.bak", "tmp")
    legacy = tmp_path / "db.json.bak.tmp"  # the name versions before this one gave it
    legacy.write_bytes(b"{")
    live = tmp_path / f".db.json.{running}.tmp"
    live.write_bytes(b"{")
    reused = tmp_path / f".db.json.{os.getppid()}.tmp"  # alive, but days old: the id was reused
    reused.write_bytes(b"{")
    days_ago = time.time() - STALE_SECONDS - 60
    os.utime(reused, (days_ago, days_ago))
    assert saving.name.startswith(".db.json.") and backing_up.name.startswith(".db.json.bak.")
    AnnotationStore.open(db)
    left = {path.name for path in tmp_path.iterdir()}
    assert left == {"db.json", "db.json.bak", "db.json.lock", live.name}


def test_an_export_removes_what_killed_exports_left(tmp_path: Path, seed, running) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        store.tag(seed, 0, 5, "claim")
    out = tmp_path / "out.json"
    partial = killed_while_writing(out, "partial")
    live = tmp_path / f".out.json.{running}.partial"
    live.write_bytes(b"[")
    folder = killed_while_writing(tmp_path / "brat", "partial", "folder")
    assert annotator("export", "--db", str(db), "-o", str(out)).returncode == 0
    assert not partial.exists() and live.exists() and folder.exists()
    result = annotator("export", "--db", str(db), "--format", "brat", "-o",
                       str(tmp_path / "brat"))
    assert result.returncode == 0 and not folder.exists()


@dataclass
class FullDisk:
    """A folder on a file system that can be filled up and freed again."""

    folder: Path
    monkeypatch: pytest.MonkeyPatch
    mounted: bool
    filler: list[Path] = field(default_factory=list)

    def fill(self) -> None:
        if not self.mounted:  # no tmpfs to fill: every copy fails as on a full disk
            def no_space(*args: object, **kwargs: object) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            self.monkeypatch.setattr("annotations.backups.shutil.copy2", no_space)
            return
        number = 0
        while True:
            filler = self.folder / f"filler-{number}"
            self.filler.append(filler)
            try:
                with open(filler, "wb") as file:
                    file.write(b"\0" * 4096 * 16)
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break
            number += 1
        for size in (4096, 512, 1):  # the last crumbs, too
            try:
                with open(self.folder / f"crumb-{size}", "wb") as file:
                    while True:
                        file.write(b"\0" * size)
                        file.flush()
            except OSError:
                self.filler.append(self.folder / f"crumb-{size}")

    def free(self) -> None:
        self.monkeypatch.undo()
        for filler in self.filler:
            filler.unlink(missing_ok=True)


@pytest.fixture(params=["tmpfs", "injected"])
def full_disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FullDisk]:
    """A tiny tmpfs, where root may mount one (CI runs as root); and, always, the failure
    injected where the backup is copied."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = request.param == "tmpfs" and os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    ).returncode == 0
    yield FullDisk(folder, monkeypatch, mounted)
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_opens_the_db_read_only_and_saves_once_freed(full_disk: FullDisk,
                                                                  seed) -> None:
    db = full_disk.folder / "db.json"
    with AnnotationStore.open(db) as store:
        store.add_articles([seed])
        store.tag(seed, 0, 5, "claim")
    saved = db.read_bytes()
    full_disk.fill()
    _, store, notices = open_session([str(SEED)], str(db))
    [notice] = notices
    assert "read-only" in notice and "No space left on device" in notice and str(db) in notice
    assert len(store.annotations(seed.id)) == 1
    store.tag(seed, 6, 9, "figure")
    with pytest.raises(StoreError, match="read-only") as raised:
        store.flush()
    assert "\n" not in str(raised.value)
    assert db.read_bytes() == saved and store.dirty
    full_disk.free()
    store.flush()
    assert store.storage.read_only is None
    backup = (full_disk.folder / "db.json.bak").read_bytes()
    assert backup != saved and without_generation(backup) == without_generation(saved)
    assert len(AnnotationStore.open(db).annotations(seed.id)) == 2
