"""`annotator import`: our export back in byte for byte, and span JSONL as pre-annotated data."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from annotations.importers import import_into, read_import
from annotations.parsing import ArticleError
from annotations.store import AnnotationStore
from tests.test_cli import annotator, db  # noqa: F401 - db is a fixture
from tests.test_export_readers import filled_db as held_in_db
from tests.test_exporters import contents_with_links


def filled_db(path: Path) -> Path:
    """A DB holding the exporters' test contents, orphans, statuses, relations and labels
    included."""
    return held_in_db(path, contents_with_links())


def test_export_import_export_is_byte_for_byte(tmp_path: Path) -> None:
    first = filled_db(tmp_path / "first.json")
    exported = tmp_path / "export.json"
    assert annotator("export", "--db", str(first), "-o", str(exported)).returncode == 0
    second = tmp_path / "second.json"
    result = annotator("import", str(exported), "--db", str(second))
    assert result.returncode == 0, result.stderr
    assert "added 3 articles and 8 annotations" in result.stderr
    assert "added 3 relations and 7 labels" in result.stderr
    again = annotator("export", "--db", str(second))
    assert again.stdout.encode() == exported.read_bytes()
    assert b'"relations": [\n        {' in exported.read_bytes()


def test_importing_twice_doubles_nothing(tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    annotator("export", "--db", str(filled_db(tmp_path / "a.json")), "-o", str(exported))
    target = tmp_path / "b.json"
    annotator("import", str(exported), "--db", str(target))
    result = annotator("import", str(exported), "--db", str(target))
    assert "added 0 articles and 0 annotations; 8 annotations were already there" in result.stderr


@pytest.mark.parametrize("shape", ["prodigy", "doccano"])
def test_span_jsonl_is_pre_annotated_data(tmp_path: Path, shape: str) -> None:
    text = "Rice Prices Rise\n\nPrices rose 7 percent in Tokyo, traders said."
    start = text.index("7 percent")
    if shape == "prodigy":
        line = {"text": text, "meta": {"id": "r1", "title": "Rice Prices Rise"},
                "spans": [{"start": start, "end": start + 9, "label": "figure"}]}
    else:
        line = {"id": "r1", "text": text, "label": [[start, start + 9, "figure"]]}
    source = tmp_path / "spans.jsonl"
    source.write_bytes(orjson.dumps(line) + b"\n")
    db_path = tmp_path / "db.json"
    store = AnnotationStore.open(db_path)
    report = import_into(store, read_import(source))
    assert (report.articles_added, report.annotations_added) == (1, 1)
    [annotation] = store.annotations("r1")
    assert (annotation.text, annotation.label) == ("7 percent", "figure")
    article = store.article("r1")
    assert article is not None and article.title == "Rice Prices Rise"
    assert [b.kind for b in article.blocks] == ["title", "paragraph"]
    again = import_into(store, read_import(source))
    assert (again.annotations_added, again.annotations_present) == (0, 1)


def test_our_jsonl_export_imports_into_an_empty_db(tmp_path: Path) -> None:
    exported = tmp_path / "spans.jsonl"
    annotator("export", "--db", str(filled_db(tmp_path / "a.json")), "--format", "jsonl",
              "-o", str(exported))
    store = AnnotationStore.open(tmp_path / "b.json")
    report = import_into(store, read_import(exported))
    assert (report.articles_added, report.annotations_added) == (3, 7)
    for article in store.articles():
        for annotation in store.annotations(article.id):
            assert article.text[annotation.start : annotation.end] == annotation.text


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("bad.json", b"{nope", "not valid JSON"),
        ("other.json", b'{"something": 1}', "not an annotator export"),
        ("bad.jsonl", b'{"text": "abc", "spans": [{"start": 1, "end": 99, "label": "x"}]}',
         "is not inside the text"),
        ("shape.jsonl", b'{"text": "abc"}', 'expected "spans"'),
        ("quote.json", orjson.dumps({"version": 1, "articles": [{
            "id": "a", "title": "T", "source": "", "text": "T\n\nBody",
            "blocks": [{"kind": "title", "start": 0, "end": 1},
                       {"kind": "paragraph", "start": 3, "end": 7}],
            "annotations": [{"id": "x", "label": "claim", "start": 3, "end": 7, "text": "Nope",
                             "note": "", "annotator": "ana", "created": "2026-01-02T03:04:05Z",
                             "updated": "2026-01-02T03:04:05Z"}]}]}),
         "is not text[3:7], the text it quotes"),
    ],
)
def test_bad_import_files(tmp_path: Path, name: str, content: bytes, cause: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=re.escape(cause)):
        list(read_import(path))
    db_path = tmp_path / "db.json"
    result = annotator("import", str(path), "--db", str(db_path))
    assert result.returncode == 2 and cause in result.stderr
    assert result.stderr.count("\n") == 1 and not db_path.exists()


PRODIGY_TOKEN = re.compile(r"\w+|[^\w\s]")


def prodigy_line(text: str, spans: list[tuple[str, str]], answer: str | None,
                 **extra: object) -> bytes:
    """One line as Prodigy's `db-out` writes a `ner.manual` answer: tokens, spans with inclusive
    token_end, hashes, view id, timestamp and the session fields in `extra`."""
    tokens = [{"text": m.group(), "start": m.start(), "end": m.end(), "id": number,
               "ws": text[m.end():m.end() + 1] == " "}
              for number, m in enumerate(PRODIGY_TOKEN.finditer(text))]
    marked = []
    for quote, label in spans:
        start = text.index(quote)
        end = start + len(quote)
        inside = [t["id"] for t in tokens if t["start"] >= start and t["end"] <= end]
        marked.append({"start": start, "end": end, "token_start": inside[0],
                       "token_end": inside[-1], "label": label})
    record: dict[str, object] = {
        "text": text, "meta": {"source": "xinhua", "score": 0.5},
        "_input_hash": -1402617236, "_task_hash": 1736219441, "tokens": tokens,
        "spans": marked, "_view_id": "ner_manual", "_timestamp": 1732790000, **extra,
    }
    if answer is not None:
        record["answer"] = answer
    return orjson.dumps(record)


RICE = "东京米价上涨 🍚\n\n东京大米价格上涨了7%，交易员说。"
TEA = "Tea Prices 🍵\n\nTea fell 3 percent in Hangzhou."
WHEAT = "أسعار القمح\n\nارتفعت أسعار القمح 5 بالمئة."


def test_prodigy_db_out_keeps_accepted_answers_by_annotator(tmp_path: Path) -> None:
    ana = {"_annotator_id": "news_ner-ana", "_session_id": "news_ner-ana"}
    lines = [
        prodigy_line(RICE, [("7%", "figure"), ("东京大米价格上涨了7%", "claim")], "accept", **ana),
        # the same text and figure accepted by a second annotator: a second annotation
        prodigy_line(RICE, [("7%", "figure")], "accept", _annotator_id="news_ner-bo",
                     _session_id="news_ner-bo"),
        # a rejected suggestion: neither its span nor its article is imported
        prodigy_line(WHEAT, [("5 بالمئة", "figure")], "reject", **ana),
        prodigy_line(TEA, [("Hangzhou", "claim")], "ignore", **ana),
        prodigy_line(RICE, [("交易员说", "opinion")], "accept", _session_id="2024-11-28_10-00-00"),
        # no answer: pre-annotated data, imported as before
        prodigy_line(TEA, [("Tea fell", "claim")], None),
    ]
    source = tmp_path / "news_ner.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    db_path = tmp_path / "db.json"
    result = annotator("import", str(source), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"{source}: added 2 articles and 5 annotations; 0 annotations were already there; "
        "1 rejected and 1 ignored Prodigy answers were left out\n"
    )
    store = AnnotationStore.open(db_path)
    by_title = {article.title: article for article in store.articles()}
    assert set(by_title) == {"东京米价上涨 🍚", "Tea Prices 🍵"}
    rice = [(a.annotator, a.label, a.text)
            for a in store.annotations(by_title["东京米价上涨 🍚"].id)]
    assert sorted(rice) == [
        ("2024-11-28_10-00-00", "opinion", "交易员说"),
        ("news_ner-ana", "claim", "东京大米价格上涨了7%"),
        ("news_ner-ana", "figure", "7%"),
        ("news_ner-bo", "figure", "7%"),
    ]
    tea = [(a.annotator, a.label, a.text) for a in store.annotations(by_title["Tea Prices 🍵"].id)]
    assert tea == [("", "claim", "Tea fell")]
    store.close()
    again = import_into(AnnotationStore.open(db_path), read_import(source))
    assert (again.annotations_added, again.annotations_present) == (0, 5)
    assert (again.rejected, again.ignored) == (1, 1)


def test_an_unknown_prodigy_answer_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "odd.jsonl"
    source.write_bytes(prodigy_line(TEA, [], "maybe") + b"\n")
    with pytest.raises(ArticleError, match=r"odd.jsonl:1: answer 'maybe' is not one of"):
        list(read_import(source))


@pytest.mark.parametrize("unit", ["utf16", "codepoints", "graphemes"])
def test_doccano_export_imports_back_in_each_offset_unit(tmp_path: Path, unit: str) -> None:
    """Emoji, flags and ZWJ sequences before a span shift doccano's UTF-16 offsets; read back in
    the unit they were written in, every span lands on its own text again."""
    from tests.multilingual import build

    source = tmp_path / "source.json"
    made: dict[str, set[tuple[str, str]]] = {}
    with AnnotationStore.open(source) as store:
        for article, _, annotations in build():
            store.add_articles([article])
            for annotation in annotations:
                store.insert(annotation, article)
            made[article.text] = {(a.label, a.text) for a in annotations}
    exported = tmp_path / "doccano.jsonl"
    result = annotator("export", "--db", str(source), "--format", "doccano",
                       "--offsets", unit, "-o", str(exported))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "target.json"
    result = annotator("import", str(exported), "--db", str(target), "--offsets", unit)
    assert result.returncode == 0, result.stderr
    store = AnnotationStore.open(target)
    read = {article.text: {(a.label, a.text) for a in store.annotations(article.id)}
            for article in store.articles()}
    assert read == made
    assert any(ord(c) > 0xFFFF for text in read for c in text), "no emoji in the fixtures"


def test_a_utf16_offset_inside_an_emoji_is_refused_in_one_line(tmp_path: Path) -> None:
    text = "Title\n\nFans 👍 cheered."
    inside = len("Title\n\nFans ".encode("utf-16-le")) // 2 + 1  # between the two halves of 👍
    source = tmp_path / "bad.jsonl"
    source.write_bytes(orjson.dumps({"text": text, "label": [[inside, inside + 4, "x"]]}) + b"\n")
    result = annotator("import", str(source), "--db", str(tmp_path / "db.json"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a utf16 boundary" in result.stderr
    assert not (tmp_path / "db.json").exists()
