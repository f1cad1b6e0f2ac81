"""A DB of the right JSON but the wrong content (a field of the wrong type, a record of an older
version or written by hand, a newer schema) is refused by every command in one line, exit 2,
naming the file, the article and the field, and is left as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tests.conftest import SEED
from tui.annotate import open_session
from tui.cli import main

Mangle = Callable[[dict[str, Any]], None]


def first_annotation(data: dict[str, Any]) -> dict[str, Any]:
    table = next(t for name, t in data.items() if name.startswith("annotations:"))
    return next(iter(table.values()))


def first_article(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data["articles"].values()))


def set_annotation(**fields: Any) -> Mangle:
    return lambda data: first_annotation(data).update(fields)


def set_article(**fields: Any) -> Mangle:
    return lambda data: first_article(data).update(fields)


ARTICLE = "china-reaffirms-commitment-to-combat-cross-f6062600"  # the seed article's id
# (what is done to the DB, what the message says, whether it names the article)
BROKEN: list[tuple[Mangle, str, bool]] = [
    (set_annotation(start="5"), '"start" must be a whole number, found "5"', True),
    (set_annotation(start=5.0), '"start" must be a whole number, found 5.0', True),
    (set_annotation(id=None), '"id" must be a non-empty string, found null', True),
    (set_annotation(end=10**6), "is not inside the text", True),
    (set_annotation(start=9, end=3), "span 9:3 is empty or reversed", True),
    (set_annotation(label=7), '"label" must be a string, found 7', True),
    (set_annotation(text=None), '"text" must be a string, found null', True),
    (set_annotation(orphan="yes"), '"orphan" must be true or false', True),
    (set_annotation(article_id="other"), '"article_id" names another article', True),
    (set_annotation(history=[5]), "note history 1: expected an object", True),
    (set_annotation(origin="stolen"), '"origin" must be one of', True),
    (set_article(blocks="x"), '"blocks" must be a list', True),
    (set_article(text=5), '"text" must be a string, found 5', True),
    (lambda data: first_article(data).pop("title"), '"title" is missing', True),
    (set_article(lang=["th"]), '"lang" must be a string, found a list', True),
    (set_article(order="1"), '"order" must be a whole number', True),
    (set_article(status="finished"), '"status" must be one of', True),
    (set_article(rejected=[["claim"]]), '"rejected" must hold [label, quote] pairs', True),
    (set_article(blocks=[{"kind": "title", "start": 0, "end": 10**6}]), "not inside", True),
    (lambda d: d["meta"]["1"].update(schema="2"), '"schema" must be a whole number', False),
    (lambda d: d["meta"].update({"2": {"schema": 2}}), "meta table holds 2 records", False),
    (lambda d: d["meta"]["1"].update(schema=99), "written by a newer annotator", False),
]
IDS = [cause.split(" must")[0].split(" is")[0].strip('"') for _, cause, _ in BROKEN]


@pytest.fixture
def good_db(tmp_path: Path, seed) -> Path:
    """A DB holding the seed article with spans by two annotators."""
    assert seed.id == ARTICLE
    path = tmp_path / "db.json"
    with AnnotationStore.open(path) as store:
        store.add_articles([seed])
        for name, (start, end) in (("ana", (0, 5)), ("bo", (0, 5)), ("bo", (10, 20))):
            store.tag(seed, start, end, "claim", name)
    return path


def broken(db: Path, mangle: Mangle) -> bytes:
    data = orjson.loads(db.read_bytes())
    mangle(data)
    content = orjson.dumps(data)
    db.write_bytes(content)
    return content


COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "export": lambda db, tmp: ["export", "--db", str(db)],
    "export csv": lambda db, tmp: ["export", "--db", str(db), "--format", "csv"],
    "stats": lambda db, tmp: ["stats", "--db", str(db)],
    "agree": lambda db, tmp: ["agree", str(db), "--annotators", "ana,bo"],
    "agree two": lambda db, tmp: ["agree", str(db), str(db)],
    "merge": lambda db, tmp: ["merge", str(db), "--annotators", "ana,bo", "-o",
                              str(tmp / "m.json")],
    "import": lambda db, tmp: ["import", str(tmp / "export.json"), "--db", str(db)],
}


@pytest.mark.parametrize(("mangle", "cause", "names_article"), BROKEN, ids=IDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_broken_db_in_one_line(
    good_db: Path, tmp_path: Path, capsys, mangle: Mangle, cause: str, names_article: bool,
    command: str,
) -> None:
    assert main(["export", "--db", str(good_db), "-o", str(tmp_path / "export.json")]) == 0
    content = broken(good_db, mangle)
    capsys.readouterr()
    assert main(COMMANDS[command](good_db, tmp_path)) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith(f"annotator: {good_db}: "), err
    assert cause in err and "Traceback" not in err
    assert (f"article {ARTICLE!r}" in err) == names_article
    assert good_db.read_bytes() == content
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize(("mangle", "cause", "names_article"), BROKEN, ids=IDS)
def test_the_app_refuses_a_broken_db_in_one_line(
    good_db: Path, mangle: Mangle, cause: str, names_article: bool
) -> None:
    content = broken(good_db, mangle)
    with pytest.raises(StoreError) as raised:
        open_session([str(SEED)], str(good_db))
    message = str(raised.value)
    assert "\n" not in message and cause in message and message.startswith(f"{good_db}: ")
    assert (f"article {ARTICLE!r}" in message) == names_article
    assert good_db.read_bytes() == content


def test_an_orphan_may_lie_outside_the_text_it_no_longer_has(good_db: Path) -> None:
    broken(good_db, set_annotation(end=10**6, orphan=True))
    assert main(["export", "--db", str(good_db), "-o", str(good_db.with_name("x.json"))]) == 0
    _, store, _ = open_session([str(SEED)], str(good_db))
    assert sum(a.orphan for a in store.annotations(ARTICLE)) == 1
