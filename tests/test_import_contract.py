"""Importing an export checks every field against the contract (docs/formats.md) first.

A hostile or broken record is refused with one line naming the file, the article and the field,
and the DB is left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from annotations.importers import import_into, read_import
from annotations.parsing import ArticleError
from annotations.store import AnnotationStore
from tests.test_cli import annotator
from tests.test_import import filled_db

STAMP = "2026-02-02T09:30:00.000+00:00"

RICE = ("東京の米価が上昇 🍚", "東京の米価は7%上がった、と業者は言う。", "田中", "ほんとうに?")
WHEAT = ("أسعار القمح", "ارتفعت أسعار القمح 5 بالمئة.", "Zoë", "Café́ owners agree.")


def article(identifier: str, parts: tuple[str, str, str, str],
            quotes: list[tuple[str, str, str]]) -> dict[str, Any]:
    """An article as the export writes it: title, paragraph and one comment, spans by quote."""
    title, body, author, comment = parts
    text = "\n\n".join((title, body, comment))
    starts = [0, len(title) + 2, len(title) + 2 + len(body) + 2]
    blocks = [{"kind": "title", "start": starts[0], "end": starts[0] + len(title)},
              {"kind": "paragraph", "start": starts[1], "end": starts[1] + len(body)},
              {"kind": "comment", "start": starts[2], "end": starts[2] + len(comment),
               "author": author}]
    annotations = []
    for span_id, quote, label in quotes:
        start = text.index(quote)
        annotations.append({"id": span_id, "label": label, "start": start,
                            "end": start + len(quote), "text": quote, "note": "",
                            "annotator": "ana", "created": STAMP, "updated": STAMP})
    return {"id": identifier, "title": title, "source": f"{identifier}.txt",
            "sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text,
            "blocks": blocks, "status": "in_progress", "annotations": annotations}


def document() -> dict[str, Any]:
    """A good export of two articles; the cases below break the second (which has a relation,
    an article label and a comment label)."""
    wheat = article("wheat", WHEAT, [("w1", "5 بالمئة", "figure"), ("w2", "Café́", "claim")])
    made = {"annotator": "ana", "created": STAMP, "updated": STAMP}
    wheat["relations"] = [{"id": "wr", "type": "supports", "head": "w1", "tail": "w2", **made}]
    wheat["labels"] = [{"id": "wl1", "name": "type", "choices": ["news"], **made}]
    wheat["blocks"][2]["labels"] = [{"id": "wl2", "name": "stance", "choices": ["agrees"],
                                     **made}]
    return {"version": 1, "articles": [
        article("rice", RICE, [("r1", "7%", "figure"), ("r2", "ほんとうに?", "opinion")]),
        wheat,
    ]}


DELETE = object()


def dumps(data: Any) -> bytes:
    """JSON as any tool writes it (the standard library's, which writes integers of any size)."""
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """The good document with the field at `path` (from the second article) set or deleted."""
    data = document()
    target: Any = data["articles"][1]
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


WHEAT_LENGTH = len(document()["articles"][1]["text"])
W1 = document()["articles"][1]["annotations"][0]
SPAN = f"{W1['start']}:{W1['end']}"

# (case, path in the second article, value, what the message says)
CASES: list[tuple[str, tuple[Any, ...], Any, str]] = [
    ("null annotation id", ("annotations", 0, "id"), None,
     'annotation 1: "id" must be a non-empty string, found null'),
    ("empty annotation id", ("annotations", 0, "id"), "",
     'annotation 1: "id" must be a non-empty string, found ""'),
    ("numeric annotation id", ("annotations", 0, "id"), 7, '"id" must be a non-empty string'),
    ("negative start", ("annotations", 0, "start"), -1, "span -1:"),
    ("reversed span", ("annotations", 0, "end"), W1["start"] - 1, "is empty or reversed"),
    ("empty span", ("annotations", 0, "end"), W1["start"], "is empty or reversed"),
    ("float start", ("annotations", 0, "start"), float(W1["start"]),
     f'"start" must be a whole number, found {W1["start"]}.0'),
    ("string start", ("annotations", 0, "start"), str(W1["start"]),
     f'"start" must be a whole number, found "{W1["start"]}"'),
    ("boolean start", ("annotations", 0, "start"), False, "found false"),
    ("end past the text", ("annotations", 0, "end"), WHEAT_LENGTH + 1,
     f"is not inside the text (0:{WHEAT_LENGTH})"),
    ("huge end", ("annotations", 0, "end"), 10**30, '"end" must be a whole number'),
    ("missing start", ("annotations", 0, "start"), DELETE, '"start" is missing'),
    ("quote not the text", ("annotations", 0, "text"), "6 بالمئة",
     f'"text" is not text[{SPAN}], the text it quotes'),
    ("empty label", ("annotations", 0, "label"), " ", "label has no name"),
    ("null label", ("annotations", 0, "label"), None, "label has no name"),
    ("escape in label", ("annotations", 0, "label"), "\x1b[2Jfigure",
     "holds a control character (U+001B)"),
    ("override in label", ("annotations", 0, "label"), "figure\u202e",
     "holds a control character (U+202E)"),
    ("not a time", ("annotations", 0, "created"), "yesterday",
     '"created" must be an ISO 8601 time with a time zone, found "yesterday"'),
    ("no time zone", ("annotations", 0, "updated"), "2026-02-02T09:30:00",
     '"updated" must be an ISO 8601 time with a time zone'),
    ("numeric time", ("annotations", 0, "updated"), 1738488600, '"updated" must be a string'),
    ("null note", ("annotations", 0, "note"), None, '"note" must be a string, found null'),
    ("no annotator", ("annotations", 0, "annotator"), DELETE, '"annotator" is missing'),
    ("unknown origin", ("annotations", 0, "origin"), "hacked",
     '"origin" must be one of manual, suggested, imported, found "hacked"'),
    ("review not a flag", ("annotations", 0, "review"), 1, '"review" must be true or false'),
    ("annotation a list", ("annotations", 0), [1, 2], "annotation 1: expected an object"),
    ("duplicate annotation id", ("annotations", 1, "id"), "w1",
     "annotation id 'w1' is given twice"),
    ("id of another article's", ("annotations", 1, "id"), "r1",
     "annotation id 'r1' is given twice"),
    ("orphan with negative start", ("orphans",),
     [{**W1, "id": "o1", "start": -4, "end": 2}], "orphan 1: span -4:2"),
    ("orphans not a list", ("orphans",), {"id": "o1"}, '"orphans" must be a list'),
    ("no annotations", ("annotations",), DELETE, '"annotations" is missing'),
    ("no blocks", ("blocks",), [], "no blocks"),
    ("blocks missing", ("blocks",), DELETE, '"blocks" is missing'),
    ("reversed block", ("blocks", 1, "end"), 3, "block 2: span"),
    ("negative block", ("blocks", 0, "start"), -2, "block 1: span -2:"),
    ("block past the text", ("blocks", 2, "end"), WHEAT_LENGTH + 5, "is not inside the text"),
    ("float block", ("blocks", 0, "end"), 11.0, '"end" must be a whole number, found 11.0'),
    ("unknown block kind", ("blocks", 0, "kind"), "banner", '"kind" must be one of title,'),
    ("block author a number", ("blocks", 2, "author"), 3, '"author" must be a string'),
    ("blocks out of order", ("blocks",), "swap", "block 2 (0:11) overlaps or comes before"),
    ("text in no block", ("blocks",), "drop", "is in no block"),
    ("wrong sha256", ("sha256",), "0" * 64, '"sha256" does not match the text'),
    ("unknown status", ("status",), "finished", '"status" must be one of new, in_progress'),
    ("text a number", ("text",), 5, '"text" must be a string, found 5'),
    ("relation to another article's annotation", ("relations", 0, "tail"), "r1",
     "relation 1: \"tail\" is 'r1', not the id of one of the article's annotations"),
    ("relation without a type", ("relations", 0, "type"), DELETE,
     "relation 1: \"type\" is missing"),
    ("relation type with an escape", ("relations", 0, "type"), "\x1b[31m",
     "holds a control character (U+001B)"),
    ("null relation id", ("relations", 0, "id"), None, 'relation 1: "id" must be a non-empty'),
    ("relations not a list", ("relations",), {}, '"relations" must be a list, found an object'),
    ("label choices not a list", ("labels", 0, "choices"), "news", '"choices" must be a list'),
    ("label choice with an override", ("labels", 0, "choices"), ["news\u202e"],
     "holds a control character (U+202E)"),
    ("comment label not a time", ("blocks", 2, "labels", 0, "updated"), "now",
     'block 3: label 1: "updated" must be an ISO 8601 time'),
    ("orphan label without a comment", ("labels", 0, "orphan"), True, '"comment" is missing'),
    ("label id given twice", ("blocks", 2, "labels", 0, "id"), "wl1",
     "relation or label id 'wl1' is given twice"),
    ("blank title", ("title",), "  ", '"title" must be a non-empty string'),
    ("meta a list", ("meta",), [1], '"meta" must be an object, found a list'),
    ("url a number", ("url",), 1, '"url" must be a string'),
]


def case_document(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    if value in ("swap", "drop"):
        data = document()
        blocks = data["articles"][1]["blocks"]
        if value == "swap":
            blocks[0], blocks[1] = blocks[1], blocks[0]
        else:
            del blocks[1]
        return data
    return broken(path, value)


@pytest.mark.parametrize(("case", "path", "value", "cause"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_field_is_named_in_one_line(
    tmp_path: Path, case: str, path: tuple[Any, ...], value: Any, cause: str
) -> None:
    source = tmp_path / "export.json"
    source.write_bytes(dumps(case_document(path, value)))
    with pytest.raises(ArticleError) as raised:
        list(read_import(source))
    message = str(raised.value)
    assert message.startswith(f"{source}: article 'wheat': ") and cause in message
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message


@pytest.mark.parametrize(
    ("case", "value", "cause"),
    [("null id", None, 'article 2: "id" must be a non-empty string, found null'),
     ("duplicate id", "rice", "article 'rice': \"id\" is given to two articles")],
)
def test_a_broken_article_id_is_named_by_place(
    tmp_path: Path, case: str, value: Any, cause: str
) -> None:
    source = tmp_path / "export.json"
    source.write_bytes(dumps(broken(("id",), value)))
    with pytest.raises(ArticleError, match=cause.replace("(", r"\(").replace(")", r"\)")):
        list(read_import(source))


@pytest.mark.parametrize(
    ("data", "cause"),
    [({"version": 2, "articles": []}, "export version 2; this reads version 1"),
     ({"version": 1, "articles": ["rice"]}, 'article 1: expected an object, found "rice"')],
)
def test_a_broken_document_is_refused(tmp_path: Path, data: dict[str, Any], cause: str) -> None:
    source = tmp_path / "export.json"
    source.write_bytes(dumps(data))
    with pytest.raises(ArticleError) as raised:
        list(read_import(source))
    assert str(raised.value) == f"{source}: {cause}"


def test_the_good_document_imports_whole(tmp_path: Path) -> None:
    """The cases above break a document that is good: this is the control."""
    good = document()
    good["articles"][1]["annotations"][0]["created"] = "2026-02-02T09:30:00Z"
    # An orphan keeps the offsets it had in an older text, which may be longer than this one.
    good["articles"][1]["orphans"] = [{**W1, "id": "o1", "start": 400, "end": 408}]
    source = tmp_path / "export.json"
    source.write_bytes(dumps(good))
    with AnnotationStore.open(tmp_path / "db.json") as store:
        report = import_into(store, read_import(source))
        assert (report.articles_added, report.annotations_added) == (2, 5)
        wheat = store.article("wheat")
        assert wheat is not None and wheat.text == good["articles"][1]["text"]
        assert store.statuses()["wheat"] == "in_progress"
        spans = {a.id: (a.text, a.orphan) for a in store.annotations("wheat")}
        assert spans == {"w1": ("5 بالمئة", False), "w2": ("Café́", False), "o1": ("5 بالمئة", True)}
        [relation] = store.links.relations("wheat")
        assert (relation.type, relation.head, relation.tail) == ("supports", "w1", "w2")
        labels = {label.id: (label.choices, label.comment) for label in
                  store.links.doc_labels("wheat")}
        assert labels == {"wl1": (("news",), None), "wl2": (("agrees",), 0)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("case", "path", "value", "cause"),
    [case for case in CASES if case[0] in {
        "null annotation id", "reversed span", "float start", "string start", "end past the text",
        "no blocks", "duplicate annotation id", "unknown status", "escape in label",
    }],
    ids=lambda case: case if isinstance(case, str) and " " in case else "",
)
def test_a_refused_import_leaves_the_db_byte_for_byte(
    tmp_path: Path, case: str, path: tuple[Any, ...], value: Any, cause: str
) -> None:
    """The first article is good and the second bad: neither is written."""
    db_path = filled_db(tmp_path / "db.json")
    before = sha256(db_path)
    source = tmp_path / "export.json"
    source.write_bytes(dumps(case_document(path, value)))
    result = annotator("import", str(source), "--db", str(db_path))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"annotator: {source}: article 'wheat': ") and cause in line
    assert sha256(db_path) == before


def test_agree_refuses_a_broken_export_in_one_line(tmp_path: Path) -> None:
    good, bad = tmp_path / "ana.json", tmp_path / "bo.json"
    good.write_bytes(dumps(document()))
    bad.write_bytes(dumps(broken(("annotations", 0, "id"), None)))
    result = annotator("agree", str(good), str(bad))
    assert result.returncode == 2
    assert result.stderr == (f"annotator: {bad}: article 'wheat': annotation 1: \"id\" must be "
                             "a non-empty string, found null\n")


JSONL_CASES = [
    ("boolean offset", {"text": "Tea fell 3%.", "spans": [{"start": True, "end": 3,
                                                          "label": "figure"}]},
     'span 1: "start" must be a whole number, found true'),
    ("float offset", {"text": "Tea fell 3%.", "label": [[0.0, 3, "claim"]]},
     'label 1: "start" must be a whole number, found 0.0'),
    ("short doccano span", {"text": "Tea fell 3%.", "label": [[0, 3]]},
     'label 1: expected [start, end, "LABEL"], found a list'),
    ("span not an object", {"text": "Tea fell 3%.", "spans": ["0:3"]},
     'span 1: expected an object, found "0:3"'),
    ("control character", {"text": "Tea fell 3%.", "spans": [{"start": 0, "end": 3,
                                                             "label": "a\bb"}]},
     "span 1: label 'a\\x08b' holds a control character (U+0008)"),
    ("reversed", {"text": "Tea fell 3%.", "spans": [{"start": 3, "end": 1, "label": "x"}]},
     "span 1: span 3:1 is empty or reversed"),
    ("empty text", {"text": "", "spans": []}, "no blocks: an article has at least a title"),
]


@pytest.mark.parametrize(("case", "line", "cause"), JSONL_CASES, ids=[c[0] for c in JSONL_CASES])
def test_span_jsonl_is_checked_the_same_way(
    tmp_path: Path, case: str, line: dict[str, Any], cause: str
) -> None:
    source = tmp_path / "spans.jsonl"
    good = {"text": "Rice rose 7%.", "spans": [{"start": 10, "end": 12, "label": "figure"}]}
    source.write_bytes(dumps(good) + b"\n" + dumps(line) + b"\n")
    with pytest.raises(ArticleError) as raised:
        list(read_import(source))
    assert str(raised.value) == f"{source}:2: {cause}"
