"""The DB file stays what it was: a link stays a link, the mode, owner and group stay, and a file
made read-only stays read-only (the save fails, visibly, and keeps the change)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from annotations.storage import JSONFileStorage, StoreError
from annotations.store import AnnotationStore
from tests.test_durability import CHILD, ENV, acknowledged

ROOT = os.geteuid() == 0


def test_a_db_reached_through_a_link_is_written_through_it(tmp_path: Path, seed) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "work").mkdir()
    real = tmp_path / "data" / "db.json"
    link = tmp_path / "work" / "db.json"
    link.symlink_to(real)
    for number in range(2):
        with AnnotationStore.open(link) as store:
            store.tag(seed, number, number + 3, "claim")
    assert link.is_symlink() and link.resolve() == real
    assert len(AnnotationStore.open(real).annotations(seed.id)) == 2
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["db.json"]
    assert {"db.json.bak", "db.json.lock"} <= {p.name for p in (tmp_path / "data").iterdir()}


def test_two_links_to_one_db_share_one_lock(tmp_path: Path, seed) -> None:
    real = tmp_path / "db.json"
    links = [tmp_path / "ana.json", tmp_path / "bo.json"]
    for link in links:
        link.symlink_to(real.name)  # a relative link, as `ln -s db.json ana.json` makes
    storages = [JSONFileStorage(link) for link in links]
    for storage in storages:
        with storage.exclusive():
            pass
    assert storages[0]._file_lock.lock_file == storages[1]._file_lock.lock_file == f"{real}.lock"
    count = 30
    children = [
        subprocess.Popen([*CHILD, str(link), str(seed.source), str(count), link.stem],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        for link in links
    ]
    acks = {}
    for child in children:
        output, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors
        acks.update(acknowledged(output))
    stored = AnnotationStore.open(real).annotations(seed.id)
    assert len(acks) == len(stored) == 2 * count
    assert all(link.is_symlink() for link in links)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o660], ids=oct)
def test_a_save_keeps_the_mode(tmp_path: Path, seed, mode: int) -> None:
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
    path.chmod(mode)
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "db.json.bak").stat().st_mode) == mode


def test_a_save_keeps_the_owner_and_group(tmp_path: Path, seed) -> None:
    """As root (as CI runs) any owner can be given; otherwise a group of the user's own."""
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
    if ROOT:
        owner, group = 4321, 8765
    else:
        owner, group = os.getuid(), next(
            (g for g in os.getgroups() if g != os.getgid()), os.getgid()
        )
    os.chown(path, owner, group)
    path.chmod(0o664)
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (owner, group, 0o664)


@pytest.mark.parametrize("how", ["chmod a-w", "unwritable for this user"])
def test_a_db_made_read_only_mid_session_is_not_written(
    tmp_path: Path, seed, read_only, how: str
) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path, autoflush=False)
    store.tag(seed, 0, 5, "claim")
    store.flush()
    saved = path.read_bytes()
    if how == "chmod a-w":
        path.chmod(0o444)  # root too may write it, but its owner meant it to stay as it is
    else:
        read_only(path)  # chattr +i as root
    store.tag(seed, 6, 9, "figure")
    with pytest.raises(StoreError, match="made read-only") as raised:
        store.flush()
    assert "\n" not in str(raised.value) and str(path) in str(raised.value)
    assert path.read_bytes() == saved and store.dirty
    if how == "chmod a-w":
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
        path.chmod(0o644)
    else:
        subprocess.run(["chattr", "-i", str(path)], check=ROOT)
        path.chmod(0o644)
    store.flush()
    assert len(AnnotationStore.open(path).annotations(seed.id)) == 2
