"""Recovery as a user follows it: the commands a message prints, run by a shell, do what they
say."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from annotations.storage import StoreError
from annotations.store import AnnotationStore

AWKWARD_FOLDERS = ["plain", "it's mine", "two  spaces", "-dash", 'say "hi" $HOME `x`', "東京 ✓"]


def command_in(message: str, ending: str) -> str:
    """The shell command a message prints before `ending`."""
    found = re.search(r"(cp -- .*) " + re.escape(ending), message)
    assert found, message
    return found.group(1)


@pytest.mark.parametrize("folder", AWKWARD_FOLDERS)
def test_the_printed_restore_command_works_for_any_path(tmp_path: Path, seed, folder) -> None:
    (tmp_path / folder).mkdir()
    path = tmp_path / folder / "my db.json"
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    AnnotationStore.open(path)  # keeps my db.json.bak
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    command = command_in(str(raised.value), "to recover it")
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True)
    assert path.read_bytes() == good
    assert len(AnnotationStore.open(path).annotations(seed.id)) == 1


def test_a_relative_path_starting_with_a_dash_is_not_read_as_an_option(
    tmp_path: Path, seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("-r db.json")
    with AnnotationStore.open(path) as store:
        store.tag(seed, 0, 5, "claim")
    AnnotationStore.open(path)
    good = path.read_bytes()
    path.write_bytes(b"")
    with pytest.raises(StoreError) as raised:
        AnnotationStore.open(path)
    subprocess.run(["sh", "-c", command_in(str(raised.value), "to recover it")], check=True)
    assert path.read_bytes() == good
