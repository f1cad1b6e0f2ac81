"""Import results on generated data, pinned by a golden file made by the import as it was before
it was made linear (issue 16): the fast import adds exactly what the slow one added.

The data mixes what an import meets: articles the DB has (same text, or changed text), new ones
with statuses and orphans, annotation ids already present, Prodigy lines answered reject and
ignore, several lines for one text by different annotators, lines naming no annotator, and
doccano lines counting UTF-16 over emoji, in several scripts.

Regenerate after a deliberate change with `UPDATE_GOLDEN=1 make test`, and read the diff.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotations import jsonl_import
from annotations.exporters import export_bytes, export_items
from annotations.exporters.offsets import utf16_offsets
from annotations.importers import import_into, read_import
from annotations.model import Annotation, Article
from annotations.parsing import parse_text
from annotations.store import AnnotationStore
from tests.multilingual import ACCENTS, ARABIC, CHINESE, EMOJI, JAPANESE, THAI
from tests.test_exporters import STAMP

GOLDEN = Path(__file__).with_name("golden") / "import.generated.json"
WORDS = ("prices", "rose", "the", "council", "said", "officials", "estimate", "percent")
SCRIPTS = (EMOJI.split("\n")[0], THAI, CHINESE, JAPANESE, ARABIC, ACCENTS)
LABELS = ("claim", "figure", "opinion")
STATUSES = ("new", "in_progress", "done", "skipped")


def generated_article(rng: random.Random, number: int, changed: bool = False) -> Article:
    paragraphs = []
    for place in range(rng.randint(2, 4)):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        paragraphs.append(f"{words}. {SCRIPTS[(number + place) % len(SCRIPTS)]}")
    if changed:
        paragraphs.append("A paragraph added since.")
    return parse_text("\n".join([f"Generated article {number}", *paragraphs]), f"gen-{number}")


def spans(rng: random.Random, article: Article, count: int, prefix: str) -> list[Annotation]:
    made = []
    for number in range(count):
        start, end = 0, 0
        while not article.text[start:end].strip():
            start = rng.randrange(len(article.text) - 12)
            end = start + rng.randint(1, 12)
        made.append(Annotation(
            id=f"{prefix}-{number}", article_id=article.id, label=rng.choice(LABELS),
            start=start, end=end, text=article.text[start:end],
            annotator=rng.choice(("ana", "bo", "")), note=rng.choice(("", "", "a note ✎")),
            created=STAMP, updated=STAMP, review=rng.random() < 0.2,
        ))
    return made


def prepare(folder: Path) -> tuple[Path, Path, Path]:
    """The DB to import into, a JSON export and a span JSONL, all made from a fixed seed."""
    rng = random.Random(16)
    articles = [generated_article(rng, number) for number in range(24)]
    target = folder / "target.json"
    with AnnotationStore.open(target) as store:
        for number, article in enumerate(articles[:10]):
            store.add_articles([article])
            store.set_status(article, STATUSES[number % 4])
            for annotation in spans(rng, article, 6, f"t{number}"):
                store.insert(annotation, article)
    contents: list[tuple[Article, str, list[Annotation]]] = []
    for number in range(5, 20):
        article = articles[number]
        if number in (8, 9):  # the DB holds another text under the same id
            article = generated_article(random.Random(number), number, changed=True)
        made = spans(rng, article, 5, f"s{number}")
        if number < 10:  # three ids the DB has already (same ids, other spans)
            made += spans(rng, article, 3, f"t{number}")
        if number % 3 == 0:
            made.append(Annotation(
                id=f"o{number}", article_id=article.id, label="claim", start=0, end=4,
                text="lost", created=STAMP, updated=STAMP, orphan=True,
            ))
        contents.append((article, STATUSES[number % 4], made))
    exported = folder / "export.json"
    exported.write_bytes(export_bytes("json", export_items(contents)))
    lines = []
    for number in (2, 3, 15, 20, 21, 21, 22, 23, 23):
        article = articles[number]
        found = spans(rng, article, 4, "")
        who = rng.choice((None, "ana", "bo"))
        line: dict[str, object] = {"text": article.text, "meta": {"id": article.id}}
        if number % 2:
            line["spans"] = [{"start": a.start, "end": a.end, "label": a.label} for a in found]
        else:  # doccano, counting UTF-16 code units
            units = utf16_offsets(article.text, [x for a in found for x in (a.start, a.end)])
            line["label"] = [[units[a.start], units[a.end], a.label] for a in found]
        if who:
            line["_annotator_id"] = f"news-{who}"
        line["answer"] = ("accept", "accept", "reject", "ignore")[number % 4]
        lines.append(orjson.dumps(line))
    # a line repeating spans the DB holds, by nobody: present, not added again
    held = store.annotations(articles[2].id)[:3]
    lines.append(orjson.dumps({
        "text": articles[2].text, "meta": {"id": articles[2].id},
        "spans": [{"start": a.start, "end": a.end, "label": a.label} for a in held],
    }))
    jsonl = folder / "spans.jsonl"
    jsonl.write_bytes(b"\n".join(lines) + b"\n")
    return target, exported, jsonl


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Ids and timestamps of JSONL annotations made predictable (they are new uuids and now)."""
    counter = iter(range(1, 1_000_000))
    monkeypatch.setattr(jsonl_import.uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))
    monkeypatch.setattr(jsonl_import, "now_iso", lambda: STAMP)
    yield


def test_import_of_generated_data_adds_what_it_always_added(
    tmp_path: Path, fixed_ids: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the articles' sources name the files as given: relative
    target, exported, jsonl = prepare(Path("."))
    store = AnnotationStore.open(target, autoflush=False)
    reports = [str(import_into(store, read_import(exported))),
               str(import_into(store, read_import(jsonl)))]
    store.flush()
    produced = orjson.dumps(
        {"reports": reports,
         "db": orjson.loads(export_bytes("json", export_items(store.contents())))},
        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS,
    )
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_bytes(produced)
    assert produced == GOLDEN.read_bytes(), "import results changed; see the module docstring"
    again = AnnotationStore.open(target, autoflush=False)  # what reached the disk
    assert orjson.loads(export_bytes("json", export_items(again.contents()))) == orjson.loads(
        produced
    )["db"]
