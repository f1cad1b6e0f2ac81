"""Data for the benchmarks: a 5 MB article, and a DB of 100,000 annotations over 1,000 articles.

    python benchmarks/generate.py OUT_DIR

Deterministic (a fixed random seed), so every run measures the same data.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import orjson

from annotations.anchoring import context
from annotations.model import Annotation
from annotations.sets import read_article
from annotations.storage import JSONFileStorage
from annotations.store import AnnotationStore

WORDS = (
    "the council said officials estimate that prices rose percent million billion yuan "
    "according to report analysts expected police suspects operation regional cooperation "
    "government minister announced Monday Tuesday statement economy growth market"
).split()
WIDE = "中国宣布将加强国际执法合作打击跨境电信诈骗東京の米価格が上昇した"


def paragraph(rng: random.Random, words: int, wide: bool) -> str:
    chosen = []
    for _ in range(words):
        if wide and rng.random() < 0.3:
            start = rng.randrange(len(WIDE) - 6)
            chosen.append(WIDE[start : start + rng.randint(2, 6)])
        else:
            chosen.append(rng.choice(WORDS))
        if rng.random() < 0.08:
            chosen[-1] += "."
    return " ".join(chosen).capitalize() + "."


def big_article(path: Path, megabytes: float = 5.0) -> Path:
    """Tens of thousands of paragraphs, some very long, some with wide characters."""
    rng = random.Random(5)
    lines = ["A Five Megabyte Article For Benchmarks"]
    size = 0
    number = 0
    while size < megabytes * 1_000_000:
        number += 1
        if number % 40 == 0:
            line = f"Section {number // 40}"
        elif number % 500 == 0:
            line = paragraph(rng, 3000, wide=False)  # a very long paragraph
        else:
            line = paragraph(rng, rng.randint(20, 120), wide=number % 7 == 0)
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    lines += ["3 Comments", "Reader One", "First comment.", "Reader Two", "Second.", "Three",
              "Third comment here."]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def articles_folder(folder: Path, count: int = 1000) -> Path:
    """`count` articles of about 3 KB each, in the seed's layout."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = "\n".join(paragraph(rng, rng.randint(40, 90), wide=False) for _ in range(6))
        (folder / f"article-{number:04d}.txt").write_text(
            f"Benchmark article number {number}\n{body}", encoding="utf-8"
        )
    return folder


def jsonl_set(path: Path, count: int) -> Path:
    """`count` articles of about 1.35 KB each, one JSON record a line (135 MB for 100,000)."""
    rng = random.Random(9)
    with open(path, "wb") as file:
        for number in range(count):
            body = "\n\n".join(paragraph(rng, rng.randint(40, 60), wide=number % 9 == 0)
                               for _ in range(3))
            record = {"id": f"set-{number:06d}", "title": f"Set article number {number}",
                      "text": body, "url": f"https://example.org/news/{number}"}
            file.write(orjson.dumps(record) + b"\n")
    return path


def big_db(path: Path, folder: Path, per_article: int = 100,
           annotators: tuple[str, ...] = ("bench",)) -> Path:
    """A DB with `per_article` annotations on every article of `folder`, made by
    `annotators` in turn."""
    rng = random.Random(11)
    tables: dict[str, dict[str, dict]] = {"meta": {"1": {"schema": AnnotationStore.VERSION}}}
    articles: dict[str, dict] = {}
    stamp = "2026-11-28T10:00:00.000+00:00"
    for order, file in enumerate(sorted(folder.glob("*.txt"))):
        article = read_article(file)
        articles[str(order + 1)] = {**article.to_json(), "order": order, "status": "in_progress"}
        table = {}
        for number in range(per_article):
            start = rng.randrange(len(article.text) - 40)
            end = start + rng.randint(3, 40)
            prefix, suffix = context(article.text, start, end)
            annotation = Annotation(
                id=f"{order:08x}{number:024x}", article_id=article.id,
                label=rng.choice(["claim", "figure", "opinion"]), start=start, end=end,
                text=article.text[start:end], note="a note" if number % 5 == 0 else "",
                annotator=annotators[number % len(annotators)], created=stamp, updated=stamp,
                prefix=prefix, suffix=suffix,
            )
            table[str(number + 1)] = annotation.to_record()
        tables[f"annotations:{article.id}"] = table
    tables["articles"] = articles
    storage = JSONFileStorage(path)  # written as the app writes it: a table a line
    storage.write(tables)
    storage.flush()
    return path


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-data")
    out.mkdir(parents=True, exist_ok=True)
    big_article(out / "five-mb.txt")
    folder = articles_folder(out / "thousand")
    big_db(out / "big-db.json", folder)
    print(out)


if __name__ == "__main__":
    main()
