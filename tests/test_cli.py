"""The `annotator` command: export against the contract, --help, --version and bad input."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from annotations import __version__
from annotations.parsing import parse_text
from annotations.sets import open_paths
from annotations.store import AnnotationStore
from tests.conftest import SAMPLES, SEED


def annotator(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A DB holding the samples, with a claim and a figure inside it, and a tagged comment."""
    path = tmp_path / "db.json"
    articles = open_paths([SAMPLES]).articles
    seed = articles[0]
    with AnnotationStore.open(path) as store:
        store.add_articles(articles)
        quote = "which reportedly involved over 10 billion yuan (approximately $1.4 billion)"
        start = seed.text.index(quote)
        store.tag(seed, start, start + len(quote), "claim", "ana")
        figure = seed.text.index("10 billion yuan")
        made = store.tag(seed, figure, figure + len("10 billion yuan"), "figure", "ana")
        store.set_note(made, "amount — in yuan")
        comment = seed.comments[2]
        store.tag(seed, comment.start, comment.start + len("Executions?"), "opinion", "bo")
    return path


def test_export_follows_the_contract(db: Path) -> None:
    result = annotator("export", "--db", str(db))
    assert result.returncode == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert data["version"] == 1
    opened = open_paths([SAMPLES]).articles
    assert [a["id"] for a in data["articles"]] == [a.id for a in opened]
    for article in data["articles"]:
        assert set(article) >= {"id", "title", "source", "sha256", "text", "blocks", "annotations"}
        text = article["text"]
        assert article["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        for block in article["blocks"]:
            assert block["kind"] in {"title", "heading", "paragraph", "list_item", "comment"}
            assert ("author" in block) == (block["kind"] == "comment")
        parts = [text[b["start"] : b["end"]] for b in article["blocks"]]
        assert "\n\n".join(parts) == text
        assert text[: len(article["title"])] == article["title"]
        keys = [(a["start"], a["end"]) for a in article["annotations"]]
        assert keys == sorted(keys)
        for annotation in article["annotations"]:
            assert text[annotation["start"] : annotation["end"]] == annotation["text"]
            assert datetime.fromisoformat(annotation["created"]).tzinfo is not None
            assert datetime.fromisoformat(annotation["updated"]).tzinfo is not None
    seed = data["articles"][0]
    claim = "which reportedly involved over 10 billion yuan (approximately $1.4 billion)"
    assert [(a["label"], a["text"], a["note"]) for a in seed["annotations"]] == [
        ("claim", claim, ""),
        ("figure", "10 billion yuan", "amount — in yuan"),
        ("opinion", "Executions?", ""),
    ]
    comment = seed["blocks"][16]
    assert comment == {  # the contract's keys, and the comment's labels (extra)
        "kind": "comment", "start": comment["start"], "end": comment["end"],
        "author": "Loubianka", "labels": [],
    }
    assert (seed["relations"], seed["labels"]) == ([], [])


def test_export_is_deterministic_and_writes_to_a_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    first = annotator("export", "--db", str(db), "-o", str(out))
    assert first.returncode == 0 and first.stdout == ""
    second = annotator("export", "--db", str(db), "--format", "json")
    assert out.read_text(encoding="utf-8") == second.stdout


def test_export_reads_the_default_db_in_the_current_folder(db: Path) -> None:
    (db.parent / "annotations.json").write_bytes(db.read_bytes())
    result = annotator("export", cwd=db.parent)
    assert result.returncode == 0 and len(orjson.loads(result.stdout)["articles"]) == 4


def test_help_and_version() -> None:
    shown = annotator("--help")
    assert shown.returncode == 0
    for word in ("PATH", "--db", "--annotator", "--config", "--labels", "export", "agree"):
        assert word in shown.stdout
    assert "--format" in annotator("export", "--help").stdout
    version = annotator("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"annotator {__version__}"


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as file:
        file.truncate(size)
    return path


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: write(d / "empty.txt", b""), "the file is empty"),
        (lambda d: write(d / "bin.txt", b"\x00\x01binary"), "binary file"),
        (lambda d: write(d / "latin.txt", b"Caf\xe9\nBody."), "not UTF-8"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "no article files"),
        (lambda d: write(d / "minified.txt", b"x" * 200_000), "200,000 characters long"),
        (lambda d: sparse(d / "huge.txt", 101 * 2**20), "too large for an article"),
    ],
)
def test_bad_articles_get_one_line_and_status_2(tmp_path: Path, make, cause: str) -> None:
    db = write(tmp_path / "db.json", b'{"meta": {"1": {"schema": 1}}}')
    target = make(tmp_path)
    result = annotator(str(target), "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(target) in result.stderr
    assert cause in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b'{"meta": {"1": {"schema": 1}}}'


@pytest.mark.parametrize(
    ("content", "cause"),
    [(b"{broken", "corrupt"), (b"", "empty"), (b'"a string"', "not an annotations DB")],
)
@pytest.mark.parametrize("command", ["open", "export"])
def test_bad_db_gets_one_line_and_status_2(
    tmp_path: Path, content: bytes, cause: str, command: str
) -> None:
    db = write(tmp_path / "db.json", content)
    args = [str(SEED), "--db", str(db)] if command == "open" else ["export", "--db", str(db)]
    result = annotator(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(db) in result.stderr and cause in result.stderr
    assert db.read_bytes() == content


def test_db_that_is_a_directory(tmp_path: Path) -> None:
    result = annotator(str(SEED), "--db", str(tmp_path))
    assert result.returncode == 2 and "is a directory" in result.stderr


def test_export_of_a_missing_db(tmp_path: Path) -> None:
    result = annotator("export", "--db", str(tmp_path / "none.json"))
    assert result.returncode == 2 and "no such DB file" in result.stderr
    assert not (tmp_path / "none.json").exists()


def test_export_to_an_unwritable_place(db: Path, tmp_path: Path) -> None:
    result = annotator("export", "--db", str(db), "-o", str(tmp_path))
    assert result.returncode == 2 and "cannot write" in result.stderr


def test_store_sees_articles_parsed_again_as_the_same(db: Path) -> None:
    seed = parse_text(SEED.read_text(encoding="utf-8"), "elsewhere/seed.txt")
    with AnnotationStore.open(db) as store:
        assert len(store.annotations(seed.id)) == 3


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "label-studio", "w3c", "conll", "csv"])
def test_export_every_format_from_the_command_line(db: Path, fmt: str) -> None:
    result = annotator("export", "--db", str(db), "--format", fmt)
    assert result.returncode == 0 and result.stdout
    # CoNLL says that it left out the figure inside the claim; nothing else has a word to say
    said = "conll: left out 1 span(s)" if fmt == "conll" else ""
    assert result.stderr.startswith(said) and result.stderr.count("\n") == bool(said)


def test_export_brat_needs_a_folder_and_writes_one(db: Path, tmp_path: Path) -> None:
    missing = annotator("export", "--db", str(db), "--format", "brat")
    assert missing.returncode == 2 and "-o FOLDER" in missing.stderr
    out = tmp_path / "brat"
    assert annotator("export", "--db", str(db), "--format", "brat", "-o", str(out)).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    assert "annotation.conf" in names and len([n for n in names if n.endswith(".ann")]) == 4


def test_export_filters_on_the_command_line(db: Path) -> None:
    result = annotator("export", "--db", str(db), "--format", "csv", "--label", "figure",
                       "--annotator", "ana")
    rows = result.stdout.strip().splitlines()
    assert len(rows) == 2 and ",figure," in rows[1]
    none = annotator("export", "--db", str(db), "--status", "done")
    assert orjson.loads(none.stdout)["articles"] == []
