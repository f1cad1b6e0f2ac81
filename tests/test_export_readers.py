"""Each training-data export read back by the tool it is for: spaCy's converter for CoNLL,
Hugging Face `datasets` for JSONL, pandas for CSV; in every script the fixtures hold."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import orjson
import pandas
import pytest
import spacy
from spacy.tokens import Doc, DocBin

from annotations.doc_labels import DocLabel
from annotations.exporters import (
    ExportItem,
    ExportOptions,
    export_bytes,
    export_items,
)
from annotations.exporters.conll import SIMPLE_TOKEN, TOKEN, token_pattern
from annotations.exporters.spans import CSV_COLUMNS
from annotations.model import Annotation, Article
from annotations.records import article_from_record
from annotations.relations import Links, Relation
from annotations.store import AnnotationStore
from tests import multilingual
from tests.test_cli import annotator
from tests.test_exporters import contents, load_jsonl


def everything() -> list[tuple[Article, str, list[Annotation]]]:
    return [*contents(), *multilingual.build()]


def filled_db(path: Path, held: Sequence[tuple[Article, str, list[Annotation]]
                                          | tuple[Article, str, list[Annotation], Links]]) -> Path:
    """A DB holding `held`: articles, statuses and annotations, and relations and labels where
    an article comes with its `Links`."""
    with AnnotationStore.open(path) as store:
        for article, status, annotations, *links in held:
            store.add_articles([article])
            store.set_status(article, status)
            for annotation in annotations:
                store.insert(annotation, article)
            for link in (*links[0].relations, *links[0].labels) if links else ():
                store.links.insert(link)
    return path


def squeezed(text: str) -> str:
    """Text without its white space: spaCy's converter joins tokens with spaces."""
    return "".join(text.split())


def bio_survivors(spans: list[Annotation]) -> list[Annotation]:
    """The spans BIO can hold, by the documented rule, worked out pair by pair: a span is
    dropped when it overlaps one that starts before it, or at the same place and is longer."""
    def beaten(a: Annotation, b: Annotation) -> bool:
        overlap = a.start < b.end and b.start < a.end
        return overlap and (b.start, -(b.end - b.start)) < (a.start, -(a.end - a.start))

    live = [a for a in spans if not a.orphan]
    return sorted((a for a in live if not any(beaten(a, b) for b in live)),
                  key=lambda a: a.start)


def test_spacy_reads_the_conll_export_one_document_per_article(tmp_path: Path) -> None:
    held = everything()
    db = filled_db(tmp_path / "db.json", held)
    conll = tmp_path / "export.conll"
    result = annotator("export", "--db", str(db), "--format", "conll", "-o", str(conll))
    assert result.returncode == 0
    # the figure inside the seed's claim
    assert result.stderr == (
        "conll: left out 1 span(s) that BIO tags cannot hold (overlapping a longer or earlier "
        "span, or only white space); the DB keeps them\n"
    )
    out = tmp_path / "corpus"
    out.mkdir()
    converted = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(conll), str(out), "--converter", "ner"],
        capture_output=True, text=True, timeout=120,
    )
    assert converted.returncode == 0, converted.stdout + converted.stderr
    docs = list(DocBin().from_disk(out / "export.spacy").get_docs(spacy.blank("xx").vocab))
    assert len(docs) == len(held)
    for doc, (article, _, spans) in zip(docs, held, strict=True):
        assert squeezed(doc.text) == squeezed(article.text)
        assert [(e.label_, squeezed(e.text)) for e in doc.ents] == [
            (a.label, squeezed(a.text)) for a in bio_survivors(spans)
        ]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("over 5,500 people, $1.4 billion; don't", ["over", "5,500", "people", ",", "$", "1.4",
                                                    "billion", ";", "don't"]),
        ("cafe\u0301 Zoe\u0308", ["cafe\u0301", "Zoe\u0308"]),
        ("ที่ดิน", ["ที่", "ดิ", "น"]),
        ("中国愿", ["中", "国", "愿"]),
        ("東京都はカタカナ", ["東", "京", "都", "は", "カ", "タ", "カ", "ナ"]),
        ("hi👍🏽 🇯🇵🇫🇷 👨\u200d👩\u200d👧", ["hi", "👍🏽", "🇯🇵", "🇫🇷", "👨\u200d👩\u200d👧"]),
        ("بنسبة ٧٪", ["بنسبة", "٧", "٪"]),
        ("a\u00a0b\u3000c\x1cd", ["a", "b", "c", "d"]),
    ],
)
def test_tokens_in_every_script(text: str, tokens: list[str]) -> None:
    assert TOKEN.findall(text) == tokens


def test_the_fast_tokens_for_plain_text_are_the_same_tokens() -> None:
    for character in map(chr, range(0x300)):
        text = f"a{character}b {character} {character}{character}x 1{character}2 {character}'"
        if character != "\r":
            assert SIMPLE_TOKEN.findall(text) == TOKEN.findall(text), hex(ord(character))
            assert token_pattern(text) is SIMPLE_TOKEN
    assert token_pattern("cafe\u0301") is TOKEN and token_pattern("a\r\nb") is TOKEN


def conll_rows(item: ExportItem, options: ExportOptions | None = None) -> list[list[str]]:
    out = export_bytes("conll", [item], options).decode("utf-8")
    return [line.split(" ") for line in out.splitlines()[2:] if line]


def test_conll_tokens_split_at_span_edges_and_never_widen_a_span() -> None:
    article = article_from_record({"id": "e", "title": "T", "text": "half5,500 over🇯🇵."}, "e")
    start = article.text.index("5,500")
    inner = Annotation(id="1", article_id="e", label="figure", start=start, end=start + 3,
                       text="5,5")
    rows = conll_rows(ExportItem(article, "done", (inner,)))
    assert [(row[0], row[3]) for row in rows][1:4] == [
        ("half", "O"), ("5,5", "B-figure"), ("00", "O")
    ]
    assert "".join(row[0] for row in rows) == squeezed(article.text)


def test_conll_moves_an_edge_inside_a_character_out_and_says_so() -> None:
    article = article_from_record({"id": "e", "title": "T", "text": "un cafe\u0301 🇯🇵🇫🇷"}, "e")
    text = article.text
    accent = text.index("\u0301")  # a span ending between the e and its accent
    flags = text.index("🇯🇵") + 1  # and one starting inside the Japanese flag
    spans = (
        Annotation(id="1", article_id="e", label="claim", start=accent - 4, end=accent,
                   text=text[accent - 4 : accent]),
        Annotation(id="2", article_id="e", label="flag", start=flags, end=flags + 3,
                   text=text[flags : flags + 3]),
    )
    options = ExportOptions()
    rows = conll_rows(ExportItem(article, "done", spans), options)
    assert [(row[0], row[3]) for row in rows if row[3] != "O"] == [
        ("cafe\u0301", "B-claim"), ("🇯🇵", "B-flag"), ("🇫🇷", "I-flag")
    ]
    assert (options.report.moved, options.report.dropped) == (2, 0)


def test_no_token_holds_white_space_and_every_character_is_in_one() -> None:
    out = export_bytes("conll", export_items(everything())).decode("utf-8")
    tokens = [line.split(" ")[0] for line in out.splitlines() if line and "-DOCSTART-" not in line]
    assert all(len(line.split()) == 4 for line in out.splitlines() if line)
    assert "".join(tokens) == "".join(squeezed(article.text) for article, _, _ in everything())


def test_jsonl_loads_when_the_first_ten_megabytes_have_no_spans(tmp_path: Path) -> None:
    filler = article_from_record(
        {"id": "f", "title": "Filler", "text": "A sentence of filler text. " * 380}, "f.jsonl"
    )
    empty = [ExportItem(replace(filler, id=f"filler-{n}"), "new", ()) for n in range(1100)]
    annotated = list(export_items(multilingual.build()))
    exported = export_bytes("jsonl", [*empty, *annotated])
    assert exported.index(b'"spans":[{') > 10 * 2**20  # what datasets guesses types from
    path = tmp_path / "big.jsonl"
    path.write_bytes(exported)
    loaded = load_jsonl(path, tmp_path)
    assert loaded.num_rows == len(empty) + len(annotated)
    for row, item in zip(loaded.select(range(len(empty), loaded.num_rows)), annotated,
                         strict=True):
        assert [(s["start"], s["end"], s["label"], s["text"]) for s in row["spans"]] == [
            (a.start, a.end, a.label, a.text) for a in item.annotations
        ]
        assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["spans"])


def as_spreadsheet_shows(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.mark.parametrize("bom", [True, False])
def test_pandas_reads_every_csv_cell_back(tmp_path: Path, bom: bool) -> None:
    held = everything()
    path = tmp_path / "export.csv"
    path.write_bytes(export_bytes("csv", export_items(held), ExportOptions(bom=bom)))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") == bom
    table = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert tuple(table.columns) == CSV_COLUMNS
    expected = [
        [article.id, article.title, a.label, str(a.start), str(a.end), a.text, a.note,
         a.annotator, a.id]
        for article, _, spans in held
        for a in sorted((a for a in spans if not a.orphan), key=Annotation.sort_key)
    ]
    text_columns = {0, 1, 2, 5, 6, 7, 8}
    assert table.values.tolist() == [
        [as_spreadsheet_shows(v) if i in text_columns else v for i, v in enumerate(row)]
        for row in expected
    ]
    cells = [cell for row in table.values.tolist() for cell in row]
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    for shown in ("'=HYPERLINK(\"http://x\")", "'@eve", "'\tstarts with a tab", "'-5%"):
        assert shown in cells


def linked() -> list[tuple[Article, str, list[Annotation], Links]]:
    """Every fixture article, each annotation linked to the next (in every script, with spans
    inside others and edges inside words), and its article labelled."""
    held = []
    for article, status, spans in everything():
        live = sorted((a for a in spans if not a.orphan), key=Annotation.sort_key)
        relations = tuple(
            Relation(f"r{n}", article.id, "next", head.id, tail.id)
            for n, (head, tail) in enumerate(zip(live, live[1:], strict=False))
        )
        labels = (DocLabel("l", article.id, "type", ("analysis",)),
                  *(DocLabel("s", article.id, "stance", ("off topic",), 0) for _ in
                    article.comments[:1]))
        held.append((article, status, spans, Links(relations, labels)))
    return held


def test_spacy_reads_the_jsonl_relations_as_its_relation_tutorial_does() -> None:
    """The words and spaces of each line make the article's text again, each span is a span of
    that spaCy Doc, and each relation's head and child (the last token of each span, mapped
    back to the first, as spaCy's rel_component tutorial does) name the spans it links."""
    held = linked()
    lines = export_bytes("jsonl", export_items(held)).splitlines()
    vocab = spacy.blank("xx").vocab
    checked = 0
    for line, (article, _, spans, links) in zip(lines, held, strict=True):
        example = orjson.loads(line)
        assert example["cats"] == {"analysis": 1.0}
        if not links.relations:
            assert "tokens" not in example and example["relations"] == []
            continue
        doc = Doc(vocab, words=[t["text"] for t in example["tokens"]],
                  spaces=[t["ws"] for t in example["tokens"]])
        assert doc.text == article.text
        span_end_to_start = {}
        for span in example["spans"]:
            entity = doc.char_span(span["start"], span["end"], label=span["label"])
            assert entity is not None and entity.text == span["text"]
            assert (entity.start, entity.end - 1) == (span["token_start"], span["token_end"])
            span_end_to_start[span["token_end"]] = span["token_start"]
        by_id = {a.id: a for a in spans}
        expected = [(by_id[r.head].start, by_id[r.tail].start, r.type) for r in links.relations]
        read = [(doc[span_end_to_start[r["head"]]].idx, doc[span_end_to_start[r["child"]]].idx,
                 r["label"]) for r in example["relations"]]
        assert sorted(read) == sorted(expected)
        checked += 1
    assert checked >= 6


def test_pandas_joins_the_csv_relations_and_labels_to_the_spans(tmp_path: Path) -> None:
    db = filled_db(tmp_path / "db.json", linked())
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    result = annotator("export", "--db", str(db), "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "export.csv", "export.labels.csv", "export.relations.csv"]

    def read(path: Path) -> pandas.DataFrame:
        return pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)

    spans, relations = read(out), read(out.parent / "export.relations.csv")
    joined = relations.merge(spans, left_on="head_id", right_on="annotation_id").merge(
        spans, left_on="tail_id", right_on="annotation_id", suffixes=("_head", "_tail"))
    assert len(joined) == len(relations) == sum(len(links.relations) for *_, links in linked())
    assert (joined["head_text"] == joined["text_head"]).all()
    assert (joined["tail_label"] == joined["label_tail"]).all()
    labels = read(out.parent / "export.labels.csv")
    assert sorted(set(zip(labels["name"], labels["choice"], labels["comment"], strict=True))) \
        == [("stance", "off topic", "1"), ("type", "analysis", "")]
    authors = {a.id: a.comments[0].author for a, *_ in linked() if a.comments}
    for article_id, author, comment in zip(labels["article_id"], labels["author"],
                                           labels["comment"], strict=True):
        assert author == (as_spreadsheet_shows(authors[article_id]) if comment else "")



def test_a_csv_file_beside_that_cannot_be_written_is_named_and_nothing_is_left_half_done(
    tmp_path: Path
) -> None:
    """The spans, relations and labels files are written in one pass over the DB; where one
    of them cannot be, the message names it and no partial file is left."""
    db = filled_db(tmp_path / "db.json", linked())
    out = tmp_path / "export.csv"
    (tmp_path / "export.labels.csv").mkdir()  # a folder where the labels file goes
    result = annotator("export", "--db", str(db), "--format", "csv", "-o", str(out))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"annotator: {tmp_path / 'export.labels.csv'}: cannot write (Is a directory)"]
    assert "Traceback" not in result.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert not out.exists() and not (tmp_path / "export.relations.csv").exists()
