"""Exports for annotation tools checked against each tool's format: brat standoff (read by a
parser written here from brat's spec), Label Studio tasks (checked by the rules of the Label
Studio SDK's validator), W3C Web Annotations, and doccano's offsets in each counting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
import regex

from annotations.exporters import ExportOptions, export_bytes, export_items
from annotations.exporters.brat import export_brat, safe_name
from annotations.model import Annotation
from tests.conftest import ROOT
from tests.test_cli import annotator
from tests.test_export_readers import everything, filled_db, linked
from tests.test_exporters import contents, contents_with_links

# brat standoff, https://brat.nlplab.org/standoff.html: ID TAB TYPE START END[;START END]* TAB
# TEXT for a text-bound annotation, and ID TAB AnnotatorNotes REF TAB NOTE for a note.
T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
NOTE_LINE = re.compile(r"(#\d+)\tAnnotatorNotes (T\d+)\t(.*)")
# ID TAB TYPE Arg1:ID Arg2:ID for a relation; ID TAB TYPE ID VALUE for a multi-valued attribute.
R_LINE = re.compile(r"(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)")
A_LINE = re.compile(r"(A\d+)\t(\S+) (T\d+) (\S+)")


def read_brat_links(ann: str, conf: str) -> tuple[list[tuple[str, str, str]],
                                                   list[tuple[str, str, str]]]:
    """A brat document's relations as (type, head text, tail text) and attributes as (name,
    annotation type, value), each checked against annotation.conf as brat checks them."""
    spans, relations, attributes = {}, [], []
    declared = {line.split("\t")[0]: line.split("\t")[1] for line in conf.splitlines()
                if "\t" in line}
    entities = set(conf.split("[entities]\n")[1].split("[relations]")[0].split())
    for line in ann.split("\n")[:-1]:
        if match := T_LINE.fullmatch(line):
            assert match.group(2) in entities
            spans[match.group(1)] = (match.group(2), match.group(4))
        elif match := R_LINE.fullmatch(line):
            kind, head, tail = match.group(2), spans[match.group(3)], spans[match.group(4)]
            heads, tails = declared[kind].split(", ")
            assert head[0] in heads[5:].split("|") and tail[0] in tails[5:].split("|")
            relations.append((kind, head[1], tail[1]))
        elif match := A_LINE.fullmatch(line):
            name, target, value = match.group(2), spans[match.group(3)], match.group(4)
            kinds, values = declared[name].split(", ")
            assert target[0] in kinds[4:].split("|") and value in values[6:].split("|")
            attributes.append((name, target[0], value))
    return relations, attributes


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


def test_brat_relations_and_attributes_are_declared_and_name_their_annotations() -> None:
    held = linked()
    files = dict(export_brat(export_items(held)))
    conf = files["annotation.conf"].decode("utf-8")
    manifest = orjson.loads(files["manifest.json"])
    for entry, (article, _, spans, links) in zip(manifest, held, strict=True):
        relations, attributes = read_brat_links(files[entry["ann"]].decode("utf-8"), conf)
        by_id = {a.id: a for a in spans}
        assert relations == [(r.type, " ".join(by_id[r.head].text.split("\n\n")),
                              " ".join(by_id[r.tail].text.split("\n\n")))
                             for r in links.relations]
        expected = [("type", "article", "analysis")]
        if article.comments:
            expected.append(("stance", "comment", "off_topic"))
        assert attributes == expected


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


LABEL_STUDIO_CONFIG = re.compile(r"```xml\n(<View>.*?</View>)\n```", re.DOTALL)


def label_studio_errors(config: str, task: dict[str, Any]) -> list[str]:
    """What Label Studio's validator (label_studio_sdk LabelInterface: validate_task,
    validate_annotation, validate_region) would reject in a task, by its rules: each `$name`
    an object reads is in `data`; each result names a control (from_name) and an object it
    points to (to_name), has the control's type, and a value of the control's shape (Labels:
    start, end, labels from the config; TextArea: a list of strings; Choices: choices from the
    config, one at most where it says single, and a region's only where it says perRegion);
    a relation joins two regions of the result, with labels from the config's Relations."""
    view = ElementTree.fromstring(config)
    controls = {e.get("name"): e for e in view.iter() if e.get("toName")}
    objects = {e.get("name"): e for e in view.iter() if e.get("value", "").startswith("$")}
    relation_types = {e.get("value") for e in view.iter("Relation")}
    errors = [f"data lacks {o.get('value')}" for o in objects.values()
              if task["data"].get(o.get("value")[1:]) is None]
    for annotation in task["annotations"]:
        regions = {r["id"] for r in annotation["result"] if r["type"] == "labels"}
        for region in annotation["result"]:
            if region["type"] == "relation":
                if not ({region["from_id"], region["to_id"]} <= regions
                        and set(region["labels"]) <= relation_types):
                    errors.append(f"bad relation {region}")
                continue
            control = controls.get(region["from_name"])
            if control is None or region["to_name"] not in control.get("toName").split(","):
                errors.append(f"unknown from_name/to_name in {region}")
                continue
            value = region["value"]
            if region["type"] != control.tag.lower():
                errors.append(f"type {region['type']} for a {control.tag}")
            elif control.tag == "Labels":
                allowed = {label.get("value") for label in control.iter("Label")}
                if not (isinstance(value["start"], int) and isinstance(value["end"], int)
                        and set(value["labels"]) <= allowed):
                    errors.append(f"bad labels value {value}")
            elif control.tag == "TextArea" and not (
                isinstance(value["text"], list) and all(isinstance(t, str) for t in value["text"])
            ):
                errors.append(f"bad textarea value {value}")
            elif control.tag == "Choices":
                allowed = {choice.get("value") for choice in control.iter("Choice")}
                per_region = control.get("perRegion") == "true"
                if not (set(value["choices"]) <= allowed
                        and (control.get("choice") != "single" or len(value["choices"]) <= 1)
                        and per_region == ("start" in value) == (region["id"] in regions)):
                    errors.append(f"bad choices value {value}")
    return errors


def test_the_readme_prints_the_label_studio_config_of_the_formats_page() -> None:
    printed = [LABEL_STUDIO_CONFIG.findall((ROOT / page).read_text()) for page in
               ("README.md", "docs/formats.md")]
    assert len(printed[0]) == 1 and printed[0] == printed[1]


def test_label_studio_tasks_pass_its_validator_rules() -> None:
    config = LABEL_STUDIO_CONFIG.search((ROOT / "docs" / "formats.md").read_text()).group(1)
    tasks = orjson.loads(export_bytes("label-studio", export_items(contents_with_links())))
    assert [label_studio_errors(config, task) for task in tasks] == [[], [], []]
    assert any(r["type"] == "relation" for r in tasks[0]["annotations"][0]["result"])
    assert any(r["type"] == "choices" for r in tasks[0]["annotations"][0]["result"])
    results = tasks[0]["annotations"][0]["result"]
    for broken in ({**results[0], "type": "choices"},
                   {**next(r for r in results if r["type"] == "relation"), "to_id": "nowhere"},
                   {**next(r for r in results if r["type"] == "choices"),
                    "value": {"choices": ["sarcastic"]}}):
        task = {**tasks[0], "annotations": [{"result": [*results, broken]}]}
        assert label_studio_errors(config, task), broken  # the checker can fail


def test_label_studio_counts_code_points_and_links_notes_to_their_span() -> None:
    tasks = orjson.loads(export_bytes("label-studio", export_items(everything())))
    for task in tasks:
        results = task["annotations"][0]["result"] if task["annotations"] else []
        labelled = {r["id"] for r in results if r["type"] == "labels"}
        for result in results:
            value = result["value"]
            assert task["data"]["text"][value["start"] : value["end"]] == (
                value["text"] if result["type"] == "labels" else
                next(r["value"]["text"] for r in results
                     if r["id"] == result["id"] and r["type"] == "labels")
            )
            assert result["id"] in labelled


IRI = re.compile(r"[a-z][a-z0-9+.-]*:\S+")
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def test_w3c_export_is_one_annotation_collection() -> None:
    held = everything()
    produced = export_bytes("w3c", export_items(held))
    assert produced == export_bytes("w3c", export_items(held))
    collection = orjson.loads(produced)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and IRI.fullmatch(collection["id"])
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and IRI.fullmatch(page["id"])
    assert page["partOf"] == collection["id"] and page["startIndex"] == 0
    expected = [(article, a) for article, _, spans in held for a in live(spans)]
    assert collection["total"] == len(page["items"]) == len(expected)
    assert len({a["id"] for a in page["items"]}) == len(expected)
    for annotation, (article, ours) in zip(page["items"], expected, strict=True):
        assert annotation["type"] == "Annotation" and IRI.fullmatch(annotation["id"])
        assert DATE_TIME.fullmatch(annotation["created"])
        assert DATE_TIME.fullmatch(annotation["modified"])
        assert annotation["creator"] == {"type": "Person", "name": ours.annotator}
        bodies = annotation["body"]
        assert all(b["type"] == "TextualBody" for b in bodies)
        assert bodies[0] == {"type": "TextualBody", "purpose": "tagging", "value": ours.label}
        assert [b["value"] for b in bodies[1:]] == ([ours.note] if ours.note else [])
        target = annotation["target"]
        assert IRI.fullmatch(target["source"])
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == ours.text
        assert article.text[: ours.start].endswith(quote["prefix"])
        assert article.text[ours.end :].startswith(quote["suffix"])
        assert position == {"type": "TextPositionSelector", "start": ours.start, "end": ours.end}
    fewer = orjson.loads(export_bytes("w3c", export_items(held[:-1])))
    assert fewer["id"] != collection["id"]


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
