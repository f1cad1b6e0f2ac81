"""Every export format against its tool's published shape, pinned by golden files.

Regenerate the golden files after a deliberate change with `UPDATE_GOLDEN=1 make test`, and read
the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace
from pathlib import Path

import datasets
import orjson
import pytest

from annotations.doc_labels import DocLabel
from annotations.exporters import (
    EVERYTHING,
    FOLDER_FORMATS,
    FORMATS,
    ExportFilter,
    ExportItem,
    ExportOptions,
    export_bytes,
    export_items,
)
from annotations.exporters.conll import TOKEN, kept_spans
from annotations.exporters.spans import CSV_BESIDE, JSONL_FEATURES, beside
from annotations.model import Annotation, Article
from annotations.relations import Links, Relation
from annotations.sets import read_article
from tests.conftest import ROOT, SAMPLES, SEED

GOLDEN = Path(__file__).with_name("golden")
STAMP = "2026-11-28T10:00:00.000+00:00"


def span(article: Article, quote: str, label: str, number: int, *, note: str = "",
         annotator: str = "ana", after: str = "") -> Annotation:
    start = article.text.index(quote, article.text.index(after) if after else 0)
    return Annotation(
        id=f"{number:032x}", article_id=article.id, label=label, start=start,
        end=start + len(quote), text=quote, note=note, annotator=annotator,
        created=STAMP, updated=STAMP,
    )


def contents() -> list[tuple[Article, str, list[Annotation]]]:
    """Three sample articles, annotated the way a user would, with every awkward case."""
    seed, typhoon, tidal = (
        # the source as a user in the checkout would give it, so that goldens do not depend
        # on where the checkout is
        replace(read_article(path), source=str(path.relative_to(ROOT)))
        for path in (SEED, SAMPLES / "typhoon-rice-prices.txt", SAMPLES / "tidal-power-pilot.txt")
    )
    crossing = "Future Outlook on Cooperation\n\nChinese authorities"
    seed_spans = [
        span(seed, "which reportedly involved over 10 billion yuan (approximately $1.4 billion)",
             "claim", 1, note='the "10 billion" figure,\nunsourced'),
        span(seed, "10 billion yuan", "figure", 2),
        span(seed, "over 5,500", "figure", 3, annotator="bo"),
        span(seed, crossing, "claim", 4),
        span(seed, "That's a barbaric approach, not law enforcement.", "opinion", 5,
             annotator="bo"),
    ]
    typhoon_spans = [
        span(typhoon, "4,380 yuan a tonne", "figure", 6, note="粳米 price"),
        span(typhoon, "Chen Wei (陈伟)", "claim", 7, annotator="bo"),
    ]
    orphan = Annotation(
        id=f"{8:032x}", article_id=typhoon.id, label="claim", start=3, end=9, text="gone!",
        created=STAMP, updated=STAMP, orphan=True,
    )
    return [(seed, "done", seed_spans), (typhoon, "in_progress", [*typhoon_spans, orphan]),
            (tidal, "new", [])]


def label(article: Article, name: str, choices: list[str], number: int, *,
          comment: int | None = None, annotator: str = "ana", orphan: bool = False) -> DocLabel:
    return DocLabel(f"{number:032x}", article.id, name, tuple(choices), comment, annotator,
                    STAMP, STAMP, anchor="Gone\nA comment since removed" if orphan else "",
                    orphan=orphan)


def relation(article: Article, kind: str, head: int, tail: int, number: int, *,
             annotator: str = "ana") -> Relation:
    return Relation(f"{number:032x}", article.id, kind, f"{head:032x}", f"{tail:032x}",
                    annotator, STAMP, STAMP)


def links() -> dict[str, Links]:
    """What the articles of `contents` hold beyond spans: relations (one to an orphan, which
    only the JSON export keeps) and labels for articles and comments (one an orphan)."""
    seed, typhoon, tidal = (article for article, _, _ in contents())
    return {
        seed.id: Links(
            (relation(seed, "supports", 2, 1, 21), relation(seed, "supports", 3, 4, 22,
                                                               annotator="bo")),
            (label(seed, "type", ["news"], 31), label(seed, "stance", ["agrees"], 32, comment=0),
             label(seed, "stance", ["disagrees"], 33, comment=2),
             label(seed, "stance", ["off topic"], 34, comment=2, annotator="bo")),
        ),
        typhoon.id: Links(
            (relation(typhoon, "source", 6, 8, 23),),
            (label(typhoon, "type", ["analysis"], 35, annotator="bo"),
             label(typhoon, "stance", ["neutral"], 36, comment=4, orphan=True)),
        ),
        tidal.id: Links((), (label(tidal, "stance", ["neutral"], 37, comment=1),)),
    }


def contents_with_links() -> list[tuple[Article, str, list[Annotation], Links]]:
    held = links()
    return [(article, status, spans, held[article.id]) for article, status, spans in contents()]


def items(keep: ExportFilter = EVERYTHING) -> list[ExportItem]:
    return list(export_items(contents_with_links(), keep))


def output(fmt: str) -> bytes:
    if fmt in FOLDER_FORMATS:
        files = dict(FOLDER_FORMATS[fmt](items()))
        return b"".join(b"== " + name.encode() + b"\n" + files[name] for name in sorted(files))
    return export_bytes(fmt, items())


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str) -> None:
    golden = GOLDEN / f"export.{fmt}"
    produced = output(fmt)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"{fmt} export changed; see the module docstring"
    assert output(fmt) == produced  # deterministic


@pytest.mark.parametrize("word", CSV_BESIDE)
def test_golden_csv_beside(word: str) -> None:
    golden = GOLDEN / f"export.csv.{word}"
    produced = b"".join(CSV_BESIDE[word](items(), ExportOptions()))
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), f"csv {word} changed; see the module docstring"


@pytest.mark.parametrize(
    ("path", "word", "name"),
    [("out/export.csv", "relations", "out/export.relations.csv"),
     ("spans.CSV", "labels", "spans.labels.CSV"), ("a.b/spans", "labels", "a.b/spans.labels.csv"),
     ("spans", "relations", "spans.relations.csv")],
)
def test_the_files_beside_a_csv_export(path: str, word: str, name: str) -> None:
    assert beside(path, word) == name


def all_spans() -> dict[str, tuple[str, list[Annotation]]]:
    return {item.article.id: (item.article.text, list(item.annotations)) for item in items()}


def test_json_contract_offsets_and_orphans() -> None:
    document = orjson.loads(output("json"))
    for article in document["articles"]:
        for annotation in article["annotations"]:
            assert article["text"][annotation["start"] : annotation["end"]] == annotation["text"]
    typhoon = document["articles"][1]
    assert [a["text"] for a in typhoon["orphans"]] == ["gone!"]
    assert [a["status"] for a in document["articles"]] == ["done", "in_progress", "new"]


def test_json_relations_name_exported_annotations_and_labels_sit_on_their_comment() -> None:
    seed, typhoon, tidal = orjson.loads(output("json"))["articles"]
    for article in (seed, typhoon, tidal):
        ids = {a["id"] for a in article["annotations"] + article.get("orphans", [])}
        assert all({r["head"], r["tail"]} <= ids for r in article["relations"])
        assert all("labels" in b for b in article["blocks"] if b["kind"] == "comment")
        assert not any("labels" in b for b in article["blocks"] if b["kind"] != "comment")
    assert [(r["type"], r["head"][-1], r["tail"][-1]) for r in seed["relations"]] == [
        ("supports", "3", "4"), ("supports", "2", "1")]  # by where the head is in the text
    assert [r["tail"] for r in typhoon["relations"]] == [typhoon["orphans"][0]["id"]]
    stances = [[label["choices"] for label in b["labels"]] for b in seed["blocks"]
               if b["kind"] == "comment"]
    assert stances == [[["agrees"]], [], [["disagrees"], ["off topic"]], [], [], []]
    assert [label["choices"] for label in seed["labels"]] == [["news"]]
    assert [(label["name"], label.get("orphan")) for label in typhoon["labels"]] == [
        ("type", None), ("stance", True)]


def test_jsonl_spans_and_consistent_columns() -> None:
    rows = [orjson.loads(line) for line in output("jsonl").splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert set(row) - {"tokens"} == {"text", "spans", "relations", "cats", "meta"}
        assert set(row["meta"]) == {"id", "title", "source", "url", "status"}
        assert all(isinstance(value, str) for value in row["meta"].values())
        for item in row["spans"]:
            assert set(item) - {"token_start", "token_end"} == {"start", "end", "label", "text"}
            assert row["text"][item["start"] : item["end"]] == item["text"]
    assert [row["cats"] for row in rows] == [{"news": 1.0}, {"analysis": 1.0}, {}]
    assert ["tokens" in row for row in rows] == [True, False, False]  # relations need tokens
    assert [[r["label"] for r in row["relations"]] for row in rows] == [
        ["supports", "supports"], [], []]  # the relation to an orphan is left out


def test_jsonl_loads_as_a_hugging_face_dataset(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(output("jsonl"))
    loaded = load_jsonl(path, tmp_path)
    assert loaded.num_rows == 3
    assert set(loaded.column_names) == {"text", "spans", "tokens", "relations", "cats", "meta"}
    assert loaded[0]["cats"] == {"news": 1.0, "opinion piece": None, "analysis": None}
    assert loaded[1]["tokens"] is None
    first = loaded[0]
    assert first["text"][first["spans"][0]["start"] : first["spans"][0]["end"]] == (
        first["spans"][0]["text"]
    )


def load_jsonl(path: Path, tmp_path: Path):
    """The JSONL export loaded as the docs say: `datasets` with the features we publish."""
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    return datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"),
        features=datasets.Features.from_dict(JSONL_FEATURES),
    )


def test_doccano() -> None:
    spans = all_spans()
    for line in output("doccano").splitlines():
        row = orjson.loads(line)
        text, expected = spans[row["id"]]
        assert row["text"] == text
        # no character beyond U+FFFF here, so UTF-16 offsets are our own
        assert all(ord(c) <= 0xFFFF for c in text)
        assert row["label"] == [[a.start, a.end, a.label] for a in expected]


def test_doccano_relations_name_its_entities_and_cats_hold_the_article_labels() -> None:
    rows = [orjson.loads(line) for line in output("doccano").splitlines()]
    for row in rows:
        assert [[e["start_offset"], e["end_offset"], e["label"]] for e in row["entities"]] == (
            row["label"])
        ids = [e["id"] for e in row["entities"]]
        assert ids == list(range(1, len(ids) + 1))
        assert all({r["from_id"], r["to_id"]} <= set(ids) for r in row["relations"])
    seed = rows[0]
    quoted = {e["id"]: seed["text"][e["start_offset"] : e["end_offset"]] for e in seed["entities"]}
    assert [(quoted[r["from_id"]], r["type"], quoted[r["to_id"]]) for r in seed["relations"]] == [
        ("over 5,500", "supports", "Future Outlook on Cooperation\n\nChinese authorities"),
        ("10 billion yuan", "supports",
         "which reportedly involved over 10 billion yuan (approximately $1.4 billion)"),
    ]
    assert [row["cats"] for row in rows] == [["news"], ["analysis"], []]


def test_label_studio_tasks() -> None:
    tasks = orjson.loads(output("label-studio"))
    assert len(tasks) == 3
    seed = tasks[0]
    results = seed["annotations"][0]["result"]
    labels = [r for r in results if r["type"] == "labels" and r["from_name"] == "label"]
    assert all("from_name" in r for r in results if r["type"] != "relation")
    notes = [r for r in results if r["type"] == "textarea"]
    assert len(labels) == 5 and len(notes) == 1
    for result in labels:
        value = result["value"]
        assert (result["from_name"], result["to_name"]) == ("label", "text")
        assert seed["data"]["text"][value["start"] : value["end"]] == value["text"]
        assert len(value["labels"]) == 1
    [noted] = [r for r in labels if r["id"] == notes[0]["id"]]
    assert noted["value"]["labels"] == ["claim"]
    assert notes[0]["value"]["text"] == ['the "10 billion" figure,\nunsourced']
    relations = [r for r in results if r["type"] == "relation"]
    regions = {r["id"]: r for r in labels}
    assert [(regions[r["from_id"]]["value"]["text"], r["labels"],
             regions[r["to_id"]]["value"]["text"]) for r in relations] == [
        ("over 5,500", ["supports"], "Future Outlook on Cooperation\n\nChinese authorities"),
        ("10 billion yuan", ["supports"], "which reportedly involved over 10 billion yuan "
         "(approximately $1.4 billion)")]
    choices = [(r["from_name"], r["id"], r["value"]["choices"]) for r in results
               if r["type"] == "choices"]
    assert choices == [("type", "article-type", ["news"]), ("stance", "comment-1", ["agrees"]),
                       ("stance", "comment-3", ["disagrees", "off topic"])]
    comments = {r["id"]: r["value"] for r in results if r.get("from_name") == "comment"}
    assert comments["comment-3"]["text"] == "Executions? That's a barbaric approach, not law " \
        "enforcement."
    [(tidal_stance)] = [r for r in tasks[2]["annotations"][0]["result"] if r["type"] == "choices"]
    assert tidal_stance["value"]["choices"] == ["neutral"]


def test_w3c_web_annotations() -> None:
    collection = orjson.loads(output("w3c"))
    every = collection["first"]["items"]
    assert len(every) == collection["total"] == 15
    annotations = [a for a in every if "motivation" not in a]
    assert len(annotations) == 7
    ids = {a["id"] for a in annotations}
    linking = [a for a in every if a.get("motivation") == "linking"]
    assert [len(a["target"]["items"]) for a in linking] == [2, 2]
    assert all(set(a["target"]["items"]) <= ids and a["target"]["type"] == "List"
               for a in linking)
    classifying = [a for a in every if a.get("motivation") == "classifying"]
    assert [[body["value"] for body in a["body"]] for a in classifying] == [
        ["news"], ["agrees"], ["disagrees"], ["off topic"], ["analysis"], ["neutral"]]
    assert [a["target"]["selector"][0]["exact"][:11] for a in classifying
            if "selector" in a["target"]] == ["The executi", "Executions?", "Executions?",
                                              "Double the "]
    texts = {item.article.url or f"urn:annotator:article:{item.article.id}": item.article.text
             for item in items()}
    for annotation in annotations:
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith("urn:uuid:")
        purposes = [body["purpose"] for body in annotation["body"]]
        assert purposes[0] == "tagging" and set(purposes) <= {"tagging", "commenting"}
        quote, position = annotation["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        text = texts[annotation["target"]["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    noted = [a for a in annotations if len(a["body"]) == 2]
    assert [a["body"][1]["value"] for a in noted] == ['the "10 billion" figure,\nunsourced',
                                                     "粳米 price"]


def test_conll_bio_tags() -> None:
    text = output("conll").decode("utf-8")
    assert text.startswith("-DOCSTART- -X- O O\n\n")
    documents = text.split("-DOCSTART- -X- O O\n\n")[1:]
    assert len(documents) == 3
    rows = [line.split(" ") for line in documents[0].splitlines() if line]
    assert all(len(row) == 4 and row[1:3] == ["-X-", "O"] for row in rows)
    tagged = [(row[0], row[3]) for row in rows]
    assert all(tag == "O" or tag[:2] in ("B-", "I-") for _, tag in tagged)
    tags = [tag for _, tag in tagged]
    for previous, tag in zip(["O", *tags], tags, strict=False):
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:], "an I- tag must continue a span"
    # the claim holding the figure wins; the figure inside it is left out
    words = [word for word, tag in tagged if tag != "O"]
    assert "reportedly" in words
    assert ("yuan", "I-claim") in tagged
    assert not any(tag.endswith("figure") and word == "yuan" for word, tag in tagged)


def test_conll_overlap_rule() -> None:
    seed_spans = contents()[0][2]
    kept = kept_spans(seed_spans)
    assert [a.id for a in kept] == [f"{n:032x}" for n in (3, 1, 4, 5)]
    assert TOKEN.findall("over 5,500 people, $1.4 billion; don't") == [
        "over", "5,500", "people", ",", "$", "1.4", "billion", ";", "don't"
    ]


def test_csv_rows() -> None:
    produced = output("csv")
    assert produced.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(produced.decode("utf-8-sig"))))
    assert rows[0] == ["article_id", "title", "label", "start", "end", "text", "note",
                       "annotator", "annotation_id"]
    assert len(rows) == 8
    texts = {item.article.id: item.article.text for item in items()}
    for row in rows[1:]:
        assert texts[row[0]][int(row[3]) : int(row[4])] == row[5]
    notes = [row[6] for row in rows[1:] if row[6]]
    assert notes == ['the "10 billion" figure,\nunsourced', "粳米 price"]
    ids = {a.id: a for _, a in ((t, a) for t, spans in all_spans().values() for a in spans)}
    assert sorted(row[8] for row in rows[1:]) == sorted(ids)


@pytest.mark.parametrize(
    ("keep", "expected"),
    [
        (ExportFilter(statuses=frozenset({"done"})), {"seed": 5}),
        (ExportFilter(labels=frozenset({"figure"})), {"seed": 2, "typhoon": 1, "tidal": 0}),
        (ExportFilter(annotators=frozenset({"bo"})), {"seed": 2, "typhoon": 1, "tidal": 0}),
        (ExportFilter(statuses=frozenset({"in_progress", "new"}),
                      labels=frozenset({"claim"})), {"typhoon": 1, "tidal": 0}),
    ],
)
def test_filters(keep: ExportFilter, expected: dict[str, int]) -> None:
    names = {"china": "seed", "typhoon": "typhoon", "tidal": "tidal"}
    got = {
        next(v for k, v in names.items() if item.article.id.startswith(k)): len(item.annotations)
        for item in items(keep)
    }
    assert got == expected


def test_article_filter() -> None:
    seed_id = contents()[0][0].id
    assert [item.article.id for item in items(ExportFilter(article_ids=frozenset({seed_id})))] == [
        seed_id
    ]
