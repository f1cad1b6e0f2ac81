"""Span JSONL read back with its relations and article labels: exporting what was imported
gives the same lines (Prodigy/spaCy JSONL and doccano), pinned by golden files over text in
several scripts and emoji (doccano counts UTF-16 code units), and the shapes doccano itself
writes.

Regenerate the golden files after a deliberate change with `UPDATE_GOLDEN=1 make test`, and read
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from annotations.doc_labels import DocLabel
from annotations.exporters import ExportOptions, export_bytes, export_items
from annotations.importers import import_into, read_import
from annotations.model import Annotation, Article
from annotations.parsing import ArticleError, parse_text
from annotations.relations import Links, Relation
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore
from tests import multilingual
from tests.test_exporters import GOLDEN, STAMP, contents_with_links

FORMATS = {"jsonl": "roundtrip.jsonl", "doccano": "roundtrip.doccano"}


LINKS = {
    "新闻": ([("5% 📈", "supports", "👨‍👩‍👧‍👦"), ("🏳️‍🌈 banner", "source", "👍🏽")],
            [("type", ("opinion piece",))]),
    "a/b": ([("百分之七", "supports", "中国"), ("中国", "source", "東京都")],
            [("type", ("analysis",)), ("topic", ("外交", "économie"))]),
    "a_b": ([("٧٪", "supports", "الحكومة")], []),
}
"""By article: relations (head's quote, type, tail's quote), and article labels (a default set's
choice, and a set the defaults lack)."""


def linked_multilingual() -> list[tuple[Article, str, list[Annotation], Links]]:
    """The multilingual articles with `LINKS`: relations between spans after emoji and in
    other scripts, and article labels."""
    made = []
    number = 200
    for article, status, spans in multilingual.build():
        by_text = {a.text: a for a in spans}
        relations, labels = [], []
        links, choices = LINKS.get(article.id, ([], []))
        for head, kind, tail in links:
            number += 1
            relations.append(Relation(f"{number:032x}", article.id, kind, by_text[head].id,
                                      by_text[tail].id, "ana", STAMP, STAMP))
        for name, chosen in choices:
            number += 1
            labels.append(DocLabel(f"{number:032x}", article.id, name, chosen, None, "ana",
                                   STAMP, STAMP))
        made.append((article, status, spans, Links(tuple(relations), tuple(labels))))
    return made


def exported(fmt: str, contents, options: ExportOptions | None = None) -> bytes:
    return export_bytes(fmt, export_items(contents), options)


def imported(path: Path, offsets: str = "utf16") -> AnnotationStore:
    """An empty DB with the file imported."""
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    import_into(store, read_import(path, offsets))
    return store


def held(store: AnnotationStore) -> list[tuple[Article, str, list[Annotation], Links]]:
    return [(article, status, made, store.links.of(article.id))
            for article, status, made in store.contents()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_round_trip(fmt: str, tmp_path: Path) -> None:
    golden = GOLDEN / FORMATS[fmt]
    produced = exported(fmt, linked_multilingual())
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"{fmt} export changed; see the module docstring"
    path = tmp_path / "file.jsonl"
    path.write_bytes(golden.read_bytes())
    store = imported(path)
    assert exported(fmt, held(store)) == golden.read_bytes()
    # what came back: every relation between the same spans, the labels in their sets
    emoji = next(article for article in store.articles() if article.id == "新闻")
    spans = {a.id: a.text for a in store.annotations(emoji.id)}
    assert sorted((spans[r.head], r.type, spans[r.tail])
                  for r in store.links.relations(emoji.id)) == [
        ("5% 📈", "supports", "👨‍👩‍👧‍👦"), ("🏳️‍🌈 banner", "source", "👍🏽")]
    labels = {(label.name, label.choices) for label in store.links.doc_labels("a/b")}
    assert labels == {("type", ("analysis",)), ("cats", ("économie", "外交"))}


@pytest.mark.parametrize(("fmt", "golden"), [("jsonl", "export.jsonl"),
                                             ("doccano", "export.doccano")])
def test_the_sample_exports_come_back_as_they_were(fmt: str, golden: str, tmp_path: Path) -> None:
    path = tmp_path / "file.jsonl"
    path.write_bytes((GOLDEN / golden).read_bytes())
    assert exported(fmt, held(imported(path))) == (GOLDEN / golden).read_bytes()
    assert (GOLDEN / golden).read_bytes() == exported(fmt, contents_with_links())


def test_doccano_counting_code_points_comes_back_too(tmp_path: Path) -> None:
    options = ExportOptions(offsets="codepoints")
    produced = exported("doccano", linked_multilingual(), options)
    assert produced != (GOLDEN / FORMATS["doccano"]).read_bytes()  # the emoji count otherwise
    path = tmp_path / "file.jsonl"
    path.write_bytes(produced)
    again = exported("doccano", held(imported(path, "codepoints")), ExportOptions(
        offsets="codepoints"))
    assert again == produced


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_again_or_over_the_spans_adds_no_relation_or_label_twice(
    fmt: str, tmp_path: Path
) -> None:
    """Over a DB holding the same spans (from the JSON export), the relations join them."""
    contents = linked_multilingual()
    native, path = tmp_path / "all.json", tmp_path / "file.jsonl"
    native.write_bytes(exported("json", [(a, s, made, Links()) for a, s, made, _ in contents]))
    path.write_bytes(exported(fmt, contents))
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    import_into(store, read_import(native))
    first = import_into(store, read_import(path))
    assert (first.annotations_added, first.links_added) == (0, (5, 3))
    again = import_into(store, read_import(path))
    assert (again.annotations_added, again.links_added) == (0, (0, 0))
    ids = {a.id for article in store.articles() for a in store.annotations(article.id)}
    assert all({r.head, r.tail} <= ids for article in store.articles()
               for r in store.links.relations(article.id))
    assert exported(fmt, held(store)) == exported(fmt, contents)


def test_doccano_files_as_doccano_writes_them(tmp_path: Path) -> None:
    """Relation extraction (its own entity ids, UTF-16 offsets past an emoji) and text
    classification lines, as doccano exports them."""
    text = "🎉 外交部发言人林剑说，已遣返5500名嫌疑人。"
    head, tail = text.index("已遣返"), text.index("外交部")
    path = tmp_path / "doccano.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in [
        {"id": 7, "text": text, "Comments": [],
         "entities": [{"id": 31, "label": "claim", "start_offset": head + 1,
                       "end_offset": len(text) - 1 + 1},
                      {"id": 32, "label": "source", "start_offset": tail + 1,
                       "end_offset": tail + 8 + 1}],
         "relations": [{"id": 5, "from_id": 31, "to_id": 32, "type": "source"}]},
        {"id": 8, "text": "Op-ed: why the fare vote matters 🚇", "label": ["opinion piece"]},
    ]))
    store = imported(path)
    spans = {a.id: (a.label, a.text) for a in store.annotations("7")}
    [relation] = store.links.relations("7")
    assert (spans[relation.head], relation.type, spans[relation.tail]) == (
        ("claim", "已遣返5500名嫌疑人"), "source", ("source", "外交部发言人林剑"))
    assert [(label.name, label.choices) for label in store.links.doc_labels("8")] == [
        ("type", ("opinion piece",))]


@pytest.mark.parametrize(
    ("line", "cause"),
    [
        ({"spans": [{"start": 0, "end": 2, "label": "claim"}], "relations": [
            {"head": 0, "child": 1, "label": "source",
             "head_span": {"start": 0, "end": 2, "label": "claim"},
             "child_span": {"start": 3, "end": 5, "label": "source"}}]},
         "relation 1: \"child_span\" 3:5 'source' is not one of the line's spans"),
        ({"spans": [], "cats": {"news": "yes"}},
         "\"cats\" score of 'news' must be a number, found \"yes\""),
        ({"entities": [{"id": 1, "label": "claim", "start_offset": 0, "end_offset": 2}],
          "relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "source"}]},
         "relation 1: \"to_id\" is 9, not the id of one of the line's entities"),
        ({"label": [[0, 2, "claim"], "news"]}, '"label" mixes spans and choices'),
        ({"cats": ["news\u202e"], "label": []}, "choice 'news\\u202e' holds a control"),
    ],
)
def test_a_bad_relation_or_label_refuses_the_file_in_one_line(
    line: dict, cause: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(orjson.dumps({"text": "ab cd 🎉 ef", **line}) + b"\n")
    with pytest.raises(ArticleError) as refused:
        list(read_import(path))
    assert cause in str(refused.value) and "\n" not in str(refused.value)
    assert str(refused.value).startswith(f"{path}:1")


def test_the_label_file_says_which_set_a_choice_is_in(tmp_path: Path) -> None:
    from tests.test_cli import annotator

    config = tmp_path / "annotator.toml"
    config.write_text('[[labels]]\nname = "claim"\nkey = "1"\n\n[[article_labels]]\n'
                      'name = "topic"\nchoices = ["économie", "外交"]\nmultiple = true\n',
                      encoding="utf-8")
    path, db = tmp_path / "cats.jsonl", tmp_path / "db.json"
    path.write_bytes(orjson.dumps({"text": "外交部 🎉 économie", "meta": {"id": "t"},
                                   "spans": [], "cats": {"外交": 1.0, "économie": 0.9,
                                                         "news": 0.1}}) + b"\n")
    result = annotator("import", str(path), "--db", str(db), "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "added 0 relations and 1 labels" in result.stderr
    labels = AnnotationStore.open(db).links.doc_labels("t")
    assert [(label.name, label.choices) for label in labels] == [("topic", ("économie", "外交"))]
    config.write_text("[[article_labels]]\n", encoding="utf-8")
    refused = annotator("import", str(path), "--db", str(tmp_path / "other.json"),
                        "--config", str(config))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith(f"annotator: {config}: ")
    assert not (tmp_path / "other.json").exists()


def test_a_set_s_choices_come_in_its_own_order_whatever_other_sets_hold(
    tmp_path: Path
) -> None:
    """A comment set holding the same choices in another order used to reorder the
    article's (the order of every set was merged, the last one winning)."""
    from tests.test_cli import annotator

    config = tmp_path / "annotator.toml"
    config.write_text('[[labels]]\nname = "claim"\nkey = "1"\n\n'
                      '[[article_labels]]\nname = "tone"\nchoices = ["neutral", "hostile"]\n'
                      'multiple = true\n\n[[comment_labels]]\nname = "stance"\n'
                      'choices = ["hostile", "neutral"]\n', encoding="utf-8")
    path, db = tmp_path / "cats.jsonl", tmp_path / "db.json"
    path.write_bytes(orjson.dumps({"text": "Ceasefire talks resume.", "meta": {"id": "t"},
                                   "spans": [], "cats": {"hostile": 1.0, "neutral": 1.0}})
                     + b"\n")
    result = annotator("import", str(path), "--db", str(db), "--config", str(config))
    assert result.returncode == 0, result.stderr
    labels = AnnotationStore.open(db).links.doc_labels("t")
    assert [(label.name, label.choices) for label in labels] == [
        ("tone", ("neutral", "hostile"))]


def test_a_json_import_does_not_read_the_label_file(tmp_path: Path) -> None:
    """Only JSONL lines carry choices for it: a broken annotator.toml in the folder (one
    made for another project) no longer refuses our own JSON export."""
    from tests.test_cli import annotator

    source = tmp_path / "source.json"
    with AnnotationStore.open(source) as store:
        store.add_articles([parse_text("Prices Rise\nRice rose 28 percent.", "p.txt")])
    exported_file = tmp_path / "export.json"
    assert annotator("export", "--db", str(source), "-o", str(exported_file)).returncode == 0
    (tmp_path / "annotator.toml").write_text("[[labels]\n", encoding="utf-8")  # not TOML
    result = annotator("import", str(exported_file), "--db", str(tmp_path / "db.json"),
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
