"""Every command's output with hostile data: no escape sequence reaches the terminal.

The annotator names, labels, titles, notes and file names below hold an OSC title change ended
by ESC \\ (which Rich does not strip), a screen clear, a C1 CSI and a bell. The commands run
as users run them, in a subprocess writing to pipes: nothing written holds an ESC, a C0 or a
C1 control (standard output is not a terminal, so not even colours), while the data itself is
shown, as symbols.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from annotations.parsing import parse_text
from annotations.store import AnnotationStore
from tests.test_cli import annotator

HOSTILE = "\x1b]2;pwned\x1b\\ \x1b[2J \x9b31m \x07"
SHOWN = "␛]2;pwned␛\\ ␛[2J"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_safe(result, *, shows: bool = True) -> None:
    """Neither output holds a control character (but newlines and tabs); the hostile text
    is shown as symbols (on either)."""
    for name, output in (("stdout", result.stdout), ("stderr", result.stderr)):
        found = UNSAFE.search(output)
        assert found is None, f"{found.group()!r} in {name}:\n{output}"
    if shows:
        assert SHOWN in result.stdout + result.stderr, result.stdout + result.stderr


def make_db(path: Path, label: str) -> Path:
    """A DB whose article, annotators and note are hostile, each annotation labelled `label`
    (plus a figure)."""
    article = parse_text(
        f"Title {HOSTILE}\nThe minister said prices rose {HOSTILE} 28 percent.\n", "h.txt"
    )
    with AnnotationStore.open(path) as store:
        store.add_articles([article])
        start = article.text.index("prices")
        for who in (f"ana {HOSTILE}", f"bo {HOSTILE}", "cy"):
            made = store.tag(article, start, start + len("prices rose"), label, who)
            store.set_note(made, f"note {HOSTILE}")
        store.tag(article, start, start + 6, "figure", f"ana {HOSTILE}")
    return path


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A DB under a hostile name whose label is hostile too (as an older version kept it)."""
    return make_db(tmp_path / f"db {HOSTILE}.json", f"claim {HOSTILE}")


def test_agree_prints_hostile_names_as_symbols(hostile_db: Path) -> None:
    result = annotator(
        "agree", str(hostile_db), "--annotators", f"ana {HOSTILE},bo {HOSTILE},cy"
    )
    assert result.returncode == 0, result.stderr
    assert "exact F1" in result.stdout
    assert_safe(result)


def test_agree_json_escapes_what_it_holds(hostile_db: Path) -> None:
    result = annotator(
        "agree", str(hostile_db), "--annotators", f"ana {HOSTILE},bo {HOSTILE}", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert_safe(result, shows=False)
    assert "\\u001b]2;pwned" in result.stdout and "\\u009b31m" in result.stdout
    assert orjson.loads(result.stdout)["annotators"] == [f"ana {HOSTILE}", f"bo {HOSTILE}"]


def test_stats_merge_import_and_export_reports(hostile_db: Path, tmp_path: Path) -> None:
    stats = annotator("stats", "--db", str(hostile_db))
    assert stats.returncode == 0, stats.stderr
    assert_safe(stats)
    out = tmp_path / f"merged {HOSTILE}.json"
    merged = annotator(
        "merge", str(hostile_db), "--annotators", f"ana {HOSTILE},bo {HOSTILE}", "-o", str(out)
    )
    assert merged.returncode == 0, merged.stderr
    assert_safe(merged)
    refused = annotator("import", str(out), "--db", str(tmp_path / "new.json"))
    assert refused.returncode == 2  # the import contract refuses a label with a control
    assert_safe(refused)
    plain = make_db(tmp_path / "plain.json", "claim")
    export = tmp_path / f"export {HOSTILE}.json"
    assert annotator("export", "--db", str(plain), "-o", str(export)).returncode == 0
    imported = annotator("import", str(export), "--db", str(tmp_path / f"new {HOSTILE}.json"))
    assert imported.returncode == 0, imported.stderr
    assert_safe(imported)
    exported = annotator(
        "export", "--db", str(hostile_db), "--format", "conll", "-o", str(tmp_path / "x.conll")
    )
    assert exported.returncode == 0, exported.stderr
    assert_safe(exported, shows=False)


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--db", f"missing {HOSTILE}.json"],
        ["export", "--db", f"missing {HOSTILE}.json"],
        ["import", f"missing {HOSTILE}.json"],
        ["agree", f"missing {HOSTILE}.json", f"other {HOSTILE}.json"],
        ["merge", f"a {HOSTILE}.json", f"b {HOSTILE}.json", "-o", "out.json"],
        [f"missing {HOSTILE}.txt"],
        ["stats", f"--bogus{HOSTILE}"],
        ["export", "--format", f"x{HOSTILE}"],
        [f"--{HOSTILE}"],
        ["--labels", f"claim,{HOSTILE}"],
    ],
    ids=["stats", "export", "import", "agree", "merge", "open", "unknown option",
         "bad choice", "unknown option to the app", "label"],
)
def test_errors_name_hostile_files_and_arguments_as_symbols(args, tmp_path: Path) -> None:
    result = annotator(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert_safe(result, shows=False)
    assert "pwned" in result.stderr
