"""How long `annotator agree` takes on a team's DB: two annotators, about 10,000 annotations.

    python benchmarks/agreement.py [--articles N] [--per-article N] [--runs N]

Generates the DB (deterministic: a fixed seed), then times `compare` in this process and the
whole command in a fresh one, quoting medians. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.agreement import Work, compare  # noqa: E402
from annotations.model import Annotation, Article  # noqa: E402
from annotations.sets import read_article  # noqa: E402
from annotations.storage import JSONFileStorage  # noqa: E402
from annotations.store import AnnotationStore  # noqa: E402
from benchmarks.generate import articles_folder  # noqa: E402

LABELS = ("claim", "figure", "opinion")
STAMP = "2026-11-28T10:00:00.000+00:00"


def team_works(
    folder: Path, per_article: int, names: Sequence[str] = ("ana", "bo"), seed: int = 13
) -> tuple[dict[str, Article], dict[str, Work]]:
    """Every article of `folder` annotated by each of `names`, as a team does: `per_article`
    spans a text (of random place, length and label, so many overlap and nest), each of which
    an annotator misses one time in four, moves by a few characters one in five, and labels
    otherwise one in ten."""
    rng = random.Random(seed)
    articles: dict[str, Article] = {}
    works: dict[str, Work] = {name: {} for name in names}
    for order, file in enumerate(sorted(folder.glob("*.txt"))):
        article = read_article(file)
        articles[article.id] = article
        text = article.text
        for name in names:
            works[name][article.id] = []
        for number in range(per_article):
            start = rng.randrange(len(text) - 40)
            end = start + rng.randint(3, 40)
            label = rng.choice(LABELS)
            for name in names:
                if rng.random() < 0.25:
                    continue
                first, last, kind = start, end, label
                if rng.random() < 0.2:
                    first = max(0, first + rng.randint(-3, 3))
                    last = max(first + 1, last + rng.randint(-3, 3))
                if rng.random() < 0.1:
                    kind = rng.choice(LABELS)
                works[name][article.id].append(Annotation(
                    id=f"{name}-{order:04d}-{number:04d}", article_id=article.id, label=kind,
                    start=first, end=last, text=text[first:last], annotator=name,
                    created=STAMP, updated=STAMP,
                ))
    return articles, works


def write_db(path: Path, articles: dict[str, Article], works: dict[str, Work]) -> Path:
    """One DB holding every annotator's work, written as the app writes it."""
    tables: dict[str, dict[str, dict]] = {"meta": {"1": {"schema": AnnotationStore.VERSION}}}
    tables["articles"] = {
        str(order + 1): {**article.to_json(), "order": order, "status": "in_progress"}
        for order, article in enumerate(articles.values())
    }
    for article_id in articles:
        annotations = [a for work in works.values() for a in work[article_id]]
        tables[f"annotations:{article_id}"] = {
            str(number + 1): annotation.to_record() for number, annotation in enumerate(annotations)
        }
    storage = JSONFileStorage(path)
    storage.write(tables)
    storage.flush()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--per-article", type=int, default=67)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = articles_folder(Path(temporary) / "articles", options.articles)
        articles, works = team_works(folder, options.per_article)
        db = write_db(Path(temporary) / "team.json", articles, works)
        count = sum(len(spans) for work in works.values() for spans in work.values())
        texts = {article_id: article.text for article_id, article in articles.items()}
        print(f"{count} annotations by {len(works)} annotators on {len(articles)} articles")

        def in_process() -> float:
            began = time.perf_counter()
            compare(texts, works)
            return time.perf_counter() - began

        def command() -> float:
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tui", "agree", str(db), "--annotators",
                            ",".join(works), "--json"], check=True, capture_output=True, cwd=ROOT)
            return time.perf_counter() - began

        for name, measure in (("compare()", in_process), ("annotator agree", command)):
            seconds = statistics.median(measure() for _ in range(options.runs))
            print(f"{name:<16} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
