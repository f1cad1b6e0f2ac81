"""Exports for annotation tools checked against each tool's format: brat standoff (read by a
parser written here from brat's spec), and doccano's offsets in each counting."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
import regex

from annotations.exporters import ExportOptions, export_bytes, export_items
from annotations.exporters.brat import export_brat, safe_name
from annotations.model import Annotation
from tests.test_cli import annotator
from tests.test_export_readers import everything, filled_db
from tests.test_exporters import contents

# brat standoff, https://brat.nlplab.org/standoff.html: ID TAB TYPE START END[;START END]* TAB
# TEXT for a text-bound annotation, and ID TAB AnnotatorNotes REF TAB NOTE for a note.
T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
NOTE_LINE = re.compile(r"(#\d+)\tAnnotatorNotes (T\d+)\t(.*)")


def read_brat_document(txt: Path) -> tuple[str, list[tuple[str, str, str]], dict[str, str]]:
    """A brat document: its text, its spans as (id, type, text), and its notes by span id;
    fails on anything brat would not accept."""
    text = txt.read_text(encoding="utf-8", errors="strict")
    spans, notes = [], {}
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").split("\n")[:-1]:
        if match := T_LINE.fullmatch(line):
            ident, kind, offsets, quoted = match.groups()
            pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            assert all(0 <= a <= b <= len(text) for a, b in pieces)
            assert all(not any(c in text[a:b] for c in "\n\r\u2028") for a, b in pieces)
            assert " ".join(text[a:b] for a, b in pieces) == quoted, line
            spans.append((ident, kind, quoted))
        else:
            note = NOTE_LINE.fullmatch(line)
            assert note, f"not a brat annotation line: {line!r}"
            assert note.group(2) in {ident for ident, _, _ in spans}
            notes[note.group(2)] = note.group(3)
    return text, spans, notes


def live(spans: list[Annotation]) -> list[Annotation]:
    return sorted((a for a in spans if not a.orphan), key=Annotation.sort_key)


def test_brat_writes_a_pair_for_every_article_whatever_its_id(tmp_path: Path) -> None:
    held = everything()
    db = filled_db(tmp_path / "db.json", held)
    out = tmp_path / "brat"
    result = annotator("export", "--db", str(db), "--format", "brat", "-o", str(out))
    assert result.returncode == 0 and result.stderr == ""
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert [entry["article_id"] for entry in manifest] == [article.id for article, _, _ in held]
    names = sorted(p.name for p in out.iterdir())
    assert len([n for n in names if n.endswith(".ann")]) == len(held)
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert len(name.encode("utf-8")) <= 255
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    for entry, (article, _, spans) in zip(manifest, held, strict=True):
        assert entry["ann"] == entry["txt"][:-4] + ".ann"
        text, read, notes = read_brat_document(out / entry["txt"])
        assert text == article.text
        expected = live(spans)
        assert [(kind, quoted) for _, kind, quoted in read] == [
            (a.label, " ".join(a.text.split("\n\n"))) for a in expected
        ]
        assert all(f"\n{a.label}\n" in conf for a in expected)
        assert list(notes.values()) == [" ".join(a.note.split()) for a in expected if a.note]
    assert b";" in (out / manifest[0]["ann"]).read_bytes()  # a span across two blocks


@pytest.mark.parametrize(
    ("ids", "kept"),
    [
        (["新闻", "报道"], ["新闻", "报道"]),
        (["a/b", "a_b"], [None, "a_b"]),
        (["ภาษาไทย", "cafe\u0301"], ["ภาษาไทย", None]),
        ([".env", "..", "", "con", "NUL.txt"], [None] * 5),
        (["x" * 400, "x" * 401, "中" * 200], [None] * 3),
    ],
)
def test_brat_file_names(ids: list[str], kept: list[str | None]) -> None:
    names = [safe_name(identifier) for identifier in ids]
    assert names == [safe_name(identifier) for identifier in ids]  # deterministic
    assert len(set(names)) == len(names)
    for name, keep in zip(names, kept, strict=True):
        assert name == keep if keep else re.fullmatch(r".+-[0-9a-f]{8}", name)
        assert not name.startswith(".") and "/" not in name
        assert len(f"{name}.ann".encode()) <= 255


def test_brat_numbers_ids_that_differ_only_in_case() -> None:
    article = everything()[0][0]
    held = [(article, "new", []), (replace(article, id=article.id.upper()), "new", [])]
    files = dict(export_brat(export_items(held)))
    manifest = orjson.loads(files["manifest.json"])
    assert [entry["txt"] for entry in manifest] == [f"{article.id}.txt",
                                                   f"{article.id.upper()}-2.txt"]


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def graphemes(text: str, offset: int) -> int:
    return len(regex.findall(r"\X", text[:offset]))


@pytest.mark.parametrize(
    ("unit", "count"),
    [(None, utf16), ("utf16", utf16), ("codepoints", lambda _, o: o), ("graphemes", graphemes)],
)
def test_doccano_offsets_in_each_counting(unit: str | None, count) -> None:
    held = everything()
    rows = [orjson.loads(line) for line in
            export_bytes("doccano", export_items(held), ExportOptions(offsets=unit)).splitlines()]
    for row, (article, _, spans) in zip(rows, held, strict=True):
        assert row["label"] == [
            [count(article.text, a.start), count(article.text, a.end), a.label]
            for a in live(spans)
        ]
        if unit in (None, "utf16"):  # as JavaScript slices the text
            units = article.text.encode("utf-16-le")
            assert [units[2 * s : 2 * e].decode("utf-16-le") for s, e, _ in row["label"]] == [
                a.text for a in live(spans)
            ]
    # the emoji article: what comes before its last span counts differently in each unit
    article, _, spans = held[len(contents())]
    last = live(spans)[-1]
    shifted = rows[len(contents())]["label"][-1][0] != last.start
    assert shifted == (unit != "codepoints")


def test_export_options_on_the_command_line(tmp_path: Path) -> None:
    db = filled_db(tmp_path / "db.json", everything())
    helped = annotator("export", "--help").stdout
    assert "--offsets" in helped and "--no-bom" in helped
    wrong = annotator("export", "--db", str(db), "--format", "jsonl", "--offsets", "utf16")
    assert wrong.returncode == 2 and "--offsets is for doccano" in wrong.stderr
    wrong = annotator("export", "--db", str(db), "--format", "json", "--no-bom")
    assert wrong.returncode == 2 and "--no-bom is for csv" in wrong.stderr
    plain = annotator("export", "--db", str(db), "--format", "csv", "--no-bom")
    assert plain.returncode == 0 and plain.stdout.startswith("article_id,")
    counted = annotator("export", "--db", str(db), "--format", "doccano", "--offsets",
                        "graphemes")
    assert counted.returncode == 0 and counted.stderr == ""
